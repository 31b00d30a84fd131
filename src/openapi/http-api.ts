import { clean } from '../import/rest-to-spec.js';
import { suggestIntegrationName } from '../reconcile/v2/integration-names.js';

/** A VPC link by name in an exported integration (a spec has no link id). */
export const VPC_LINK_EXTENSION = 'x-apigw-sync-vpc-link';

/**
 * OpenAPI 3 for HTTP APIs, as API Gateway imports and exports them: each operation is a route
 * (`x-amazon-apigateway-any-method` is ANY; the path `$default` the default route) with its
 * `x-amazon-apigateway-integration`; `x-amazon-apigateway-cors` is the API's CORS configuration;
 * security schemes with `x-amazon-apigateway-authorizer` (type `jwt` or `request`) are authorizers.
 * Integrations, which OpenAPI repeats per operation, are named once by their content, as import
 * names live integrations.
 */
type Attrs = Record<string, any>;

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const ANY = 'x-amazon-apigateway-any-method';
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);

/** Whether a document describes an HTTP API rather than a REST API. */
export function isHttpApiDocument(doc: Attrs): boolean {
  if (doc['x-amazon-apigateway-cors'] !== undefined || (doc.paths ?? {}).$default !== undefined) return true;
  const schemes = Object.values((doc.components?.securitySchemes ?? {}) as Attrs);
  if (schemes.some((s) => s['x-amazon-apigateway-authorizer']?.type === 'jwt' || s['x-amazon-apigateway-authorizer']?.authorizerPayloadFormatVersion)) return true;
  return Object.values((doc.paths ?? {}) as Attrs).some((item) =>
    Object.values(item as Attrs).some((op) => (op as Attrs)?.['x-amazon-apigateway-integration']?.payloadFormatVersion !== undefined));
}

function integrationSpec(i: Attrs): Attrs {
  return clean({
    type: upper(i.type),
    uri: i.uri,
    httpMethod: i.httpMethod,
    description: i.description,
    credentialsArn: i.credentials,
    connectionType: i[VPC_LINK_EXTENSION] !== undefined ? undefined : i.connectionType,
    connectionId: i.connectionId,
    vpcLink: i[VPC_LINK_EXTENSION],
    payloadFormatVersion: i.payloadFormatVersion,
    integrationSubtype: i.integrationSubtype,
    timeoutInMillis: i.timeoutInMillis,
    requestParameters: i.requestParameters,
    responseParameters: i.responseParameters,
    tlsConfig: i.tlsConfig,
  });
}

export function httpApiFromOpenApi(doc: Attrs): Attrs {
  const schemes = (doc.components?.securitySchemes ?? {}) as Attrs;
  const authorizers: Attrs = {};
  for (const [n, s] of Object.entries(schemes) as [string, Attrs][]) {
    const a = s['x-amazon-apigateway-authorizer'] as Attrs | undefined;
    if (!a) continue;
    const ids = a.identitySource === undefined ? undefined : (Array.isArray(a.identitySource) ? a.identitySource : String(a.identitySource).split(',').map((x: string) => x.trim()));
    authorizers[n] = clean({
      type: upper(a.type),
      identitySource: ids,
      jwt: a.jwtConfiguration ? clean({ issuer: a.jwtConfiguration.issuer, audience: a.jwtConfiguration.audience }) : undefined,
      authorizerUri: a.authorizerUri,
      authorizerCredentialsArn: a.authorizerCredentials,
      authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
      authorizerPayloadFormatVersion: a.authorizerPayloadFormatVersion,
      enableSimpleResponses: a.enableSimpleResponses,
    });
  }
  const integrations: Attrs = {};
  const nameOf = new Map<string, string>();
  const routes: Attrs = {};
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Attrs)) {
    for (const [key, op] of Object.entries(item as Attrs) as [string, Attrs][]) {
      const verb = key === ANY ? 'ANY' : VERBS.includes(key) ? key.toUpperCase() : undefined;
      if (!verb) continue;
      const routeKey = path === '$default' ? '$default' : `${verb} ${path}`;
      const i = op['x-amazon-apigateway-integration'] as Attrs | undefined;
      let integration: string | undefined;
      if (i) {
        const spec = integrationSpec(i);
        const id = JSON.stringify(spec);
        integration = nameOf.get(id);
        if (integration === undefined) {
          const base = suggestIntegrationName({ integrationUri: spec.uri, integrationSubtype: spec.integrationSubtype, connectionType: spec.connectionType, integrationType: spec.type });
          integration = base;
          for (let n = 2; integrations[integration] !== undefined; n++) integration = `${base}-${n}`;
          integrations[integration] = spec;
          nameOf.set(id, integration);
        }
      }
      let authorizer: string | undefined;
      let authorizationScopes: string[] | undefined;
      let authorizationType: string | undefined;
      for (const req of ((op.security ?? doc.security ?? []) as Attrs[])) {
        for (const [n, scopes] of Object.entries(req)) {
          if (authorizers[n]) {
            authorizer = n;
            if (Array.isArray(scopes) && scopes.length) authorizationScopes = scopes as string[];
          } else if (schemes[n]?.['x-amazon-apigateway-authtype'] === 'awsSigv4') authorizationType = 'AWS_IAM';
        }
      }
      routes[routeKey] = clean({ integration, authorizer, authorizationType, authorizationScopes, operationName: op.operationId });
    }
  }
  const cors = doc['x-amazon-apigateway-cors'] as Attrs | undefined;
  return clean({
    description: doc.info?.description,
    disableExecuteApiEndpoint: doc['x-amazon-apigateway-endpoint-configuration']?.disableExecuteApiEndpoint,
    cors: cors ? clean({
      allowOrigins: cors.allowOrigins, allowMethods: cors.allowMethods, allowHeaders: cors.allowHeaders,
      exposeHeaders: cors.exposeHeaders, allowCredentials: cors.allowCredentials, maxAge: cors.maxAge,
    }) : undefined,
    integrations,
    authorizers,
    routes,
  });
}

export function httpApiToOpenApi(name: string, api: Attrs): Attrs {
  const integrations = (api.integrations ?? {}) as Attrs;
  const paths: Attrs = {};
  for (const [routeKey, r] of Object.entries((api.routes ?? {}) as Attrs)) {
    const [verb, path] = routeKey === '$default' ? ['ANY', '$default'] : (routeKey.split(' ') as [string, string]);
    const i = r.integration ? integrations[r.integration] ?? {} : undefined;
    const security: Attrs[] = [];
    if (r.authorizer) security.push({ [r.authorizer]: r.authorizationScopes ?? [] });
    if (r.authorizationType === 'AWS_IAM') security.push({ sigv4: [] });
    const op: Attrs = clean({
      operationId: r.operationName,
      responses: { default: { description: 'Default response' } },
      security,
      'x-amazon-apigateway-integration': i ? clean({
        type: typeof i.type === 'string' ? i.type.toLowerCase() : i.lambda ? 'aws_proxy' : undefined,
        uri: i.uri ?? i.lambda,
        httpMethod: i.httpMethod,
        description: i.description,
        credentials: i.credentialsArn,
        connectionType: i.vpcLink !== undefined ? 'VPC_LINK' : i.connectionType,
        connectionId: i.connectionId,
        [VPC_LINK_EXTENSION]: i.vpcLink,
        payloadFormatVersion: i.payloadFormatVersion,
        integrationSubtype: i.integrationSubtype,
        timeoutInMillis: i.timeoutInMillis,
        requestParameters: i.requestParameters,
        responseParameters: i.responseParameters,
        tlsConfig: i.tlsConfig,
      }) : undefined,
    });
    (paths[path] ??= {})[verb === 'ANY' ? ANY : verb.toLowerCase()] = op;
  }
  const schemes: Attrs = {};
  for (const [n, a] of Object.entries((api.authorizers ?? {}) as Attrs)) {
    schemes[n] = {
      type: a.type === 'JWT' ? 'oauth2' : 'apiKey',
      ...(a.type === 'JWT' ? { flows: {} } : { name: 'Unused', in: 'header' }),
      'x-amazon-apigateway-authorizer': clean({
        type: String(a.type).toLowerCase(),
        identitySource: Array.isArray(a.identitySource) ? a.identitySource.join(',') : a.identitySource,
        jwtConfiguration: a.jwt ? clean({ issuer: a.jwt.issuer, audience: a.jwt.audience }) : undefined,
        authorizerUri: a.authorizerUri,
        authorizerCredentials: a.authorizerCredentialsArn,
        authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
        authorizerPayloadFormatVersion: a.authorizerPayloadFormatVersion,
        enableSimpleResponses: a.enableSimpleResponses,
      }),
    };
  }
  if (Object.values((api.routes ?? {}) as Attrs).some((r) => r.authorizationType === 'AWS_IAM')) {
    schemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  }
  return clean({
    openapi: '3.0.1',
    info: clean({ title: name, description: api.description, version: (api as { version?: string }).version ?? '1.0' }),
    paths,
    components: Object.keys(schemes).length ? { securitySchemes: schemes } : undefined,
    'x-amazon-apigateway-cors': api.cors,
    'x-amazon-apigateway-endpoint-configuration': api.disableExecuteApiEndpoint !== undefined ? { disableExecuteApiEndpoint: api.disableExecuteApiEndpoint } : undefined,
    'x-amazon-apigateway-importexport-version': '1.0',
  });
}
