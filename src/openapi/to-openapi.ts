import { lambdaInvocationUri } from '../schema/check/arns.js';
import { VPC_LINK_EXTENSION } from './http-api.js';

/**
 * One REST API of a loaded spec set -> an OpenAPI 3.0 document with API Gateway's extensions, as
 * AWS itself exports them (enum values of types and passthrough behaviour in lower case,
 * integration responses keyed by selection pattern, `default` for none). The document describes
 * the API for other tools; apigw-sync never sends it to AWS (no PutRestApi overwrite).
 */
type Attrs = Record<string, any>;

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function defined(o: Attrs): Attrs {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * An authorizer as an OpenAPI security scheme with API Gateway's extensions, from its AWS wire
 * fields: the export (spec shapes) and the bulk writes (canonical model) both build it here.
 */
export function authorizerScheme(a: Attrs): Attrs {
  const header = /^method\.request\.header\.([^,\s]+)$/.exec(String(a.identitySource ?? ''))?.[1];
  return defined({
    type: 'apiKey',
    name: header ?? 'Unused',
    in: 'header',
    'x-amazon-apigateway-authtype': a.authType,
    'x-amazon-apigateway-authorizer': defined({
      type: lower(a.type),
      authorizerUri: a.authorizerUri,
      authorizerCredentials: a.authorizerCredentials,
      identitySource: a.identitySource,
      identityValidationExpression: a.identityValidationExpression,
      authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
      providerARNs: a.providerARNs,
    }),
  });
}

const LOCATION: Record<string, string> = { path: 'path', querystring: 'query', header: 'header' };
const schemaRef = (model: string) => ({ $ref: `#/components/schemas/${model}` });

function parseDoc(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function integrationTo(i: Attrs, region?: string): Attrs {
  const responses: Attrs = {};
  for (const [status, r] of Object.entries((i.responses ?? {}) as Attrs)) {
    responses[r.selectionPattern ?? 'default'] = defined({
      statusCode: status,
      responseParameters: r.responseParameters,
      responseTemplates: r.responseTemplates,
      contentHandling: r.contentHandling,
    });
  }
  const lambda = typeof i.lambda === 'string' ? i.lambda : undefined;
  return defined({
    type: lower(i.type ?? (lambda ? 'AWS_PROXY' : undefined)),
    httpMethod: lambda ? 'POST' : i.httpMethod,
    uri: lambda ? lambdaInvocationUri(lambda, region) : i.uri,
    credentials: i.credentials,
    requestParameters: i.requestParameters,
    requestTemplates: i.requestTemplates,
    passthroughBehavior: lower(i.passthroughBehavior),
    timeoutInMillis: i.timeoutInMillis,
    contentHandling: i.contentHandling,
    cacheKeyParameters: i.cacheKeyParameters,
    cacheNamespace: i.cacheNamespace,
    connectionType: i.vpcLink !== undefined ? 'VPC_LINK' : i.connectionType,
    connectionId: i.connectionId,
    // The link by name: a spec has no link id (AWS's importer needs connectionId set by hand).
    [VPC_LINK_EXTENSION]: i.vpcLink,
    tlsConfig: i.tlsConfig,
    responses: Object.keys(responses).length ? responses : undefined,
  });
}

/** A method's request parameters (`method.request.querystring.limit: true`) as OpenAPI parameters. */
export function openApiParameters(requestParameters: unknown): Attrs[] {
  const parameters: Attrs[] = [];
  for (const [p, required] of Object.entries((requestParameters ?? {}) as Attrs)) {
    const [, , where, ...rest] = p.split('.');
    const loc = LOCATION[where ?? ''];
    if (!loc) continue;
    parameters.push(defined({ name: rest.join('.'), in: loc, required: loc === 'path' ? true : required === true ? true : undefined, schema: { type: 'string' } }));
  }
  return parameters;
}

function operation(m: Attrs, path: string, region?: string): Attrs {
  const parameters = openApiParameters(m.requestParameters);
  const requestModels = Object.entries((m.requestModels ?? {}) as Attrs);
  const responses: Attrs = {};
  for (const [status, r] of Object.entries((m.responses ?? {}) as Attrs)) {
    const headers = Object.keys((r.responseParameters ?? {}) as Attrs)
      .filter((h) => h.startsWith('method.response.header.'))
      .map((h) => [h.slice('method.response.header.'.length), { schema: { type: 'string' } }]);
    const content = Object.entries((r.responseModels ?? {}) as Attrs).map(([ct, model]) => [ct, { schema: schemaRef(String(model)) }]);
    responses[status] = defined({
      description: `${status} response`,
      headers: headers.length ? Object.fromEntries(headers) : undefined,
      content: content.length ? Object.fromEntries(content) : undefined,
    });
  }
  const security: Attrs[] = [];
  if (m.authorizer) security.push({ [m.authorizer]: m.authorizationScopes ?? [] });
  if (m.authorizationType === 'AWS_IAM') security.push({ sigv4: [] });
  if (m.apiKeyRequired === true) security.push({ api_key: [] });
  return defined({
    operationId: m.operationName,
    parameters: parameters.length ? parameters : undefined,
    requestBody: requestModels.length
      ? { content: Object.fromEntries(requestModels.map(([ct, model]) => [ct, { schema: schemaRef(String(model)) }])), required: true }
      : undefined,
    responses: Object.keys(responses).length ? responses : { default: { description: `${path} response` } },
    security: security.length ? security : undefined,
    'x-amazon-apigateway-request-validator': m.requestValidator,
    'x-amazon-apigateway-integration': integrationTo(m.integration ?? {}, region),
  });
}

/**
 * Documentation parts as AWS exports them: `x-amazon-apigateway-documentation` with the parts
 * (properties as JSON objects) and, when the spec has exactly one, the version they belong to.
 */
export function documentationTo(api: Attrs): Attrs | undefined {
  const parts = ((api.documentation?.parts ?? []) as Attrs[]).map((p) => ({ location: defined({ ...p.location }), properties: parseDoc(p.properties) }));
  const versions = Object.keys((api.documentation?.versions ?? {}) as Attrs);
  if (parts.length === 0 && versions.length === 0) return undefined;
  return defined({ version: versions.length === 1 ? versions[0] : undefined, documentationParts: parts });
}

export function toOpenApi(name: string, api: Attrs, region?: string): Attrs {
  const paths: Attrs = {};
  for (const [path, methods] of Object.entries((api.resources ?? {}) as Attrs)) {
    const item: Attrs = {};
    for (const [verb, m] of Object.entries((methods ?? {}) as Attrs)) {
      if (!m) continue;
      item[verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()] = operation(m, path, region);
    }
    paths[path] = item;
  }
  const schemes: Attrs = {};
  for (const [n, a] of Object.entries((api.authorizers ?? {}) as Attrs)) {
    schemes[n] = authorizerScheme({
      ...a,
      authorizerUri: a.authorizerUri ?? (a.lambda ? lambdaInvocationUri(String(a.lambda), region) : undefined),
      providerARNs: a.providerArns,
    });
  }
  const usesKeys = Object.values(paths).some((item) => Object.values(item as Attrs).some((op) => (op as Attrs).security?.some((s: Attrs) => 'api_key' in s)));
  const usesIam = Object.values(paths).some((item) => Object.values(item as Attrs).some((op) => (op as Attrs).security?.some((s: Attrs) => 'sigv4' in s)));
  if (usesKeys) schemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  if (usesIam) schemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  const schemas: Attrs = {};
  for (const [n, m] of Object.entries((api.models ?? {}) as Attrs)) schemas[n] = parseDoc(m.schema);
  const endpoint = defined({ vpcEndpointIds: api.vpcEndpointIds, disableExecuteApiEndpoint: api.disableExecuteApiEndpoint });
  const gatewayResponses: Attrs = {};
  for (const [t, g] of Object.entries((api.gatewayResponses ?? {}) as Attrs)) if (g) gatewayResponses[t] = defined({ ...g });
  return defined({
    openapi: '3.0.1',
    info: defined({ title: name, description: api.description, version: api.version ?? '1.0' }),
    paths,
    components: defined({
      schemas: Object.keys(schemas).length ? schemas : undefined,
      securitySchemes: Object.keys(schemes).length ? schemes : undefined,
    }),
    'x-amazon-apigateway-api-key-source': api.apiKeySource,
    'x-amazon-apigateway-binary-media-types': api.binaryMediaTypes,
    'x-amazon-apigateway-minimum-compression-size': api.minimumCompressionSize,
    'x-amazon-apigateway-policy': api.policy === undefined ? undefined : parseDoc(api.policy),
    'x-amazon-apigateway-endpoint-configuration': Object.keys(endpoint).length ? endpoint : undefined,
    'x-amazon-apigateway-security-policy': api.securityPolicy,
    'x-amazon-apigateway-endpoint-access-mode': api.endpointAccessMode,
    'x-amazon-apigateway-request-validators': api.requestValidators,
    'x-amazon-apigateway-gateway-responses': Object.keys(gatewayResponses).length ? gatewayResponses : undefined,
    'x-amazon-apigateway-documentation': documentationTo(api),
    'x-amazon-apigateway-importexport-version': '1.0',
  });
}
