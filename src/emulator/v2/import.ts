import { parse as parseYaml } from 'yaml';
import { badRequest } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { createApi } from './apis.js';
import { createAuthorizer } from './authorizers.js';
import { apiChanged } from './deployments.js';
import { createIntegration } from './integrations.js';
import { createRoute } from './routes.js';
import { checkTags } from './tags.js';
import { type ApiRecord, type Wire, body, findApi, isHttp, v2State } from './store.js';

/**
 * ImportApi (`PUT /v2/apis`) and ReimportApi (`PUT /v2/apis/{apiId}`): an OpenAPI 3 (or Swagger
 * 2.0) document, JSON or YAML, sent as the `body` member, becomes an HTTP API with its routes,
 * integrations and authorizers. As AWS does (developer guide, "Working with OpenAPI definitions for
 * HTTP APIs" and the HTTP API extensions; the service model):
 * - each operation is a route (`x-amazon-apigateway-any-method` is ANY; the path `$default` the
 *   default route); its `x-amazon-apigateway-integration`, inline or a `$ref` to
 *   `components.x-amazon-apigateway-integrations`, its integration: a shared one is made once, an
 *   inline one per route;
 * - security schemes with `x-amazon-apigateway-authorizer` (`jwt`, `request`) are authorizers, and
 *   `x-amazon-apigateway-authtype: awsSigv4` is IAM authorization; `x-amazon-apigateway-cors` is
 *   the API's CORS; the root `tags` with `x-amazon-apigateway-tag-value` are the API's tags;
 *   `info.title`, `info.description` and `info.version` the API's name, description and version;
 * - `basepath=ignore|prepend|split` places the paths under the first server URL's path;
 * - what HTTP APIs cannot take (REST-only extensions, unknown verbs) is skipped and reported in
 *   `importInfo`; `failOnWarnings=true` turns warnings into a 400 and nothing is made;
 * - an import is one transaction: a document with an error changes nothing;
 * - ReimportApi overwrites the API's definition: routes, integrations and authorizers become exactly
 *   the document's (what it does not describe is deleted); the API's id, stages, deployments and
 *   tags stay (the document's tags are added).
 */

const VERBS: Record<string, string> = {
  get: 'GET', put: 'PUT', post: 'POST', delete: 'DELETE', options: 'OPTIONS', head: 'HEAD', patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};
/** OpenAPI path-item members that are not operations. */
const PATH_ITEM_OTHER = new Set(['parameters', 'summary', 'description', 'servers', '$ref']);
/** Root extensions of REST APIs that HTTP APIs do not take. */
const REST_ONLY = [
  'x-amazon-apigateway-request-validators', 'x-amazon-apigateway-gateway-responses', 'x-amazon-apigateway-binary-media-types',
  'x-amazon-apigateway-api-key-source', 'x-amazon-apigateway-policy', 'x-amazon-apigateway-minimum-compression-size',
  'x-amazon-apigateway-documentation',
];
const INVALID = 'Invalid OpenAPI input.';

const isObj = (v: unknown): v is Wire => typeof v === 'object' && v !== null && !Array.isArray(v);
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : undefined);
const defined = (o: Wire): Wire => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

interface Doc {
  raw: Wire;
  oas3: boolean;
}

function readDoc(ctx: RequestContext): Doc {
  const input = body(ctx);
  if (typeof input.body !== 'string' || input.body.trim() === '') throw badRequest('Body is required');
  let raw: unknown;
  try {
    raw = JSON.parse(input.body);
  } catch {
    try {
      raw = parseYaml(input.body);
    } catch {
      throw badRequest(INVALID);
    }
  }
  if (!isObj(raw)) throw badRequest(INVALID);
  const oas3 = typeof raw.openapi === 'string' && /^3\./.test(raw.openapi);
  if (!oas3 && String(raw.swagger ?? '') !== '2.0') throw badRequest(INVALID);
  if (raw.paths !== undefined && !isObj(raw.paths)) throw badRequest(INVALID);
  if (!isObj(raw.info) || typeof raw.info.title !== 'string' || raw.info.title === '') {
    throw badRequest('The API name (info.title) is required');
  }
  return { raw, oas3 };
}

function basepathMode(ctx: RequestContext): string {
  const mode = ctx.query.get('basepath') ?? 'ignore';
  if (!['ignore', 'prepend', 'split'].includes(mode)) {
    throw badRequest(`Invalid basepath specified: ${mode}. Valid values are ignore, prepend, and split.`);
  }
  return mode;
}

/** The base path: Swagger's `basePath`, or the path of OpenAPI 3's first server URL (variables filled in). */
function basePathOf(doc: Doc): string {
  if (!doc.oas3) return typeof doc.raw.basePath === 'string' ? doc.raw.basePath : '';
  const server = Array.isArray(doc.raw.servers) ? (doc.raw.servers[0] as Wire | undefined) : undefined;
  if (!server || typeof server.url !== 'string') return '';
  const url = server.url.replace(/\{([^}]+)\}/g, (_: string, v: string) => String((server.variables as Wire | undefined)?.[v]?.default ?? ''));
  return /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(url)?.[1] ?? (url.startsWith('/') ? url : '');
}

function placedPath(path: string, base: string, mode: string): string {
  if (path === '$default') return path;
  const parts = base.split('/').filter(Boolean);
  const prefix = mode === 'prepend' ? parts : mode === 'split' ? parts.slice(1) : [];
  const rest = path.split('/').filter(Boolean);
  return `/${[...prefix, ...rest].join('/')}`;
}

const identitySource = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v.map(String) : String(v).split(',').map((s) => s.trim()).filter(Boolean);

interface Built {
  rec: ApiRecord;
  warnings: string[];
}

/** The API record the document describes (not yet stored): the caller stores it or merges it in. */
function build(ctx: RequestContext, doc: Doc, mode: string): Built {
  const raw = doc.raw;
  const warnings: string[] = [];
  const tags: Record<string, string> = {};
  for (const t of Array.isArray(raw.tags) ? raw.tags : []) {
    if (isObj(t) && typeof t.name === 'string') tags[t.name] = t['x-amazon-apigateway-tag-value'] === undefined ? '' : String(t['x-amazon-apigateway-tag-value']);
  }
  checkTags(tags);
  const cors = raw['x-amazon-apigateway-cors'];
  const endpoint = raw['x-amazon-apigateway-endpoint-configuration'];
  const api = createApi(ctx, v2State(ctx), defined({
    name: raw.info.title,
    protocolType: 'HTTP',
    description: typeof raw.info.description === 'string' && raw.info.description !== '' ? raw.info.description : undefined,
    version: typeof raw.info.version === 'string' && raw.info.version !== '' ? raw.info.version : undefined,
    corsConfiguration: isObj(cors) ? cors : undefined,
    disableExecuteApiEndpoint: isObj(endpoint) && typeof endpoint.disableExecuteApiEndpoint === 'boolean' ? endpoint.disableExecuteApiEndpoint : undefined,
    tags,
  }));
  for (const ext of REST_ONLY) if (raw[ext] !== undefined) warnings.push(`${ext} is not supported for HTTP APIs, ignoring.`);

  // Authorizers, and which scheme names mean IAM.
  const schemes = ((doc.oas3 ? raw.components?.securitySchemes : raw.securityDefinitions) ?? {}) as Wire;
  const authorizers = new Map<string, Wire>();
  const iam = new Set<string>();
  for (const [name, s] of Object.entries(schemes)) {
    if (!isObj(s)) continue;
    const a = s['x-amazon-apigateway-authorizer'];
    if (isObj(a)) {
      const type = upper(a.type);
      const input: Wire = type === 'JWT'
        ? defined({
            name, authorizerType: 'JWT', identitySource: identitySource(a.identitySource),
            jwtConfiguration: isObj(a.jwtConfiguration) ? defined({ issuer: a.jwtConfiguration.issuer, audience: a.jwtConfiguration.audience }) : undefined,
          })
        : type === 'REQUEST'
          ? defined({
              name, authorizerType: 'REQUEST', identitySource: identitySource(a.identitySource) ?? [], authorizerUri: a.authorizerUri,
              authorizerCredentialsArn: a.authorizerCredentials, authorizerPayloadFormatVersion: a.authorizerPayloadFormatVersion,
              enableSimpleResponses: a.enableSimpleResponses, authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
            })
          : undefined as unknown as Wire;
      if (!input) {
        warnings.push(`Unsupported authorizer type '${String(a.type)}' for security scheme '${name}', ignoring.`);
        continue;
      }
      const created = createAuthorizer(api, input);
      api.authorizers.push(created);
      authorizers.set(name, created);
    } else if (s['x-amazon-apigateway-authtype'] === 'awsSigv4') {
      iam.add(name);
    } else {
      warnings.push(`Security scheme '${name}' has no x-amazon-apigateway-authorizer, ignoring.`);
    }
  }

  const shared = ((doc.oas3 ? raw.components?.['x-amazon-apigateway-integrations'] : raw['x-amazon-apigateway-integrations']) ?? {}) as Wire;
  const sharedIds = new Map<string, string>();
  const integrationFor = (i: Wire, where: string): string | undefined => {
    let spec = i;
    let sharedName: string | undefined;
    if (typeof i.$ref === 'string') {
      sharedName = /^#\/components\/x-amazon-apigateway-integrations\/(.+)$/.exec(i.$ref)?.[1];
      if (sharedName === undefined || !isObj(shared[sharedName])) throw badRequest(`Invalid integration reference ${i.$ref} in ${where}`);
      const known = sharedIds.get(sharedName);
      if (known) return known;
      spec = shared[sharedName];
    }
    const created = createIntegration(ctx, api, defined({
      integrationType: upper(spec.type),
      integrationUri: spec.uri,
      integrationMethod: spec.httpMethod,
      payloadFormatVersion: spec.payloadFormatVersion === undefined ? undefined : String(spec.payloadFormatVersion),
      connectionType: upper(spec.connectionType),
      connectionId: spec.connectionId,
      credentialsArn: spec.credentials,
      description: spec.description,
      integrationSubtype: spec.integrationSubtype,
      timeoutInMillis: spec.timeoutInMillis,
      requestParameters: spec.requestParameters,
      responseParameters: spec.responseParameters,
      tlsConfig: isObj(spec.tlsConfig) ? defined({ serverNameToVerify: spec.tlsConfig.serverNameToVerify }) : undefined,
    }));
    api.integrations.push(created);
    const id = created.integration.integrationId as string;
    if (sharedName !== undefined) sharedIds.set(sharedName, id);
    return id;
  };

  const base = basePathOf(doc);
  for (const [path, item] of Object.entries((raw.paths ?? {}) as Wire)) {
    if (!isObj(item)) continue;
    for (const [member, op] of Object.entries(item)) {
      if (PATH_ITEM_OTHER.has(member) || member.startsWith('x-') && member !== 'x-amazon-apigateway-any-method') continue;
      const verb = VERBS[member];
      if (!verb || !isObj(op)) {
        warnings.push(`Unsupported operation '${member}' on path '${path}', ignoring.`);
        continue;
      }
      if (path === '$default' && verb !== 'ANY') {
        warnings.push(`The $default route takes only x-amazon-apigateway-any-method; '${member}' on '$default' ignored.`);
        continue;
      }
      const routeKey = path === '$default' ? '$default' : `${verb} ${placedPath(path, base, mode)}`;
      const where = `${verb} ${path}`;
      const input: Wire = { routeKey };
      const integration = op['x-amazon-apigateway-integration'];
      if (isObj(integration)) input.target = `integrations/${integrationFor(integration, where)}`;
      if (typeof op.operationId === 'string' && op.operationId !== '') input.operationName = op.operationId;
      for (const req of (Array.isArray(op.security) ? op.security : Array.isArray(raw.security) ? raw.security : []) as unknown[]) {
        if (!isObj(req)) continue;
        for (const [name, scopes] of Object.entries(req)) {
          const a = authorizers.get(name);
          if (a) {
            input.authorizationType = a.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM';
            input.authorizerId = a.authorizerId;
            if (a.authorizerType === 'JWT' && Array.isArray(scopes) && scopes.length) input.authorizationScopes = scopes.map(String);
          } else if (iam.has(name)) {
            input.authorizationType = 'AWS_IAM';
          }
        }
      }
      api.routes.push(createRoute(ctx, api, input));
    }
  }
  return { rec: api, warnings };
}

function failOnWarnings(ctx: RequestContext): boolean {
  return ctx.query.get('failOnWarnings') === 'true';
}

function respond(api: Wire, warnings: string[]): { status: number; body: Wire } {
  return { status: 201, body: warnings.length ? { ...api, importInfo: warnings } : api };
}

function checkWarnings(ctx: RequestContext, warnings: string[]): void {
  if (warnings.length && failOnWarnings(ctx)) throw badRequest(`Warnings found during import:\n\t${warnings.join('\n\t')}`);
}

export const importRoutes: Route[] = [
  {
    method: 'PUT',
    path: '/v2/apis',
    operation: 'ImportApi',
    handler: (ctx) => {
      const doc = readDoc(ctx);
      const { rec, warnings } = build(ctx, doc, basepathMode(ctx));
      checkWarnings(ctx, warnings);
      v2State(ctx).apis.push(rec);
      return respond(rec.api, warnings);
    },
  },
  {
    method: 'PUT',
    path: '/v2/apis/{apiId}',
    operation: 'ReimportApi',
    handler: (ctx) => {
      const live = findApi(ctx);
      if (!isHttp(live)) throw badRequest('ReimportApi is supported only for HTTP APIs');
      const doc = readDoc(ctx);
      const { rec, warnings } = build(ctx, doc, basepathMode(ctx));
      checkWarnings(ctx, warnings);
      live.routes = rec.routes;
      live.integrations = rec.integrations;
      live.authorizers = rec.authorizers;
      const api = live.api;
      for (const m of ['name', 'description', 'version', 'corsConfiguration']) {
        if (rec.api[m] === undefined) delete api[m];
        else api[m] = rec.api[m];
      }
      if (rec.api.disableExecuteApiEndpoint !== undefined) api.disableExecuteApiEndpoint = rec.api.disableExecuteApiEndpoint;
      api.tags = { ...(api.tags ?? {}), ...(rec.api.tags ?? {}) };
      apiChanged(ctx, live);
      return respond(api, warnings);
    },
  },
];
