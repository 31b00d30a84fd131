import { SEP, nameOf, rootOf } from '../keys.js';
import { OWNERSHIP_TAG, type Entity, type EntityKey } from '../model.js';
import type { AwsCall } from '../plan-types.js';
import type { CallContext } from '../rest-calls.js';
import { protocolOf } from './keys.js';
import { apiIdOf, wireAll } from './wire.js';

/**
 * The exact apigatewayv2 calls that create or delete one HTTP/WebSocket entity. Ids come from the
 * context: the live id, or a `{ $ref, id }` placeholder when an earlier op of the plan creates it.
 */
type Attrs = Record<string, any>;
export const v2call = (operation: string, input: Record<string, unknown>, produces?: AwsCall['produces']): AwsCall =>
  produces ? { service: 'apigatewayv2', operation, input, produces } : { service: 'apigatewayv2', operation, input };

const parentKey = (key: EntityKey) => key.split(SEP).slice(0, -1).join(SEP);
/** The base path of an API mapping: `(none)` is the root, sent as no key. */
const mappingKey = (key: EntityKey) => (nameOf(key) === '(none)' ? '' : nameOf(key));

export function v2CreateCalls(ctx: CallContext, e: Entity): AwsCall[] {
  const ApiId = apiIdOf(ctx, e.key);
  const body = wireAll(ctx, e.kind, e.key, e.attrs);
  const owned = { ...((e.attrs.tags as Attrs | undefined) ?? {}), [OWNERSHIP_TAG]: ctx.owner };
  switch (e.kind) {
    case 'http-api':
    case 'websocket-api':
      return [v2call('CreateApi', { Name: nameOf(e.key), ProtocolType: protocolOf(e.key), ...body, Tags: owned },
        { key: e.key, ids: { apiId: 'ApiId' } })];
    case 'route':
      return [v2call('CreateRoute', { ApiId, RouteKey: nameOf(e.key), ...body }, { key: e.key, ids: { routeId: 'RouteId' } })];
    case 'route-response':
      return [v2call('CreateRouteResponse', { ApiId, RouteId: ctx.id(parentKey(e.key), 'routeId'), RouteResponseKey: nameOf(e.key), ...body },
        { key: e.key, ids: { routeResponseId: 'RouteResponseId' } })];
    case 'v2-integration':
      return [v2call('CreateIntegration', { ApiId, ...body }, { key: e.key, ids: { integrationId: 'IntegrationId' } })];
    case 'v2-integration-response':
      return [v2call('CreateIntegrationResponse', {
        ApiId, IntegrationId: ctx.id(parentKey(e.key), 'integrationId'), IntegrationResponseKey: nameOf(e.key), ...body,
      }, { key: e.key, ids: { integrationResponseId: 'IntegrationResponseId' } })];
    case 'v2-authorizer':
      return [v2call('CreateAuthorizer', { ApiId, Name: nameOf(e.key), ...body }, { key: e.key, ids: { authorizerId: 'AuthorizerId' } })];
    case 'v2-model':
      return [v2call('CreateModel', { ApiId, Name: nameOf(e.key), ...body }, { key: e.key, ids: { modelId: 'ModelId' } })];
    case 'v2-stage': {
      const tags = e.attrs.tags as Attrs | undefined;
      return [v2call('CreateStage', { ApiId, StageName: nameOf(e.key), ...body, ...(tags ? { Tags: tags } : {}) })];
    }
    case 'v2-domain-name':
      // Its target (for DNS alias records) is the first configuration's.
      return [v2call('CreateDomainName', domainInput(e.key, e.attrs, owned), { key: e.key, ids: {
        apiGatewayDomainName: 'DomainNameConfigurations.0.ApiGatewayDomainName', hostedZoneId: 'DomainNameConfigurations.0.HostedZoneId' } })];
    case 'api-mapping':
      return [v2call('CreateApiMapping', {
        DomainName: nameOf(rootOf(e.key)), ApiMappingKey: mappingKey(e.key),
        ApiId: ctx.id(mappedApiKey(e), 'apiId'), Stage: e.attrs.stage,
      }, { key: e.key, ids: { apiMappingId: 'ApiMappingId' } })];
    default:
      return [];
  }
}

/** The API an api mapping names: it references it (`http-api:NAME` or `websocket-api:NAME`). */
export function mappedApiKey(e: Entity): EntityKey {
  return e.refs?.find((r) => /^(http-api|websocket-api):[^/]*$/.test(r)) ?? `http-api:${String(e.attrs.api)}`;
}

export function domainInput(key: EntityKey, a: Attrs, tags?: Attrs): Attrs {
  const out: Attrs = {
    DomainName: nameOf(key),
    DomainNameConfigurations: [Object.fromEntries(Object.entries({
      CertificateArn: a.certificateArn, EndpointType: a.endpointType, SecurityPolicy: a.securityPolicy, IpAddressType: a.ipAddressType,
      OwnershipVerificationCertificateArn: a.ownershipVerificationCertificateArn,
    }).filter(([, v]) => v !== undefined))],
  };
  if (a.mutualTlsAuthentication) {
    out.MutualTlsAuthentication = { TruststoreUri: a.mutualTlsAuthentication.truststoreUri, TruststoreVersion: a.mutualTlsAuthentication.truststoreVersion };
  }
  if (tags) out.Tags = tags;
  return out;
}

export function v2DeleteCalls(ctx: CallContext, e: Entity): AwsCall[] {
  const ApiId = apiIdOf(ctx, e.key);
  const id = (name: string, key = e.key) => ctx.id(key, name);
  switch (e.kind) {
    case 'http-api':
    case 'websocket-api':
      return [v2call('DeleteApi', { ApiId })];
    case 'route':
      return [v2call('DeleteRoute', { ApiId, RouteId: id('routeId') })];
    case 'route-response':
      return [v2call('DeleteRouteResponse', { ApiId, RouteId: id('routeId'), RouteResponseId: id('routeResponseId') })];
    case 'v2-integration':
      return [v2call('DeleteIntegration', { ApiId, IntegrationId: id('integrationId') })];
    case 'v2-integration-response':
      return [v2call('DeleteIntegrationResponse', { ApiId, IntegrationId: id('integrationId'), IntegrationResponseId: id('integrationResponseId') })];
    case 'v2-authorizer':
      return [v2call('DeleteAuthorizer', { ApiId, AuthorizerId: id('authorizerId') })];
    case 'v2-model':
      return [v2call('DeleteModel', { ApiId, ModelId: id('modelId') })];
    case 'v2-stage':
      return [v2call('DeleteStage', { ApiId, StageName: nameOf(e.key) })];
    case 'v2-domain-name':
      return [v2call('DeleteDomainName', { DomainName: nameOf(e.key) })];
    case 'api-mapping':
      return [v2call('DeleteApiMapping', { DomainName: nameOf(rootOf(e.key)), ApiMappingId: id('apiMappingId') })];
    default:
      return [];
  }
}
