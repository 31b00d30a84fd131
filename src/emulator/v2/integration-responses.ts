import { ENUMS, oneOf, str, strMap } from './input.js';
import { assignPresent, findIntegration, mergeStringMap, setMap, withoutEmpty } from './store.js';
import { responseRoutes } from './websocket-responses.js';

/** Integration responses exist only on WebSocket APIs; keyed by integrationResponseKey. */
export const integrationResponseRoutes = responseRoutes({
  owner: 'Integration',
  ownerPath: '/v2/apis/{apiId}/integrations/{integrationId}',
  findOwner: (ctx, api) => findIntegration(ctx, api),
  members: {
    contentHandlingStrategy: oneOf(...ENUMS.contentHandlingStrategy),
    integrationResponseKey: str(),
    responseParameters: strMap,
    responseTemplates: strMap,
    templateSelectionExpression: str(),
  },
  create: (r, input) => {
    assignPresent(r, input, ['contentHandlingStrategy', 'responseTemplates', 'templateSelectionExpression']);
    if (input.responseParameters !== undefined) r.responseParameters = withoutEmpty(input.responseParameters);
  },
  update: (r, input) => {
    assignPresent(r, input, ['contentHandlingStrategy', 'templateSelectionExpression']);
    if (input.responseParameters !== undefined) setMap(r, 'responseParameters', mergeStringMap(r.responseParameters, input.responseParameters));
    if (input.responseTemplates !== undefined) setMap(r, 'responseTemplates', mergeStringMap(r.responseTemplates, input.responseTemplates));
  },
});
