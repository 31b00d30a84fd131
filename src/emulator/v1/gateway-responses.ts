import type { RequestContext, Route } from '../router.js';
import { badRequest, notFound } from '../aws-error.js';
import { applyPatch, readPatchOps, validationError, type PatchRule } from './patch.js';
import { clone, getApi, type Obj, type RestApiRecord } from './store.js';

const R = '/restapis/{restapi_id}/gatewayresponses';
const DEFAULT_TEMPLATE = { 'application/json': '{"message":$context.error.messageString}' };

/** Each type with its default status code; DEFAULT_4XX and DEFAULT_5XX have none. */
const DEFAULT_STATUS: Record<string, string | undefined> = {
  ACCESS_DENIED: '403',
  API_CONFIGURATION_ERROR: '500',
  AUTHORIZER_CONFIGURATION_ERROR: '500',
  AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_BODY: '400',
  BAD_REQUEST_PARAMETERS: '400',
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  EXPIRED_TOKEN: '403',
  INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504',
  INVALID_API_KEY: '403',
  INVALID_SIGNATURE: '403',
  MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429',
  REQUEST_TOO_LARGE: '413',
  RESOURCE_NOT_FOUND: '404',
  THROTTLED: '429',
  UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415',
  WAF_FILTERED: '403',
};
export const RESPONSE_TYPES = Object.keys(DEFAULT_STATUS);

/** The enum in the order AWS prints it in its validation message. */
const ENUM_ORDER =
  'REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN';

function responseType(ctx: RequestContext): string {
  const t = ctx.params.response_type!;
  if (!(t in DEFAULT_STATUS)) {
    throw validationError([`Value '${t}' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [${ENUM_ORDER}]`]);
  }
  return t;
}

/**
 * What GetGatewayResponse shows for a type: the override when one was put; otherwise the default,
 * which inherits status, parameters and templates from a customised DEFAULT_4XX/DEFAULT_5XX of its
 * class (recorded: untouched 5xx types follow a put DEFAULT_5XX and stay defaultResponse:true).
 */
export function gatewayResponseView(api: RestApiRecord, type: string): Obj {
  const own = api.gatewayResponses[type];
  if (own) return clone(own);
  const status = DEFAULT_STATUS[type];
  const parent = status ? api.gatewayResponses[status.startsWith('5') ? 'DEFAULT_5XX' : 'DEFAULT_4XX'] : undefined;
  const out: Obj = { defaultResponse: true, responseParameters: {}, responseTemplates: { ...DEFAULT_TEMPLATE }, responseType: type };
  if (status) out.statusCode = status;
  if (parent) {
    if (parent.statusCode) out.statusCode = parent.statusCode;
    out.responseParameters = clone(parent.responseParameters);
    out.responseTemplates = clone(parent.responseTemplates);
  }
  return out;
}

function putGatewayResponse(ctx: RequestContext) {
  const api = getApi(ctx);
  const type = responseType(ctx);
  const b = (ctx.body ?? {}) as Obj;
  const gr: Obj = {
    defaultResponse: false,
    responseParameters: { ...(b.responseParameters ?? {}) },
    responseTemplates: b.responseTemplates && Object.keys(b.responseTemplates).length ? { ...b.responseTemplates } : { ...DEFAULT_TEMPLATE },
    responseType: type,
  };
  const status = b.statusCode ?? DEFAULT_STATUS[type];
  if (status) gr.statusCode = status;
  api.gatewayResponses[type] = gr;
  return { status: 201, body: clone(gr) };
}

const mapRule = (field: 'responseParameters' | 'responseTemplates'): PatchRule<Obj> => ({
  path: `/${field}/{key}`,
  ops: ['add', 'replace', 'remove'],
  apply: (gr, op, [key]) => {
    const map: Obj = (gr[field] ??= {});
    if (op.op === 'remove') return void delete map[key!];
    if (op.op === 'replace' && !(key! in map)) throw notFound('Invalid parameter name specified');
    if (op.value === null || op.value === undefined || op.value === '') throw badRequest(`Invalid null or empty value in ${field}`);
    map[key!] = op.value;
  },
});

const rules: PatchRule<Obj>[] = [
  { path: '/statusCode', ops: ['replace'], apply: (gr, op) => (gr.statusCode = op.value) },
  mapRule('responseParameters'),
  mapRule('responseTemplates'),
];

export const gatewayResponseRoutes: Route[] = [
  {
    method: 'GET',
    path: R,
    operation: 'GetGatewayResponses',
    // Not paged: every type comes back in one answer, sorted by type.
    handler: (ctx) => {
      const api = getApi(ctx);
      return { status: 200, body: { item: [...RESPONSE_TYPES].sort().map((t) => gatewayResponseView(api, t)) } };
    },
  },
  {
    method: 'GET',
    path: `${R}/{response_type}`,
    operation: 'GetGatewayResponse',
    handler: (ctx) => {
      const api = getApi(ctx);
      return { status: 200, body: gatewayResponseView(api, responseType(ctx)) };
    },
  },
  { method: 'PUT', path: `${R}/{response_type}`, operation: 'PutGatewayResponse', handler: putGatewayResponse },
  {
    method: 'PATCH',
    path: `${R}/{response_type}`,
    operation: 'UpdateGatewayResponse',
    handler: (ctx) => {
      const api = getApi(ctx);
      const type = responseType(ctx);
      const ops = readPatchOps(ctx, 'updateGatewayResponseInput');
      const updated = applyPatch(gatewayResponseView(api, type), ops, rules, 'simple');
      updated.defaultResponse = false;
      api.gatewayResponses[type] = updated;
      return { status: 200, body: clone(updated) };
    },
  },
  {
    method: 'DELETE',
    path: `${R}/{response_type}`,
    operation: 'DeleteGatewayResponse',
    handler: (ctx) => {
      const api = getApi(ctx);
      const type = responseType(ctx);
      if (!api.gatewayResponses[type]) throw notFound('Gateway response type not defined on api');
      delete api.gatewayResponses[type];
      return { status: 202 };
    },
  },
];
