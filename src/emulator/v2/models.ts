import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { apiChanged } from './deployments.js';
import { checkInput, str } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import {
  type ApiRecord,
  type Wire,
  assignPresent,
  findApi,
  freshId,
  isHttp,
  notFoundV2,
  ok,
} from './store.js';

/** Models (JSON schemas for request and response bodies) belong to WebSocket APIs. */
const MEMBERS = {
  contentType: str(1, 256),
  description: str(0, 1024),
  name: str(1, 128),
  schema: str(0, 32768),
};

function wsApi(ctx: RequestContext): ApiRecord {
  const api = findApi(ctx);
  if (isHttp(api)) throw badRequest('Models are supported only for WebSocket APIs');
  return api;
}

function checkName(api: ApiRecord, name: string, except?: Wire): void {
  if (!/^[a-zA-Z0-9]+$/.test(name)) throw badRequest(`Invalid model name specified: ${name}. Model names must be alphanumeric`);
  if (api.models.some((m) => m !== except && m.name === name)) throw conflict(`Model name already exists for this API: ${name}`);
}

function checkSchema(schema: string): void {
  try {
    JSON.parse(schema);
  } catch {
    throw badRequest('Invalid model schema specified: the schema must be a JSON document');
  }
}

const SIMPLE = ['contentType', 'description', 'name', 'schema'];

export const modelRoutes: Route[] = [
  ...subCollectionRoutes<ApiRecord>({
    noun: 'Model',
    path: '/v2/apis/{apiId}/models',
    idMember: 'modelId',
    parent: wsApi,
    items: (api) => api.models,
    create: (_ctx, api, input) => {
      checkInput(input, MEMBERS, ['name', 'schema']);
      checkName(api, input.name);
      checkSchema(input.schema);
      const m: Wire = { modelId: freshId(6, (id) => api.models.some((x) => x.modelId === id)) };
      assignPresent(m, input, SIMPLE);
      return m;
    },
    update: (_ctx, api, m, input) => {
      checkInput(input, MEMBERS);
      if (input.name !== undefined) checkName(api, input.name, m);
      if (input.schema !== undefined) checkSchema(input.schema);
      assignPresent(m, input, SIMPLE);
    },
    checkDelete: (_ctx, api, m) => {
      const user = api.routes.find((r) => Object.values(r.route.requestModels ?? {}).includes(m.name));
      if (user) throw conflict(`Cannot delete model '${m.name}', is referenced in route: ${user.route.routeKey}`);
    },
    changed: apiChanged,
  }),
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/models/{modelId}/template',
    operation: 'GetModelTemplate',
    // A mapping template that passes the body through; enough for clients that only read it.
    handler: (ctx) => {
      const api = wsApi(ctx);
      const id = ctx.params.modelId ?? '';
      if (!api.models.some((m) => m.modelId === id)) throw notFoundV2(`Invalid Model identifier specified ${id}`, 'Model');
      return ok({ value: "#set($inputRoot = $input.path('$'))\n$input.json('$')" });
    },
  },
];
