import type { RequestContext, Route } from '../router.js';
import { AwsError, badRequest, conflict, notFound } from '../aws-error.js';
import { check, ENUMS, STATUS_CODE } from './validate.js';
import { applyPatch, mapEntry, readPatchOps, stringField, toBool, toInt, type PatchRule } from './patch.js';
import { clone, compact, getApi, getMethod, type Obj } from './store.js';

const M = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}';
const TYPES = ['HTTP', 'MOCK', 'AWS_PROXY', 'HTTP_PROXY', 'AWS'];

function serializationCheck(map: unknown, javaType: (v: unknown) => string | undefined): void {
  for (const v of Object.values((map ?? {}) as Record<string, unknown>)) {
    const t = javaType(v);
    if (t) throw new AwsError('SerializationException', 400, `class ${t} can not be converted to an String`);
  }
}

const javaTypeOf = (v: unknown) =>
  typeof v === 'boolean' ? 'java.lang.Boolean' : typeof v === 'number' ? 'com.amazon.coral.value.json.numbers.TruncatingBigNumber' : undefined;

/** The checks AWS applies to an integration's type, method and URI (messages as recorded). */
function checkTarget(i: Obj): void {
  if (i.type === 'MOCK') return;
  if (!i.httpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
  const uri = String(i.uri ?? '');
  if (i.type === 'HTTP' || i.type === 'HTTP_PROXY') {
    if (!/^https?:\/\/[^\s/]+/.test(uri)) throw badRequest('Invalid HTTP endpoint specified for URI');
    return;
  }
  if (!uri.startsWith('arn:')) throw badRequest('Invalid ARN specified in the request');
  const service = uri.split(':')[2];
  const rest = uri.split(':').slice(5).join(':');
  if (service === 'apigateway' && !/^(path|action)\//.test(rest)) throw badRequest('AWS ARN for integration must contain path or action');
  if (i.type === 'AWS_PROXY' && !/:(lambda|firehose):/.test(uri)) {
    throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
  }
}

/** Passthrough templates (no value or "") are stored as null, as AWS returns them. */
const templates = (t: Obj | undefined) =>
  t && Object.keys(t).length ? Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v === '' || v === undefined ? null : v])) : undefined;

/**
 * The longest timeout an integration may have: 29000 ms; on regional and private APIs the
 * account's quota (raised up to 300000); 900000 (15 minutes) when the response is streamed.
 */
function maxTimeout(ctx: RequestContext, i: Obj): number {
  if (i.responseTransferMode === 'STREAM') return 900_000;
  const types: string[] = getApi(ctx).api.endpointConfiguration?.types ?? ['EDGE'];
  if (types.includes('EDGE')) return 29_000;
  return Math.min(300_000, Math.max(29_000, ctx.limits?.integrationTimeoutMillis ?? 29_000));
}

function checkTimeout(ctx: RequestContext, i: Obj): void {
  const max = maxTimeout(ctx, i);
  if (!(Number.isInteger(i.timeoutInMillis) && i.timeoutInMillis >= 50 && i.timeoutInMillis <= max)) {
    throw badRequest(`Timeout should be between 50 ms and ${max} ms`);
  }
}

function putIntegration(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('putIntegrationInput', b)
    .required('type')
    .oneOf('type', b.type, TYPES)
    .oneOf('connectionType', b.connectionType, ENUMS.connectionType)
    .oneOf('contentHandling', b.contentHandling, ENUMS.contentHandling)
    .oneOf('responseTransferMode', b.responseTransferMode, ENUMS.responseTransferMode)
    .done();
  serializationCheck(b.requestParameters, javaTypeOf);
  serializationCheck(b.requestTemplates, javaTypeOf);
  const m = getMethod(ctx);
  const http = b.type === 'HTTP' || b.type === 'HTTP_PROXY';
  const i: Obj = compact({
    type: b.type,
    httpMethod: b.httpMethod,
    uri: b.uri,
    connectionType: b.connectionType ?? (http ? 'INTERNET' : undefined),
    connectionId: b.connectionId,
    credentials: b.credentials,
    requestParameters: b.requestParameters && Object.keys(b.requestParameters).length ? { ...b.requestParameters } : undefined,
    requestTemplates: templates(b.requestTemplates),
    passthroughBehavior: b.passthroughBehavior ?? 'WHEN_NO_MATCH',
    contentHandling: b.contentHandling,
    timeoutInMillis: b.timeoutInMillis ?? 29000,
    cacheNamespace: b.cacheNamespace ?? ctx.params.resource_id,
    cacheKeyParameters: [...(b.cacheKeyParameters ?? [])],
    tlsConfig: b.tlsConfig,
    responseTransferMode: b.responseTransferMode,
    integrationTarget: b.integrationTarget,
  });
  checkTarget(i);
  checkTimeout(ctx, i);
  // PutIntegration replaces the whole integration, its responses included.
  m.methodIntegration = i;
  return { status: 201, body: clone(i) };
}

function getIntegration(ctx: RequestContext): Obj {
  const i = getMethod(ctx).methodIntegration;
  if (!i) throw notFound('Invalid Integration identifier specified');
  return i;
}

const integrationRules: PatchRule<Obj>[] = [
  stringField('cacheNamespace'),
  stringField('connectionId'),
  stringField('connectionType'),
  stringField('contentHandling'),
  stringField('passthroughBehavior'),
  {
    path: '/timeoutInMillis',
    ops: ['replace'],
    apply: (i, op) => {
      // Checked against the integration's final state (its transfer mode may change in the same request).
      i.timeoutInMillis = toInt(op.value, 'Timeout should be between 50 ms and 29000 ms');
    },
  },
  {
    path: '/tlsConfig/insecureSkipVerification',
    ops: ['replace'],
    apply: (i, op) => (i.tlsConfig = { ...(i.tlsConfig ?? {}), insecureSkipVerification: toBool(op.value) }),
  },
  stringField('integrationTarget'),
  stringField('responseTransferMode'),
  stringField('httpMethod'),
  stringField('uri'),
  stringField('credentials'),
  {
    path: '/cacheKeyParameters/{param}',
    ops: ['add', 'replace', 'remove'],
    apply: (i, op, [p]) => {
      const list: string[] = (i.cacheKeyParameters ?? []).filter((x: string) => x !== p);
      if (op.op === 'add') list.push(p!);
      if (op.op === 'replace' && op.value) list.push(op.value);
      i.cacheKeyParameters = list;
    },
  },
  mapEntry('requestParameters', ['add', 'replace', 'remove']),
  mapEntry('requestTemplates', ['add', 'replace', 'remove'], (v) => (v === '' || v === undefined ? null : v)),
];

function updateIntegration(ctx: RequestContext) {
  const ops = readPatchOps(ctx, 'updateIntegrationInput');
  const m = getMethod(ctx);
  const current = getIntegration(ctx);
  if (current.type === 'MOCK' && ops.some((o) => o.path === '/httpMethod' || o.path === '/uri')) {
    throw badRequest(`Invalid patch path ${ops.find((o) => o.path === '/httpMethod' || o.path === '/uri')!.path}`);
  }
  const updated = applyPatch(clone(current), ops, integrationRules, 'listed');
  for (const k of ['requestParameters', 'requestTemplates']) if (updated[k] && Object.keys(updated[k]).length === 0) delete updated[k];
  checkTarget(updated);
  if (ops.some((o) => o.path === '/timeoutInMillis' || o.path === '/responseTransferMode')) checkTimeout(ctx, updated);
  m.methodIntegration = updated;
  return { status: 200, body: clone(updated) };
}

// ---- integration responses ---------------------------------------------------------------------

function statusCheck(ctx: RequestContext): void {
  check('', ctx.body).pattern('statusCode', ctx.params.status_code, STATUS_CODE, '[1-5]\\d\\d').done();
}

function getIntegrationResponse(ctx: RequestContext): Obj {
  const ir = getIntegration(ctx).integrationResponses?.[ctx.params.status_code!];
  if (!ir) throw notFound('Invalid Response status code specified');
  return ir;
}

function putIntegrationResponse(ctx: RequestContext) {
  statusCheck(ctx);
  const b = (ctx.body ?? {}) as Obj;
  check('putIntegrationResponseInput', b).oneOf('contentHandling', b.contentHandling, ENUMS.contentHandling).done();
  serializationCheck(b.responseTemplates, javaTypeOf);
  serializationCheck(b.responseParameters, javaTypeOf);
  for (const ct of Object.keys(b.responseTemplates ?? {})) {
    if (!ct.includes('/')) throw badRequest(`Validation Result: warnings : [], errors : [Invalid content type specified: ${ct}]`);
  }
  const i = getIntegration(ctx);
  const status = ctx.params.status_code!;
  checkSelectionPattern(i, status, b.selectionPattern);
  const ir: Obj = compact({
    statusCode: status,
    selectionPattern: b.selectionPattern,
    responseParameters: b.responseParameters,
    responseTemplates: b.responseTemplates === undefined ? undefined : (templates(b.responseTemplates) ?? {}),
    contentHandling: b.contentHandling,
  });
  i.integrationResponses = { ...(i.integrationResponses ?? {}), [status]: clone(ir) };
  return { status: 201, body: ir };
}

/**
 * Two responses of one integration cannot share a selection pattern; no pattern is the `default`
 * one (AWS: 409 "Integration response with selection pattern default already exists").
 */
function checkSelectionPattern(i: Obj, status: string, pattern: string | undefined): void {
  const key = (p: unknown) => (p === undefined || p === null || p === '' ? 'default' : String(p));
  const clash = Object.values((i.integrationResponses ?? {}) as Record<string, Obj>).find(
    (r) => r.statusCode !== status && key(r.selectionPattern) === key(pattern),
  );
  if (clash) throw conflict(`Integration response with selection pattern ${key(pattern)} already exists`);
}

const integrationResponseRules: PatchRule<Obj>[] = [
  stringField('selectionPattern'),
  stringField('contentHandling'),
  mapEntry('responseParameters', ['add', 'replace', 'remove']),
  mapEntry('responseTemplates', ['add', 'replace', 'remove'], (v) => (v === '' || v === undefined ? null : v)),
];

function updateIntegrationResponse(ctx: RequestContext) {
  statusCheck(ctx);
  const ops = readPatchOps(ctx, 'updateIntegrationResponseInput');
  const i = getIntegration(ctx);
  const updated = applyPatch(clone(getIntegrationResponse(ctx)), ops, integrationResponseRules, 'listed');
  checkSelectionPattern(i, updated.statusCode, updated.selectionPattern);
  i.integrationResponses[ctx.params.status_code!] = updated;
  return { status: 200, body: clone(updated) };
}

export const integrationRoutes: Route[] = [
  { method: 'PUT', path: `${M}/integration`, operation: 'PutIntegration', handler: putIntegration },
  { method: 'GET', path: `${M}/integration`, operation: 'GetIntegration', handler: (ctx) => ({ status: 200, body: clone(getIntegration(ctx)) }) },
  { method: 'PATCH', path: `${M}/integration`, operation: 'UpdateIntegration', handler: updateIntegration },
  {
    method: 'DELETE',
    path: `${M}/integration`,
    operation: 'DeleteIntegration',
    handler: (ctx) => {
      getIntegration(ctx);
      delete getMethod(ctx).methodIntegration;
      return { status: 204 };
    },
  },
  { method: 'PUT', path: `${M}/integration/responses/{status_code}`, operation: 'PutIntegrationResponse', handler: putIntegrationResponse },
  {
    method: 'GET',
    path: `${M}/integration/responses/{status_code}`,
    operation: 'GetIntegrationResponse',
    handler: (ctx) => {
      statusCheck(ctx);
      return { status: 200, body: clone(getIntegrationResponse(ctx)) };
    },
  },
  { method: 'PATCH', path: `${M}/integration/responses/{status_code}`, operation: 'UpdateIntegrationResponse', handler: updateIntegrationResponse },
  {
    method: 'DELETE',
    path: `${M}/integration/responses/{status_code}`,
    operation: 'DeleteIntegrationResponse',
    handler: (ctx) => {
      statusCheck(ctx);
      // Here AWS reports a missing method as a missing integration (recorded).
      try {
        getMethod(ctx);
      } catch (err) {
        if ((err as Error).message === 'Invalid Method identifier specified') throw notFound('Invalid Integration identifier specified');
        throw err;
      }
      getIntegrationResponse(ctx);
      const i = getIntegration(ctx);
      delete i.integrationResponses[ctx.params.status_code!];
      if (Object.keys(i.integrationResponses).length === 0) delete i.integrationResponses;
      return { status: 204 };
    },
  },
];
