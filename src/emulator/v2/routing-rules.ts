import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { checkInput, int, isPlainObject } from './input.js';
import { publicDomains } from '../domains.js';
import type { DomainNameRecord } from '../v1/store.js';
import { paginate } from './paginate.js';
import { type Wire, body, copy, created, freshId, noContent, notFoundV2, ok, v2State } from './store.js';

/**
 * Routing rules of a custom domain name (apigatewayv2, REST APIs only). A domain name is one object
 * for both services, so the rules live in the domain's one record, whichever service created it
 * (src/emulator/domains.ts); a private domain's, named with
 * `domainNameId`, in `ctx.state.v1.privateDomainNames[id]`. Deleting the domain deletes them.
 *
 * AWS's rules (developer guide, "Routing rules to connect API stages to a custom domain name for
 * REST APIs", "Send traffic to your APIs through your custom domain name"; service model):
 * - priority 1..1000000, unique on the domain (ConflictException otherwise);
 * - conditions: at most two matchHeaders and one matchBasePaths, each condition one of the two,
 *   each anyOf non-empty; no condition at all is a catch-all rule; a header value glob has its
 *   `*` only at the start and/or end;
 * - exactly one action, invokeApi, naming an existing stage of a REST API (HTTP and WebSocket APIs
 *   cannot be targets); a domain that maps an HTTP or WebSocket API takes no routing rules.
 * The messages are ours (no recorded response holds them); so are the id's shape (10 characters)
 * and the ARN's (`arn:aws:apigateway:{region}:{account}:/domainnames/{name}/routingrules/{id}`),
 * which AWS does not document. They draw only from the account's control-plane bucket: the quota
 * tables give routing rules no rate of their own.
 */
const R = '/v2/domainnames/{domainName}/routingrules';
/** Quota "Routing rules per domain" (developer guide, REST API quotas): 50 by default. */
const RULES_PER_DOMAIN = 50;
const VALUE_GLOB = /^\*?[^*]+\*?$|^\*$/;

interface RuleHolder {
  name: string;
  /** The domain as its ARN names it: the name, or `{name}+{domainNameId}` for a private domain. */
  arnName?: string;
  rules: Wire[];
  /** Whether the domain maps an HTTP or WebSocket API (then it takes no routing rules). */
  mapsV2Api: boolean;
}

function holder(ctx: RequestContext): RuleHolder {
  const name = ctx.params.domainName ?? '';
  // A private custom domain name (apigateway) is reached only with its domainNameId.
  const id = ctx.query.get('domainNameId');
  if (id) {
    const privates = (ctx.state.v1 as { privateDomainNames?: Record<string, Wire> }).privateDomainNames;
    const rec = privates && Object.prototype.hasOwnProperty.call(privates, id) ? privates[id] : undefined;
    if (!rec || typeof rec !== 'object' || (rec.domain as Wire | undefined)?.domainName !== name) throw notFoundV2('Invalid domain name identifier specified', 'DomainName');
    rec.routingRules ??= [];
    return { name, arnName: `${name}+${id}`, rules: rec.routingRules as Wire[], mapsV2Api: false };
  }
  const domains = publicDomains(ctx);
  const rec = Object.prototype.hasOwnProperty.call(domains, name) ? (domains[name] as DomainNameRecord & { routingRules?: Wire[] }) : undefined;
  if (rec) {
    rec.routingRules ??= [];
    const apis = v2State(ctx).apis;
    const mapsV2Api = Object.values(rec.mappings).some((m) => apis.some((a) => a.api.apiId === m.restApiId));
    return { name, rules: rec.routingRules, mapsV2Api };
  }
  throw notFoundV2('Invalid domain name identifier specified', 'DomainName');
}

/** The REST API a rule invokes, from the apigateway part of the state (read defensively). */
function checkTarget(ctx: RequestContext, apiId: unknown, stage: unknown): void {
  const restApis = (ctx.state.v1 as { restApis?: Record<string, { stages?: Record<string, unknown> }> }).restApis ?? {};
  const api = typeof apiId === 'string' && Object.prototype.hasOwnProperty.call(restApis, apiId) ? restApis[apiId] : undefined;
  if (!api) {
    if (v2State(ctx).apis.some((a) => a.api.apiId === apiId)) throw badRequest('Routing rules can only invoke REST APIs. HTTP and WebSocket APIs are not supported.');
    throw badRequest(`Invalid API identifier specified ${String(apiId)}`);
  }
  if (typeof stage !== 'string' || !api.stages || !Object.prototype.hasOwnProperty.call(api.stages, stage)) {
    throw badRequest(`Invalid stage identifier specified ${String(stage)}`);
  }
}

/** Validates a Create/Put body and returns the rule's members in their wire form. */
function readRule(ctx: RequestContext, h: RuleHolder, input: Wire, except?: Wire): Wire {
  if (h.mapsV2Api) throw badRequest(`Domain name ${h.name} has API mappings to HTTP or WebSocket APIs; routing rules are supported only for REST APIs.`);
  checkInput(input, { priority: int(1, 1000000) }, ['actions', 'conditions', 'priority']);
  const conditions = input.conditions as unknown;
  const actions = input.actions as unknown;
  if (!Array.isArray(conditions) || !conditions.every(isPlainObject)) throw badRequest('Invalid conditions: a list of conditions is required');
  if (!Array.isArray(actions) || !actions.every(isPlainObject)) throw badRequest('Invalid actions: a list of actions is required');
  let headers = 0;
  let basePaths = 0;
  const outConditions: Wire[] = [];
  for (const c of conditions as Wire[]) {
    const keys = Object.keys(c).filter((k) => c[k] !== undefined);
    if (keys.length !== 1 || !['matchHeaders', 'matchBasePaths'].includes(keys[0]!)) {
      throw badRequest('Each condition must have exactly one of matchHeaders or matchBasePaths');
    }
    if (c.matchHeaders) {
      headers++;
      const anyOf = c.matchHeaders.anyOf;
      if (!Array.isArray(anyOf) || anyOf.length === 0) throw badRequest('matchHeaders.anyOf must contain at least one header');
      for (const m of anyOf as Wire[]) {
        if (!isPlainObject(m) || typeof m.header !== 'string' || m.header === '' || typeof m.valueGlob !== 'string' || m.valueGlob === '') {
          throw badRequest('Each matchHeaders.anyOf entry needs a header and a valueGlob');
        }
        if (!VALUE_GLOB.test(m.valueGlob)) throw badRequest(`Invalid valueGlob ${m.valueGlob}: a wildcard (*) is allowed only at the start or the end of the value`);
      }
      outConditions.push({ matchHeaders: { anyOf: (anyOf as Wire[]).map((m) => ({ header: m.header, valueGlob: m.valueGlob })) } });
    } else {
      basePaths++;
      const anyOf = c.matchBasePaths.anyOf;
      if (!Array.isArray(anyOf) || anyOf.length === 0 || !anyOf.every((b) => typeof b === 'string' && b !== '')) {
        throw badRequest('matchBasePaths.anyOf must contain at least one base path');
      }
      outConditions.push({ matchBasePaths: { anyOf: [...anyOf] } });
    }
  }
  if (headers > 2) throw badRequest('A routing rule can have at most 2 matchHeaders conditions');
  if (basePaths > 1) throw badRequest('A routing rule can have at most 1 matchBasePaths condition');
  if (actions.length !== 1) throw badRequest('A routing rule must have exactly one action');
  const invoke = (actions[0] as Wire).invokeApi;
  if (!isPlainObject(invoke)) throw badRequest('The only supported action is invokeApi');
  checkTarget(ctx, invoke.apiId, invoke.stage);
  if (h.arnName) {
    // A private domain sends traffic to private APIs only (developer guide, private custom domain names).
    const restApis = (ctx.state.v1 as { restApis?: Record<string, { api?: { endpointConfiguration?: { types?: unknown } } }> }).restApis ?? {};
    const types = restApis[String(invoke.apiId)]?.api?.endpointConfiguration?.types;
    if (!Array.isArray(types) || !types.includes('PRIVATE')) {
      throw badRequest(`A private custom domain name can only route to a private API: ${String(invoke.apiId)} is not a PRIVATE REST API.`);
    }
  }
  if (h.rules.some((r) => r !== except && r.priority === input.priority)) {
    throw conflict(`A routing rule with priority ${String(input.priority)} already exists for domain name ${h.name}`);
  }
  return {
    actions: [{ invokeApi: { apiId: invoke.apiId, stage: invoke.stage, stripBasePath: invoke.stripBasePath === true } }],
    conditions: outConditions,
    priority: input.priority,
  };
}

function find(h: RuleHolder, id: string): Wire {
  const r = h.rules.find((x) => x.routingRuleId === id);
  if (!r) throw notFoundV2(`Invalid routing rule identifier specified ${id}`, 'RoutingRule');
  return r;
}

/** Listed by priority, as AWS evaluates them. */
const sorted = (h: RuleHolder) => [...h.rules].sort((a, b) => a.priority - b.priority);

export const routingRuleRoutes: Route[] = [
  {
    method: 'POST', path: R, operation: 'CreateRoutingRule',
    handler: (ctx) => {
      const h = holder(ctx);
      const rule = readRule(ctx, h, body(ctx));
      if (h.rules.length >= RULES_PER_DOMAIN) {
        throw badRequest(`Domain name ${h.name} has ${RULES_PER_DOMAIN} routing rules, the quota of routing rules per domain.`);
      }
      const taken = (id: string) => h.rules.some((r) => r.routingRuleId === id);
      const id = freshId(10, taken);
      const out = { ...rule, routingRuleArn: `arn:aws:apigateway:${ctx.region}:${ctx.accountId}:/domainnames/${h.arnName ?? h.name}/routingrules/${id}`, routingRuleId: id };
      h.rules.push(out);
      return created(out);
    },
  },
  {
    method: 'GET', path: R, operation: 'ListRoutingRules',
    handler: (ctx) => {
      const max = ctx.query.get('maxResults');
      if (max !== null && (!/^\d+$/.test(max) || Number(max) < 1 || Number(max) > 100)) throw badRequest(`Invalid maxResults specified: ${max}. It must be between 1 and 100.`);
      const page = paginate(ctx, sorted(holder(ctx))).body as Wire;
      return ok({ routingRules: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) });
    },
  },
  { method: 'GET', path: `${R}/{routingRuleId}`, operation: 'GetRoutingRule', handler: (ctx) => ok(copy(find(holder(ctx), ctx.params.routingRuleId ?? ''))) },
  {
    method: 'PUT', path: `${R}/{routingRuleId}`, operation: 'PutRoutingRule',
    handler: (ctx) => {
      const h = holder(ctx);
      const current = find(h, ctx.params.routingRuleId ?? '');
      Object.assign(current, readRule(ctx, h, body(ctx), current));
      return ok(current);
    },
  },
  {
    method: 'DELETE', path: `${R}/{routingRuleId}`, operation: 'DeleteRoutingRule',
    handler: (ctx) => {
      const h = holder(ctx);
      const r = find(h, ctx.params.routingRuleId ?? '');
      h.rules.splice(h.rules.indexOf(r), 1);
      return noContent();
    },
  },
];
