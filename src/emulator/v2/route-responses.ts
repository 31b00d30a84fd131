import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { apiChanged } from './deployments.js';
import { checkInput, obj, str, strMap } from './input.js';
import { paginate } from './paginate.js';
import {
  type ApiRecord,
  type RouteRecord,
  type Wire,
  assignPresent,
  body,
  created,
  findApi,
  findRoute,
  freshId,
  isHttp,
  mergeStringMap,
  noContent,
  notFoundV2,
  ok,
  setMap,
  withoutEmpty,
} from './store.js';

/** Route responses exist only on WebSocket APIs (two-way routes); keyed by routeResponseKey. */
const MEMBERS = {
  modelSelectionExpression: str(),
  responseModels: strMap,
  responseParameters: obj,
  routeResponseKey: str(),
};

function parent(ctx: RequestContext): { api: ApiRecord; route: RouteRecord } {
  const api = findApi(ctx);
  const route = findRoute(ctx, api);
  if (isHttp(api)) throw badRequest('Route responses are supported only for WebSocket APIs');
  return { api, route };
}

function findResponse(route: RouteRecord, id: string): Wire {
  const r = route.responses.find((x) => x.routeResponseId === id);
  if (!r) throw notFoundV2(`Invalid RouteResponse identifier specified ${id}`, 'RouteResponse');
  return r;
}

function checkKeyFree(route: RouteRecord, key: string, except?: Wire): void {
  if (route.responses.some((r) => r !== except && r.routeResponseKey === key)) {
    throw conflict(`Route response with key '${key}' already exists for this route`);
  }
}

export const routeResponseRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses',
    operation: 'CreateRouteResponse',
    handler: (ctx) => {
      const { api, route } = parent(ctx);
      const input = body(ctx);
      checkInput(input, MEMBERS, ['routeResponseKey']);
      checkKeyFree(route, input.routeResponseKey);
      const r: Wire = {
        routeResponseId: freshId(6, (id) => route.responses.some((x) => x.routeResponseId === id)),
        routeResponseKey: input.routeResponseKey,
      };
      assignPresent(r, input, ['modelSelectionExpression', 'responseParameters']);
      if (input.responseModels !== undefined) r.responseModels = withoutEmpty(input.responseModels);
      route.responses.push(r);
      apiChanged(ctx, api);
      return created(r);
    },
  },
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses',
    operation: 'GetRouteResponses',
    handler: (ctx) => paginate(ctx, parent(ctx).route.responses),
  },
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}',
    operation: 'GetRouteResponse',
    handler: (ctx) => ok(findResponse(parent(ctx).route, ctx.params.routeResponseId ?? '')),
  },
  {
    method: 'PATCH',
    path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}',
    operation: 'UpdateRouteResponse',
    handler: (ctx) => {
      const { api, route } = parent(ctx);
      const r = findResponse(route, ctx.params.routeResponseId ?? '');
      const input = body(ctx);
      checkInput(input, MEMBERS);
      if (input.routeResponseKey !== undefined) checkKeyFree(route, input.routeResponseKey, r);
      assignPresent(r, input, ['modelSelectionExpression', 'routeResponseKey']);
      if (input.responseModels !== undefined) setMap(r, 'responseModels', mergeStringMap(r.responseModels, input.responseModels));
      if (input.responseParameters !== undefined) r.responseParameters = { ...(r.responseParameters ?? {}), ...input.responseParameters };
      apiChanged(ctx, api);
      return ok(r);
    },
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}',
    operation: 'DeleteRouteResponse',
    handler: (ctx) => {
      const { api, route } = parent(ctx);
      const r = findResponse(route, ctx.params.routeResponseId ?? '');
      route.responses = route.responses.filter((x) => x !== r);
      apiChanged(ctx, api);
      return noContent();
    },
  },
];
