import { ListRoutingRulesCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { DomainSpec } from '../schema/index.js';
import { bool, compact, num, str } from './canonical.js';
import { SEP, childKey, nameOf, segment } from './keys.js';
import type { Entity, EntityKey, Model } from './model.js';
import type { AwsCall } from './plan-types.js';
import type { CallContext } from './rest-calls.js';
import { entitiesOf, entitiesOfKind } from './entity-list.js';

/**
 * Routing rules of a REST custom domain (apigatewayv2 CreateRoutingRule and friends). AWS names a
 * rule only by a generated id and keeps no name or tag on it, so a rule is keyed by the name the spec
 * gives it, else by its priority (`domain-name:api.example.com / routing-rule:100`); priorities are
 * unique on a domain. A live rule gets its key from the desired rule it pairs with (alignRoutingRules):
 * same priority and content first, then same content at another priority (the rule moved: one
 * PutRoutingRule changes its priority), then same priority (one PutRoutingRule changes its content),
 * then any rule left on both sides (one PutRoutingRule rather than a create and a delete).
 */
type Attrs = Record<string, any>;

export const ROUTING_RULE = 'routing-rule';

/**
 * The spec says routing modes as apigatewayv2 and the developer guide do (`API_MAPPING_ONLY`,
 * `ROUTING_RULE_THEN_API_MAPPING`); apigateway's model spells two of them after base-path mappings
 * (`BASE_PATH_MAPPING_ONLY`, `ROUTING_RULE_THEN_BASE_PATH_MAPPING`). Domains are written through
 * apigateway, so the calls translate, and live values are read back in the spec's words.
 */
const V1_MODE: Record<string, string> = { API_MAPPING_ONLY: 'BASE_PATH_MAPPING_ONLY', ROUTING_RULE_THEN_API_MAPPING: 'ROUTING_RULE_THEN_BASE_PATH_MAPPING' };
export const toV1RoutingMode = (mode: string): string => V1_MODE[mode] ?? mode;
export const fromV1RoutingMode = (mode: unknown): string | undefined =>
  typeof mode === 'string' ? (Object.entries(V1_MODE).find(([, v]) => v === mode)?.[0] ?? mode) : undefined;
/** Whether a live domain (any spelling) evaluates routing rules. */
export const evaluatesRules = (mode: unknown): boolean => mode !== undefined && fromV1RoutingMode(mode) !== 'API_MAPPING_ONLY';

const ruleKey = (domain: EntityKey, id: string | number) => childKey(domain, 'routing-rule', String(id));
const stageRef = (api: string, stage: string) => `${segment('rest-api', api)} / ${segment('stage', stage)}`;

const header = (h: Attrs) => compact({ header: str(h.header), valueGlob: str(h.valueGlob) });
const order = (a: Attrs, b: Attrs) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0);

/**
 * Canonical attrs: conditions are sets (each header condition's pairs sorted, the conditions sorted,
 * base paths sorted), as AWS evaluates them without regard to order; stripBasePath defaults to false.
 */
export const routingRule = (a: Attrs): Attrs => {
  const headers = Array.isArray(a.headers) && a.headers.length
    ? (a.headers as Attrs[]).map((h) => ({ anyOf: ((h.anyOf ?? []) as Attrs[]).map(header).sort(order) })).sort(order)
    : undefined;
  const basePaths = Array.isArray(a.basePaths) && a.basePaths.length ? [...new Set((a.basePaths as unknown[]).map(String))].sort() : undefined;
  return compact({ priority: num(a.priority), headers, basePaths, api: str(a.api), stage: str(a.stage), stripBasePath: bool(a.stripBasePath, false) });
};

/** What a rule does and when, without its priority: equal contents at two priorities are one rule moved. */
const content = (attrs: Attrs) => {
  const { priority: _p, ...rest } = attrs;
  return JSON.stringify(rest);
};

export function desiredRoutingRules(domainKey: EntityKey, spec: DomainSpec, restApis: Set<string>): Entity[] {
  return (spec.routingRules ?? []).filter((r) => restApis.has(r.api)).map((r) => ({
    kind: 'routing-rule',
    key: ruleKey(domainKey, r.name ?? r.priority),
    parent: domainKey,
    attrs: routingRule(r),
    refs: [segment('rest-api', r.api), stageRef(r.api, r.stage)],
    // A private domain's rules name it by name + domainNameId.
    ...(spec.endpointType === 'PRIVATE' ? { meta: { privateDomain: 'true' } } : {}),
  }));
}

/** AWS's RoutingRule (SDK shape) -> the attrs of the model. */
function fromAws(r: Attrs, apiName: (id: string) => string): Attrs {
  const invoke = (r.Actions?.[0]?.InvokeApi ?? {}) as Attrs;
  const conditions = (r.Conditions ?? []) as Attrs[];
  return routingRule({
    priority: r.Priority,
    headers: conditions.filter((c) => c.MatchHeaders).map((c) => ({
      anyOf: ((c.MatchHeaders.AnyOf ?? []) as Attrs[]).map((h) => ({ header: h.Header, valueGlob: h.ValueGlob })),
    })),
    basePaths: conditions.flatMap((c) => (c.MatchBasePaths?.AnyOf ?? []) as string[]),
    api: apiName(String(invoke.ApiId)),
    stage: invoke.Stage,
    stripBasePath: invoke.StripBasePath,
  });
}

export function liveRoutingRules(domainKey: EntityKey, domainName: string, rules: Attrs[], apiName: (id: string) => string, domainNameId?: string): Entity[] {
  return rules.map((r) => {
    const attrs = fromAws(r, apiName);
    const api = String(attrs.api);
    return {
      kind: 'routing-rule', key: ruleKey(domainKey, Number(r.Priority)), parent: domainKey, attrs,
      ids: { domainName, routingRuleId: String(r.RoutingRuleId), ...(domainNameId ? { domainNameId } : {}) },
      refs: [segment('rest-api', api), stageRef(api, String(attrs.stage))],
    };
  });
}

export async function readRoutingRules(client: ApiGatewayV2Client, domainName: string, domainNameId?: string): Promise<Attrs[]> {
  const out: Attrs[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new ListRoutingRulesCommand({ DomainName: domainName, ...(domainNameId ? { DomainNameId: domainNameId } : {}), MaxResults: 100, NextToken }));
    out.push(...((page.RoutingRules ?? []) as Attrs[]));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/**
 * Gives each live rule the key of the desired rule it pairs with, so that the diff compares them:
 * exact pairs first, then moves (same content, another priority that no unpaired live rule holds:
 * one call, no conflict), then in-place changes at the same priority, then the rest pairwise in
 * listing order. Unpaired live rules keep
 * their priority key (deleted); a live key that a desired key of another rule would shadow is
 * suffixed so that no two entities share one.
 */
export function alignRoutingRules(desired: Model, live: Entity[]): void {
  const byDomain = new Map<EntityKey, { want: Entity[]; have: Entity[] }>();
  const group = (e: Entity) => {
    const g = byDomain.get(e.parent ?? '') ?? { want: [], have: [] };
    byDomain.set(e.parent ?? '', g);
    return g;
  };
  for (const e of live) if (e.kind === 'routing-rule') group(e).have.push(e);
  // Only live rules are re-keyed: with none, the desired model need not be listed.
  if (byDomain.size === 0) return;
  for (const e of entitiesOf(desired)) if (e.kind === 'routing-rule') group(e).want.push(e);
  for (const { want, have } of byDomain.values()) {
    const paired = new Map<Entity, Entity>(); // live -> desired
    const free = (d: Entity) => ![...paired.values()].includes(d);
    const pass = (match: (d: Entity, l: Entity) => boolean) => {
      for (const l of have) {
        if (paired.has(l)) continue;
        const d = want.find((x) => free(x) && match(x, l));
        if (d) paired.set(l, d);
      }
    };
    pass((d, l) => d.attrs.priority === l.attrs.priority && content(d.attrs) === content(l.attrs));
    pass((d, l) => content(d.attrs) === content(l.attrs)
      && !have.some((o) => o !== l && !paired.has(o) && o.attrs.priority === d.attrs.priority));
    pass((d, l) => d.attrs.priority === l.attrs.priority);
    // Any rule can become any other with one PutRoutingRule: a rule left to create and one left to
    // delete are one update instead of two calls. (Their priorities are free by now: a live rule
    // still holding the new one is a paired rule moving away, which the update waits for.)
    pass(() => true);
    const taken = new Set(want.map((d) => d.key));
    for (const l of have) {
      const d = paired.get(l);
      if (d) l.key = d.key;
      else if (taken.has(l.key)) l.key = `${l.key} (live)`;
    }
  }
}

/**
 * Creates and moves that take a priority another live rule holds wait for that rule's op (its move
 * away, or its delete): AWS refuses two rules of one priority.
 */
export function priorityDependencies(desired: Model, live: Model, opKeys: Set<EntityKey>): Map<EntityKey, EntityKey[]> {
  const out = new Map<EntityKey, EntityKey[]>();
  for (const d of entitiesOfKind(desired, 'routing-rule')) {
    if (!opKeys.has(d.key)) continue;
    const holders = entitiesOfKind(live, 'routing-rule').filter((l) => l.parent === d.parent && l.key !== d.key
      && l.attrs.priority === d.attrs.priority && opKeys.has(l.key));
    if (holders.length) out.set(d.key, holders.map((h) => h.key));
  }
  return out;
}

const domainOf = (key: EntityKey) => nameOf(key.split(SEP)[0] ?? '');
/** `DomainNameId` of a rule's private domain (live, or made by this plan); nothing for a public one. */
const domainNameId = (ctx: CallContext, e: Entity) =>
  e.meta?.privateDomain === 'true' ? { DomainNameId: ctx.id(e.key.split(SEP)[0] ?? '', 'domainNameId') } : {};

/** The rule's body as CreateRoutingRule and PutRoutingRule take it. */
function body(ctx: CallContext, a: Attrs): Record<string, unknown> {
  return {
    Priority: a.priority,
    Conditions: [
      ...((a.headers ?? []) as Attrs[]).map((h) => ({ MatchHeaders: { AnyOf: (h.anyOf as Attrs[]).map((m) => ({ Header: m.header, ValueGlob: m.valueGlob })) } })),
      ...(a.basePaths ? [{ MatchBasePaths: { AnyOf: a.basePaths } }] : []),
    ],
    Actions: [{ InvokeApi: { ApiId: ctx.id(segment('rest-api', String(a.api)), 'restApiId'), Stage: a.stage, StripBasePath: a.stripBasePath } }],
  };
}

const v2 = (operation: string, input: Record<string, unknown>, produces?: AwsCall['produces']): AwsCall =>
  produces ? { service: 'apigatewayv2', operation, input, produces } : { service: 'apigatewayv2', operation, input };

export function routingRuleCreateCalls(ctx: CallContext, e: Entity): AwsCall[] {
  return [v2('CreateRoutingRule', { DomainName: domainOf(e.key), ...domainNameId(ctx, e), ...body(ctx, e.attrs) }, { key: e.key, ids: { routingRuleId: 'RoutingRuleId' } })];
}

/** PutRoutingRule replaces the whole rule (its id stays): one call for any change, priority included. */
export function routingRuleUpdateCalls(ctx: CallContext, e: Entity, to: Attrs): AwsCall[] {
  return [v2('PutRoutingRule', { DomainName: domainOf(e.key), ...domainNameId(ctx, e), RoutingRuleId: ctx.id(e.key, 'routingRuleId'), ...body(ctx, to) })];
}

export function routingRuleDeleteCalls(e: Entity): AwsCall[] {
  return [v2('DeleteRoutingRule', { DomainName: e.ids?.domainName, ...(e.ids?.domainNameId ? { DomainNameId: e.ids.domainNameId } : {}), RoutingRuleId: e.ids?.routingRuleId })];
}
