import { badRequest } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { publicDomains } from '../domains.js';
import { apiChanged } from './deployments.js';
import { ENUMS, bool, checkInput, checkNested, int, obj, oneOf, str, strList, strMap } from './input.js';
import { quickCreate, quickUpdate } from './quick-create.js';
import { checkRouteKey } from './route-keys.js';
import { subCollectionRoutes } from './sub-collection.js';
import { checkTags } from './tags.js';
import { type ApiRecord, type V2State, type Wire, assignPresent, findApi, freshId, isHttp, noContent, timestamp, v2State } from './store.js';

const HTTP_ROUTE_SELECTION = '$request.method $request.path';
/** The form the developer guide writes; the service answers with the plain one. */
const HTTP_ROUTE_SELECTION_DOCS = '${request.method} ${request.path}';
const API_KEY_SELECTION = ['$request.header.x-api-key', '$context.authorizer.usageIdentifierKey'];

const API_MEMBERS = {
  apiKeySelectionExpression: str(),
  corsConfiguration: obj,
  credentialsArn: str(),
  description: str(0, 1024),
  disableSchemaValidation: bool,
  disableExecuteApiEndpoint: bool,
  ipAddressType: oneOf(...ENUMS.ipAddressType),
  name: str(1, 128),
  routeKey: str(),
  routeSelectionExpression: str(),
  target: str(1, 2048),
  version: str(1, 64),
};

const CORS_MEMBERS = {
  allowCredentials: bool,
  allowHeaders: strList,
  allowMethods: strList,
  allowOrigins: strList,
  exposeHeaders: strList,
  maxAge: int(-1, 86400),
};

const CORS_KEYS = Object.keys(CORS_MEMBERS);

function checkCommon(input: Wire, protocolType: string): void {
  checkNested(input.corsConfiguration, 'corsConfiguration', CORS_MEMBERS);
  if (protocolType === 'WEBSOCKET') {
    for (const m of ['corsConfiguration', 'target', 'routeKey', 'credentialsArn']) {
      if (input[m] !== undefined) throw badRequest(`${m} is supported only for HTTP APIs`);
    }
  }
  if (input.apiKeySelectionExpression !== undefined && !API_KEY_SELECTION.includes(input.apiKeySelectionExpression)) {
    throw badRequest(
      `Invalid API key selection expression specified: ${input.apiKeySelectionExpression}. Must be one of ${API_KEY_SELECTION.join(', ')}`,
    );
  }
}

/** HTTP APIs have exactly one route selection expression; both spellings are accepted. */
function httpRouteSelection(value: string | undefined): string {
  if (value === undefined || value === HTTP_ROUTE_SELECTION || value === HTTP_ROUTE_SELECTION_DOCS) return HTTP_ROUTE_SELECTION;
  throw badRequest(`Unsupported route selection expression for HTTP APIs: ${value}. Use ${HTTP_ROUTE_SELECTION}.`);
}

export function createApi(ctx: RequestContext, state: V2State, input: Wire): ApiRecord {
  checkInput(input, { ...API_MEMBERS, protocolType: oneOf(...ENUMS.protocolType), tags: strMap }, ['name', 'protocolType']);
  const protocolType: string = input.protocolType;
  checkCommon(input, protocolType);
  checkTags(input.tags);
  if (protocolType === 'WEBSOCKET' && input.routeSelectionExpression === undefined) {
    throw badRequest('Route selection expression is required for WEBSOCKET APIs');
  }
  if (input.target === undefined && (input.routeKey !== undefined || input.credentialsArn !== undefined)) {
    throw badRequest('routeKey and credentialsArn are supported only with target (quick create)');
  }
  if (input.routeKey !== undefined) checkRouteKey('HTTP', input.routeKey);

  const apiId = freshId(10, (id) => state.apis.some((a) => a.api.apiId === id));
  const scheme = protocolType === 'HTTP' ? 'https' : 'wss';
  const api: Wire = {
    apiEndpoint: `${scheme}://${apiId}.execute-api.${ctx.region}.amazonaws.com`,
    apiId,
    apiKeySelectionExpression: input.apiKeySelectionExpression ?? '$request.header.x-api-key',
    createdDate: timestamp(ctx),
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    ipAddressType: input.ipAddressType ?? 'ipv4',
    name: input.name,
    protocolType,
    routeSelectionExpression:
      protocolType === 'HTTP' ? httpRouteSelection(input.routeSelectionExpression) : input.routeSelectionExpression,
    tags: input.tags ?? {},
  };
  assignPresent(api, input, ['description', 'version', 'disableSchemaValidation']);
  if (input.corsConfiguration !== undefined) api.corsConfiguration = pickCors(input.corsConfiguration);
  const rec: ApiRecord = { api, routes: [], integrations: [], authorizers: [], models: [], stages: [], deployments: [] };
  if (input.target !== undefined) quickCreate(ctx, rec, input as { target: string });
  return rec;
}

function pickCors(cors: Wire): Wire {
  const out: Wire = {};
  assignPresent(out, cors, CORS_KEYS);
  return out;
}

function updateApi(ctx: RequestContext, _state: V2State, rec: ApiRecord, input: Wire): void {
  checkInput(input, API_MEMBERS);
  const api = rec.api;
  checkCommon(input, api.protocolType);
  if (input.routeSelectionExpression !== undefined) {
    api.routeSelectionExpression = isHttp(rec) ? httpRouteSelection(input.routeSelectionExpression) : input.routeSelectionExpression;
  }
  if (input.routeKey !== undefined) checkRouteKey('HTTP', input.routeKey);
  quickUpdate(rec, input);
  assignPresent(api, input, ['name', 'version', 'apiKeySelectionExpression', 'disableSchemaValidation', 'disableExecuteApiEndpoint', 'ipAddressType']);
  if (input.description !== undefined) {
    if (input.description === '') delete api.description;
    else api.description = input.description;
  }
  // CORS is merged member by member; only DeleteCorsConfiguration removes it.
  if (input.corsConfiguration !== undefined) api.corsConfiguration = { ...(api.corsConfiguration ?? {}), ...pickCors(input.corsConfiguration) };
  apiChanged(ctx, rec);
}

/** Deleting an API deletes everything in it (its routes, stages, ... live in its record). */
export const apiRoutes: Route[] = [
  ...subCollectionRoutes<V2State, ApiRecord>({
    noun: 'Api',
    path: '/v2/apis',
    idMember: 'apiId',
    parent: v2State,
    items: (state) => state.apis,
    wire: (rec) => rec.api,
    find: (ctx, _state, id) => findApi(ctx, id),
    create: createApi,
    update: updateApi,
    checkDelete: (ctx, _state, rec) => {
      // AWS refuses while a custom domain still maps to the API (message as real AWS answers).
      if (Object.values(publicDomains(ctx)).some((d) => Object.values(d.mappings).some((m) => m.restApiId === rec.api.apiId))) {
        throw badRequest(`Deleting API ${rec.api.apiId} failed. Please remove all API mappings for the API from your custom domain names.`);
      }
    },
  }),
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/cors',
    operation: 'DeleteCorsConfiguration',
    handler: (ctx) => {
      const rec = findApi(ctx);
      delete rec.api.corsConfiguration;
      apiChanged(ctx, rec);
      return noContent();
    },
  },
];
