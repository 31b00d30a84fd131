import type { RequestContext, Route } from '../router.js';
import { badRequest } from '../aws-error.js';
import { check, ENUMS } from './validate.js';
import { applyPatch, readPatchOps, stringField, boolField, toBool, type PatchRule, unescapePointer } from './patch.js';
import { paginate } from './pagination.js';
import { allDomains, clone, compact, epoch, getApi, uniqueId, v1, type Obj, type RestApiRecord } from './store.js';
import { defaultModels } from './models.js';
import { checkTls } from './tls.js';

const ENDPOINT_TYPES = ['PRIVATE', 'EDGE', 'REGIONAL'];
const IP_TYPES = ['ipv4', 'dualstack'];
const COMPRESSION = 'Invalid minimum compression size, must be between 0 and 10485760';

/**
 * The RestApi as AWS returns it. `tags` appear on GetRestApi and UpdateRestApi always, on
 * CreateRestApi and GetRestApis only when there are some (as recorded).
 */
export function restApiView(rec: RestApiRecord, alwaysTags: boolean): Obj {
  const a = clone(rec.api);
  if (!a.binaryMediaTypes?.length) delete a.binaryMediaTypes;
  if (!alwaysTags && Object.keys(a.tags ?? {}).length === 0) delete a.tags;
  if (alwaysTags) a.tags ??= {};
  return a;
}

function createRestApi(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  const ec = (b.endpointConfiguration ?? {}) as Obj;
  check('createRestApiInput', b)
    .required('name')
    .oneOf('apiKeySource', b.apiKeySource, ['HEADER', 'AUTHORIZER'])
    .eachOneOf('endpointConfiguration.types', ec.types, ENDPOINT_TYPES)
    .oneOf('endpointConfiguration.ipAddressType', ec.ipAddressType, IP_TYPES)
    .oneOf('securityPolicy', b.securityPolicy, ENUMS.securityPolicy)
    .oneOf('endpointAccessMode', b.endpointAccessMode, ENUMS.endpointAccessMode)
    .done();
  if (b.description === '') throw badRequest('Description cannot be an empty string');
  const mcs = b.minimumCompressionSize;
  if (mcs !== undefined && mcs !== null && !(Number.isInteger(mcs) && mcs >= 0 && mcs <= 10485760)) throw badRequest(COMPRESSION);
  let types: string[] = ['EDGE'];
  if (b.endpointConfiguration && Array.isArray(ec.types)) {
    if (ec.types.length === 0) throw badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
    if (ec.types.length > 1) throw badRequest('Cannot create an api with multiple Endpoint Types.');
    types = ec.types;
  }
  const ipAddressType = ec.ipAddressType ?? (types[0] === 'PRIVATE' ? 'dualstack' : 'ipv4');
  if (types[0] === 'PRIVATE' && ipAddressType !== 'dualstack') throw badRequest('Only dualstack ipAddressType is supported for Private APIs.');
  checkTls(b, types, 'RestApi');

  const state = v1(ctx);
  const id = uniqueId(10, state.restApis);
  const rootId = uniqueId(10, {});
  const api: Obj = compact({
    id,
    name: b.name,
    description: b.description,
    createdDate: epoch(ctx),
    version: b.version,
    binaryMediaTypes: b.binaryMediaTypes?.length ? [...b.binaryMediaTypes] : undefined,
    minimumCompressionSize: mcs ?? undefined,
    apiKeySource: b.apiKeySource ?? 'HEADER',
    endpointConfiguration: compact({ types, ipAddressType, vpcEndpointIds: ec.vpcEndpointIds?.length ? ec.vpcEndpointIds : undefined }),
    policy: b.policy,
    tags: { ...(b.tags ?? {}) },
    disableExecuteApiEndpoint: Boolean(b.disableExecuteApiEndpoint),
    // Returned only when set: none of the RestApi responses recorded from AWS carries one (the
    // policy in force by default is TLS_1_0, or TLS_1_2 for a private API).
    securityPolicy: b.securityPolicy,
    endpointAccessMode: b.endpointAccessMode,
    rootResourceId: rootId,
  });
  const rec: RestApiRecord = {
    api,
    resources: { [rootId]: { id: rootId, methods: {} } },
    authorizers: {},
    models: defaultModels(),
    requestValidators: {},
    gatewayResponses: {},
    deployments: {},
    stages: {},
  };
  state.restApis[id] = rec;
  ctx.consistency?.model.recordCreate(REST_API_KIND, id);
  return { status: 201, body: restApiView(rec, false) };
}

/** Consistency kind of REST APIs: a new one can be missing from GetRestApis for a while (consistency.ts). */
export const REST_API_KIND = 'apigateway:restapi';

const restApiRules: PatchRule<Obj>[] = [
  stringField('name'),
  {
    path: '/apiKeySource',
    ops: ['replace'],
    apply: (a, op) => {
      if (op.value !== 'HEADER' && op.value !== 'AUTHORIZER') throw badRequest(`Invalid API Key source specified: ${op.value}`);
      a.apiKeySource = op.value;
    },
  },
  boolField('disableExecuteApiEndpoint'),
  {
    path: '/minimumCompressionSize',
    ops: ['replace'],
    apply: (a, op) => {
      if (op.value === null || op.value === undefined || op.value === '') return void delete a.minimumCompressionSize;
      const n = Number(op.value);
      if (!Number.isInteger(n) || n < 0 || n > 10485760) throw badRequest(COMPRESSION);
      a.minimumCompressionSize = n;
    },
  },
  stringField('policy'),
  stringField('securityPolicy'),
  stringField('endpointAccessMode'),
  {
    path: '/endpointConfiguration/ipAddressType',
    ops: ['replace'],
    apply: (a, op) => {
      if (!IP_TYPES.includes(String(op.value))) throw badRequest('ipAddressType must be either ipv4 or dualstack.');
      a.endpointConfiguration.ipAddressType = op.value;
    },
  },
  stringField('description', ['add', 'replace', 'remove']),
  {
    path: '/binaryMediaTypes/{type}',
    ops: ['add', 'replace', 'remove'],
    apply: (a, op, [type]) => {
      const list: string[] = (a.binaryMediaTypes ??= []);
      // AWS's replace removes the named type and appends the new one at the end.
      if (op.op !== 'add') {
        const i = list.indexOf(type!);
        if (i >= 0) list.splice(i, 1);
      }
      if (op.op === 'add') list.push(type!);
      if (op.op === 'replace' && op.value) list.push(unescapePointer(op.value));
    },
  },
  {
    path: '/endpointConfiguration/types/{type}',
    ops: ['add', 'replace', 'remove'],
    apply: (a, op, [type]) => {
      const ec = a.endpointConfiguration;
      if (op.op === 'remove') {
        ec.types = ec.types.filter((t: string) => t !== type);
        return;
      }
      if (!ENDPOINT_TYPES.includes(String(op.value))) throw badRequest('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
      ec.types = op.op === 'replace' ? ec.types.map((t: string) => (t === type || /^\d+$/.test(type!) ? op.value : t)) : [...ec.types, op.value];
      // Private APIs are dualstack only; switching to PRIVATE switches the address type with it.
      if (ec.types.includes('PRIVATE')) ec.ipAddressType = 'dualstack';
    },
  },
  {
    path: '/endpointConfiguration/vpcEndpointIds',
    ops: ['add', 'remove'],
    apply: (a, op) => {
      const ec = a.endpointConfiguration;
      const ids: string[] = ec.vpcEndpointIds ?? [];
      const v = String(op.value ?? '');
      ec.vpcEndpointIds = op.op === 'add' ? [...new Set([...ids, v])] : ids.filter((x) => x !== v);
      if (ec.vpcEndpointIds.length === 0) delete ec.vpcEndpointIds;
    },
  },
];

function updateRestApi(ctx: RequestContext) {
  const ops = readPatchOps(ctx, 'updateRestApiInput');
  const rec = getApi(ctx);
  const api = applyPatch(clone(rec.api), ops, restApiRules, 'simple');
  const ec = api.endpointConfiguration;
  if (ec.types?.length === 0) throw badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
  // "When a private API is mapped to a private custom domain name, you can't change the API's endpoint type" (developer guide).
  if (String(ec.types) !== String(rec.api.endpointConfiguration?.types)) {
    const domains = Object.values(v1(ctx).privateDomainNames).filter((d) => Object.values(d.mappings).some((m) => m.restApiId === rec.api.id));
    if (domains.length > 0) {
      throw badRequest(`Cannot change the endpoint type of REST API ${rec.api.id}: it is mapped to private custom domain names: ${domains.map((d) => d.domain.domainNameArn).join(', ')}.`);
    }
  }
  if (ec.types?.includes('PRIVATE') && ec.ipAddressType !== 'dualstack') throw badRequest('Only dualstack ipAddressType is supported for Private APIs.');
  if (typeof api.disableExecuteApiEndpoint !== 'boolean') api.disableExecuteApiEndpoint = toBool(api.disableExecuteApiEndpoint);
  if (api.endpointAccessMode === '') delete api.endpointAccessMode;
  check('updateRestApiInput', api).oneOf('securityPolicy', api.securityPolicy, ENUMS.securityPolicy)
    .oneOf('endpointAccessMode', api.endpointAccessMode, ENUMS.endpointAccessMode).done();
  checkTls(api, ec.types ?? [], 'RestApi');
  rec.api = api;
  return { status: 200, body: restApiView(rec, true) };
}

function deleteRestApi(ctx: RequestContext) {
  const state = v1(ctx);
  const id = ctx.params.restapi_id!;
  getApi(ctx, id);
  // AWS refuses while a custom domain still maps to the API (message seen from real AWS).
  const mapped = allDomains(state)
    .filter((d) => Object.values(d.mappings).some((m) => m.restApiId === id))
    .map((d) => d.domain.domainName);
  if (mapped.length > 0) {
    throw badRequest(`Deleting RestApi ${id} failed. Please remove all base path mappings related to the RestApi in your domains: ${mapped.join(', ')}.`);
  }
  delete state.restApis[id];
  // Usage plans and API keys stop naming the deleted API's stages.
  for (const up of Object.values(state.usagePlans)) {
    up.plan.apiStages = (up.plan.apiStages ?? []).filter((s: Obj) => s.apiId !== id);
  }
  for (const k of Object.values(state.apiKeys)) k.stageKeys = (k.stageKeys ?? []).filter((s: string) => !s.startsWith(`${id}/`));
  return { status: 202 };
}

export const restApiRoutes: Route[] = [
  { method: 'POST', path: '/restapis', operation: 'CreateRestApi', handler: createRestApi },
  {
    method: 'GET',
    path: '/restapis',
    operation: 'GetRestApis',
    handler: (ctx) => {
      const listed = Object.values(v1(ctx).restApis).filter((r) => !ctx.consistency?.model.hidden(REST_API_KIND, r.api.id as string, ctx.consistency.timeScale));
      const page = paginate(ctx, listed.map((r) => restApiView(r, false)));
      return { status: 200, body: page };
    },
  },
  { method: 'GET', path: '/restapis/{restapi_id}', operation: 'GetRestApi', handler: (ctx) => ({ status: 200, body: restApiView(getApi(ctx), true) }) },
  { method: 'PATCH', path: '/restapis/{restapi_id}', operation: 'UpdateRestApi', handler: updateRestApi },
  { method: 'DELETE', path: '/restapis/{restapi_id}', operation: 'DeleteRestApi', handler: deleteRestApi },
];

