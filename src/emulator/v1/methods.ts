import type { RequestContext, Route } from '../router.js';
import { badRequest, conflict, notFound } from '../aws-error.js';
import { check, HTTP_METHODS, STATUS_CODE } from './validate.js';
import { applyPatch, readPatchOps, stringField, toBool, mapEntry, valueSet, type PatchRule } from './patch.js';
import { clone, compact, getApi, getMethod, getResource, type Obj, type RestApiRecord } from './store.js';

const M = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}';
const AUTH_MESSAGE =
  'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.';

function checkReferences(api: RestApiRecord, m: Obj): void {
  if (m.authorizationType === 'CUSTOM' || m.authorizationType === 'COGNITO_USER_POOLS') {
    if (!m.authorizerId || !api.authorizers[m.authorizerId]) throw badRequest(AUTH_MESSAGE);
  }
  if (m.requestValidatorId && !api.requestValidators[m.requestValidatorId]) throw badRequest('Invalid Request Validator identifier specified');
  for (const model of Object.values((m.requestModels ?? {}) as Record<string, string>)) {
    if (!api.models[model]) throw badRequest(`Invalid model identifier specified: ${model}`);
  }
  const names = Object.keys(m.requestParameters ?? {}).map((k) => k.replace(/^method\.request\.(querystring|header|path|multivaluequerystring|multivalueheader)\./, ''));
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) {
    throw badRequest('Parameter names must be unique across querystring, header and path');
  }
}

function putMethod(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('putMethodInput', b).required('authorizationType').done();
  const verb = ctx.params.http_method!;
  const api = getApi(ctx);
  const resource = getResource(ctx, api);
  if (!HTTP_METHODS.includes(verb)) throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`);
  if (resource.methods[verb]) throw conflict('Method already exists for this resource');
  const m: Obj = compact({
    httpMethod: verb,
    authorizationType: b.authorizationType,
    authorizerId: b.authorizerId,
    apiKeyRequired: Boolean(b.apiKeyRequired),
    requestValidatorId: b.requestValidatorId,
    operationName: b.operationName,
    requestParameters: b.requestParameters && Object.keys(b.requestParameters).length ? { ...b.requestParameters } : undefined,
    requestModels: b.requestModels && Object.keys(b.requestModels).length ? { ...b.requestModels } : undefined,
    authorizationScopes: b.authorizationScopes?.length ? [...b.authorizationScopes] : undefined,
  });
  checkReferences(api, m);
  resource.methods[verb] = m;
  return { status: 201, body: clone(m) };
}

const methodRules: PatchRule<Obj>[] = [
  stringField('authorizationType'),
  stringField('authorizerId'),
  { path: '/apiKeyRequired', ops: ['replace'], apply: (m, op) => (m.apiKeyRequired = toBool(op.value)) },
  stringField('operationName'),
  {
    path: '/requestValidatorId',
    ops: ['replace'],
    apply: (m, op) => {
      if (op.value) m.requestValidatorId = op.value;
      else delete m.requestValidatorId;
    },
  },
  mapEntry('requestParameters', ['add', 'replace', 'remove'], (v) => toBool(v)),
  mapEntry('requestModels', ['add', 'replace', 'remove'], (v) => v ?? ''),
  valueSet('/authorizationScopes', 'authorizationScopes'),
];

function updateMethod(ctx: RequestContext) {
  const ops = readPatchOps(ctx, 'updateMethodInput');
  const api = getApi(ctx);
  const m = getMethod(ctx, api);
  const updated = applyPatch(clone(m), ops, methodRules, 'simple');
  if (updated.authorizationType !== 'CUSTOM' && updated.authorizationType !== 'COGNITO_USER_POOLS') {
    // AWS keeps an authorizer only for the types that use one.
    if (!ops.some((o) => o.path === '/authorizerId')) delete updated.authorizerId;
  }
  for (const k of ['requestParameters', 'requestModels', 'authorizationScopes']) {
    const v = updated[k];
    if (v && (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0)) delete updated[k];
  }
  checkReferences(api, updated);
  getResource(ctx, api).methods[ctx.params.http_method!] = updated;
  return { status: 200, body: clone(updated) };
}

// ---- method responses -------------------------------------------------------------------------

function statusCheck(ctx: RequestContext, input?: string): void {
  const c = check(input ?? '', ctx.body);
  const status = ctx.params.status_code;
  if (input) readPatchOpsInto(ctx, input, c);
  c.pattern('statusCode', status, STATUS_CODE, '[1-5]\\d\\d').done();
}

/** Op-name errors come before the status-code error in AWS's combined message. */
function readPatchOpsInto(ctx: RequestContext, input: string, c: ReturnType<typeof check>): void {
  try {
    readPatchOps(ctx, input);
  } catch (err) {
    const msg = (err as Error).message.replace(/^\d+ validation errors? detected: /, '');
    c.add(...msg.split('; '));
  }
}

function putMethodResponse(ctx: RequestContext) {
  statusCheck(ctx);
  const b = (ctx.body ?? {}) as Obj;
  const m = getMethod(ctx);
  const status = ctx.params.status_code!;
  const mr: Obj = compact({ statusCode: status, responseParameters: b.responseParameters, responseModels: b.responseModels });
  m.methodResponses = { ...(m.methodResponses ?? {}), [status]: clone(mr) };
  return { status: 201, body: mr };
}

function getMethodResponse(ctx: RequestContext): Obj {
  const mr = getMethod(ctx).methodResponses?.[ctx.params.status_code!];
  if (!mr) throw notFound('Invalid Response status code specified');
  return mr;
}

const methodResponseRules: PatchRule<Obj>[] = [
  mapEntry('responseModels', ['add', 'replace', 'remove'], (v) => v ?? '', () => notFound('Content-Type specified was not found')),
  mapEntry('responseParameters', ['add', 'replace', 'remove'], (v) => toBool(v), () => notFound('Invalid parameter name specified')),
];

function updateMethodResponse(ctx: RequestContext) {
  statusCheck(ctx, 'updateMethodResponseInput');
  const ops = readPatchOps(ctx, 'updateMethodResponseInput');
  const m = getMethod(ctx);
  const mr = getMethodResponse(ctx);
  const updated = applyPatch(clone(mr), ops, methodResponseRules, 'simple');
  m.methodResponses[ctx.params.status_code!] = updated;
  // UpdateMethodResponse answers 201, unlike the other Update calls (service model).
  return { status: 201, body: clone(updated) };
}

export const methodRoutes: Route[] = [
  { method: 'PUT', path: M, operation: 'PutMethod', handler: putMethod },
  { method: 'GET', path: M, operation: 'GetMethod', handler: (ctx) => ({ status: 200, body: clone(getMethod(ctx)) }) },
  { method: 'PATCH', path: M, operation: 'UpdateMethod', handler: updateMethod },
  {
    method: 'DELETE',
    path: M,
    operation: 'DeleteMethod',
    handler: (ctx) => {
      getMethod(ctx);
      delete getResource(ctx).methods[ctx.params.http_method!];
      return { status: 204 };
    },
  },
  { method: 'PUT', path: `${M}/responses/{status_code}`, operation: 'PutMethodResponse', handler: putMethodResponse },
  {
    method: 'GET',
    path: `${M}/responses/{status_code}`,
    operation: 'GetMethodResponse',
    handler: (ctx) => {
      statusCheck(ctx);
      return { status: 200, body: clone(getMethodResponse(ctx)) };
    },
  },
  { method: 'PATCH', path: `${M}/responses/{status_code}`, operation: 'UpdateMethodResponse', handler: updateMethodResponse },
  {
    method: 'DELETE',
    path: `${M}/responses/{status_code}`,
    operation: 'DeleteMethodResponse',
    handler: (ctx) => {
      statusCheck(ctx);
      getMethodResponse(ctx);
      const m = getMethod(ctx);
      delete m.methodResponses[ctx.params.status_code!];
      if (Object.keys(m.methodResponses).length === 0) delete m.methodResponses;
      return { status: 204 };
    },
  },
];
