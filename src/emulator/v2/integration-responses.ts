import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext } from '../router.js';
import { apiChanged } from './deployments.js';
import { ENUMS, checkInput, oneOf, str, strMap } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import {
  type ApiRecord,
  type IntegrationRecord,
  type Wire,
  assignPresent,
  findApi,
  findIntegration,
  freshId,
  isHttp,
  mergeStringMap,
  setMap,
  withoutEmpty,
} from './store.js';

/** Integration responses exist only on WebSocket APIs; keyed by integrationResponseKey. */
const MEMBERS = {
  contentHandlingStrategy: oneOf(...ENUMS.contentHandlingStrategy),
  integrationResponseKey: str(),
  responseParameters: strMap,
  responseTemplates: strMap,
  templateSelectionExpression: str(),
};

interface Parent {
  api: ApiRecord;
  integration: IntegrationRecord;
}

function parent(ctx: RequestContext): Parent {
  const api = findApi(ctx);
  const integration = findIntegration(ctx, api);
  if (isHttp(api)) throw badRequest('Integration responses are supported only for WebSocket APIs');
  return { api, integration };
}

function checkKeyFree(integration: IntegrationRecord, key: string, except?: Wire): void {
  if (integration.responses.some((r) => r !== except && r.integrationResponseKey === key)) {
    throw conflict(`Integration response with key '${key}' already exists for this integration`);
  }
}

export const integrationResponseRoutes = subCollectionRoutes<Parent>({
  noun: 'IntegrationResponse',
  path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses',
  idMember: 'integrationResponseId',
  parent,
  items: (p) => p.integration.responses,
  create: (_ctx, { integration }, input) => {
    checkInput(input, MEMBERS, ['integrationResponseKey']);
    checkKeyFree(integration, input.integrationResponseKey);
    const r: Wire = {
      integrationResponseId: freshId(6, (id) => integration.responses.some((x) => x.integrationResponseId === id)),
      integrationResponseKey: input.integrationResponseKey,
    };
    assignPresent(r, input, ['contentHandlingStrategy', 'responseTemplates', 'templateSelectionExpression']);
    if (input.responseParameters !== undefined) r.responseParameters = withoutEmpty(input.responseParameters);
    return r;
  },
  update: (_ctx, { integration }, r, input) => {
    checkInput(input, MEMBERS);
    if (input.integrationResponseKey !== undefined) checkKeyFree(integration, input.integrationResponseKey, r);
    assignPresent(r, input, ['contentHandlingStrategy', 'integrationResponseKey', 'templateSelectionExpression']);
    if (input.responseParameters !== undefined) setMap(r, 'responseParameters', mergeStringMap(r.responseParameters, input.responseParameters));
    if (input.responseTemplates !== undefined) setMap(r, 'responseTemplates', mergeStringMap(r.responseTemplates, input.responseTemplates));
  },
  changed: (ctx, { api }) => apiChanged(ctx, api),
});
