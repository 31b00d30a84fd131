import { bool, compact, num, str, toJsonDoc, toMap, toSet } from '../canonical.js';
import type { EntityKind } from '../model.js';
import type { V2Protocol } from './keys.js';

/**
 * The canonical form of HTTP and WebSocket API entities (the v2 model). Both sides pass through
 * `normaliseV2`, so a field the spec omits and the value AWS fills in for it are equal:
 *
 * - defaults (AWS reference, section 6): apiKeySelectionExpression `$request.header.x-api-key`,
 *   HTTP routeSelectionExpression `$request.method $request.path` (the docs' `${request.method}
 *   ${request.path}` is the same), disableExecuteApiEndpoint false, ipAddressType ipv4, route authorizationType NONE
 *   and apiKeyRequired false, integration connectionType INTERNET, payloadFormatVersion 1.0,
 *   timeoutInMillis 30000 (HTTP) / 29000 (WebSocket), WebSocket passthroughBehavior WHEN_NO_MATCH,
 *   authorizer enableSimpleResponses false, model contentType application/json, stage autoDeploy
 *   false, route settings' detailedMetricsEnabled/dataTraceEnabled false and loggingLevel OFF;
 * - sets sorted: CORS lists (header names lower-cased: HTTP header names ignore case; methods
 *   upper-cased; an element `GET,POST` is two), authorizationScopes, identitySource, JWT audience;
 * - JSON documents parsed (model schemas); empty values dropped;
 * - references by name: a route's `target` is the integration's name, `authorizer` the authorizer's.
 *
 * Attribute names are AWS's wire names (camelCase), except `target` and `authorizer` (names,
 * not ids) and, for api mappings, `api` (the API's name).
 */
type Attrs = Record<string, unknown>;
const obj = (v: unknown): Attrs => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Attrs) : {});

const HTTP_ROUTE_SELECTION = '$request.method $request.path';

export function routeSelection(v: unknown, protocol: V2Protocol): string | undefined {
  const s = str(v);
  if (protocol !== 'HTTP') return s;
  if (s === undefined || s === '${request.method} ${request.path}') return HTTP_ROUTE_SELECTION;
  return s;
}

/** Route settings: AWS's throttling names; off/false values are the defaults AWS returns. */
export function routeSettings(v: unknown): Attrs | undefined {
  const s = obj(v);
  const out = compact({
    throttlingBurstLimit: num(s.throttlingBurstLimit),
    throttlingRateLimit: num(s.throttlingRateLimit),
    detailedMetricsEnabled: bool(s.detailedMetricsEnabled, false) || undefined,
    dataTraceEnabled: bool(s.dataTraceEnabled, false) || undefined,
    loggingLevel: str(s.loggingLevel) === 'OFF' ? undefined : str(s.loggingLevel),
  });
  return Object.keys(out).length ? out : undefined;
}

const required = (v: unknown) => toMap(v, (x) => ({ required: bool(obj(x).required, false) }));
const strings = (v: unknown) => toMap(v, (x) => String(x ?? ''));

function cors(v: unknown): Attrs | undefined {
  const c = obj(v);
  // CORS lists end up as comma-separated header values, and the AWS CLI's shorthand
  // `AllowMethods="GET,POST"` sends one element holding the commas: both mean the same.
  const items = (l: unknown) => (Array.isArray(l) ? l.flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean) : l);
  const lower = (l: unknown) => toSet((items(l) as unknown[] | undefined)?.map((x) => String(x).toLowerCase()));
  const upper = (l: unknown) => toSet((items(l) as unknown[] | undefined)?.map((x) => String(x).toUpperCase()));
  const out = compact({
    allowOrigins: toSet(items(c.allowOrigins)),
    allowMethods: upper(c.allowMethods),
    allowHeaders: lower(c.allowHeaders),
    exposeHeaders: lower(c.exposeHeaders),
    allowCredentials: bool(c.allowCredentials, false) || undefined,
    maxAge: num(c.maxAge),
  });
  return Object.keys(out).length ? out : undefined;
}

const NORMALISERS: Partial<Record<EntityKind, (a: Attrs, p: V2Protocol) => Attrs>> = {
  'http-api': (a, p) => api(a, p),
  'websocket-api': (a, p) => api(a, p),
  route: (a, p) => compact({
    target: str(a.target),
    authorizationType: str(a.authorizationType) ?? 'NONE',
    authorizer: str(a.authorizer),
    authorizationScopes: toSet(a.authorizationScopes),
    // API keys exist on WebSocket APIs only.
    apiKeyRequired: p === 'WEBSOCKET' ? bool(a.apiKeyRequired, false) : undefined,
    operationName: str(a.operationName),
    routeResponseSelectionExpression: str(a.routeResponseSelectionExpression),
    modelSelectionExpression: str(a.modelSelectionExpression),
    requestModels: strings(a.requestModels),
    requestParameters: required(a.requestParameters),
  }),
  'route-response': (a) => compact({
    modelSelectionExpression: str(a.modelSelectionExpression),
    responseModels: strings(a.responseModels),
    responseParameters: required(a.responseParameters),
  }),
  'v2-integration': (a, p) => compact({
    integrationType: str(a.integrationType),
    integrationUri: str(a.integrationUri),
    integrationMethod: str(a.integrationMethod),
    integrationSubtype: str(a.integrationSubtype),
    description: str(a.description),
    credentialsArn: str(a.credentialsArn),
    connectionType: str(a.connectionType) ?? (a.vpcLink !== undefined ? 'VPC_LINK' : 'INTERNET'),
    connectionId: str(a.connectionId),
    vpcLink: str(a.vpcLink),
    payloadFormatVersion: str(a.payloadFormatVersion) ?? '1.0',
    timeoutInMillis: num(a.timeoutInMillis, p === 'HTTP' ? 30000 : 29000),
    requestParameters: strings(a.requestParameters),
    responseParameters: toMap(a.responseParameters, (x) => strings(x)),
    requestTemplates: strings(a.requestTemplates),
    templateSelectionExpression: str(a.templateSelectionExpression),
    passthroughBehavior: p === 'WEBSOCKET' ? (str(a.passthroughBehavior) ?? 'WHEN_NO_MATCH') : str(a.passthroughBehavior),
    contentHandlingStrategy: str(a.contentHandlingStrategy),
    tlsConfig: compact({ serverNameToVerify: str(obj(a.tlsConfig).serverNameToVerify) }),
  }),
  'v2-integration-response': (a) => compact({
    responseTemplates: strings(a.responseTemplates),
    responseParameters: strings(a.responseParameters),
    templateSelectionExpression: str(a.templateSelectionExpression),
    contentHandlingStrategy: str(a.contentHandlingStrategy),
  }),
  'v2-authorizer': (a) => compact({
    authorizerType: str(a.authorizerType),
    identitySource: toSet(a.identitySource),
    jwtConfiguration: compact({ issuer: str(obj(a.jwtConfiguration).issuer), audience: toSet(obj(a.jwtConfiguration).audience) }),
    authorizerUri: str(a.authorizerUri),
    authorizerCredentialsArn: str(a.authorizerCredentialsArn),
    authorizerResultTtlInSeconds: num(a.authorizerResultTtlInSeconds),
    authorizerPayloadFormatVersion: str(a.authorizerPayloadFormatVersion),
    enableSimpleResponses: bool(a.enableSimpleResponses, false) || undefined,
    identityValidationExpression: str(a.identityValidationExpression),
  }),
  'v2-model': (a) => compact({
    contentType: str(a.contentType) ?? 'application/json',
    description: str(a.description),
    schema: toJsonDoc(a.schema),
  }),
  'v2-stage': (a) => compact({
    description: str(a.description),
    autoDeploy: bool(a.autoDeploy, false),
    stageVariables: strings(a.stageVariables),
    accessLogSettings: compact({ destinationArn: str(obj(a.accessLogSettings).destinationArn), format: str(obj(a.accessLogSettings).format) }),
    defaultRouteSettings: routeSettings(a.defaultRouteSettings),
    routeSettings: compact(toMap(a.routeSettings, routeSettings) ?? {}),
    clientCertificate: str(a.clientCertificate),
    clientCertificateId: str(a.clientCertificateId),
    tags: strings(a.tags),
    deploymentId: str(a.deploymentId),
  }),
  'v2-domain-name': (a) => compact({
    certificateArn: str(a.certificateArn),
    endpointType: str(a.endpointType) ?? 'REGIONAL',
    ipAddressType: str(a.ipAddressType) ?? 'ipv4',
    securityPolicy: str(a.securityPolicy) ?? 'TLS_1_2',
    ownershipVerificationCertificateArn: str(a.ownershipVerificationCertificateArn),
    mutualTlsAuthentication: compact({
      truststoreUri: str(obj(a.mutualTlsAuthentication).truststoreUri),
      truststoreVersion: str(obj(a.mutualTlsAuthentication).truststoreVersion),
    }),
    tags: strings(a.tags),
  }),
  'api-mapping': (a) => compact({ api: str(a.api), stage: str(a.stage) }),
};

function api(a: Attrs, p: V2Protocol): Attrs {
  return compact({
    description: str(a.description),
    version: str(a.version),
    // Kept only when set, so that APIs without it hash (and deploy) as before.
    disableSchemaValidation: a.disableSchemaValidation === true ? true : undefined,
    disableExecuteApiEndpoint: bool(a.disableExecuteApiEndpoint, false),
    ipAddressType: str(a.ipAddressType) ?? 'ipv4',
    routeSelectionExpression: routeSelection(a.routeSelectionExpression, p),
    apiKeySelectionExpression: str(a.apiKeySelectionExpression) ?? '$request.header.x-api-key',
    corsConfiguration: cors(a.corsConfiguration),
    tags: strings(a.tags),
    // Quick create (HTTP APIs): the managed route's key defaults to $default.
    target: str(a.target),
    routeKey: str(a.target) === undefined ? undefined : (str(a.routeKey) ?? '$default'),
    credentialsArn: str(a.credentialsArn),
  });
}

export function normaliseV2(kind: EntityKind, attrs: Attrs, protocol: V2Protocol): Attrs {
  const n = NORMALISERS[kind];
  return n ? n(attrs, protocol) : compact(attrs);
}

/**
 * Fields AWS fills in by itself that a spec may leave to AWS: compared only when the desired side
 * sets them (an integration's method, an authorizer's cache TTL).
 */
export function alignV2(kind: EntityKind, desired: Attrs, live: Attrs): Attrs {
  const out: Attrs = { ...live };
  const dropIfUnset = (f: string) => {
    if (desired[f] === undefined) delete out[f];
  };
  if (kind === 'v2-integration') dropIfUnset('integrationMethod');
  if (kind === 'v2-authorizer') dropIfUnset('authorizerResultTtlInSeconds');
  // A stage follows the plan's deployments unless the spec pins one (pins.ts).
  if (kind === 'v2-stage') dropIfUnset('deploymentId');
  // AWS never removes a quick-create target: without one in the spec, the live one is left alone
  // (the plan says so, v2/quick-create.ts).
  if (kind === 'http-api' && desired.target === undefined) for (const f of ['target', 'routeKey', 'credentialsArn']) delete out[f];
  return out;
}
