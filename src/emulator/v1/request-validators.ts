import type { RequestContext, Route } from '../router.js';
import { badRequest, notFound } from '../aws-error.js';
import { applyPatch, readPatchOps, toBool, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, getApi, uniqueId, v1, type Obj } from './store.js';

const R = '/restapis/{restapi_id}/requestvalidators';
const NOT_FOUND = 'Invalid Request Validator identifier specified';

function createValidator(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  const api = v1(ctx).restApis[ctx.params.restapi_id!];
  // Recorded from AWS: a 400 here, not the 404 of the other calls.
  if (!api) throw badRequest('Invalid REST API identifier specified');
  const rv = compact({
    id: uniqueId(6, api.requestValidators),
    name: b.name,
    validateRequestBody: Boolean(b.validateRequestBody),
    validateRequestParameters: Boolean(b.validateRequestParameters),
  });
  api.requestValidators[rv.id] = rv;
  return { status: 201, body: clone(rv) };
}

/** A missing API and a missing validator give the same 404 (recorded). */
function getValidator(ctx: RequestContext): Obj {
  const rv = v1(ctx).restApis[ctx.params.restapi_id!]?.requestValidators[ctx.params.requestvalidator_id!];
  if (!rv) throw notFound(NOT_FOUND);
  return rv;
}

const rules: PatchRule<Obj>[] = [
  {
    path: '/name',
    ops: ['replace'],
    apply: (rv, op) => {
      if (!op.value) throw badRequest('Request Validator name cannot be blank');
      rv.name = op.value;
    },
  },
  { path: '/validateRequestParameters', ops: ['replace'], apply: (rv, op) => (rv.validateRequestParameters = toBool(op.value)) },
  { path: '/validateRequestBody', ops: ['replace'], apply: (rv, op) => (rv.validateRequestBody = toBool(op.value)) },
];

export const requestValidatorRoutes: Route[] = [
  { method: 'POST', path: R, operation: 'CreateRequestValidator', handler: createValidator },
  { method: 'GET', path: R, operation: 'GetRequestValidators', handler: (ctx) => ({ status: 200, body: paginate(ctx, Object.values(getApi(ctx).requestValidators).map(clone)) }) },
  { method: 'GET', path: `${R}/{requestvalidator_id}`, operation: 'GetRequestValidator', handler: (ctx) => ({ status: 200, body: clone(getValidator(ctx)) }) },
  {
    method: 'PATCH',
    path: `${R}/{requestvalidator_id}`,
    operation: 'UpdateRequestValidator',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateRequestValidatorInput');
      const current = getValidator(ctx);
      const updated = applyPatch(clone(current), ops, rules, 'listed');
      getApi(ctx).requestValidators[current.id] = updated;
      return { status: 200, body: clone(updated) };
    },
  },
  {
    method: 'DELETE',
    path: `${R}/{requestvalidator_id}`,
    operation: 'DeleteRequestValidator',
    handler: (ctx) => {
      const rv = getValidator(ctx);
      delete getApi(ctx).requestValidators[rv.id];
      return { status: 202 };
    },
  },
];
