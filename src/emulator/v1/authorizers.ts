import type { RequestContext, Route } from '../router.js';
import { badRequest, conflict, notFound } from '../aws-error.js';
import { check } from './validate.js';
import { applyPatch, readPatchOps, stringField, toInt, valueSet, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, getApi, resourcePath, uniqueId, v1, type Obj } from './store.js';

const R = '/restapis/{restapi_id}/authorizers';
const TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'];
const TTL_MESSAGE = 'Invalid authorizer result TTL, must be between 0 and 3600';

function checkAuthorizer(a: Obj): void {
  if (a.type === 'COGNITO_USER_POOLS' && !a.providerARNs?.length) {
    throw badRequest('ProviderARNs need to be specified for an authorizer of type COGNITO_USER_POOLS');
  }
  if (a.type !== 'COGNITO_USER_POOLS' && !a.authorizerUri) throw badRequest(`Authorizer URI must be specified for an authorizer of type ${a.type}`);
  if (a.type === 'TOKEN' && !a.identitySource) throw badRequest('Identity source must be specified for an authorizer of type TOKEN');
  if (!(Number.isInteger(a.authorizerResultTtlInSeconds) && a.authorizerResultTtlInSeconds >= 0 && a.authorizerResultTtlInSeconds <= 3600)) {
    throw badRequest(TTL_MESSAGE);
  }
}

function createAuthorizer(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createAuthorizerInput', b).required('name', 'type').oneOf('type', b.type, TYPES).done();
  const api = v1(ctx).restApis[ctx.params.restapi_id!];
  // Recorded from AWS: a missing API is reported as a concurrent modification here.
  if (!api) throw conflict('Unable to complete operation due to concurrent modification. Please try again later.');
  const a: Obj = compact({
    id: uniqueId(6, api.authorizers),
    name: b.name,
    type: b.type,
    providerARNs: b.providerARNs?.length ? [...b.providerARNs] : undefined,
    authType: b.authType,
    authorizerUri: b.authorizerUri,
    authorizerCredentials: b.authorizerCredentials,
    identitySource: b.identitySource,
    identityValidationExpression: b.identityValidationExpression,
    authorizerResultTtlInSeconds: b.authorizerResultTtlInSeconds ?? 300,
  });
  checkAuthorizer(a);
  api.authorizers[a.id] = a;
  return { status: 201, body: clone(a) };
}

function getAuthorizer(ctx: RequestContext): Obj {
  const a = getApi(ctx).authorizers[ctx.params.authorizer_id!];
  if (!a) throw notFound('Invalid Authorizer identifier specified');
  return a;
}

const rules: PatchRule<Obj>[] = [
  stringField('name'),
  stringField('type'),
  stringField('authorizerUri'),
  stringField('authorizerCredentials'),
  { path: '/authorizerResultTtlInSeconds', ops: ['replace'], apply: (a, op) => (a.authorizerResultTtlInSeconds = toInt(op.value, TTL_MESSAGE)) },
  stringField('authType'),
  stringField('identityValidationExpression'),
  stringField('identitySource', ['add', 'replace', 'remove']),
  valueSet('/providerARNs', 'providerARNs'),
];

function updateAuthorizer(ctx: RequestContext) {
  const ops = readPatchOps(ctx, 'updateAuthorizerInput');
  const current = getAuthorizer(ctx);
  const updated = applyPatch(clone(current), ops, rules, 'listed');
  if (!TYPES.includes(updated.type)) throw badRequest(`Invalid authorizer type specified: ${updated.type}`);
  checkAuthorizer(updated);
  getApi(ctx).authorizers[current.id] = updated;
  return { status: 200, body: clone(updated) };
}

export const authorizerRoutes: Route[] = [
  { method: 'POST', path: R, operation: 'CreateAuthorizer', handler: createAuthorizer },
  { method: 'GET', path: R, operation: 'GetAuthorizers', handler: (ctx) => ({ status: 200, body: paginate(ctx, Object.values(getApi(ctx).authorizers).map(clone)) }) },
  { method: 'GET', path: `${R}/{authorizer_id}`, operation: 'GetAuthorizer', handler: (ctx) => ({ status: 200, body: clone(getAuthorizer(ctx)) }) },
  { method: 'PATCH', path: `${R}/{authorizer_id}`, operation: 'UpdateAuthorizer', handler: updateAuthorizer },
  {
    method: 'DELETE',
    path: `${R}/{authorizer_id}`,
    operation: 'DeleteAuthorizer',
    handler: (ctx) => {
      const api = getApi(ctx);
      const a = getAuthorizer(ctx);
      for (const r of Object.values(api.resources)) {
        for (const [verb, method] of Object.entries(r.methods)) {
          // AWS's wording (seen from real AWS): verb, then the resource path, e.g. `GET//orders`.
          if (method.authorizerId === a.id) throw conflict(`Cannot delete authorizer '${a.name}', is referenced in method: ${verb}/${resourcePath(api, r)}`);
        }
      }
      delete api.authorizers[a.id];
      return { status: 202 };
    },
  },
];
