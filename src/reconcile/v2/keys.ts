import { childKey, segment } from '../keys.js';
import type { EntityKey, EntityKind } from '../model.js';

/**
 * Keys of HTTP and WebSocket API entities. The API's kind carries its protocol, so an API that
 * changes protocol is another object (AWS cannot change a protocol in place):
 *
 *   http-api:orders / route:GET /orders
 *   websocket-api:chat / route:sendMessage / route-response:$default
 *   websocket-api:chat / integration:help / integration-response:$default
 *   http-api:orders / authorizer:cognito-jwt, / model:Message, / stage:$default, / deployment
 *   domain-name:api.example.com / api-mapping:(none)
 *
 * Integrations have no name in AWS: the spec names them, and live integrations get the names of
 * the spec integrations they match (integration-names.ts).
 */
export type V2Protocol = 'HTTP' | 'WEBSOCKET';

export const V2_API_KINDS = new Set<EntityKind>(['http-api', 'websocket-api']);
export const V2_KINDS = new Set<EntityKind>([
  'http-api', 'websocket-api', 'route', 'route-response', 'v2-integration', 'v2-integration-response',
  'v2-authorizer', 'v2-model', 'v2-stage', 'v2-domain-name', 'api-mapping',
]);

export const v2ApiKind = (p: V2Protocol): EntityKind => (p === 'HTTP' ? 'http-api' : 'websocket-api');
export const v2ApiKey = (p: V2Protocol, name: string): EntityKey => segment(v2ApiKind(p), name);
export const routeKey = (api: EntityKey, rk: string): EntityKey => childKey(api, 'route', rk);
export const routeResponseKey = (route: EntityKey, k: string): EntityKey => childKey(route, 'route-response', k);
export const v2IntegrationKey = (api: EntityKey, name: string): EntityKey => `${api} / integration:${name}`;
export const v2IntegrationResponseKey = (integration: EntityKey, k: string): EntityKey =>
  `${integration} / integration-response:${k}`;
export const v2AuthorizerKey = (api: EntityKey, name: string): EntityKey => `${api} / authorizer:${name}`;
export const v2ModelKey = (api: EntityKey, name: string): EntityKey => `${api} / model:${name}`;
export const v2StageKey = (api: EntityKey, name: string): EntityKey => `${api} / stage:${name}`;
export const v2DeploymentKey = (api: EntityKey): EntityKey => `${api} / deployment`;
export const v2DomainKey = (domain: string): EntityKey => segment('domain-name', domain);
export const apiMappingKey = (domain: EntityKey, basePath: string): EntityKey =>
  `${domain} / api-mapping:${basePath === '' ? '(none)' : basePath}`;

export const isV2Api = (key: EntityKey): boolean => /^(http-api|websocket-api):/.test(key);
export const protocolOf = (apiKey: EntityKey): V2Protocol => (apiKey.startsWith('http-api:') ? 'HTTP' : 'WEBSOCKET');
