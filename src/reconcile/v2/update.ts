import { deepEqual } from '../canonical.js';
import { SEP, nameOf, rootOf } from '../keys.js';
import type { Entity } from '../model.js';
import type { AwsCall } from '../plan-types.js';
import type { CallContext } from '../rest-calls.js';
import { v2call, domainInput, mappedApiKey } from './calls.js';
import { protocolOf } from './keys.js';
import { apiArn, apiIdOf, wireField, wireRouteSettings, withFormat } from './wire.js';

/**
 * v2 updates are plain partial updates: one Update call per changed object carrying only its
 * changed fields. What a partial update cannot express gets its own call:
 * - a map entry that goes (stage variables, parameter mappings, templates, models) is sent as `""`;
 * - a string that goes (description, operation name, ...) is sent as `""`;
 * - CORS, access-log settings, per-route settings and route request parameters are cleared only by
 *   DeleteCorsConfiguration, DeleteAccessLogSettings, DeleteRouteSettings and
 *   DeleteRouteRequestParameter (a CORS list that shrinks: delete, then set the whole configuration);
 * - tags go through TagResource/UntagResource.
 */
type Attrs = Record<string, any>;

/** Maps merged key by key by AWS: a dropped key is sent as "". */
const CLEAR_BY_EMPTY = new Set([
  'stageVariables', 'requestParameters', 'requestTemplates', 'responseTemplates', 'requestModels', 'responseModels',
  'responseParameters',
]);

function mapDelta(from: Attrs | undefined, to: Attrs | undefined): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(to ?? {})) if (!deepEqual(from?.[k], v)) out[k] = v;
  for (const k of Object.keys(from ?? {})) if (!(k in (to ?? {}))) out[k] = '';
  return out;
}

const UPDATE: Record<string, string> = {
  'http-api': 'UpdateApi', 'websocket-api': 'UpdateApi', route: 'UpdateRoute', 'route-response': 'UpdateRouteResponse',
  'v2-integration': 'UpdateIntegration', 'v2-integration-response': 'UpdateIntegrationResponse',
  'v2-authorizer': 'UpdateAuthorizer', 'v2-model': 'UpdateModel', 'v2-stage': 'UpdateStage', 'api-mapping': 'UpdateApiMapping',
};

function idsFor(ctx: CallContext, e: Entity): Attrs {
  const ApiId = apiIdOf(ctx, e.key);
  const parent = e.key.split(SEP).slice(0, -1).join(SEP);
  switch (e.kind) {
    case 'http-api': case 'websocket-api': return { ApiId };
    case 'route': return { ApiId, RouteId: ctx.id(e.key, 'routeId') };
    case 'route-response': return { ApiId, RouteId: ctx.id(parent, 'routeId'), RouteResponseId: ctx.id(e.key, 'routeResponseId') };
    case 'v2-integration': return { ApiId, IntegrationId: ctx.id(e.key, 'integrationId') };
    case 'v2-integration-response':
      return { ApiId, IntegrationId: ctx.id(parent, 'integrationId'), IntegrationResponseId: ctx.id(e.key, 'integrationResponseId') };
    case 'v2-authorizer': return { ApiId, AuthorizerId: ctx.id(e.key, 'authorizerId') };
    case 'v2-model': return { ApiId, ModelId: ctx.id(e.key, 'modelId') };
    case 'v2-stage': return { ApiId, StageName: nameOf(e.key) };
    case 'api-mapping': return { DomainName: nameOf(rootOf(e.key)), ApiMappingId: ctx.id(e.key, 'apiMappingId') };
    default: return {};
  }
}

function tagCalls(arn: unknown, from: Attrs | undefined, to: Attrs | undefined): AwsCall[] {
  const calls: AwsCall[] = [];
  const gone = Object.keys(from ?? {}).filter((k) => !(k in (to ?? {})));
  const set = mapDelta(from, to);
  for (const k of gone) delete set[k];
  if (gone.length) calls.push(v2call('UntagResource', { ResourceArn: arn, TagKeys: gone.sort() }));
  if (Object.keys(set).length) calls.push(v2call('TagResource', { ResourceArn: arn, Tags: set }));
  return calls;
}

export function v2UpdateCalls(ctx: CallContext, desired: Entity, from: Attrs, to: Attrs): AwsCall[] {
  const e = desired;
  const protocol = protocolOf(rootOf(e.key));
  if (e.kind === 'v2-domain-name') return domainUpdate(ctx, e, from, to);
  const ids = idsFor(ctx, e);
  const before: AwsCall[] = [];
  const after: AwsCall[] = [];
  const body: Attrs = {};
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  for (const f of fields) {
    const a = from[f];
    const b = to[f];
    if (deepEqual(a, b)) continue;
    if (f === 'tags') {
      const arn = e.kind === 'v2-stage' ? withFormat(apiIdOf(ctx, e.key), `arn:aws:apigateway:${ctx.region}::/apis/{}/stages/${nameOf(e.key)}`) : apiArn(ctx, e.key);
      after.push(...tagCalls(arn, a, b));
      continue;
    }
    if (f === 'corsConfiguration') {
      const shrinks = a !== undefined && (b === undefined || Object.keys(a).some((k) => !deepEqual(b[k], a[k]) && b[k] === undefined));
      if (shrinks) before.push(v2call('DeleteCorsConfiguration', { ApiId: ids.ApiId }));
      if (b !== undefined) body.CorsConfiguration = wireField(ctx, e.kind, e.key, f, b)?.[1];
      continue;
    }
    if (f === 'accessLogSettings' && b === undefined) {
      before.push(v2call('DeleteAccessLogSettings', { ApiId: ids.ApiId, StageName: ids.StageName }));
      continue;
    }
    if (f === 'routeSettings' && e.kind === 'v2-stage') {
      const changed: Attrs = {};
      for (const [rk, s] of Object.entries((b ?? {}) as Attrs)) if (!deepEqual(a?.[rk], s)) changed[rk] = wireRouteSettings(s as Attrs, protocol);
      for (const rk of Object.keys((a ?? {}) as Attrs).filter((k) => !(k in ((b ?? {}) as Attrs))).sort()) {
        before.push(v2call('DeleteRouteSettings', { ApiId: ids.ApiId, StageName: ids.StageName, RouteKey: rk }));
      }
      if (Object.keys(changed).length) body.RouteSettings = changed;
      continue;
    }
    if (f === 'requestParameters' && e.kind === 'route') {
      for (const k of Object.keys((a ?? {}) as Attrs).filter((x) => !(x in ((b ?? {}) as Attrs))).sort()) {
        before.push(v2call('DeleteRouteRequestParameter', { ApiId: ids.ApiId, RouteId: ids.RouteId, RequestParameterKey: k }));
      }
      const kept = Object.fromEntries(Object.entries((b ?? {}) as Attrs).filter(([k, v]) => !deepEqual(a?.[k], v)));
      if (Object.keys(kept).length) body.RequestParameters = wireField(ctx, e.kind, e.key, f, kept)?.[1];
      continue;
    }
    if (f === 'responseParameters' && e.kind === 'v2-integration') {
      // Per status code, mapping by mapping; a status code that goes has each mapping sent as "".
      const codes: Attrs = {};
      for (const code of new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])) {
        const d = mapDelta(a?.[code], b?.[code]);
        if (Object.keys(d).length) codes[code] = d;
      }
      body.ResponseParameters = codes;
      continue;
    }
    if (CLEAR_BY_EMPTY.has(f) && (e.kind !== 'route-response' || f !== 'responseParameters')) {
      const w = wireField(ctx, e.kind, e.key, f, mapDelta(a, b));
      if (w) body[w[0]] = w[1];
      continue;
    }
    const w = wireField(ctx, e.kind, e.key, f, b);
    if (!w) continue;
    // A field that goes: "" for strings, the default for what has one, an empty list for sets.
    body[w[0]] = w[1] !== undefined ? w[1] : Array.isArray(a) ? [] : typeof a === 'boolean' ? false : typeof a === 'object' ? {} : '';
  }
  if (e.kind === 'api-mapping' && Object.keys(body).length) {
    body.ApiId = ctx.id(mappedApiKey(e), 'apiId');
    body.Stage = to.stage;
  }
  const update = Object.keys(body).length ? [v2call(UPDATE[e.kind] ?? 'Update', { ...ids, ...body })] : [];
  return [...before, ...update, ...after];
}

function domainUpdate(ctx: CallContext, e: Entity, from: Attrs, to: Attrs): AwsCall[] {
  const { tags: tf, ...f } = from;
  const { tags: tt, ...t } = to;
  const calls: AwsCall[] = [];
  if (!deepEqual(f, t)) calls.push(v2call('UpdateDomainName', domainInput(e.key, t)));
  calls.push(...tagCalls(`arn:aws:apigateway:${ctx.region}::/domainnames/${nameOf(e.key)}`, tf, tt));
  return calls;
}
