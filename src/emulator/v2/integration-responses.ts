import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { apiChanged } from './deployments.js';
import { ENUMS, checkInput, oneOf, str, strMap } from './input.js';
import { paginate } from './paginate.js';
import {
  type ApiRecord,
  type IntegrationRecord,
  type Wire,
  assignPresent,
  body,
  created,
  findApi,
  findIntegration,
  freshId,
  isHttp,
  mergeStringMap,
  noContent,
  notFoundV2,
  ok,
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

function parent(ctx: RequestContext): { api: ApiRecord; integration: IntegrationRecord } {
  const api = findApi(ctx);
  const integration = findIntegration(ctx, api);
  if (isHttp(api)) throw badRequest('Integration responses are supported only for WebSocket APIs');
  return { api, integration };
}

function findResponse(integration: IntegrationRecord, id: string): Wire {
  const r = integration.responses.find((x) => x.integrationResponseId === id);
  if (!r) throw notFoundV2(`Invalid IntegrationResponse identifier specified ${id}`, 'IntegrationResponse');
  return r;
}

function checkKeyFree(integration: IntegrationRecord, key: string, except?: Wire): void {
  if (integration.responses.some((r) => r !== except && r.integrationResponseKey === key)) {
    throw conflict(`Integration response with key '${key}' already exists for this integration`);
  }
}

export const integrationResponseRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses',
    operation: 'CreateIntegrationResponse',
    handler: (ctx) => {
      const { api, integration } = parent(ctx);
      const input = body(ctx);
      checkInput(input, MEMBERS, ['integrationResponseKey']);
      checkKeyFree(integration, input.integrationResponseKey);
      const r: Wire = {
        integrationResponseId: freshId(6, (id) => integration.responses.some((x) => x.integrationResponseId === id)),
        integrationResponseKey: input.integrationResponseKey,
      };
      assignPresent(r, input, ['contentHandlingStrategy', 'responseTemplates', 'templateSelectionExpression']);
      if (input.responseParameters !== undefined) r.responseParameters = withoutEmpty(input.responseParameters);
      integration.responses.push(r);
      apiChanged(ctx, api);
      return created(r);
    },
  },
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses',
    operation: 'GetIntegrationResponses',
    handler: (ctx) => paginate(ctx, parent(ctx).integration.responses),
  },
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}',
    operation: 'GetIntegrationResponse',
    handler: (ctx) => ok(findResponse(parent(ctx).integration, ctx.params.integrationResponseId ?? '')),
  },
  {
    method: 'PATCH',
    path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}',
    operation: 'UpdateIntegrationResponse',
    handler: (ctx) => {
      const { api, integration } = parent(ctx);
      const r = findResponse(integration, ctx.params.integrationResponseId ?? '');
      const input = body(ctx);
      checkInput(input, MEMBERS);
      if (input.integrationResponseKey !== undefined) checkKeyFree(integration, input.integrationResponseKey, r);
      assignPresent(r, input, ['contentHandlingStrategy', 'integrationResponseKey', 'templateSelectionExpression']);
      if (input.responseParameters !== undefined) setMap(r, 'responseParameters', mergeStringMap(r.responseParameters, input.responseParameters));
      if (input.responseTemplates !== undefined) setMap(r, 'responseTemplates', mergeStringMap(r.responseTemplates, input.responseTemplates));
      apiChanged(ctx, api);
      return ok(r);
    },
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}',
    operation: 'DeleteIntegrationResponse',
    handler: (ctx) => {
      const { api, integration } = parent(ctx);
      const r = findResponse(integration, ctx.params.integrationResponseId ?? '');
      integration.responses = integration.responses.filter((x) => x !== r);
      apiChanged(ctx, api);
      return noContent();
    },
  },
];
