import type { RequestContext, Route } from '../router.js';
import { badRequest, conflict, notFound } from '../aws-error.js';
import { check } from './validate.js';
import { applyPatch, readPatchOps, stringField, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, getApi, resourcePath, uniqueId, type Obj } from './store.js';
import { newId } from '../ids.js';

const R = '/restapis/{restapi_id}/models';
const EMPTY_SCHEMA = 'Model schema must have at least 1 property or array items defined';

/** Every new REST API comes with these two models (as AWS shows them). */
export function defaultModels(): Record<string, Obj> {
  const schema = (title: string, extra = '') =>
    `{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "${title}",\n  "type" : "object"${extra}\n}`;
  return {
    Empty: { id: newId(6), name: 'Empty', contentType: 'application/json', description: 'This is a default empty schema model', schema: schema('Empty Schema') },
    Error: {
      id: newId(6),
      name: 'Error',
      contentType: 'application/json',
      description: 'This is a default error schema model',
      schema: schema('Error Schema', ',\n  "properties" : {\n    "message" : { "type" : "string" }\n  }'),
    },
  };
}

/** AWS rejects a missing or empty schema (`""`, `{}`); a schema with only a title and type is fine. */
function checkSchema(schema: unknown): void {
  if (typeof schema !== 'string' || schema.trim() === '') throw badRequest(EMPTY_SCHEMA);
  try {
    const parsed = JSON.parse(schema);
    if (parsed && typeof parsed === 'object' && Object.keys(parsed).length === 0) throw badRequest(EMPTY_SCHEMA);
  } catch (err) {
    if ((err as Error).message === EMPTY_SCHEMA) throw err;
    // Non-JSON schemas (e.g. for XML content types) are stored as given.
  }
}

function createModel(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  const api = getApi(ctx);
  check('createModelInput', b).required('name', 'contentType').done();
  if (b.name === '') throw badRequest('Model name must be non-empty');
  if (!/^[a-zA-Z0-9]+$/.test(b.name)) throw badRequest('Model name must be alphanumeric');
  if (api.models[b.name]) throw conflict('Model name already exists for this REST API');
  checkSchema(b.schema);
  const model = compact({ id: uniqueId(6, {}), name: b.name, description: b.description, schema: b.schema, contentType: b.contentType });
  api.models[b.name] = model;
  return { status: 201, body: clone(model) };
}

function getModel(ctx: RequestContext): Obj {
  const m = getApi(ctx).models[ctx.params.model_name!];
  if (!m) throw notFound(`Invalid model name specified: ${ctx.params.model_name}`);
  return m;
}

const rules: PatchRule<Obj>[] = [
  stringField('description'),
  {
    path: '/schema',
    ops: ['replace'],
    apply: (m, op) => {
      checkSchema(op.value);
      m.schema = op.value;
    },
  },
];

function deleteModel(ctx: RequestContext) {
  const api = getApi(ctx);
  const m = getModel(ctx);
  for (const r of Object.values(api.resources)) {
    for (const [verb, method] of Object.entries(r.methods)) {
      if (Object.values(method.requestModels ?? {}).includes(m.name)) {
        // The root's path is `/`, so its methods show as `//ANY` (recorded).
        throw conflict(`Cannot delete model '${m.name}', is referenced in method request: ${resourcePath(api, r)}/${verb}`);
      }
    }
  }
  delete api.models[m.name];
  return { status: 202 };
}

export const modelRoutes: Route[] = [
  { method: 'POST', path: R, operation: 'CreateModel', handler: createModel },
  {
    method: 'GET',
    path: R,
    operation: 'GetModels',
    handler: (ctx) => {
      const models = Object.values(getApi(ctx).models).sort((a, b) => (a.name < b.name ? -1 : 1));
      return { status: 200, body: paginate(ctx, models.map(clone)) };
    },
  },
  { method: 'GET', path: `${R}/{model_name}`, operation: 'GetModel', handler: (ctx) => ({ status: 200, body: clone(getModel(ctx)) }) },
  {
    method: 'PATCH',
    path: `${R}/{model_name}`,
    operation: 'UpdateModel',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateModelInput');
      const updated = applyPatch(clone(getModel(ctx)), ops, rules, 'listed');
      getApi(ctx).models[updated.name] = updated;
      return { status: 200, body: clone(updated) };
    },
  },
  { method: 'DELETE', path: `${R}/{model_name}`, operation: 'DeleteModel', handler: deleteModel },
];
