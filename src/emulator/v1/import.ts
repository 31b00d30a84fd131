import { parse as parseYaml } from 'yaml';
import type { RequestContext, Route } from '../router.js';
import { AwsError, badRequest } from '../aws-error.js';
import { REST_API_KIND, restApiView } from './rest-apis.js';
import { DEFAULT_RESOURCES_PER_API } from './resources.js';
import { clone, compact, epoch, getApi, uniqueId, v1, type Obj, type ResourceRecord, type RestApiRecord } from './store.js';
import { importParts } from './documentation.js';

/**
 * ImportRestApi (`POST /restapis?mode=import`) and PutRestApi (`PUT /restapis/{id}?mode=merge|overwrite`):
 * a Swagger 2.0 or OpenAPI 3 document (JSON or YAML) with API Gateway's extensions becomes resources,
 * methods, integrations, responses, models, authorizers, request validators and gateway responses.
 *
 * As AWS does (developer guide, "Import a REST API" and "Import an OpenAPI file to update an existing
 * API definition"; responses in shared/aws-recorded/apigateway-import.json):
 * - import creates only what the document describes (no default Empty/Error models);
 * - merge keeps what the document does not name; a method the document names replaces the live one
 *   whole; models, authorizers and validators of the same name are updated in place (their ids kept);
 *   binary media types are added to the live ones; the title renames the API;
 * - overwrite makes the API exactly the document (stages, endpoint configuration and tags stay);
 * - `basepath=ignore|prepend|split` places the paths, `endpointConfigurationTypes` sets the new
 *   API's endpoint type; each import is one transaction: a document with errors changes nothing;
 * - what the importer skips is reported as `warnings`; `failonwarnings=true` turns them into a
 *   400 and nothing is changed.
 */

const VERBS: Record<string, string> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};
const PATH_PART = /^(?:[a-zA-Z0-9._:-]+|\{[a-zA-Z0-9._-]+\+?\})$/;
const INVALID = 'Invalid OpenAPI input.';
const LOCATIONS: Record<string, string> = { path: 'path', query: 'querystring', header: 'header' };

interface Doc {
  raw: Obj;
  oas3: boolean;
}

function readDoc(ctx: RequestContext): Doc {
  const text = ctx.rawBody.toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    try {
      raw = parseYaml(text);
    } catch {
      throw badRequest(INVALID);
    }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest(INVALID);
  const o = raw as Obj;
  const oas3 = typeof o.openapi === 'string' && /^3\./.test(o.openapi);
  const swagger = String(o.swagger ?? '') === '2.0';
  if (!oas3 && !swagger) throw badRequest(INVALID);
  if (o.paths !== undefined && (typeof o.paths !== 'object' || o.paths === null)) throw badRequest(INVALID);
  return { raw: o, oas3 };
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);
const nonEmpty = <T extends object>(o: T | undefined): T | undefined => (o && Object.keys(o).length ? o : undefined);

/** The base path of the document: Swagger's `basePath`, or the path of OpenAPI 3's first server URL (variables filled in). */
function basePathOf(doc: Doc): string {
  if (!doc.oas3) return typeof doc.raw.basePath === 'string' ? doc.raw.basePath : '';
  const server = Array.isArray(doc.raw.servers) ? (doc.raw.servers[0] as Obj | undefined) : undefined;
  if (!server || typeof server.url !== 'string') return '';
  const url = server.url.replace(/\{([^}]+)\}/g, (_, v: string) => String((server.variables as Obj | undefined)?.[v]?.default ?? ''));
  const path = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(url)?.[1] ?? (url.startsWith('/') ? url : '');
  return path;
}

function placedPath(path: string, base: string, mode: string): string {
  const parts = base.split('/').filter(Boolean);
  const prefix = mode === 'prepend' ? parts : mode === 'split' ? parts.slice(1) : [];
  const rest = path.split('/').filter(Boolean);
  return `/${[...prefix, ...rest].join('/')}`;
}

/** `#/components/schemas/X` or `#/definitions/X` -> X. */
function refName(ref: unknown): string | undefined {
  if (typeof ref !== 'string') return undefined;
  return /^#\/(?:components\/schemas|definitions)\/([^/]+)$/.exec(ref)?.[1];
}

function rewriteRefs(v: unknown, base: string): unknown {
  if (Array.isArray(v)) return v.map((x) => rewriteRefs(x, base));
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    const name = k === '$ref' ? refName(x) : undefined;
    out[k] = name ? `${base}/${name}` : rewriteRefs(x, base);
  }
  return out;
}

interface Importer {
  api: RestApiRecord;
  warnings: string[];
  ctx: RequestContext;
}

function importModels(im: Importer, doc: Doc): void {
  const schemas = (doc.oas3 ? doc.raw.components?.schemas : doc.raw.definitions) as Obj | undefined;
  if (!isObj(schemas)) return;
  const base = `https://apigateway.amazonaws.com/restapis/${im.api.api.id}/models`;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!/^[a-zA-Z0-9]+$/.test(name)) {
      im.warnings.push(`Skipping model '${name}': model names must be alphanumeric.`);
      continue;
    }
    const existing = im.api.models[name];
    im.api.models[name] = compact({
      id: existing?.id ?? uniqueId(6, {}),
      name,
      description: isObj(schema) && typeof schema.description === 'string' ? schema.description : undefined,
      schema: JSON.stringify(rewriteRefs(schema, base)),
      contentType: 'application/json',
    });
  }
}

function importValidators(im: Importer, doc: Doc): void {
  const vs = doc.raw['x-amazon-apigateway-request-validators'];
  if (!isObj(vs)) return;
  for (const [name, v] of Object.entries(vs)) {
    const existing = Object.values(im.api.requestValidators).find((x) => x.name === name);
    const rv = compact({
      id: existing?.id ?? uniqueId(6, im.api.requestValidators),
      name,
      validateRequestBody: Boolean((v as Obj)?.validateRequestBody),
      validateRequestParameters: Boolean((v as Obj)?.validateRequestParameters),
    });
    im.api.requestValidators[rv.id] = rv;
  }
}

type Scheme = { kind: 'authorizer'; id: string; type: string } | { kind: 'apiKey' } | { kind: 'iam' } | { kind: 'none' };

function importSecuritySchemes(im: Importer, doc: Doc): Map<string, Scheme> {
  const schemes = (doc.oas3 ? doc.raw.components?.securitySchemes : doc.raw.securityDefinitions) as Obj | undefined;
  const out = new Map<string, Scheme>();
  if (!isObj(schemes)) return out;
  for (const [name, s] of Object.entries(schemes)) {
    if (!isObj(s)) continue;
    const a = s['x-amazon-apigateway-authorizer'];
    if (isObj(a)) {
      const type = String(upper(a.type ?? 'token'));
      const kind = type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : type === 'REQUEST' ? 'REQUEST' : 'TOKEN';
      const existing = Object.values(im.api.authorizers).find((x) => x.name === name);
      const identitySource = a.identitySource ?? (kind !== 'REQUEST' && s.in === 'header' && s.name ? `method.request.header.${s.name}` : undefined);
      const auth = compact({
        id: existing?.id ?? uniqueId(6, im.api.authorizers),
        name,
        type: kind,
        providerARNs: Array.isArray(a.providerARNs) && a.providerARNs.length ? [...a.providerARNs] : undefined,
        authType: s['x-amazon-apigateway-authtype'],
        authorizerUri: a.authorizerUri,
        authorizerCredentials: a.authorizerCredentials,
        identitySource,
        identityValidationExpression: a.identityValidationExpression,
        authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds ?? 300,
      });
      im.api.authorizers[auth.id] = auth;
      out.set(name, { kind: 'authorizer', id: auth.id, type: kind === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM' });
    } else if (String(s['x-amazon-apigateway-authtype'] ?? '').toLowerCase() === 'awssigv4') {
      out.set(name, { kind: 'iam' });
    } else if (s.type === 'apiKey' && String(s.name).toLowerCase() === 'x-api-key') {
      out.set(name, { kind: 'apiKey' });
    } else {
      im.warnings.push(`Unsupported security definition type '${String(s.type)}' for '${name}', ignoring.`);
      out.set(name, { kind: 'none' });
    }
  }
  return out;
}

function importGatewayResponses(im: Importer, doc: Doc): void {
  const grs = doc.raw['x-amazon-apigateway-gateway-responses'];
  if (!isObj(grs)) return;
  for (const [type, g] of Object.entries(grs)) {
    if (!isObj(g)) continue;
    const gr: Obj = {
      defaultResponse: false,
      responseParameters: { ...(g.responseParameters ?? {}) },
      responseTemplates: nonEmpty(g.responseTemplates) ? { ...g.responseTemplates } : { 'application/json': '{"message":$context.error.messageString}' },
      responseType: type,
    };
    if (g.statusCode !== undefined) gr.statusCode = String(g.statusCode);
    im.api.gatewayResponses[type] = gr;
  }
}

/** The resource at `path`, created with its missing ancestors. */
function ensureResource(im: Importer, path: string, byPath: Map<string, ResourceRecord>): ResourceRecord {
  const found = byPath.get(path);
  if (found) return found;
  const parts = path.split('/').filter(Boolean);
  const parentPath = parts.length > 1 ? `/${parts.slice(0, -1).join('/')}` : '/';
  const parent = ensureResource(im, parentPath, byPath);
  const pathPart = parts[parts.length - 1]!;
  if (!PATH_PART.test(pathPart)) throw badRequest(`Errors found during import:\n\tInvalid resource path part: ${pathPart}`);
  const limit = im.ctx.limits?.resourcesPerApi ?? DEFAULT_RESOURCES_PER_API;
  if (Object.keys(im.api.resources).length >= limit) {
    throw new AwsError('LimitExceededException', 429, `Cannot create more than ${limit} resources in a REST API`);
  }
  const r: ResourceRecord = { id: uniqueId(6, im.api.resources), parentId: parent.id, pathPart, methods: {} };
  im.api.resources[r.id] = r;
  byPath.set(path, r);
  return r;
}

function schemaModel(im: Importer, schema: unknown, where: string): string | undefined {
  if (!isObj(schema)) return undefined;
  const name = refName(schema.$ref);
  if (name && im.api.models[name]) return name;
  if (name) throw badRequest(`Errors found during import:\n\tInvalid model identifier specified: ${name} (${where})`);
  im.warnings.push(`Inline schema for ${where} is not supported; only $ref to a model is imported.`);
  return undefined;
}

function importMethod(im: Importer, doc: Doc, resource: ResourceRecord, verb: string, op: Obj, pathItem: Obj, schemes: Map<string, Scheme>, where: string): Obj {
  const m: Obj = { httpMethod: verb, authorizationType: 'NONE', apiKeyRequired: false };
  if (typeof op.operationId === 'string') m.operationName = op.operationId;
  // Parameters: the path item's, then the operation's (same name and place: the operation's wins).
  const params = new Map<string, Obj>();
  for (const p of [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
    if (isObj(p)) params.set(`${p.in}:${p.name}`, p);
  }
  const requestParameters: Obj = {};
  const consumes: string[] = Array.isArray(op.consumes) ? op.consumes : Array.isArray(doc.raw.consumes) ? doc.raw.consumes : ['application/json'];
  const requestModels: Obj = {};
  for (const p of params.values()) {
    if (p.in === 'body') {
      const model = schemaModel(im, p.schema, where);
      if (model) for (const ct of consumes) requestModels[ct] = model;
      continue;
    }
    const loc = LOCATIONS[String(p.in)];
    if (!loc) {
      im.warnings.push(`Parameter '${String(p.name)}' in '${String(p.in)}' of ${where} is not supported, ignoring.`);
      continue;
    }
    requestParameters[`method.request.${loc}.${String(p.name)}`] = loc === 'path' ? true : p.required === true;
  }
  if (doc.oas3 && isObj(op.requestBody) && isObj(op.requestBody.content)) {
    for (const [ct, media] of Object.entries(op.requestBody.content as Obj)) {
      const model = schemaModel(im, (media as Obj)?.schema, where);
      if (model) requestModels[ct] = model;
    }
  }
  if (nonEmpty(requestParameters)) m.requestParameters = requestParameters;
  if (nonEmpty(requestModels)) m.requestModels = requestModels;

  // Security: the operation's, else the document's.
  const security = Array.isArray(op.security) ? op.security : Array.isArray(doc.raw.security) ? doc.raw.security : [];
  for (const req of security) {
    if (!isObj(req)) continue;
    for (const [name, scopes] of Object.entries(req)) {
      const s = schemes.get(name);
      if (!s) throw badRequest(`Errors found during import:\n\tUnable to find security definition '${name}' referenced by ${where}`);
      if (s.kind === 'apiKey') m.apiKeyRequired = true;
      else if (s.kind === 'iam') m.authorizationType = 'AWS_IAM';
      else if (s.kind === 'authorizer') {
        m.authorizationType = s.type;
        m.authorizerId = s.id;
        if (Array.isArray(scopes) && scopes.length && s.type === 'COGNITO_USER_POOLS') m.authorizationScopes = [...scopes];
      }
    }
  }
  const validatorName = op['x-amazon-apigateway-request-validator'] ?? doc.raw['x-amazon-apigateway-request-validator'];
  if (typeof validatorName === 'string') {
    const rv = Object.values(im.api.requestValidators).find((x) => x.name === validatorName);
    if (!rv) throw badRequest(`Errors found during import:\n\tInvalid request validator '${validatorName}' for ${where}`);
    m.requestValidatorId = rv.id;
  }

  // Method responses.
  const produces: string[] = Array.isArray(op.produces) ? op.produces : Array.isArray(doc.raw.produces) ? doc.raw.produces : ['application/json'];
  const methodResponses: Obj = {};
  for (const [status, r] of Object.entries(isObj(op.responses) ? op.responses : {})) {
    if (!/^[1-5]\d\d$/.test(status)) {
      im.warnings.push(`Response '${status}' of ${where} is not a status code, ignoring.`);
      continue;
    }
    const mr: Obj = { statusCode: status };
    const headers = isObj((r as Obj)?.headers) ? Object.keys((r as Obj).headers) : [];
    if (headers.length) mr.responseParameters = Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, false]));
    const models: Obj = {};
    if (doc.oas3 && isObj((r as Obj)?.content)) {
      for (const [ct, media] of Object.entries((r as Obj).content as Obj)) {
        const model = schemaModel(im, (media as Obj)?.schema, where);
        if (model) models[ct] = model;
      }
    } else if (!doc.oas3 && isObj((r as Obj)?.schema)) {
      const model = schemaModel(im, (r as Obj).schema, where);
      if (model) for (const ct of produces) models[ct] = model;
    }
    if (nonEmpty(models)) mr.responseModels = models;
    methodResponses[status] = mr;
  }
  if (nonEmpty(methodResponses)) m.methodResponses = methodResponses;

  const i = op['x-amazon-apigateway-integration'];
  if (isObj(i)) m.methodIntegration = integration(im, i, resource, where);
  else im.warnings.push(`No integration defined for method ${where}`);
  return m;
}

function integration(im: Importer, i: Obj, resource: ResourceRecord, where: string): Obj {
  const type = String(upper(i.type ?? ''));
  if (!['HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY', 'MOCK'].includes(type)) {
    throw badRequest(`Errors found during import:\n\tInvalid integration type '${String(i.type)}' for ${where}`);
  }
  const http = type === 'HTTP' || type === 'HTTP_PROXY';
  if (type !== 'MOCK' && (!i.uri || !i.httpMethod)) {
    throw badRequest(`Errors found during import:\n\tIntegration of ${where} needs a uri and an httpMethod`);
  }
  const responses: Obj = {};
  for (const [pattern, r] of Object.entries(isObj(i.responses) ? i.responses : {})) {
    if (!isObj(r)) continue;
    const status = String(r.statusCode ?? '');
    if (!/^[1-5]\d\d$/.test(status)) throw badRequest(`Errors found during import:\n\tInvalid integration response status code '${status}' for ${where}`);
    responses[status] = compact({
      statusCode: status,
      selectionPattern: pattern === 'default' ? undefined : pattern,
      responseParameters: nonEmpty(r.responseParameters),
      responseTemplates: r.responseTemplates === undefined ? undefined : templates(r.responseTemplates) ?? {},
      contentHandling: r.contentHandling,
    });
  }
  return compact({
    type,
    httpMethod: type === 'MOCK' ? undefined : String(upper(i.httpMethod)),
    uri: type === 'MOCK' ? undefined : i.uri,
    connectionType: i.connectionType ?? (http ? 'INTERNET' : undefined),
    connectionId: i.connectionId,
    credentials: i.credentials,
    requestParameters: nonEmpty(i.requestParameters) ? { ...i.requestParameters } : undefined,
    requestTemplates: templates(i.requestTemplates),
    passthroughBehavior: String(upper(i.passthroughBehavior ?? 'when_no_match')),
    contentHandling: i.contentHandling,
    timeoutInMillis: Number(i.timeoutInMillis ?? 29000),
    cacheNamespace: i.cacheNamespace ?? resource.id,
    cacheKeyParameters: Array.isArray(i.cacheKeyParameters) ? [...i.cacheKeyParameters] : [],
    tlsConfig: isObj(i.tlsConfig) ? { ...i.tlsConfig } : undefined,
    integrationResponses: nonEmpty(responses),
  });
}

const templates = (t: unknown): Obj | undefined =>
  isObj(t) && Object.keys(t).length ? Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v === '' || v === undefined ? null : v])) : undefined;

function importPaths(im: Importer, doc: Doc, schemes: Map<string, Scheme>): void {
  const base = basePathOf(doc);
  const mode = im.ctx.query.get('basepath') ?? im.ctx.query.get('basePath') ?? 'ignore';
  if (!['ignore', 'prepend', 'split'].includes(mode)) throw badRequest(`Invalid basepath parameter: ${mode}. Valid values are ignore, prepend, split`);
  const byPath = new Map<string, ResourceRecord>();
  for (const r of Object.values(im.api.resources)) byPath.set(pathOf(im.api, r), r);
  for (const [rawPath, item] of Object.entries(isObj(doc.raw.paths) ? doc.raw.paths : {})) {
    if (!isObj(item)) continue;
    const path = placedPath(rawPath, base, mode);
    const resource = ensureResource(im, path, byPath);
    for (const [k, op] of Object.entries(item)) {
      const verb = VERBS[k];
      if (!verb || !isObj(op)) continue;
      resource.methods[verb] = importMethod(im, doc, resource, verb, op, item, schemes, `${verb} ${path}`);
    }
  }
}

function pathOf(api: RestApiRecord, r: ResourceRecord): string {
  const parts: string[] = [];
  let cur: ResourceRecord | undefined = r;
  while (cur?.parentId) {
    parts.unshift(cur.pathPart!);
    cur = api.resources[cur.parentId];
  }
  return `/${parts.join('/')}`;
}

/** The API-level settings a document carries. */
function apiSettings(doc: Doc, api: Obj, mode: 'import' | 'merge' | 'overwrite'): void {
  const d = doc.raw;
  const info = isObj(d.info) ? d.info : {};
  if (typeof info.title === 'string' && info.title) api.name = info.title;
  if (info.version !== undefined) api.version = String(info.version);
  if (typeof info.description === 'string' && info.description) api.description = info.description;
  const bmt = d['x-amazon-apigateway-binary-media-types'];
  if (Array.isArray(bmt)) {
    const list = mode === 'merge' ? [...(api.binaryMediaTypes ?? [])] : [];
    for (const t of bmt) if (!list.includes(String(t))) list.push(String(t));
    api.binaryMediaTypes = list;
  } else if (mode === 'overwrite') delete api.binaryMediaTypes;
  const source = d['x-amazon-apigateway-api-key-source'];
  if (source !== undefined) {
    if (source !== 'HEADER' && source !== 'AUTHORIZER') throw badRequest(`Errors found during import:\n\tInvalid API Key source specified: ${String(source)}`);
    api.apiKeySource = source;
  }
  const policy = d['x-amazon-apigateway-policy'];
  if (policy !== undefined) api.policy = typeof policy === 'string' ? policy : JSON.stringify(policy);
  const mcs = d['x-amazon-apigateway-minimum-compression-size'];
  if (mcs !== undefined) api.minimumCompressionSize = Number(mcs);
  const ec = d['x-amazon-apigateway-endpoint-configuration'];
  if (isObj(ec) && mode === 'import') {
    if (typeof ec.disableExecuteApiEndpoint === 'boolean') api.disableExecuteApiEndpoint = ec.disableExecuteApiEndpoint;
    if (Array.isArray(ec.vpcEndpointIds) && ec.vpcEndpointIds.length) api.endpointConfiguration.vpcEndpointIds = [...ec.vpcEndpointIds];
  }
}

/** Tags of a new API: OpenAPI tags that carry `x-amazon-apigateway-tag-value`. */
function docTags(doc: Doc): Obj {
  const out: Obj = {};
  for (const t of Array.isArray(doc.raw.tags) ? doc.raw.tags : []) {
    if (isObj(t) && typeof t.name === 'string' && t['x-amazon-apigateway-tag-value'] !== undefined) out[t.name] = String(t['x-amazon-apigateway-tag-value']);
  }
  return out;
}

function runImport(im: Importer, doc: Doc, mode: 'import' | 'merge' | 'overwrite'): void {
  apiSettings(doc, im.api.api, mode);
  importModels(im, doc);
  importValidators(im, doc);
  const schemes = importSecuritySchemes(im, doc);
  importGatewayResponses(im, doc);
  importPaths(im, doc, schemes);
}

function failOnWarnings(ctx: RequestContext): boolean {
  return (ctx.query.get('failonwarnings') ?? ctx.query.get('failOnWarnings')) === 'true';
}

/** The document's `x-amazon-apigateway-documentation` parts, unless the call says `ignore=documentation`. */
function importDocumentation(im: Importer, doc: Doc, mode: string): void {
  if (im.ctx.query.get('ignore') === 'documentation') return;
  // A document without the extension leaves the parts as they are (AWS's behaviour for overwrite is not documented).
  if (doc.raw['x-amazon-apigateway-documentation'] === undefined) return;
  importParts(im.api, doc.raw, mode, im.warnings);
}

function finish(im: Importer, ctx: RequestContext): void {
  if (im.warnings.length && failOnWarnings(ctx)) {
    throw badRequest(`Warnings found during import:\n\t${im.warnings.join('\n\t')}`);
  }
}

function withWarnings(view: Obj, warnings: string[]): Obj {
  return warnings.length ? { ...view, warnings } : view;
}

function importRestApi(ctx: RequestContext) {
  const doc = readDoc(ctx);
  const state = v1(ctx);
  const typeParam = ctx.query.get('endpointConfigurationTypes');
  const types = typeParam ? typeParam.split(',') : ['EDGE'];
  if (types.length !== 1 || !['EDGE', 'REGIONAL', 'PRIVATE'].includes(types[0]!)) {
    throw badRequest('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
  }
  const info = isObj(doc.raw.info) ? doc.raw.info : {};
  if (typeof info.title !== 'string' || !info.title) throw badRequest('Errors found during import:\n\tInvalid API name: the document needs info.title');
  const id = uniqueId(10, state.restApis);
  const rootId = uniqueId(10, {});
  const api: Obj = {
    id,
    name: info.title,
    createdDate: epoch(ctx),
    apiKeySource: 'HEADER',
    endpointConfiguration: { types, ipAddressType: types[0] === 'PRIVATE' ? 'dualstack' : 'ipv4' },
    tags: docTags(doc),
    disableExecuteApiEndpoint: false,
    rootResourceId: rootId,
  };
  const rec: RestApiRecord = {
    api,
    resources: { [rootId]: { id: rootId, methods: {} } },
    authorizers: {},
    models: {},
    requestValidators: {},
    gatewayResponses: {},
    deployments: {},
    stages: {},
  };
  const im: Importer = { api: rec, warnings: [], ctx };
  runImport(im, doc, 'import');
  importDocumentation(im, doc, 'merge');
  finish(im, ctx);
  state.restApis[id] = rec;
  ctx.consistency?.model.recordCreate(REST_API_KIND, id);
  return { status: 201, body: withWarnings(restApiView(rec, false), im.warnings) };
}

function putRestApi(ctx: RequestContext) {
  const live = getApi(ctx);
  const doc = readDoc(ctx);
  const mode = ctx.query.get('mode') ?? 'merge';
  if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode: ${mode}. Valid values are merge, overwrite`);
  // One transaction: work on a copy, keep it only when the whole document went in.
  const rec = clone(live);
  if (mode === 'overwrite') {
    const root = rec.resources[rec.api.rootResourceId]!;
    rec.resources = { [root.id]: { id: root.id, methods: {} } };
    rec.models = {};
    rec.authorizers = {};
    rec.requestValidators = {};
    rec.gatewayResponses = {};
    for (const k of ['description', 'policy', 'minimumCompressionSize']) delete rec.api[k];
    rec.api.apiKeySource = 'HEADER';
  }
  const im: Importer = { api: rec, warnings: [], ctx };
  runImport(im, doc, mode);
  importDocumentation(im, doc, mode);
  finish(im, ctx);
  v1(ctx).restApis[rec.api.id] = rec;
  return { status: 200, body: withWarnings(restApiView(rec, true), im.warnings) };
}

export const importRoutes: Route[] = [
  { method: 'POST', path: '/restapis', operation: 'ImportRestApi', query: { mode: 'import' }, rawBody: true, handler: importRestApi },
  { method: 'PUT', path: '/restapis/{restapi_id}', operation: 'PutRestApi', rawBody: true, handler: putRestApi },
];
