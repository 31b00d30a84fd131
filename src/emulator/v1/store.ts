import type { RequestContext } from '../router.js';
import { notFound } from '../aws-error.js';
import { newId } from '../ids.js';

/**
 * The apigateway (v1) part of the emulator state: plain JSON, shaped like the service's own objects
 * so responses are mostly copies. Child objects live inside their REST API, so deleting an API
 * deletes everything in it.
 */
export interface V1State {
  restApis: Record<string, RestApiRecord>;
  apiKeys: Record<string, Obj>;
  usagePlans: Record<string, UsagePlanRecord>;
  /** Public (EDGE and REGIONAL) custom domain names, by name: unique in the region. */
  domainNames: Record<string, DomainNameRecord>;
  /** Private custom domain names, by domainNameId: several may share one name. */
  privateDomainNames: Record<string, DomainNameRecord>;
  /** Domain name access associations, by their ARN. */
  accessAssociations: Record<string, AccessAssociationRecord>;
  vpcLinks: Record<string, Obj>;
  account: Obj;
}

export type Obj = Record<string, any>;

export interface RestApiRecord {
  api: Obj;
  resources: Record<string, ResourceRecord>;
  authorizers: Record<string, Obj>;
  /** By model name (the model's key in the API). */
  models: Record<string, Obj>;
  requestValidators: Record<string, Obj>;
  /** Only the types that were put; the rest are defaults computed on read. */
  gatewayResponses: Record<string, Obj>;
  deployments: Record<string, Obj>;
  stages: Record<string, Obj>;
}

export interface ResourceRecord {
  id: string;
  parentId?: string;
  pathPart?: string;
  /** Full Method objects, keyed by verb, including methodResponses and methodIntegration. */
  methods: Record<string, Obj>;
}

export interface UsagePlanRecord {
  plan: Obj;
  /** Key ids attached to the plan, in the order they were added. */
  keyIds: string[];
}

export interface DomainNameRecord {
  domain: Obj;
  /** By base path; `(none)` is the empty base path. */
  mappings: Record<string, Obj>;
}

/** Every custom domain of the account, public ones first. */
export interface AccessAssociationRecord {
  /** The DomainNameAccessAssociation as the service returns it. */
  association: Obj;
  /** The account that created it (SELF for the emulator's account, else another account's). */
  ownerAccountId: string;
}

export function allDomains(state: V1State): DomainNameRecord[] {
  return [...Object.values(state.domainNames), ...Object.values(state.privateDomainNames)];
}

export function v1(ctx: RequestContext): V1State {
  const s = ctx.state.v1 as Partial<V1State>;
  s.restApis ??= {};
  s.apiKeys ??= {};
  s.usagePlans ??= {};
  s.domainNames ??= {};
  s.privateDomainNames ??= {};
  s.accessAssociations ??= {};
  s.vpcLinks ??= {};
  s.account ??= {};
  return s as V1State;
}

/** v1 timestamps are epoch seconds on the wire. */
export const epoch = (ctx: RequestContext): number => Math.floor(ctx.now().getTime() / 1000);

export function getApi(ctx: RequestContext, id = ctx.params.restapi_id!): RestApiRecord {
  const rec = v1(ctx).restApis[id];
  if (!rec) throw notFound(`Invalid API identifier specified ${ctx.accountId}:${id}`);
  return rec;
}

export function getResource(ctx: RequestContext, api?: RestApiRecord): ResourceRecord {
  const a = api ?? v1(ctx).restApis[ctx.params.restapi_id!];
  const r = a?.resources[ctx.params.resource_id!];
  if (!r) throw notFound('Invalid Resource identifier specified');
  return r;
}

export function getMethod(ctx: RequestContext, api?: RestApiRecord): Obj {
  const m = getResource(ctx, api).methods[ctx.params.http_method!];
  if (!m) throw notFound('Invalid Method identifier specified');
  return m;
}

/** A fresh id of the given length that is not yet a key of `taken`. */
export function uniqueId(length: number, taken: Record<string, unknown>): string {
  for (;;) {
    const id = newId(length);
    if (!(id in taken)) return id;
  }
}

/** Full path of a resource, e.g. `/pets/{id}`. */
export function resourcePath(api: RestApiRecord, r: ResourceRecord): string {
  const parts: string[] = [];
  let cur: ResourceRecord | undefined = r;
  while (cur && cur.parentId) {
    parts.unshift(cur.pathPart!);
    cur = api.resources[cur.parentId];
  }
  return `/${parts.join('/')}`;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Drops undefined members so responses carry only what is set, as AWS's do. */
export function compact(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
