import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext } from '../router.js';
import { apiChanged } from './deployments.js';
import { checkInput, obj, str, strMap } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import {
  type ApiRecord,
  type RouteRecord,
  type Wire,
  assignPresent,
  findApi,
  findRoute,
  freshId,
  isHttp,
  mergeStringMap,
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

interface Parent {
  api: ApiRecord;
  route: RouteRecord;
}

function parent(ctx: RequestContext): Parent {
  const api = findApi(ctx);
  const route = findRoute(ctx, api);
  if (isHttp(api)) throw badRequest('Route responses are supported only for WebSocket APIs');
  return { api, route };
}

function checkKeyFree(route: RouteRecord, key: string, except?: Wire): void {
  if (route.responses.some((r) => r !== except && r.routeResponseKey === key)) {
    throw conflict(`Route response with key '${key}' already exists for this route`);
  }
}

export const routeResponseRoutes = subCollectionRoutes<Parent>({
  noun: 'RouteResponse',
  path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses',
  idMember: 'routeResponseId',
  parent,
  items: (p) => p.route.responses,
  create: (_ctx, { route }, input) => {
    checkInput(input, MEMBERS, ['routeResponseKey']);
    checkKeyFree(route, input.routeResponseKey);
    const r: Wire = {
      routeResponseId: freshId(6, (id) => route.responses.some((x) => x.routeResponseId === id)),
      routeResponseKey: input.routeResponseKey,
    };
    assignPresent(r, input, ['modelSelectionExpression', 'responseParameters']);
    if (input.responseModels !== undefined) r.responseModels = withoutEmpty(input.responseModels);
    return r;
  },
  update: (_ctx, { route }, r, input) => {
    checkInput(input, MEMBERS);
    if (input.routeResponseKey !== undefined) checkKeyFree(route, input.routeResponseKey, r);
    assignPresent(r, input, ['modelSelectionExpression', 'routeResponseKey']);
    if (input.responseModels !== undefined) setMap(r, 'responseModels', mergeStringMap(r.responseModels, input.responseModels));
    if (input.responseParameters !== undefined) r.responseParameters = { ...(r.responseParameters ?? {}), ...input.responseParameters };
  },
  changed: (ctx, { api }) => apiChanged(ctx, api),
});
