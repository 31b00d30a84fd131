import { ApigwError } from '../errors.js';
import { VPC_LINK_EXTENSION } from './http-api.js';
import { clean } from '../import/rest-to-spec.js';

/**
 * An OpenAPI 3 (or Swagger 2) document with API Gateway's `x-amazon-apigateway-*` extensions ->
 * one REST API in the spec language. Every integration setting AWS reads from the document is
 * kept (AWS writes enum values in lower case in its exports: `aws_proxy`, `when_no_match`; the
 * spec language uses AWS's API casing, so they are upper-cased here and lower-cased on export).
 * Parts of OpenAPI that API Gateway does not configure (descriptions of parameters, examples) are
 * not part of the spec language and are left out.
 */
type Attrs = Record<string, any>;

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const ANY = 'x-amazon-apigateway-any-method';
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);

export interface FromOpenApi {
  name: string;
  spec: Attrs;
  warnings: string[];
}

/** The model name a `$ref` points at (`#/components/schemas/User`, `#/definitions/User`). */
function refName(schema: unknown): string | undefined {
  const ref = (schema as Attrs | undefined)?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

export function fromOpenApi(doc: Attrs, file: string): FromOpenApi {
  if (!doc || typeof doc !== 'object' || (!doc.openapi && !doc.swagger)) {
    throw new ApigwError(`${file} is not an OpenAPI document: it has neither "openapi" nor "swagger" at the top.`, 1,
      'Give an OpenAPI 3 (openapi: 3.x) or Swagger 2 (swagger: "2.0") document.', 'openapi/not-openapi');
  }
  const v2 = doc.swagger !== undefined;
  const warnings: string[] = [];
  const name = doc.info?.title;
  if (typeof name !== 'string' || name === '') {
    throw new ApigwError(`${file} has no info.title: it is the API's name.`, 1, 'Add info.title.', 'openapi/no-title');
  }
  const schemes: Attrs = (v2 ? doc.securityDefinitions : doc.components?.securitySchemes) ?? {};
  const schemas: Attrs = (v2 ? doc.definitions : doc.components?.schemas) ?? {};
  const endpoint = (doc['x-amazon-apigateway-endpoint-configuration'] ?? {}) as Attrs;

  const authorizers: Attrs = {};
  const apiKeySchemes = new Set<string>();
  const iamSchemes = new Set<string>();
  for (const [n, s] of Object.entries(schemes) as [string, Attrs][]) {
    const a = s['x-amazon-apigateway-authorizer'] as Attrs | undefined;
    if (a) {
      authorizers[n] = clean({
        type: upper(a.type),
        authorizerUri: a.authorizerUri,
        authorizerCredentials: a.authorizerCredentials,
        identitySource: a.identitySource ?? (s.in === 'header' && s.name ? `method.request.header.${String(s.name)}` : undefined),
        identityValidationExpression: a.identityValidationExpression,
        authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
        providerArns: a.providerARNs,
        authType: s['x-amazon-apigateway-authtype'],
      });
    } else if (s['x-amazon-apigateway-authtype'] === 'awsSigv4') {
      iamSchemes.add(n);
    } else if (s.type === 'apiKey') {
      apiKeySchemes.add(n);
    }
  }

  const defaultValidator = doc['x-amazon-apigateway-request-validator'] as string | undefined;
  const resources: Attrs = {};
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Attrs)) {
    const methods: Attrs = {};
    const shared = (item.parameters ?? []) as Attrs[];
    for (const [key, op] of Object.entries(item as Attrs)) {
      const verb = key === ANY ? 'ANY' : VERBS.includes(key) ? key.toUpperCase() : undefined;
      if (!verb) continue;
      methods[verb] = operation(op as Attrs, shared, { v2, authorizers, apiKeySchemes, iamSchemes, defaultValidator, docSecurity: doc.security, warnings, where: `${verb} ${path}` });
    }
    resources[path] = methods;
  }

  const models: Attrs = {};
  for (const [n, s] of Object.entries(schemas)) models[n] = { schema: s };
  const gatewayResponses: Attrs = {};
  for (const [t, g] of Object.entries((doc['x-amazon-apigateway-gateway-responses'] ?? {}) as Attrs)) {
    gatewayResponses[t] = clean({ statusCode: g.statusCode === undefined ? undefined : String(g.statusCode), responseParameters: g.responseParameters, responseTemplates: g.responseTemplates });
  }
  const spec = clean({
    description: doc.info?.description,
    vpcEndpointIds: endpoint.vpcEndpointIds,
    disableExecuteApiEndpoint: endpoint.disableExecuteApiEndpoint,
    binaryMediaTypes: doc['x-amazon-apigateway-binary-media-types'],
    minimumCompressionSize: doc['x-amazon-apigateway-minimum-compression-size'],
    apiKeySource: doc['x-amazon-apigateway-api-key-source'],
    securityPolicy: doc['x-amazon-apigateway-security-policy'],
    endpointAccessMode: doc['x-amazon-apigateway-endpoint-access-mode'],
    policy: doc['x-amazon-apigateway-policy'],
    models,
    requestValidators: doc['x-amazon-apigateway-request-validators'],
    authorizers,
    gatewayResponses,
    resources,
    documentation: documentationFrom(doc['x-amazon-apigateway-documentation'], warnings),
  });
  return { name, spec, warnings };
}

/**
 * x-amazon-apigateway-documentation -> the spec's documentation parts. The extension's `version`
 * names the snapshot the parts were exported from; it becomes a version of the spec, which a stage
 * may then publish.
 */
function documentationFrom(ext: unknown, warnings: string[]): Attrs | undefined {
  if (!ext || typeof ext !== 'object') return undefined;
  const e = ext as Attrs;
  const parts: Attrs[] = [];
  for (const [i, p] of ((Array.isArray(e.documentationParts) ? e.documentationParts : []) as Attrs[]).entries()) {
    if (!p?.location || typeof p.location !== 'object' || typeof p.location.type !== 'string') {
      warnings.push(`x-amazon-apigateway-documentation part ${i + 1} has no location type; it is left out.`);
      continue;
    }
    let properties: unknown = p.properties ?? {};
    if (typeof properties === 'string') {
      try {
        properties = JSON.parse(properties);
      } catch {
        /* kept as text: validate says what is wrong with it */
      }
    }
    parts.push({ location: clean({ ...p.location }), properties });
  }
  const version = typeof e.version === 'string' && e.version ? e.version : undefined;
  return clean({ parts, versions: version ? { [version]: {} } : undefined });
}

interface OpContext {
  v2: boolean;
  authorizers: Attrs;
  apiKeySchemes: Set<string>;
  iamSchemes: Set<string>;
  defaultValidator?: string;
  docSecurity?: Attrs[];
  warnings: string[];
  where: string;
}

const LOCATION: Record<string, string> = { path: 'path', query: 'querystring', header: 'header' };

function operation(op: Attrs, shared: Attrs[], ctx: OpContext): Attrs {
  const requestParameters: Attrs = {};
  let bodyModel: string | undefined;
  for (const p of [...shared, ...((op.parameters ?? []) as Attrs[])]) {
    if (p.in === 'body') bodyModel = refName(p.schema);
    else if (LOCATION[p.in]) requestParameters[`method.request.${LOCATION[p.in]}.${String(p.name)}`] = p.in === 'path' ? true : p.required === true;
  }
  const requestModels: Attrs = {};
  if (ctx.v2) {
    if (bodyModel) for (const ct of (op.consumes ?? ['application/json']) as string[]) requestModels[ct] = bodyModel;
  } else {
    for (const [ct, media] of Object.entries((op.requestBody?.content ?? {}) as Attrs)) {
      const m = refName(media.schema);
      if (m) requestModels[ct] = m;
    }
  }
  const responses: Attrs = {};
  for (const [status, r] of Object.entries((op.responses ?? {}) as Attrs)) {
    if (!/^[1-5]\d\d$/.test(status)) continue;
    const responseParameters: Attrs = {};
    for (const h of Object.keys((r.headers ?? {}) as Attrs)) responseParameters[`method.response.header.${h}`] = false;
    const responseModels: Attrs = {};
    if (ctx.v2) {
      const m = refName(r.schema);
      if (m) for (const ct of (op.produces ?? ['application/json']) as string[]) responseModels[ct] = m;
    } else {
      for (const [ct, media] of Object.entries((r.content ?? {}) as Attrs)) {
        const m = refName(media.schema);
        if (m) responseModels[ct] = m;
      }
    }
    responses[status] = clean({ responseParameters, responseModels });
  }
  let authorizer: string | undefined;
  let authorizationScopes: string[] | undefined;
  let apiKeyRequired: boolean | undefined;
  let authorizationType: string | undefined;
  for (const req of ((op.security ?? ctx.docSecurity ?? []) as Attrs[])) {
    for (const [n, scopes] of Object.entries(req)) {
      if (ctx.authorizers[n]) {
        authorizer = n;
        if (Array.isArray(scopes) && scopes.length) authorizationScopes = scopes as string[];
      } else if (ctx.apiKeySchemes.has(n)) apiKeyRequired = true;
      else if (ctx.iamSchemes.has(n)) authorizationType = 'AWS_IAM';
    }
  }
  const integration = op['x-amazon-apigateway-integration'] as Attrs | undefined;
  if (!integration) ctx.warnings.push(`${ctx.where} has no x-amazon-apigateway-integration; it is given a MOCK integration.`);
  return clean({
    authorizationType,
    authorizer,
    authorizationScopes,
    apiKeyRequired,
    operationName: op.operationId,
    requestParameters,
    requestModels,
    requestValidator: op['x-amazon-apigateway-request-validator'] ?? ctx.defaultValidator,
    integration: integration ? integrationFrom(integration) : { type: 'MOCK' },
    responses,
  });
}

/** x-amazon-apigateway-integration -> the spec's integration; responses keyed by pattern become keyed by status. */
export function integrationFrom(i: Attrs): Attrs {
  const responses: Attrs = {};
  for (const [pattern, r] of Object.entries((i.responses ?? {}) as Attrs)) {
    responses[String(r.statusCode)] = clean({
      selectionPattern: pattern === 'default' ? undefined : pattern,
      responseParameters: r.responseParameters,
      responseTemplates: r.responseTemplates,
      contentHandling: r.contentHandling,
    });
  }
  return clean({
    type: upper(i.type),
    httpMethod: i.httpMethod,
    uri: i.uri,
    credentials: i.credentials,
    requestParameters: i.requestParameters,
    requestTemplates: i.requestTemplates,
    passthroughBehavior: upper(i.passthroughBehavior),
    timeoutInMillis: i.timeoutInMillis,
    contentHandling: i.contentHandling,
    cacheKeyParameters: i.cacheKeyParameters,
    cacheNamespace: i.cacheNamespace,
    connectionType: i[VPC_LINK_EXTENSION] !== undefined ? undefined : i.connectionType,
    connectionId: i.connectionId,
    vpcLink: i[VPC_LINK_EXTENSION],
    tlsConfig: i.tlsConfig,
    responses,
  });
}
