import { AwsError } from '../aws-error.js';
import { newId } from '../ids.js';
import type { HandlerResult, RequestContext } from '../router.js';

/**
 * apigatewayv2's part of the emulator state. Everything is plain JSON (persisted as is) and every
 * object is stored exactly as the service returns it on the wire (camelCase members), so a handler
 * only copies it out. Collections are arrays to keep creation order, which is the listing order.
 */
export interface V2State {
  apis: ApiRecord[];
  vpcLinks: Wire[];
}

/** A wire object: camelCase members as in the service model's output shapes. */
export type Wire = Record<string, any>;

export interface ApiRecord {
  api: Wire;
  routes: RouteRecord[];
  integrations: IntegrationRecord[];
  authorizers: Wire[];
  models: Wire[];
  stages: Wire[];
  deployments: Wire[];
}

export interface RouteRecord {
  route: Wire;
  responses: Wire[];
}

export interface IntegrationRecord {
  integration: Wire;
  responses: Wire[];
}

/** The v2 state, created on first use (the shared empty state leaves `v2` as `{}`). */
export function v2State(ctx: RequestContext): V2State {
  const s = ctx.state.v2 as Partial<V2State>;
  s.apis ??= [];
  s.vpcLinks ??= [];
  return s as V2State;
}

/** ISO-8601 without milliseconds, as the service writes timestamps. */
export function timestamp(ctx: RequestContext): string {
  return ctx.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An id not yet used among `taken`: the alphabet is large, but a clash must still never happen. */
export function freshId(length: number, taken: (id: string) => boolean): string {
  for (;;) {
    const id = newId(length);
    if (!taken(id)) return id;
  }
}

/**
 * NotFoundException as apigatewayv2 sends it: the model gives the exception a `resourceType`
 * member besides `message`.
 */
export function notFoundV2(message: string, resourceType: string): AwsError {
  return new AwsError('NotFoundException', 404, message, { body: { resourceType } });
}

export function findApi(ctx: RequestContext, apiId = ctx.params.apiId ?? ''): ApiRecord {
  const rec = v2State(ctx).apis.find((a) => a.api.apiId === apiId);
  // The account id is part of AWS's message for a missing API.
  if (!rec) throw notFoundV2(`Invalid API identifier specified ${ctx.accountId}:${apiId}`, 'Api');
  return rec;
}

export function findRoute(ctx: RequestContext, api: ApiRecord, routeId = ctx.params.routeId ?? ''): RouteRecord {
  const rec = api.routes.find((r) => r.route.routeId === routeId);
  if (!rec) throw notFoundV2(`Invalid Route identifier specified ${routeId}`, 'Route');
  return rec;
}

export function findIntegration(
  ctx: RequestContext,
  api: ApiRecord,
  integrationId = ctx.params.integrationId ?? '',
): IntegrationRecord {
  const rec = api.integrations.find((i) => i.integration.integrationId === integrationId);
  if (!rec) throw notFoundV2(`Invalid Integration identifier specified ${integrationId}`, 'Integration');
  return rec;
}

export function findStage(api: ApiRecord, stageName: string): Wire {
  const stage = api.stages.find((s) => s.stageName === stageName);
  if (!stage) throw notFoundV2(`Invalid stage identifier specified ${stageName}`, 'Stage');
  return stage;
}

/** A deep copy, so that callers never hold references into the state. */
export function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export const ok = (body: unknown): HandlerResult => ({ status: 200, body: copy(body) });
export const created = (body: unknown): HandlerResult => ({ status: 201, body: copy(body) });
export const noContent = (): HandlerResult => ({ status: 204 });

/** Copies the members of `from` that are present into `to`; absent members stay (partial update). */
export function assignPresent(to: Wire, from: Wire, members: readonly string[]): void {
  for (const m of members) {
    if (from[m] !== undefined && from[m] !== null) to[m] = copy(from[m]);
  }
}

/**
 * Merges a string map the way Update* calls do: new keys are added, existing ones replaced, and a
 * key sent with the empty string is removed (that is how a stage variable or a parameter mapping
 * is cleared).
 */
export function mergeStringMap(current: Record<string, string> | undefined, patch: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Sets a map member, or removes it when the map became empty (the service omits empty maps). */
export function setMap(to: Wire, member: string, map: Record<string, unknown>): void {
  if (Object.keys(map).length === 0) delete to[member];
  else to[member] = map;
}

/** Drops empty-string values from a map on create, where "" has nothing to clear. */
export function withoutEmpty(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== ''));
}

export function body(ctx: RequestContext): Wire {
  const b = ctx.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new AwsError('BadRequestException', 400, 'Invalid request body');
  return b as Wire;
}

export function isHttp(api: ApiRecord): boolean {
  return api.api.protocolType === 'HTTP';
}
