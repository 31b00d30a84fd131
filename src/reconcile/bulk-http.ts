import { SEP, nameOf } from './keys.js';
import type { Entity, EntityKey, Model } from './model.js';
import type { AwsCall, BulkWrite, PlannedOp } from './plan-types.js';

/**
 * Bulk writes of HTTP APIs: an HTTP API the plan creates is made with one apigatewayv2 ImportApi
 * call carrying an OpenAPI 3 document with API Gateway's HTTP API extensions, instead of CreateApi
 * and one call per route, integration and authorizer. As for REST APIs (bulk.ts), whatever the
 * document does not carry is left to the residual plan apply makes after reading the API back.
 *
 * Only APIs created from empty: AWS's only other bulk write of HTTP APIs, ReimportApi, overwrites
 * the API's definition and deletes whatever the document does not describe (routes a spec does not
 * name, route responses, integrations through VPC links the document leaves out), so it is never
 * used; additions to an existing HTTP API go one call per object.
 *
 * The document carries the ownership tag (root `tags` with `x-amazon-apigateway-tag-value`), so
 * the API is ours from the call that makes it: an apply interrupted right after ImportApi finds it
 * by its tag next time, and never makes a second one.
 */
type Attrs = Record<string, any>;

/**
 * Account-level lists a plan may read: REST and v2 APIs, API keys, usage plans, domain names (both
 * services), client certificates, VPC links (both). The most: a set whose APIs record fewer
 * (account-lists.ts) reads fewer, so the estimate errs towards per-call writes.
 */
const ACCOUNT_LISTS = 9;
/** Lists per REST API (resources aside) and per HTTP/WebSocket API (routes and integrations aside). */
const REST_API_LISTS = 7;
const V2_API_LISTS = 2;
const PAGE = 500;
/** The largest document sent: as REST imports' batches (bulk.ts), under their 6 MB limit. */
const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/**
 * The calls of the read-back after the bulk calls: apply plans again, reading what the first plan
 * read (the account's lists, each API's lists by pages, each Lambda function's policy).
 */
export function readBackCalls(desired: Model): number {
  let calls = ACCOUNT_LISTS;
  const count = new Map<string, number>();
  const functions = new Set<string>();
  for (const e of Object.values(desired.entities)) {
    if (e.kind === 'lambda-permission') functions.add(String(e.attrs.functionName));
    else if (e.kind === 'rest-api') calls += REST_API_LISTS;
    else if (e.kind === 'http-api' || e.kind === 'websocket-api') calls += V2_API_LISTS;
    else if (e.kind === 'resource' || e.kind === 'route' || e.kind === 'v2-integration') {
      const k = `${e.kind}\n${e.key.split(SEP)[0]}`;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
  }
  for (const n of count.values()) calls += Math.ceil(n / PAGE);
  return calls + functions.size;
}
const ANY = 'x-amazon-apigateway-any-method';

const defined = (o: Attrs): Attrs => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const nonEmpty = (o: Attrs | undefined) => (o && Object.keys(o).length ? o : undefined);
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);

const viaVpcLink = (i: Entity | undefined) => i !== undefined && (i.attrs.vpcLink !== undefined || i.attrs.connectionType === 'VPC_LINK');

export interface HttpBulkCandidate {
  apiKey: EntityKey;
  ops: PlannedOp[];
  desired: Model;
  /** Seconds of AWS time a call costs at the quotas (bulk.ts). */
  callSeconds(call: Pick<AwsCall, 'service' | 'operation' | 'input'>): number;
}

/** The bulk write of a new HTTP API, when it takes less AWS time than one call per object. */
export function chooseHttpBulk({ apiKey, ops, desired, callSeconds }: HttpBulkCandidate): BulkWrite | undefined {
  const apiOp = ops.find((o) => o.key === apiKey);
  // Never an API whose create is blocked (one of that name exists that we do not own).
  if (apiOp?.action !== 'create' || apiOp.blocked) return undefined;
  const create = apiOp.calls.find((c) => c.operation === 'CreateApi');
  const api = desired.entities[apiKey];
  // Quick create makes AWS-managed objects: CreateApi's own business.
  if (!create || !api || api.attrs.target !== undefined) return undefined;
  const routes = ops
    .filter((o) => o.kind === 'route' && o.action === 'create')
    .map((o) => o.key)
    .filter((k) => {
      const target = desired.entities[k]?.attrs.target;
      return target === undefined || !viaVpcLink(desired.entities[`${apiKey}${SEP}integration:${String(target)}`]);
    });
  if (routes.length === 0) return undefined;
  const routeSet = new Set(routes);
  const integrations = new Set(routes.map((k) => desired.entities[k]?.attrs.target).filter((t) => t !== undefined).map((t) => `${apiKey}${SEP}integration:${String(t)}`));
  const covered = ops.filter((o) => {
    if (o.action !== 'create') return false;
    if (o.key === apiKey) return true;
    if (o.kind === 'route') return routeSet.has(o.key);
    if (o.kind === 'v2-integration') return integrations.has(o.key);
    return o.kind === 'v2-authorizer';
  });
  // AWS documents no size limit of ImportApi's body; REST imports take up to 6 MB. A larger
  // document is not risked: the API goes per call.
  const size = Buffer.byteLength(httpApiDocument(desired, apiKey, routes, (create.input.Tags ?? {}) as Record<string, string>));
  if (size > MAX_DOCUMENT_BYTES) return undefined;
  const perCall = covered.reduce((s, op) => s + op.calls.reduce((t, c) => t + callSeconds(c), 0), 0);
  const readBack = readBackCalls(desired) * callSeconds({ service: 'apigatewayv2', operation: 'GetRoutes', input: {} });
  const bulkSeconds = callSeconds({ service: 'apigatewayv2', operation: 'ImportApi', input: {} }) + readBack;
  if (!(bulkSeconds < perCall)) return undefined;
  return {
    key: apiKey,
    via: 'ImportApi',
    methods: [],
    routes: [...routes].sort(),
    ops: covered.map((o) => o.id),
    counts: {
      resources: 0,
      methods: 0,
      routes: routes.length,
      integrations: covered.filter((o) => o.kind === 'v2-integration').length,
      authorizers: covered.filter((o) => o.kind === 'v2-authorizer').length,
      objects: covered.length,
    },
    calls: 1,
    estimate: { bulkSeconds: round(bulkSeconds), perCallSeconds: round(perCall) },
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

function integrationDoc(a: Attrs): Attrs {
  return defined({
    type: lower(a.integrationType),
    uri: a.integrationUri,
    httpMethod: a.integrationMethod,
    payloadFormatVersion: a.payloadFormatVersion,
    connectionType: a.connectionType,
    credentials: a.credentialsArn,
    description: a.description,
    integrationSubtype: a.integrationSubtype,
    timeoutInMillis: a.timeoutInMillis,
    requestParameters: nonEmpty(a.requestParameters),
    responseParameters: nonEmpty(a.responseParameters),
    tlsConfig: nonEmpty(a.tlsConfig),
  });
}

function authorizerScheme(a: Attrs): Attrs {
  const jwt = a.authorizerType === 'JWT';
  return {
    type: jwt ? 'oauth2' : 'apiKey',
    ...(jwt ? { flows: {} } : { name: 'Unused', in: 'header' }),
    'x-amazon-apigateway-authorizer': defined({
      type: jwt ? 'jwt' : 'request',
      identitySource: Array.isArray(a.identitySource) && a.identitySource.length ? a.identitySource.join(',') : undefined,
      jwtConfiguration: jwt ? defined({ issuer: a.jwtConfiguration?.issuer, audience: a.jwtConfiguration?.audience }) : undefined,
      authorizerUri: a.authorizerUri,
      authorizerCredentials: a.authorizerCredentialsArn,
      authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
      authorizerPayloadFormatVersion: a.authorizerPayloadFormatVersion,
      enableSimpleResponses: a.enableSimpleResponses,
    }),
  };
}

/**
 * The OpenAPI 3 document (JSON text) that makes the HTTP API with `routes` (route keys), the
 * integrations they target (once each, in `components.x-amazon-apigateway-integrations`) and every
 * authorizer of the API. `tags` are CreateApi's: the specs' and the ownership tag.
 */
export function httpApiDocument(desired: Model, apiKey: EntityKey, routes: EntityKey[], tags: Record<string, string>): string {
  const api = desired.entities[apiKey]!.attrs as Attrs;
  const kids = Object.values(desired.entities).filter((e) => e.parent === apiKey);
  const authorizers = kids.filter((e) => e.kind === 'v2-authorizer');
  const schemes: Attrs = {};
  for (const a of authorizers) schemes[nameOf(a.key)] = authorizerScheme(a.attrs as Attrs);
  const integrations: Attrs = {};
  const refOf = new Map<string, string>();
  const paths: Attrs = {};
  let sigv4 = false;
  for (const rk of routes) {
    const r = desired.entities[rk]!.attrs as Attrs;
    const key = nameOf(rk);
    const [verb, path] = key === '$default' ? ['ANY', '$default'] : (key.split(' ') as [string, string]);
    let integration: Attrs | undefined;
    if (r.target !== undefined) {
      const name = String(r.target);
      let ref = refOf.get(name);
      if (ref === undefined) {
        // Component names by position: spec names may hold characters a JSON pointer would need escaped.
        ref = `integration${refOf.size + 1}`;
        refOf.set(name, ref);
        integrations[ref] = integrationDoc((desired.entities[`${apiKey}${SEP}integration:${name}`]?.attrs ?? {}) as Attrs);
      }
      integration = { $ref: `#/components/x-amazon-apigateway-integrations/${ref}` };
    }
    const security: Attrs[] = [];
    if (r.authorizer !== undefined) {
      // Scopes belong to JWT authorizers only.
      const jwt = desired.entities[`${apiKey}${SEP}authorizer:${String(r.authorizer)}`]?.attrs.authorizerType === 'JWT';
      security.push({ [String(r.authorizer)]: jwt ? (r.authorizationScopes ?? []) : [] });
    }
    else if (r.authorizationType === 'AWS_IAM') {
      security.push({ sigv4: [] });
      sigv4 = true;
    }
    (paths[path] ??= {})[verb === 'ANY' ? ANY : verb.toLowerCase()] = defined({
      operationId: r.operationName,
      responses: { default: { description: 'Default response' } },
      security: security.length ? security : undefined,
      'x-amazon-apigateway-integration': integration,
    });
  }
  if (sigv4) schemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  const tagList = Object.entries(tags).map(([name, value]) => ({ name, 'x-amazon-apigateway-tag-value': value }));
  return JSON.stringify(defined({
    openapi: '3.0.1',
    info: defined({ title: nameOf(apiKey), description: api.description, version: api.version }),
    tags: tagList.length ? tagList : undefined,
    paths,
    components: nonEmpty(defined({ securitySchemes: nonEmpty(schemes), 'x-amazon-apigateway-integrations': nonEmpty(integrations) })),
    'x-amazon-apigateway-cors': nonEmpty(api.corsConfiguration),
    'x-amazon-apigateway-endpoint-configuration': api.disableExecuteApiEndpoint === true ? { disableExecuteApiEndpoint: true } : undefined,
    'x-amazon-apigateway-importexport-version': '1.0',
  }));
}
