import { SEP, nameOf, rootOf } from '../keys.js';
import type { EntityKey, EntityKind } from '../model.js';
import type { IdRef } from '../plan-types.js';
import type { CallContext } from '../rest-calls.js';
import { protocolOf, routeKey, v2AuthorizerKey, v2IntegrationKey } from './keys.js';
import { linkVersionFor, vpcLinkKey } from '../vpc-links.js';

/**
 * Canonical v2 attrs -> the SDK's members (PascalCase), field by field, so create calls send the
 * whole object and update calls exactly the fields that changed. Names become ids here: a
 * route's `target` is `integrations/<id>`, its `authorizer` an AuthorizerId.
 */
type Attrs = Record<string, any>;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Struct members PascalCased one level deep (map keys are left alone). */
export function pascal(o: Attrs | undefined): Attrs | undefined {
  if (o === undefined) return undefined;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [cap(k), v]));
}

const requiredMap = (m: Attrs | undefined) =>
  m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { Required: (v as Attrs).required === true }]));

export function wireRouteSettings(s: Attrs | undefined, protocol: 'HTTP' | 'WEBSOCKET'): Attrs {
  // AWS returns the off values when a setting is not given: send them, so that a setting the spec
  // dropped goes back to its default. Execution logging exists on WebSocket APIs only.
  const out: Attrs = { DetailedMetricsEnabled: s?.detailedMetricsEnabled === true };
  if (s?.throttlingBurstLimit !== undefined) out.ThrottlingBurstLimit = s.throttlingBurstLimit;
  if (s?.throttlingRateLimit !== undefined) out.ThrottlingRateLimit = s.throttlingRateLimit;
  if (protocol === 'WEBSOCKET') {
    out.DataTraceEnabled = s?.dataTraceEnabled === true;
    out.LoggingLevel = s?.loggingLevel ?? 'OFF';
  }
  return out;
}

export function withFormat(id: string | IdRef, format: string): string | IdRef {
  return typeof id === 'string' ? format.split('{}').join(id) : { ...id, format };
}

export const apiIdOf = (ctx: CallContext, key: EntityKey) => ctx.id(rootOf(key), 'apiId');
export const apiArn = (ctx: CallContext, key: EntityKey) =>
  withFormat(apiIdOf(ctx, key), `arn:aws:apigateway:${ctx.region}::/apis/{}`);

/** The SDK member and value of one canonical attr, or undefined when the kind has no such member. */
export function wireField(ctx: CallContext, kind: EntityKind, key: EntityKey, field: string, v: unknown): [string, unknown] | undefined {
  const protocol = protocolOf(rootOf(key));
  const a = v as Attrs;
  switch (`${kind}.${field}`) {
    case 'http-api.corsConfiguration':
      return ['CorsConfiguration', pascal(a)];
    case 'route.target':
      return ['Target', v === undefined ? '' : withFormat(ctx.id(v2IntegrationKey(rootOf(key), String(v)), 'integrationId'), 'integrations/{}')];
    case 'route.authorizer':
      return v === undefined ? undefined : ['AuthorizerId', ctx.id(v2AuthorizerKey(rootOf(key), String(v)), 'authorizerId')];
    case 'route.requestParameters':
    case 'route-response.responseParameters':
      return [cap(field), requiredMap(a)];
    case 'route.apiKeyRequired':
      return protocol === 'WEBSOCKET' ? ['ApiKeyRequired', v] : undefined;
    case 'v2-integration.vpcLink':
      // The link by name -> its id (live, or made by an earlier op); ConnectionId wins over a stale connectionId.
      return v === undefined ? undefined : ['ConnectionId', ctx.id(vpcLinkKey(linkVersionFor({ kind, key }), String(v)), 'vpcLinkId')];
    case 'v2-integration.tlsConfig':
    case 'v2-stage.accessLogSettings':
      return [cap(field), pascal(a)];
    case 'v2-authorizer.jwtConfiguration':
      return ['JwtConfiguration', pascal(a)];
    case 'v2-model.schema':
      return ['Schema', typeof v === 'string' ? v : JSON.stringify(v)];
    case 'v2-stage.defaultRouteSettings':
      return ['DefaultRouteSettings', wireRouteSettings(a, protocol)];
    case 'v2-stage.routeSettings':
      return ['RouteSettings', a && Object.fromEntries(Object.entries(a).map(([k, s]) => [k, wireRouteSettings(s as Attrs, protocol)]))];
    case 'v2-stage.tags':
    case 'http-api.tags':
    case 'websocket-api.tags':
      return undefined; // tags go through TagResource/UntagResource (on create: with the object)
    default:
      return [cap(field), v];
  }
}

/** All attrs of an entity as SDK members (create calls). */
export function wireAll(ctx: CallContext, kind: EntityKind, key: EntityKey, attrs: Attrs): Attrs {
  const out: Attrs = {};
  for (const [f, v] of Object.entries(attrs)) {
    const w = wireField(ctx, kind, key, f, v);
    if (w && w[1] !== undefined) out[w[0]] = w[1];
  }
  return out;
}

/** The route key a route-level key belongs to (`… / route:GET /x / route-response:$default`). */
export function routeOf(key: EntityKey): EntityKey {
  const segs = key.split(SEP);
  return routeKey(segs[0] ?? '', nameOf(segs.slice(0, 2).join(SEP)));
}
