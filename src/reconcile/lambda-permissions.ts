import { createHash } from 'node:crypto';
import type { Entity, EntityKey, Model } from './model.js';
import type { AwsCall, IdRef } from './plan-types.js';
import { SEP, nameOf, rootOf } from './keys.js';
import { functionOfUri } from './lambda.js';
import { entityKeysOf, entitiesOfKind } from './entity-list.js';

/**
 * Lambda invoke permissions: the statements in a function's resource policy that let API Gateway
 * call it. Every Lambda an integration or authorizer of the set calls gets one statement per API
 * and source ARN, unless the set (`lambdaPermissions: false`) or the integration
 * (`lambdaPermission: false`) leaves them to someone else.
 *
 * Identity and ownership are the statement id: `apigw-sync-<set>-<environment>-<hash>-<api>-<hash>`.
 * The first part names the spec set and environment (its hash keeps `a.b` and `a-b` apart), so a
 * statement is ours exactly when its id starts with our prefix; every other statement of the
 * policy is never changed or removed. The last hash is of the function and source ARN, so a
 * statement never changes in place: a new one replaces it (RemovePermission, AddPermission).
 *
 * The source ARN is as narrow as is known before apply: the API (its id is substituted at apply,
 * `{rest-api:petstore}` in the model), the stage when a stage variable picks the function, else
 * `*`, and the method and path of the integration (path parameters as `*`, since Lambda compares
 * with ArnLike); authorizers `<api>/authorizers/*`. More than MAX_NARROW source ARNs for one
 * function and API collapse into `<api>/<stage>/*`: a policy holds at most 20 KB.
 */
export const PRINCIPAL = 'apigateway.amazonaws.com';
export const ACTION = 'lambda:InvokeFunction';
const MAX_NARROW = 8;

const slug = (s: string, max: number) => s.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, max).replace(/-+$/, '');
const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** The statement id prefix of one spec set and environment (the ownership tag value, `set/env`). */
export function statementPrefix(owner: string): string {
  return `apigw-sync-${slug(owner, 40)}-${hash(owner, 4)}-`;
}

/** What an integration or authorizer needs: a function and the calls (source ARNs) to allow. */
interface Grant {
  fn: string;
  api: EntityKey;
  /** After `<api id>/`: `*\/GET/users/*`, `prod/$connect`, `authorizers/*`. */
  source: string;
  /** Stage the grant is for when a stage variable picked the function. */
  stage?: string;
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/;
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[^:]+(:[^:]+)?$/;

/** The function an integration or authorizer URI calls (an invocation URI, or a function ARN for HTTP APIs). */
export function functionOf(uri: unknown): string | undefined {
  const fn = functionOfUri(uri) ?? (typeof uri === 'string' && /^arn:aws[a-z-]*:lambda:/.test(uri) ? uri : undefined);
  return fn;
}

/** `/users/{id}` -> `users/*`; `/` -> ``. */
function pathPattern(path: string): string {
  return path.replace(/^\//, '').replace(/\{[^}]*\}/g, '*');
}

/** The stages of an API with the value each gives `variable` (the stage's own, and its canary's). */
function stageValues(model: Model, api: EntityKey, variable: string): Array<{ stage: string; value: string }> {
  const out: Array<{ stage: string; value: string }> = [];
  for (const e of entitiesOfKind(model, 'stage', 'v2-stage')) {
    const k = e.key;
    if (rootOf(k) !== api) continue;
    const vars = (e.attrs.variables ?? e.attrs.stageVariables) as Record<string, string> | undefined;
    const canary = (e.attrs.canarySettings as { stageVariableOverrides?: Record<string, string> } | undefined)?.stageVariableOverrides;
    for (const v of [vars?.[variable], canary?.[variable]]) if (typeof v === 'string') out.push({ stage: nameOf(k), value: v });
  }
  return out;
}

/** Each concrete function (alias) a possibly stage-variable function names, with the stage that names it. */
function concreteFunctions(fn: string, model: Model, api: EntityKey): Array<{ fn: string; stage?: string }> {
  const variable = STAGE_VARIABLE.exec(fn)?.[1];
  if (variable === undefined) return [{ fn }];
  const out: Array<{ fn: string; stage?: string }> = [];
  for (const { stage, value } of stageValues(model, api, variable)) {
    const concrete = fn.replace(STAGE_VARIABLE, value);
    if (!STAGE_VARIABLE.test(concrete) && !out.some((o) => o.fn === concrete && o.stage === stage)) out.push({ fn: concrete, stage });
  }
  return out;
}

/** Every (function, API, source) the model's integrations and authorizers call, skipping `skip` (opted-out keys). */
function grantsOf(model: Model, skip: ReadonlySet<EntityKey>): Grant[] {
  const grants: Grant[] = [];
  // HTTP/WebSocket integrations are called through the routes that target them.
  const routesOf = new Map<EntityKey, string[]>();
  for (const e of entitiesOfKind(model, 'route')) {
    const k = e.key;
    if (typeof e.attrs.target !== 'string') continue;
    const integration = `${rootOf(k)}${SEP}integration:${e.attrs.target}`;
    routesOf.set(integration, [...(routesOf.get(integration) ?? []), nameOf(k)]);
  }
  for (const k of entityKeysOf(model)) {
    const e = model.entities[k]!;
    if (skip.has(k)) continue;
    // Only what calls a Lambda function grants anything: its function is looked at first (most
    // integrations of a large API call none), the rest worked out only for those that do.
    let fn: string | undefined;
    let sources: string[] = [];
    if (e.kind === 'integration') {
      fn = functionOf(e.attrs.uri);
      if (!fn) continue;
      const segs = k.split(SEP);
      const path = segs[1]?.slice('resource:'.length) ?? '/';
      const verb = segs[2]?.slice('method:'.length) ?? '*';
      sources = [`${verb === 'ANY' ? '*' : verb}/${pathPattern(path)}`];
    } else if (e.kind === 'authorizer' || e.kind === 'v2-authorizer') {
      fn = functionOf(e.attrs.authorizerUri);
      sources = ['authorizers/*'];
    } else if (e.kind === 'http-api' && typeof e.attrs.target === 'string') {
      // Quick create: the managed integration calls the target through the managed route.
      fn = functionOf(e.attrs.target);
      const rk = String(e.attrs.routeKey ?? '$default');
      const m = /^(\S+) (\/.*)$/.exec(rk);
      sources = [m ? `${m[1] === 'ANY' ? '*' : m[1]}/${pathPattern(m[2]!)}` : rk];
    } else if (e.kind === 'v2-integration') {
      fn = functionOf(e.attrs.integrationUri);
      sources = (routesOf.get(k) ?? []).map((rk) => {
        const m = /^(\S+) (\/.*)$/.exec(rk);
        // HTTP route keys (`GET /pets/{id}`, `ANY /{proxy+}`, `$default`); WebSocket route keys as they are.
        return m ? `${m[1] === 'ANY' ? '*' : m[1]}/${pathPattern(m[2]!)}` : rk;
      });
    }
    // With a role to invoke the function (credentials), API Gateway needs no resource permission.
    if (!fn || sources.length === 0 || hasRole(e)) continue;
    const api = rootOf(k);
    for (const c of concreteFunctions(fn, model, api)) {
      for (const s of sources) {
        const source = s.startsWith('authorizers/') ? s : `${c.stage ?? '*'}/${s}`;
        grants.push({ fn: c.fn, api, source, ...(c.stage ? { stage: c.stage } : {}) });
      }
    }
  }
  return grants;
}

const ROLE_FIELDS = ['credentials', 'credentialsArn', 'authorizerCredentials', 'authorizerCredentialsArn'];
/** An integration or authorizer with a role to invoke its function: API Gateway needs no resource permission. */
export const hasRole = (e: Entity) => ROLE_FIELDS.some((f) => typeof e.attrs[f] === 'string' && e.attrs[f] !== '');

/** The functions a model's integrations and authorizers call (for reading their policies). */
export function functionsCalled(model: Model): string[] {
  return [...new Set(grantsOf(model, new Set()).map((g) => g.fn))].sort();
}

export const apiPlaceholder = (api: EntityKey) => `{${api}}`;

export interface PermissionOptions {
  region: string;
  owner: string;
  /** Integration and authorizer keys whose spec says `lambdaPermission: false`. */
  optOut: ReadonlySet<EntityKey>;
}

/** The desired permission entities of a model: one per function, API and source ARN. */
export function desiredPermissions(model: Model, opts: PermissionOptions): Entity[] {
  const grants = grantsOf(model, opts.optOut);
  // Too many narrow grants for one function and API: one per stage pattern instead.
  const byFnApi = new Map<string, Grant[]>();
  for (const g of grants) byFnApi.set(`${g.fn}|${g.api}`, [...(byFnApi.get(`${g.fn}|${g.api}`) ?? []), g]);
  const out = new Map<EntityKey, Entity>();
  const prefix = statementPrefix(opts.owner);
  for (const list of byFnApi.values()) {
    const sources = new Set(list.map((g) => g.source));
    const collapsed = sources.size > MAX_NARROW
      ? new Set(list.map((g) => (g.source.startsWith('authorizers/') ? g.source : `${g.source.split('/')[0]}/*`)))
      : sources;
    for (const source of collapsed) {
      const g = list[0]!;
      const account = g.fn.split(':')[4] ?? '*';
      const sourceArn = `arn:aws:execute-api:${opts.region}:${account}:${apiPlaceholder(g.api)}/${source}`;
      const sid = `${prefix}${slug(nameOf(g.api), 24)}-${hash(`${g.fn}|${sourceArn}`, 10)}`;
      const key = `lambda-permission:${sid}`;
      out.set(key, {
        kind: 'lambda-permission',
        key,
        attrs: { functionName: g.fn, action: ACTION, principal: PRINCIPAL, sourceArn },
        refs: [g.api],
        meta: { api: g.api },
      });
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** A statement of a function policy, as GetPolicy returns it. */
export interface PolicyStatement {
  Sid?: string;
  Principal?: { Service?: string | string[] } | string;
  Action?: string | string[];
  Resource?: string;
  Condition?: { ArnLike?: Record<string, string> };
}

/** Our statements of one function's policy as live entities; the API id in the source ARN becomes the API's key. */
export function livePermissions(fn: string, statements: PolicyStatement[], owner: string, apiIds: ReadonlyMap<string, EntityKey>): Entity[] {
  const prefix = statementPrefix(owner);
  const out: Entity[] = [];
  for (const s of statements) {
    if (typeof s.Sid !== 'string' || !s.Sid.startsWith(prefix)) continue;
    const raw = s.Condition?.ArnLike?.['AWS:SourceArn'] ?? '';
    const m = /^(arn:[^:]+:execute-api:[^:]*:[^:]*:)([^/]+)(\/.*)?$/.exec(raw);
    const api = m ? apiIds.get(m[2]!) : undefined;
    const sourceArn = m && api ? `${m[1]}${apiPlaceholder(api)}${m[3] ?? ''}` : raw;
    const principal = typeof s.Principal === 'object' ? s.Principal.Service : s.Principal;
    out.push({
      kind: 'lambda-permission',
      key: `lambda-permission:${s.Sid}`,
      attrs: {
        functionName: s.Resource ?? fn,
        action: Array.isArray(s.Action) ? s.Action.join(',') : s.Action,
        principal: Array.isArray(principal) ? principal.join(',') : principal,
        sourceArn,
      },
      ids: { functionName: s.Resource ?? fn, statementId: s.Sid },
      meta: api ? { api } : {},
    });
  }
  return out;
}

/** The AddPermission of a desired statement; the API id goes into the source ARN at apply. */
export function permissionCreateCalls(e: Entity, apiId: (api: EntityKey) => string | IdRef): AwsCall[] {
  const a = e.attrs as { functionName: string; action: string; principal: string; sourceArn: string };
  const api = e.meta?.api;
  const placeholder = api ? apiPlaceholder(api) : undefined;
  let sourceArn: string | IdRef = a.sourceArn;
  if (api && placeholder && a.sourceArn.includes(placeholder)) {
    const id = apiId(api);
    sourceArn = typeof id === 'string' ? a.sourceArn.split(placeholder).join(id) : { ...id, format: a.sourceArn.split(placeholder).join('{}') };
  }
  return [{
    service: 'lambda',
    operation: 'AddPermission',
    input: { FunctionName: a.functionName, StatementId: nameOf(e.key), Action: a.action, Principal: a.principal, SourceArn: sourceArn },
  }];
}

export function permissionDeleteCalls(e: Entity): AwsCall[] {
  return [{ service: 'lambda', operation: 'RemovePermission', input: { FunctionName: String(e.attrs.functionName), StatementId: nameOf(e.key) } }];
}
