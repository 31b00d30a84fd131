import { badRequest } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { apiChanged } from './deployments.js';
import { ENUMS, bool, checkInput, isPlainObject, obj, oneOf, str, strList, strMap } from './input.js';
import { checkRouteKey, checkRouteKeyFree } from './route-keys.js';
import { subCollectionRoutes } from './sub-collection.js';
import {
  type ApiRecord,
  type RouteRecord,
  type Wire,
  assignPresent,
  findApi,
  findIntegration,
  findRoute,
  freshId,
  isHttp,
  mergeStringMap,
  noContent,
  notFoundV2,
  setMap,
  withoutEmpty,
} from './store.js';

const ROUTE_MEMBERS = {
  apiKeyRequired: bool,
  authorizationScopes: strList,
  authorizationType: oneOf(...ENUMS.authorizationType),
  authorizerId: str(),
  modelSelectionExpression: str(),
  operationName: str(1, 64),
  requestModels: strMap,
  requestParameters: obj,
  routeKey: str(),
  routeResponseSelectionExpression: str(),
  target: str(1, 128),
};

/** Members the model documents as "Supported only for WebSocket APIs". */
const WEBSOCKET_ONLY = ['modelSelectionExpression', 'requestModels', 'requestParameters', 'routeResponseSelectionExpression'];

function checkRequestParameters(params: unknown): void {
  if (params === undefined) return;
  if (!isPlainObject(params) || !Object.values(params).every((v) => isPlainObject(v) && (v.required === undefined || typeof v.required === 'boolean'))) {
    throw badRequest('Invalid requestParameters: each value must be an object {"required": true|false}');
  }
}

/** Cross-member rules, checked on the route as it would be after the call. */
function checkRoute(ctx: RequestContext, api: ApiRecord, route: Wire, input: Wire): void {
  const http = isHttp(api);
  if (http) {
    for (const m of WEBSOCKET_ONLY) if (input[m] !== undefined) throw badRequest(`${m} is supported only for WebSocket APIs`);
    if (input.apiKeyRequired === true) throw badRequest('API keys are supported only for WebSocket APIs');
  }
  if (route.target !== undefined) {
    const m = /^integrations\/(.+)$/.exec(route.target);
    if (!m) throw badRequest(`Invalid target specified: ${route.target}. It must have the form integrations/{integrationId}`);
    findIntegration(ctx, api, m[1]);
  }
  const type: string = route.authorizationType;
  if (type === 'JWT' && !http) throw badRequest('JWT authorization is supported only for HTTP APIs');
  if (!http && type !== 'NONE' && route.routeKey !== '$connect') {
    throw badRequest('Authorization is supported only on the $connect route of a WebSocket API');
  }
  if (type === 'JWT' || type === 'CUSTOM') {
    if (route.authorizerId === undefined) throw badRequest(`An authorizerId is required for authorizationType ${type}`);
    const authorizer = api.authorizers.find((a) => a.authorizerId === route.authorizerId);
    if (!authorizer) throw notFoundV2(`Invalid Authorizer identifier specified ${route.authorizerId}`, 'Authorizer');
    const wanted = type === 'JWT' ? 'JWT' : 'REQUEST';
    if (authorizer.authorizerType !== wanted) {
      throw badRequest(`authorizationType ${type} requires an authorizer of type ${wanted}; ${route.authorizerId} is ${authorizer.authorizerType}`);
    }
  }
  if (route.authorizationScopes !== undefined && route.authorizationScopes.length > 0 && type !== 'JWT') {
    throw badRequest('authorizationScopes are supported only with authorizationType JWT');
  }
}

const CREATE_MEMBERS = [
  'authorizationScopes',
  'authorizerId',
  'modelSelectionExpression',
  'operationName',
  'requestParameters',
  'routeResponseSelectionExpression',
  'target',
];

const UPDATE_MEMBERS = [
  'apiKeyRequired',
  'authorizationScopes',
  'authorizationType',
  'authorizerId',
  'modelSelectionExpression',
  'operationName',
  'routeKey',
  'routeResponseSelectionExpression',
  'target',
];

export function createRoute(ctx: RequestContext, api: ApiRecord, input: Wire): RouteRecord {
  checkInput(input, ROUTE_MEMBERS, ['routeKey']);
  checkRequestParameters(input.requestParameters);
  checkRouteKey(api.api.protocolType, input.routeKey);
  checkRouteKeyFree(api, input.routeKey);
  const route: Wire = {
    apiKeyRequired: input.apiKeyRequired ?? false,
    authorizationType: input.authorizationType ?? 'NONE',
    routeId: freshId(7, (id) => api.routes.some((r) => r.route.routeId === id)),
    routeKey: input.routeKey,
  };
  assignPresent(route, input, CREATE_MEMBERS);
  if (input.requestModels !== undefined) route.requestModels = withoutEmpty(input.requestModels);
  checkRoute(ctx, api, route, input);
  return { route, responses: [] };
}

function updateRoute(ctx: RequestContext, api: ApiRecord, rec: RouteRecord, input: Wire): void {
  checkInput(input, ROUTE_MEMBERS);
  checkRequestParameters(input.requestParameters);
  if (rec.route.apiGatewayManaged) {
    throw badRequest('Cannot modify a route managed by API Gateway. Use UpdateApi with target and routeKey instead.');
  }
  const next: Wire = structuredClone(rec.route);
  if (input.routeKey !== undefined) {
    checkRouteKey(api.api.protocolType, input.routeKey);
    checkRouteKeyFree(api, input.routeKey, rec);
  }
  assignPresent(next, input, UPDATE_MEMBERS);
  // Without an authorizer type the authorizer and its scopes no longer apply.
  if (input.authorizationType === 'NONE' || input.authorizationType === 'AWS_IAM') {
    delete next.authorizerId;
    delete next.authorizationScopes;
  }
  // Request parameters are merged; only DeleteRouteRequestParameter removes one.
  if (input.requestParameters !== undefined) next.requestParameters = { ...(next.requestParameters ?? {}), ...input.requestParameters };
  if (input.requestModels !== undefined) setMap(next, 'requestModels', mergeStringMap(next.requestModels, input.requestModels));
  checkRoute(ctx, api, next, input);
  rec.route = next;
}

export const routeRoutes: Route[] = [
  ...subCollectionRoutes<ApiRecord, RouteRecord>({
    noun: 'Route',
    path: '/v2/apis/{apiId}/routes',
    idMember: 'routeId',
    parent: (ctx) => findApi(ctx),
    items: (api) => api.routes,
    wire: (rec) => rec.route,
    create: createRoute,
    update: updateRoute,
    changed: apiChanged,
  }),
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/routes/{routeId}/requestparameters/{requestParameterKey}',
    operation: 'DeleteRouteRequestParameter',
    handler: (ctx) => {
      const api = findApi(ctx);
      const rec = findRoute(ctx, api);
      const key = ctx.params.requestParameterKey ?? '';
      if (!rec.route.requestParameters || !(key in rec.route.requestParameters)) {
        throw notFoundV2(`Invalid request parameter key specified ${key}`, 'RouteRequestParameter');
      }
      const { [key]: _removed, ...rest } = rec.route.requestParameters;
      setMap(rec.route, 'requestParameters', rest);
      apiChanged(ctx, api);
      return noContent();
    },
  },
];
