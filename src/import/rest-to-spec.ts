import { lambdaInvocationUri } from '../schema/check/arns.js';
import { nameOf, SEP } from '../reconcile/keys.js';
import { PIN_TAG, type Entity, type Model } from '../reconcile/model.js';

/**
 * Live entities of one REST API (canonical model, as plan reads them) -> the spec language: the
 * inverse of desired-rest.ts. What AWS would fill in by itself is left out, so an imported spec
 * is as small as one written by hand, and planning it against the same API finds nothing to do.
 * Fields the language cannot express are reported in `warnings` instead of being lost silently.
 */
type Attrs = Record<string, any>;

export interface Converted<T> {
  spec: T;
  warnings: string[];
}

const GATEWAY_STATUS: Record<string, string> = {
  ACCESS_DENIED: '403', API_CONFIGURATION_ERROR: '500', AUTHORIZER_CONFIGURATION_ERROR: '500', AUTHORIZER_FAILURE: '500',
  BAD_REQUEST_BODY: '400', BAD_REQUEST_PARAMETERS: '400', EXPIRED_TOKEN: '403', INTEGRATION_FAILURE: '504',
  INTEGRATION_TIMEOUT: '504', INVALID_API_KEY: '403', INVALID_SIGNATURE: '403', MISSING_AUTHENTICATION_TOKEN: '403',
  QUOTA_EXCEEDED: '429', REQUEST_TOO_LARGE: '413', RESOURCE_NOT_FOUND: '404', THROTTLED: '429', UNAUTHORIZED: '401',
  UNSUPPORTED_MEDIA_TYPE: '415', WAF_FILTERED: '403',
};
const DEFAULT_GATEWAY_TEMPLATE = '{"message":$context.error.messageString}';

/** What AWS puts into a method-settings entry it creates; left out of an imported spec. */
const SETTING_DEFAULTS: Attrs = {
  metricsEnabled: false, loggingLevel: 'OFF', dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000,
  cachingEnabled: false, cacheTtlInSeconds: 300, cacheDataEncrypted: false, requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

/** Keeps the defined, non-default values (`defaults` name what AWS would fill in). */
export function clean(o: Attrs, defaults: Attrs = {}): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    if (k in defaults && JSON.stringify(defaults[k]) === JSON.stringify(v)) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** `arn:...:lambda:path/2015-03-31/functions/<ARN>/invocations` -> `<ARN>` when the shorthand rebuilds it exactly. */
export function lambdaArnOf(uri: unknown, region: string | undefined): string | undefined {
  if (typeof uri !== 'string') return undefined;
  const m = /^arn:[^:]+:apigateway:[^:]+:lambda:path\/2015-03-31\/functions\/(arn:[^/]+)\/invocations$/.exec(uri);
  if (!m?.[1]) return undefined;
  return lambdaInvocationUri(m[1], region) === uri ? m[1] : undefined;
}

/** Templates: AWS's passthrough (null) is written as an empty template. */
const templates = (t: unknown): Attrs | undefined =>
  t ? Object.fromEntries(Object.entries(t as Attrs).map(([k, v]) => [k, v ?? ''])) : undefined;

export function restApiToSpec(name: string, live: Model, region: string | undefined): Converted<Attrs> {
  const apiKey = `rest-api:${name}`;
  const warnings: string[] = [];
  const all = Object.values(live.entities).filter((e) => e.key === apiKey || e.key.startsWith(apiKey + SEP));
  const of = (kind: Entity['kind']) => all.filter((e) => e.kind === kind).sort((a, b) => (a.key < b.key ? -1 : 1));
  const api = live.entities[apiKey]?.attrs ?? {};
  const ec = (api.endpointConfiguration ?? {}) as Attrs;
  const endpointType = (ec.types as string[] | undefined)?.[0] ?? 'EDGE';
  const defaultIp = endpointType === 'PRIVATE' ? 'dualstack' : 'ipv4';
  const spec: Attrs = clean({
    description: api.description,
    version: api.version,
    endpointType: endpointType === 'EDGE' ? undefined : endpointType,
    vpcEndpointIds: ec.vpcEndpointIds,
    ipAddressType: ec.ipAddressType && ec.ipAddressType !== defaultIp ? ec.ipAddressType : undefined,
    securityPolicy: api.securityPolicy === (endpointType === 'PRIVATE' ? 'TLS_1_2' : 'TLS_1_0') ? undefined : api.securityPolicy,
    endpointAccessMode: api.endpointAccessMode,
    tags: api.tags,
    binaryMediaTypes: api.binaryMediaTypes,
    minimumCompressionSize: api.minimumCompressionSize,
    apiKeySource: api.apiKeySource === 'HEADER' ? undefined : api.apiKeySource,
    policy: api.policy,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint === true ? true : undefined,
  });

  const models: Attrs = {};
  for (const m of of('model')) {
    if (m.meta?.awsDefault === 'true') continue;
    models[nameOf(m.key)] = clean({ contentType: m.attrs.contentType, description: m.attrs.description, schema: m.attrs.schema }, { contentType: 'application/json' });
  }
  const validators: Attrs = {};
  for (const v of of('request-validator')) {
    validators[nameOf(v.key)] = clean(v.attrs, { validateRequestBody: false, validateRequestParameters: false });
  }
  const authorizers: Attrs = {};
  const authorizerTypes = new Map<string, string>();
  for (const a of of('authorizer')) {
    const { providerARNs, authorizerUri, ...rest } = a.attrs;
    const lambda = lambdaArnOf(authorizerUri, region);
    authorizerTypes.set(nameOf(a.key), String(rest.type));
    authorizers[nameOf(a.key)] = clean({
      type: rest.type,
      ...(lambda ? { lambda } : { authorizerUri }),
      authorizerCredentials: rest.authorizerCredentials,
      identitySource: rest.identitySource,
      identityValidationExpression: rest.identityValidationExpression,
      authorizerResultTtlInSeconds: rest.authorizerResultTtlInSeconds,
      providerArns: providerARNs,
      authType: rest.authType,
    }, { authorizerResultTtlInSeconds: 300 });
  }
  const gatewayResponses: Attrs = {};
  for (const g of of('gateway-response')) {
    const type = nameOf(g.key);
    const t = g.attrs.responseTemplates as Attrs | undefined;
    const defaultTemplates = t && Object.keys(t).length === 1 && t['application/json'] === DEFAULT_GATEWAY_TEMPLATE;
    gatewayResponses[type] = clean({
      statusCode: g.attrs.statusCode === GATEWAY_STATUS[type] ? undefined : g.attrs.statusCode,
      responseParameters: g.attrs.responseParameters,
      responseTemplates: defaultTemplates ? undefined : t,
    });
  }

  const resources: Attrs = {};
  const paths = of('resource').map((r) => nameOf(r.key));
  for (const r of of('resource')) {
    const path = nameOf(r.key);
    const methods: Attrs = {};
    for (const m of all.filter((e) => e.kind === 'method' && e.parent === r.key)) {
      methods[nameOf(m.key)] = methodToSpec(m, all, authorizerTypes, region, warnings);
    }
    // A path with no methods is implied by any deeper path; only a leaf must be written alone.
    const hasChild = paths.some((p) => p !== path && p.startsWith(path === '/' ? '/' : `${path}/`));
    if (Object.keys(methods).length > 0 || (!hasChild && path !== '/')) resources[path] = methods;
  }

  // Locations as a person writes them: AWS's defaults (`/`, `*`) left out.
  const parts = of('documentation-part').map((p) => {
    const loc = (p.attrs.location ?? {}) as Attrs;
    return {
      location: clean({ ...loc, path: loc.path === '/' ? undefined : loc.path, method: loc.method === '*' ? undefined : loc.method, statusCode: loc.statusCode === '*' ? undefined : loc.statusCode }),
      properties: p.attrs.properties ?? {},
    };
  });
  const versions: Attrs = {};
  for (const v of of('documentation-version')) versions[nameOf(v.key)] = clean({ description: v.attrs.description });
  const documentation = clean({ parts, versions });

  const stages: Attrs = {};
  const behind = stagesLeftBehind(of('stage'), `rest-api ${name}`, warnings);
  for (const s of of('stage')) {
    stages[nameOf(s.key)] = stageToSpec(s.attrs, `rest-api ${name} / stage ${nameOf(s.key)}`, warnings, behind.has(s.key));
  }

  return {
    spec: clean({
      ...spec,
      models,
      requestValidators: validators,
      authorizers,
      gatewayResponses,
      resources,
      documentation,
      stages,
    }),
    warnings,
  };
}

function methodToSpec(m: Entity, all: Entity[], authorizerTypes: Map<string, string>, region: string | undefined, warnings: string[]): Attrs {
  const a = m.attrs;
  const derived = a.authorizer ? (authorizerTypes.get(String(a.authorizer)) === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM') : 'NONE';
  const integration = all.find((e) => e.kind === 'integration' && e.parent === m.key);
  const out: Attrs = clean({
    authorizationType: a.authorizationType === derived ? undefined : a.authorizationType,
    authorizer: a.authorizer,
    authorizationScopes: a.authorizationScopes,
    apiKeyRequired: a.apiKeyRequired === true ? true : undefined,
    operationName: a.operationName,
    requestParameters: a.requestParameters,
    requestModels: a.requestModels,
    requestValidator: a.requestValidator,
  });
  const responses: Attrs = {};
  for (const r of all.filter((e) => e.kind === 'method-response' && e.parent === m.key)) responses[nameOf(r.key)] = clean(r.attrs);
  out.integration = integration ? integrationToSpec(integration, all, region, warnings) : { type: 'MOCK' };
  if (!integration) warnings.push(`${m.key.replace(/:/g, ' ')}: the method has no integration in AWS; the spec gives it a MOCK integration (AWS needs one to deploy).`);
  if (Object.keys(responses).length) out.responses = responses;
  return out;
}

function integrationToSpec(e: Entity, all: Entity[], region: string | undefined, warnings: string[]): Attrs {
  const a = e.attrs;
  const lambda = a.httpMethod === 'POST' && (a.type === 'AWS_PROXY' || a.type === 'AWS') ? lambdaArnOf(a.uri, region) : undefined;
  const out: Attrs = clean({
    ...(lambda ? { lambda, type: a.type === 'AWS' ? 'AWS' : undefined } : { type: a.type, httpMethod: a.httpMethod, uri: a.uri }),
    connectionType: a.vpcLink !== undefined ? undefined : a.connectionType,
    connectionId: a.connectionId,
    vpcLink: a.vpcLink,
    integrationTarget: a.integrationTarget,
    credentials: a.credentials,
    requestParameters: a.requestParameters,
    requestTemplates: templates(a.requestTemplates),
    passthroughBehavior: a.passthroughBehavior,
    contentHandling: a.contentHandling,
    timeoutInMillis: a.timeoutInMillis,
    cacheNamespace: a.cacheNamespace,
    cacheKeyParameters: a.cacheKeyParameters,
    tlsConfig: a.tlsConfig,
    responseTransferMode: a.responseTransferMode,
  }, { connectionType: 'INTERNET', passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000, responseTransferMode: 'BUFFERED' });
  const responses: Attrs = {};
  for (const r of all.filter((x) => x.kind === 'integration-response' && x.parent === e.key)) {
    responses[nameOf(r.key)] = clean({ ...r.attrs, responseTemplates: templates(r.attrs.responseTemplates) });
  }
  if (Object.keys(responses).length) out.responses = responses;
  return out;
}

/** AWS's method settings (`*\/*` and `GET /path`) -> the stage's throttle/logging/caching and overrides. */
function settingsToSpec(s: Attrs): Attrs {
  const v = clean(s, SETTING_DEFAULTS);
  const grouped = clean({
    throttle: clean({ rateLimit: v.throttlingRateLimit, burstLimit: v.throttlingBurstLimit }),
    logging: clean({ level: v.loggingLevel, dataTrace: v.dataTraceEnabled, metrics: v.metricsEnabled }),
    caching: clean({
      enabled: v.cachingEnabled, ttlInSeconds: v.cacheTtlInSeconds, dataEncrypted: v.cacheDataEncrypted,
      requireAuthorizationForCacheControl: v.requireAuthorizationForCacheControl,
      unauthorizedCacheControlHeaderStrategy: v.unauthorizedCacheControlHeaderStrategy,
    }),
  });
  // An entry must stay, even when everything in it is AWS's default: say one field of it.
  return Object.keys(grouped).length ? grouped : { logging: { metrics: s.metricsEnabled === true } };
}

/**
 * Stages that run an older deployment than another stage of their API: the guide deploys to dev,
 * later redeploys only production, and dev keeps its deployment. Imported as following, the next
 * apply would move them onto the new deployment with the others; imported as `deployment: pinned`
 * they stay where they are until promoted, as they do now. Stages with a canary, or that deploy
 * automatically, follow.
 */
export function stagesLeftBehind(stages: Entity[], where: string, warnings: string[]): Set<string> {
  const at = (e: Entity) => Number(e.meta?.deployedAt ?? 0);
  const newest = Math.max(0, ...stages.map(at));
  const follows = (e: Entity) => e.attrs.canarySettings === undefined && e.attrs.autoDeploy !== true;
  // AWS dates deployments to the second: stages on different deployments of that same second
  // cannot be ordered. Both follow (as imported before); the user says which one stays.
  const newestRun = stages.filter((e) => at(e) > 0 && at(e) === newest && follows(e));
  if (new Set(newestRun.map((e) => e.ids?.deploymentId)).size > 1) {
    const names = newestRun.map((e) => nameOf(e.key)).sort();
    warnings.push(
      `${where}: stages ${names.slice(0, -1).join(', ')} and ${names.at(-1)} run different deployments made in the same second, so which one is older cannot be told; ` +
        'they were imported as following the newest deployment, and the next apply that changes the API moves them all onto a new one. Write `deployment: pinned` on each stage that should stay where it is.',
    );
  }
  return new Set(stages.filter((e) => at(e) > 0 && at(e) < newest && follows(e)).map((e) => e.key));
}

export function stageToSpec(a: Attrs, where: string, warnings: string[], leftBehind = false): Attrs {
  const settings = (a.methodSettings ?? {}) as Attrs;
  const all = settings['*/*'] ? settingsToSpec(settings['*/*'] as Attrs) : {};
  const overrides: Attrs = {};
  for (const [k, v] of Object.entries(settings)) if (k !== '*/*') overrides[k] = settingsToSpec(v as Attrs);
  const canary = a.canarySettings ? clean({ ...(a.canarySettings as Attrs), deploymentId: undefined }) : undefined;
  // The pin tag is apply's record of where a pinned stage stays: the spec says `deployment: pinned`.
  const { [PIN_TAG]: pin, ...tags } = (a.tags ?? {}) as Record<string, string>;
  return clean({
    description: a.description,
    deployment: pin !== undefined || leftBehind ? 'pinned' : undefined,
    variables: a.variables,
    throttle: all.throttle,
    logging: all.logging,
    caching: all.caching,
    methodSettings: overrides,
    cacheClusterEnabled: a.cacheClusterEnabled === true ? true : undefined,
    cacheClusterSize: a.cacheClusterEnabled === true && a.cacheClusterSize !== '0.5' ? a.cacheClusterSize : undefined,
    tracingEnabled: a.tracingEnabled === true ? true : undefined,
    accessLog: a.accessLogSettings,
    clientCertificate: a.clientCertificate,
    clientCertificateId: a.clientCertificateId,
    canary,
    documentationVersion: a.documentationVersion,
    tags: Object.keys(tags).length ? tags : undefined,
  });
}
