import { obj, str, strMap } from './input.js';
import { assignPresent, findRoute, mergeStringMap, setMap, withoutEmpty } from './store.js';
import { responseRoutes } from './websocket-responses.js';

/** Route responses exist only on WebSocket APIs (two-way routes); keyed by routeResponseKey. */
export const routeResponseRoutes = responseRoutes({
  owner: 'Route',
  ownerPath: '/v2/apis/{apiId}/routes/{routeId}',
  findOwner: (ctx, api) => findRoute(ctx, api),
  members: {
    modelSelectionExpression: str(),
    responseModels: strMap,
    responseParameters: obj,
    routeResponseKey: str(),
  },
  create: (r, input) => {
    assignPresent(r, input, ['modelSelectionExpression', 'responseParameters']);
    if (input.responseModels !== undefined) r.responseModels = withoutEmpty(input.responseModels);
  },
  update: (r, input) => {
    assignPresent(r, input, ['modelSelectionExpression']);
    if (input.responseModels !== undefined) setMap(r, 'responseModels', mergeStringMap(r.responseModels, input.responseModels));
    if (input.responseParameters !== undefined) r.responseParameters = { ...(r.responseParameters ?? {}), ...input.responseParameters };
  },
});
