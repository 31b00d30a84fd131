import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext } from '../router.js';
import { apiChanged } from './deployments.js';
import { ENUMS, checkInput, checkNested, int, isPlainObject, obj, oneOf, str, strMap } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import { findVpcLink } from './vpc-links.js';
import {
  type ApiRecord,
  type IntegrationRecord,
  type Wire,
  assignPresent,
  findApi,
  freshId,
  isHttp,
  mergeStringMap,
  setMap,
  withoutEmpty,
} from './store.js';

const MEMBERS = {
  connectionId: str(1, 1024),
  connectionType: oneOf(...ENUMS.connectionType),
  contentHandlingStrategy: oneOf(...ENUMS.contentHandlingStrategy),
  credentialsArn: str(),
  description: str(0, 1024),
  integrationMethod: str(1, 64),
  integrationSubtype: str(1, 128),
  integrationType: oneOf(...ENUMS.integrationType),
  integrationUri: str(1, 2048),
  passthroughBehavior: oneOf(...ENUMS.passthroughBehavior),
  payloadFormatVersion: str(1, 64),
  requestParameters: strMap,
  requestTemplates: strMap,
  responseParameters: obj,
  templateSelectionExpression: str(),
  timeoutInMillis: int(50, 30000),
  tlsConfig: obj,
};

const SIMPLE = [
  'connectionId',
  'connectionType',
  'contentHandlingStrategy',
  'credentialsArn',
  'integrationMethod',
  'integrationSubtype',
  'integrationType',
  'integrationUri',
  'passthroughBehavior',
  'payloadFormatVersion',
  'templateSelectionExpression',
  'timeoutInMillis',
  'tlsConfig',
];

const HTTP_TYPES = ['AWS_PROXY', 'HTTP_PROXY'];
const WEBSOCKET_ONLY = ['passthroughBehavior', 'templateSelectionExpression', 'requestTemplates', 'contentHandlingStrategy'];
/** The selection expression AWS fills in on WebSocket integrations that have integration responses. */
const RESPONSE_SELECTION = '${integration.response.statuscode}';

function checkResponseParameters(value: unknown): void {
  if (value === undefined) return;
  const valid =
    isPlainObject(value) &&
    Object.entries(value).every(([code, m]) => /^[1-5]\d\d$/.test(code) && isPlainObject(m) && Object.values(m).every((v) => typeof v === 'string'));
  if (!valid) throw badRequest('Invalid responseParameters: keys must be status codes 100-599 and values maps of strings');
}

/** The rules of each protocol, checked on the integration as it would be after the call. */
function checkIntegration(ctx: RequestContext, api: ApiRecord, i: Wire, input: Wire): void {
  const http = isHttp(api);
  const type: string = i.integrationType;
  if (http) {
    if (!HTTP_TYPES.includes(type)) {
      // AWS's wording.
      throw badRequest('Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)');
    }
    for (const m of WEBSOCKET_ONLY) if (input[m] !== undefined) throw badRequest(`${m} is supported only for WebSocket APIs`);
    if (!['1.0', '2.0'].includes(i.payloadFormatVersion)) throw badRequest('Payload format version must be 1.0 or 2.0');
    // Only Lambda proxies choose their event format; every other integration is 1.0.
    const lambdaProxy = type === 'AWS_PROXY' && i.integrationSubtype === undefined;
    if (!lambdaProxy && i.payloadFormatVersion !== '1.0') {
      throw badRequest(`Payload format version ${i.payloadFormatVersion} is supported only for Lambda proxy (AWS_PROXY) integrations; use 1.0`);
    }
    if (i.integrationSubtype !== undefined && type !== 'AWS_PROXY') throw badRequest('integrationSubtype is supported only with AWS_PROXY');
    if (i.integrationSubtype !== undefined && i.payloadFormatVersion !== '1.0') {
      throw badRequest('AWS service integrations support only payload format version 1.0');
    }
  } else {
    if (input.responseParameters !== undefined) throw badRequest('responseParameters is supported only for HTTP APIs');
    for (const m of ['integrationSubtype', 'tlsConfig']) if (input[m] !== undefined) throw badRequest(`${m} is supported only for HTTP APIs`);
    if (i.payloadFormatVersion !== '1.0') throw badRequest('WebSocket APIs support only payload format version 1.0');
    if (i.timeoutInMillis > 29000) throw badRequest('Timeout must be between 50 and 29000 milliseconds for WebSocket APIs');
  }
  if (type !== 'MOCK' && i.integrationSubtype === undefined && i.integrationUri === undefined) {
    throw badRequest(`An integrationUri is required for integration type ${type}`);
  }
  if ((type === 'HTTP' || type === 'HTTP_PROXY') && i.integrationMethod === undefined) {
    throw badRequest(`An integrationMethod is required for integration type ${type}`);
  }
  if (i.connectionType === 'VPC_LINK' && i.connectionId === undefined) {
    throw badRequest('A connectionId is required when connectionType is VPC_LINK');
  }
  // HTTP APIs use apigatewayv2 VPC links; WebSocket APIs use REST API (v1) VPC links, not checked here.
  if (http && i.connectionType === 'VPC_LINK') findVpcLink(ctx, i.connectionId);
}

export function createIntegration(ctx: RequestContext, api: ApiRecord, input: Wire): IntegrationRecord {
  checkInput(input, MEMBERS, ['integrationType']);
  checkNested(input.tlsConfig, 'tlsConfig', { serverNameToVerify: str(1, 512) });
  checkResponseParameters(input.responseParameters);
  const http = isHttp(api);
  const type: string = input.integrationType;
  if (http && type === 'AWS_PROXY' && input.integrationSubtype === undefined && input.payloadFormatVersion === undefined) {
    // A Lambda proxy on an HTTP API must choose its event format.
    throw badRequest('A payloadFormatVersion (1.0 or 2.0) is required for AWS_PROXY integrations of HTTP APIs');
  }
  const i: Wire = {
    connectionType: 'INTERNET',
    integrationId: freshId(7, (id) => api.integrations.some((x) => x.integration.integrationId === id)),
    payloadFormatVersion: '1.0',
    timeoutInMillis: http ? 30000 : 29000,
  };
  if ((type === 'AWS' || type === 'AWS_PROXY') && input.integrationSubtype === undefined) i.integrationMethod = 'POST';
  if (!http) {
    i.passthroughBehavior = 'WHEN_NO_MATCH';
    if (type !== 'AWS_PROXY' && type !== 'HTTP_PROXY') i.integrationResponseSelectionExpression = RESPONSE_SELECTION;
  }
  assignPresent(i, input, SIMPLE);
  if (input.description !== undefined && input.description !== '') i.description = input.description;
  if (input.requestParameters !== undefined) i.requestParameters = withoutEmpty(input.requestParameters);
  if (input.requestTemplates !== undefined) i.requestTemplates = input.requestTemplates;
  if (input.responseParameters !== undefined) i.responseParameters = input.responseParameters;
  checkIntegration(ctx, api, i, input);
  return { integration: i, responses: [] };
}

/** responseParameters: merged per status code; "" removes a mapping, an emptied status code goes. */
function mergeResponseParameters(current: Wire | undefined, patch: Wire): Wire {
  const out: Wire = { ...(current ?? {}) };
  for (const [code, mappings] of Object.entries(patch)) {
    const merged = mergeStringMap(out[code], mappings as Record<string, string>);
    if (Object.keys(merged).length === 0) delete out[code];
    else out[code] = merged;
  }
  return out;
}

function updateIntegration(ctx: RequestContext, api: ApiRecord, rec: IntegrationRecord, input: Wire): void {
  checkInput(input, MEMBERS);
  checkNested(input.tlsConfig, 'tlsConfig', { serverNameToVerify: str(1, 512) });
  checkResponseParameters(input.responseParameters);
  if (rec.integration.apiGatewayManaged) {
    throw badRequest('Cannot modify an integration managed by API Gateway. Use UpdateApi with target instead.');
  }
  const next: Wire = structuredClone(rec.integration);
  assignPresent(next, input, SIMPLE);
  if (input.description !== undefined) {
    if (input.description === '') delete next.description;
    else next.description = input.description;
  }
  if (input.requestParameters !== undefined) setMap(next, 'requestParameters', mergeStringMap(next.requestParameters, input.requestParameters));
  if (input.requestTemplates !== undefined) setMap(next, 'requestTemplates', mergeStringMap(next.requestTemplates, input.requestTemplates));
  if (input.responseParameters !== undefined) setMap(next, 'responseParameters', mergeResponseParameters(next.responseParameters, input.responseParameters));
  checkIntegration(ctx, api, next, input);
  rec.integration = next;
}

export const integrationRoutes = subCollectionRoutes<ApiRecord, IntegrationRecord>({
  noun: 'Integration',
  path: '/v2/apis/{apiId}/integrations',
  idMember: 'integrationId',
  parent: (ctx) => findApi(ctx),
  items: (api) => api.integrations,
  wire: (rec) => rec.integration,
  create: createIntegration,
  update: updateIntegration,
  checkDelete: (_ctx, api, rec) => {
    if (rec.integration.apiGatewayManaged) throw badRequest('Cannot delete an integration managed by API Gateway');
    const target = `integrations/${rec.integration.integrationId}`;
    const users = api.routes.filter((r) => r.route.target === target).map((r) => r.route.routeId);
    if (users.length > 0) {
      // AWS's wording.
      throw conflict(`Cannot delete Integration because it is referenced by the following Routes with Ids: [${users.join(', ')}]`);
    }
  },
  changed: apiChanged,
});
