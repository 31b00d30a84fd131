import { bool, compact, num, str, text, toJsonDoc, toMap, toSet } from './canonical.js';
import type { EntityKind } from './model.js';
// The location rules themselves, from the module validate uses: one definition of a part's identity.
import { canonicalLocation } from '../schema/check/documentation.js';
import { apiKey, basePathMapping, clientCertificate, domainName, usagePlan, v2VpcLink, vpcLink } from './account-normalise.js';
import { routingRule } from './routing-rules.js';

/**
 * The canonical attrs of each REST kind. Desired (spec) and live (AWS) attrs are first written in
 * the same vocabulary (AWS's field names, references by name instead of id) and then pass through
 * the same normaliser here, which fills in AWS's defaults, sorts sets, parses JSON documents and
 * drops what is empty. So an omitted field and AWS's default for it compare equal.
 *
 * The defaults are those AWS fills in (recorded responses): apiKeySource HEADER, endpoint type EDGE
 * with ipAddressType ipv4 (dualstack for PRIVATE), authorizationType NONE, apiKeyRequired false,
 * passthroughBehavior WHEN_NO_MATCH, timeoutInMillis 29000, connectionType INTERNET,
 * responseTransferMode BUFFERED, authorizerResultTtlInSeconds 300, model contentType
 * application/json, validators false/false, stage cache off and tracing off.
 */
type Attrs = Record<string, unknown>;
type Normaliser = (a: Attrs) => Attrs;

const strMap = (v: unknown) => toMap(v, text);
const boolMap = (v: unknown) => toMap(v, (x) => bool(x, false));
/** AWS stores an empty template as a passthrough (null): both mean "passthrough". */
const templateMap = (v: unknown) => toMap(v, (x) => (x === '' || x === undefined ? null : (x as string | null)));

/** `a, b` and `a,b` are the same identity source. */
function identitySource(v: unknown): string | undefined {
  if (Array.isArray(v)) return identitySource(v.map((s) => String(s)).join(','));
  const s = str(v)?.split(',').map((p) => p.trim()).filter(Boolean).join(',');
  return s || undefined;
}

function restApi(a: Attrs): Attrs {
  const ec = (a.endpointConfiguration ?? {}) as Attrs;
  const types = toSet(ec.types) ?? ['EDGE'];
  return compact({
    description: str(a.description),
    version: str(a.version),
    apiKeySource: str(a.apiKeySource) ?? 'HEADER',
    binaryMediaTypes: toSet(a.binaryMediaTypes),
    minimumCompressionSize: num(a.minimumCompressionSize),
    disableExecuteApiEndpoint: bool(a.disableExecuteApiEndpoint, false),
    policy: toJsonDoc(a.policy),
    // AWS's defaults: TLS_1_0 for edge-optimized and regional APIs, TLS_1_2 for private ones.
    securityPolicy: str(a.securityPolicy) ?? (types.includes('PRIVATE') ? 'TLS_1_2' : 'TLS_1_0'),
    endpointAccessMode: str(a.endpointAccessMode),
    endpointConfiguration: compact({
      types,
      ipAddressType: str(ec.ipAddressType) ?? (types.includes('PRIVATE') ? 'dualstack' : 'ipv4'),
      vpcEndpointIds: toSet(ec.vpcEndpointIds),
    }),
    tags: strMap(a.tags),
  });
}

function method(a: Attrs): Attrs {
  // Keys in sorted order, here and in the other normalisers of what an API has thousands of:
  // compact then copies them without sorting.
  return compact({
    apiKeyRequired: bool(a.apiKeyRequired, false),
    authorizationScopes: toSet(a.authorizationScopes),
    authorizationType: str(a.authorizationType) ?? 'NONE',
    authorizer: str(a.authorizer),
    operationName: str(a.operationName),
    requestModels: strMap(a.requestModels),
    requestParameters: boolMap(a.requestParameters),
    requestValidator: str(a.requestValidator),
  });
}

function integration(a: Attrs): Attrs {
  const tls = (a.tlsConfig ?? {}) as Attrs;
  return compact({
    cacheKeyParameters: toSet(a.cacheKeyParameters),
    cacheNamespace: str(a.cacheNamespace),
    connectionId: str(a.connectionId),
    connectionType: str(a.connectionType) ?? (a.vpcLink !== undefined ? 'VPC_LINK' : 'INTERNET'),
    contentHandling: str(a.contentHandling),
    credentials: str(a.credentials),
    httpMethod: str(a.httpMethod),
    integrationTarget: str(a.integrationTarget),
    passthroughBehavior: str(a.passthroughBehavior) ?? 'WHEN_NO_MATCH',
    requestParameters: strMap(a.requestParameters),
    requestTemplates: templateMap(a.requestTemplates),
    responseTransferMode: str(a.responseTransferMode) ?? 'BUFFERED',
    timeoutInMillis: num(a.timeoutInMillis, 29000),
    tlsConfig: bool(tls.insecureSkipVerification, false) ? { insecureSkipVerification: true } : undefined,
    type: str(a.type),
    uri: str(a.uri),
    vpcLink: str(a.vpcLink),
  });
}

const methodResponse: Normaliser = (a) =>
  compact({ responseModels: strMap(a.responseModels), responseParameters: boolMap(a.responseParameters) });

const integrationResponse: Normaliser = (a) =>
  compact({
    contentHandling: str(a.contentHandling),
    responseParameters: strMap(a.responseParameters),
    responseTemplates: templateMap(a.responseTemplates),
    selectionPattern: str(a.selectionPattern),
  });

const model: Normaliser = (a) =>
  compact({
    contentType: str(a.contentType) ?? 'application/json',
    schema: toJsonDoc(a.schema),
    description: str(a.description),
  });

const requestValidator: Normaliser = (a) => ({
  validateRequestBody: bool(a.validateRequestBody, false),
  validateRequestParameters: bool(a.validateRequestParameters, false),
});

const authorizer: Normaliser = (a) =>
  compact({
    type: str(a.type),
    providerARNs: toSet(a.providerARNs),
    authType: str(a.authType),
    authorizerUri: str(a.authorizerUri),
    authorizerCredentials: str(a.authorizerCredentials),
    identitySource: identitySource(a.identitySource),
    identityValidationExpression: str(a.identityValidationExpression),
    authorizerResultTtlInSeconds: num(a.authorizerResultTtlInSeconds, 300),
  });

const gatewayResponse: Normaliser = (a) =>
  compact({
    statusCode: str(a.statusCode),
    responseParameters: strMap(a.responseParameters),
    responseTemplates: strMap(a.responseTemplates),
  });

/** A part's location is its key: kept in the attrs (canonical, so always equal) for the calls that create it. */
const documentationPart: Normaliser = (a) =>
  compact({ location: a.location ? canonicalLocation(a.location as Record<string, unknown>) : undefined, properties: toJsonDoc(a.properties) ?? {} });

const documentationVersion: Normaliser = (a) => compact({ description: str(a.description) });

/** Method settings: AWS's field names, keyed `*\/*` or `GET /pets/{id}`. */
function methodSetting(v: unknown): Attrs {
  const s = (v ?? {}) as Attrs;
  return compact({
    metricsEnabled: s.metricsEnabled === undefined ? undefined : bool(s.metricsEnabled, false),
    loggingLevel: str(s.loggingLevel),
    dataTraceEnabled: s.dataTraceEnabled === undefined ? undefined : bool(s.dataTraceEnabled, false),
    throttlingBurstLimit: num(s.throttlingBurstLimit),
    throttlingRateLimit: num(s.throttlingRateLimit),
    cachingEnabled: s.cachingEnabled === undefined ? undefined : bool(s.cachingEnabled, false),
    cacheTtlInSeconds: num(s.cacheTtlInSeconds),
    cacheDataEncrypted: s.cacheDataEncrypted === undefined ? undefined : bool(s.cacheDataEncrypted, false),
    requireAuthorizationForCacheControl:
      s.requireAuthorizationForCacheControl === undefined
        ? undefined
        : bool(s.requireAuthorizationForCacheControl, false),
    unauthorizedCacheControlHeaderStrategy: str(s.unauthorizedCacheControlHeaderStrategy),
  });
}

function stage(a: Attrs): Attrs {
  const cacheOn = bool(a.cacheClusterEnabled, false);
  const als = (a.accessLogSettings ?? {}) as Attrs;
  const settings = toMap(a.methodSettings, methodSetting);
  return compact({
    description: str(a.description),
    variables: strMap(a.variables),
    cacheClusterEnabled: cacheOn,
    cacheClusterSize: cacheOn ? (str(a.cacheClusterSize) ?? '0.5') : undefined,
    tracingEnabled: bool(a.tracingEnabled, false),
    methodSettings: settings ? compact(settings) : undefined,
    accessLogSettings: compact({ destinationArn: str(als.destinationArn), format: str(als.format) }),
    clientCertificate: str(a.clientCertificate),
    clientCertificateId: str(a.clientCertificateId),
    documentationVersion: str(a.documentationVersion),
    canarySettings: toJsonDoc(a.canarySettings),
    deploymentId: str(a.deploymentId),
    tags: strMap(a.tags),
  });
}

const NORMALISERS: Partial<Record<EntityKind, Normaliser>> = {
  'rest-api': restApi,
  resource: () => ({}),
  method,
  integration,
  'method-response': methodResponse,
  'integration-response': integrationResponse,
  model,
  'request-validator': requestValidator,
  authorizer,
  'gateway-response': gatewayResponse,
  'documentation-part': documentationPart,
  'documentation-version': documentationVersion,
  stage,
  'api-key': apiKey,
  'usage-plan': usagePlan,
  'usage-plan-key': () => ({}),
  'domain-name': domainName,
  'base-path-mapping': basePathMapping,
  'routing-rule': routingRule,
  'access-association': () => ({}),
  'other-account-association': () => ({}),
  'client-certificate': clientCertificate,
  'vpc-link': vpcLink,
  'v2-vpc-link': v2VpcLink,
};

export function normaliseAttrs(kind: EntityKind, attrs: Attrs): Attrs {
  const n = NORMALISERS[kind];
  return n ? n(attrs) : compact(attrs);
}

/**
 * Fields AWS fills in on its own that a spec may leave to AWS: compared only when the desired
 * side sets them. Returns the live attrs without the parts desired does not manage: a copy when
 * there are such parts, else the live attrs themselves (most kinds have none: resources,
 * methods and responses, thousands in a large API, are compared as they are).
 */
export function alignLive(kind: EntityKind, desired: Attrs, live: Attrs): Attrs {
  switch (kind) {
    case 'authorizer': return withoutUnset(desired, live, 'authType');
    // Without a value in the spec AWS generates one, and any value will do.
    case 'api-key': return withoutUnset(desired, live, 'value');
    case 'integration': return withoutUnset(desired, live, 'cacheNamespace');
    case 'usage-plan': return alignUsagePlan(live);
    case 'stage': return alignStage(desired, live);
    default: return live;
  }
}

/** The live attrs without `field` when the spec leaves it unset (a copy only when there is one to drop). */
function withoutUnset(desired: Attrs, live: Attrs, field: string): Attrs {
  if (desired[field] !== undefined || !(field in live)) return live;
  const { [field]: _dropped, ...rest } = live;
  return rest;
}

/** Stages of APIs the REST reader cannot name (WebSocket APIs) are the v2 planner's business. */
function alignUsagePlan(live: Attrs): Attrs {
  if (!live.apiStages || typeof live.apiStages !== 'object') return live;
  const out: Attrs = { ...live };
  const known = Object.entries(live.apiStages as Attrs).filter(([k]) => !k.startsWith('(unknown id'));
  if (known.length) out.apiStages = Object.fromEntries(known);
  else delete out.apiStages;
  return out;
}

function alignStage(desired: Attrs, live: Attrs): Attrs {
  // A stage follows the plan's deployments unless the spec pins one.
  const out: Attrs = { ...live };
  if (desired.deploymentId === undefined) delete out.deploymentId;
  const d = (desired.methodSettings ?? {}) as Record<string, Attrs>;
  const l = (live.methodSettings ?? {}) as Record<string, Attrs>;
  const ms: Record<string, Attrs> = {};
  for (const [k, v] of Object.entries(l)) {
    const want = d[k];
    // AWS fills in every field of an override it creates: compare only those the spec sets.
    ms[k] = want ? Object.fromEntries(Object.entries(v).filter(([f]) => f in want)) : v;
  }
  if (Object.keys(ms).length) out.methodSettings = ms;
  // The canary's deployment is the one apply created: not something a spec names.
  if (live.canarySettings && typeof live.canarySettings === 'object') {
    const { deploymentId: _deployment, ...canary } = live.canarySettings as Attrs;
    // AWS fills in useStageCache (false) and percentTraffic (0) when the canary is made without
    // them: its defaults, not a difference from a spec that leaves them out.
    const want = (desired.canarySettings ?? {}) as Attrs;
    if (want.useStageCache === undefined && canary.useStageCache === false) delete canary.useStageCache;
    if (want.percentTraffic === undefined && canary.percentTraffic === 0) delete canary.percentTraffic;
    out.canarySettings = Object.keys(canary).length ? canary : undefined;
    if (out.canarySettings === undefined) delete out.canarySettings;
  }
  return out;
}
