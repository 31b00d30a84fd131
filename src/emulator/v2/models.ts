import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { apiChanged } from './deployments.js';
import { checkInput, str } from './input.js';
import { paginate } from './paginate.js';
import {
  type ApiRecord,
  type Wire,
  assignPresent,
  body,
  created,
  findApi,
  freshId,
  isHttp,
  noContent,
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

function findModel(api: ApiRecord, id: string): Wire {
  const m = api.models.find((x) => x.modelId === id);
  if (!m) throw notFoundV2(`Invalid Model identifier specified ${id}`, 'Model');
  return m;
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

export const modelRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/apis/{apiId}/models',
    operation: 'CreateModel',
    handler: (ctx) => {
      const api = wsApi(ctx);
      const input = body(ctx);
      checkInput(input, MEMBERS, ['name', 'schema']);
      checkName(api, input.name);
      checkSchema(input.schema);
      const m: Wire = { modelId: freshId(6, (id) => api.models.some((x) => x.modelId === id)) };
      assignPresent(m, input, ['contentType', 'description', 'name', 'schema']);
      api.models.push(m);
      apiChanged(ctx, api);
      return created(m);
    },
  },
  { method: 'GET', path: '/v2/apis/{apiId}/models', operation: 'GetModels', handler: (ctx) => paginate(ctx, wsApi(ctx).models) },
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/models/{modelId}',
    operation: 'GetModel',
    handler: (ctx) => ok(findModel(wsApi(ctx), ctx.params.modelId ?? '')),
  },
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/models/{modelId}/template',
    operation: 'GetModelTemplate',
    // A mapping template that passes the body through; enough for clients that only read it.
    handler: (ctx) => {
      findModel(wsApi(ctx), ctx.params.modelId ?? '');
      return ok({ value: "#set($inputRoot = $input.path('$'))\n$input.json('$')" });
    },
  },
  {
    method: 'PATCH',
    path: '/v2/apis/{apiId}/models/{modelId}',
    operation: 'UpdateModel',
    handler: (ctx) => {
      const api = wsApi(ctx);
      const m = findModel(api, ctx.params.modelId ?? '');
      const input = body(ctx);
      checkInput(input, MEMBERS);
      if (input.name !== undefined) checkName(api, input.name, m);
      if (input.schema !== undefined) checkSchema(input.schema);
      assignPresent(m, input, ['contentType', 'description', 'name', 'schema']);
      apiChanged(ctx, api);
      return ok(m);
    },
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/models/{modelId}',
    operation: 'DeleteModel',
    handler: (ctx) => {
      const api = wsApi(ctx);
      const m = findModel(api, ctx.params.modelId ?? '');
      const user = api.routes.find((r) => Object.values(r.route.requestModels ?? {}).includes(m.name));
      if (user) throw conflict(`Cannot delete model '${m.name}', is referenced in route: ${user.route.routeKey}`);
      api.models = api.models.filter((x) => x !== m);
      apiChanged(ctx, api);
      return noContent();
    },
  },
];
