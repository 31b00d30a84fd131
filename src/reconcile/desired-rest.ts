import type { Entity } from './model.js';
import type { IntegrationSpec, MethodSettingsSpec, MethodSpec, RestApiSpec, StageSpec } from '../schema/index.js';
// From the ARN module itself, not the schema's index: planning's core stays free of the loader's I/O.
import { lambdaInvocationUri } from '../schema/check/arns.js';
import { childKey, restApiKey } from './keys.js';
import { RestApiBuilder } from './rest-builder.js';

/**
 * A REST API of the spec set -> desired entities, in the same vocabulary the live reader writes
 * (AWS's field names, references by name). The loader has expanded the shorthands already
 * (`cors` into OPTIONS methods, `lambda` into type/uri/httpMethod); a `lambda` still present is
 * expanded here with the loader's own function, so the model never depends on who expanded it.
 */
type Attrs = Record<string, unknown>;

export function desiredRestApi(name: string, spec: RestApiSpec, region?: string): Entity[] {
  const api = new RestApiBuilder(name, {
    description: spec.description,
    version: spec.version,
    endpointConfiguration: {
      types: spec.endpointType ? [spec.endpointType] : undefined,
      ipAddressType: spec.ipAddressType,
      vpcEndpointIds: spec.vpcEndpointIds,
    },
    tags: spec.tags,
    binaryMediaTypes: spec.binaryMediaTypes,
    minimumCompressionSize: spec.minimumCompressionSize,
    apiKeySource: spec.apiKeySource,
    policy: spec.policy,
    disableExecuteApiEndpoint: spec.disableExecuteApiEndpoint,
    securityPolicy: spec.securityPolicy,
    endpointAccessMode: spec.endpointAccessMode,
  });
  for (const [n, m] of Object.entries(spec.models ?? {})) api.model(n, { ...m });
  for (const [n, v] of Object.entries(spec.requestValidators ?? {})) api.requestValidator(n, { ...v });
  for (const [n, a] of Object.entries(spec.authorizers ?? {})) {
    const { providerArns, lambda, lambdaPermission: _managed, ...rest } = a;
    api.authorizer(n, {
      ...rest,
      providerARNs: providerArns,
      authorizerUri: rest.authorizerUri ?? (lambda ? lambdaInvocationUri(lambda, region) : undefined),
    });
  }
  for (const [type, g] of Object.entries(spec.gatewayResponses ?? {})) if (g) api.gatewayResponse(type, { ...g });
  const authorizerTypes = new Map(Object.entries(spec.authorizers ?? {}).map(([n, a]) => [n, a.type]));
  for (const [path, resource] of Object.entries(spec.resources ?? {})) {
    api.resource(path, (r) => {
      for (const verb in resource) {
        const method = (resource as Record<string, MethodSpec | undefined>)[verb];
        if (!method) continue;
        // The spec's objects are handed to the builder as they are: its normalisers read the
        // fields they know (a method's `integration` and `responses` are not among them) into
        // new objects and change nothing they are given, so no copy is made per method.
        const { integration, responses } = method;
        const authorizationType =
          method.authorizationType ??
          (method.authorizer ? (authorizerTypes.get(method.authorizer) === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM') : 'NONE');
        r.method(verb, method.authorizationType === undefined ? { ...method, authorizationType } : method, (mb) => {
          for (const status in responses) mb.response(status, responses[status]);
          const integrationResponses = integration.responses;
          mb.integration(expandLambda(integration, region), (ib) => {
            for (const status in integrationResponses) ib.response(status, integrationResponses[status]);
          });
        });
      }
    });
  }
  for (const part of spec.documentation?.parts ?? []) api.documentationPart({ ...part.location }, part.properties);
  for (const [v, d] of Object.entries(spec.documentation?.versions ?? {})) api.documentationVersion(v, { ...d });
  for (const [n, s] of Object.entries(spec.stages ?? {})) api.stage(n, stageAttrs(s));
  const entities = api.build();
  // `deployment: pinned` or a configuration hash: resolved against the live API (pins.ts).
  for (const [n, s] of Object.entries(spec.stages ?? {})) {
    if (s.deployment === undefined || s.deployment === 'follow') continue;
    const stage = entities.find((e) => e.key === childKey(restApiKey(name), 'stage', n));
    if (stage) stage.meta = { ...stage.meta, deployment: s.deployment };
  }
  // Not an attribute: the description of deployments is no part of the configuration they deploy.
  if (spec.deploymentDescription !== undefined) {
    const root = entities.find((e) => e.kind === 'rest-api');
    if (root) root.meta = { ...root.meta, deploymentDescription: spec.deploymentDescription };
  }
  return entities;
}

function expandLambda(i: IntegrationSpec, region?: string): Attrs {
  // Without `lambda`, the integration as written (its normaliser reads neither `lambdaPermission` nor `responses`).
  if (!i.lambda) return i;
  const { lambda, lambdaPermission: _managed, ...rest } = i;
  return { ...rest, type: rest.type ?? 'AWS_PROXY', httpMethod: 'POST', uri: lambdaInvocationUri(lambda, region) };
}

/** The spec's grouped method settings -> AWS's MethodSetting fields. */
function methodSetting(s: MethodSettingsSpec): Attrs {
  return {
    throttlingRateLimit: s.throttle?.rateLimit,
    throttlingBurstLimit: s.throttle?.burstLimit,
    loggingLevel: s.logging?.level,
    dataTraceEnabled: s.logging?.dataTrace,
    metricsEnabled: s.logging?.metrics,
    cachingEnabled: s.caching?.enabled,
    cacheTtlInSeconds: s.caching?.ttlInSeconds,
    cacheDataEncrypted: s.caching?.dataEncrypted,
    requireAuthorizationForCacheControl: s.caching?.requireAuthorizationForCacheControl,
    unauthorizedCacheControlHeaderStrategy: s.caching?.unauthorizedCacheControlHeaderStrategy,
  };
}

/** Stage-wide throttle, logging and caching are AWS's `*\/*` method settings. */
export function stageAttrs(s: StageSpec): Attrs {
  const methodSettings: Record<string, Attrs> = {};
  if (s.throttle || s.logging || s.caching) {
    methodSettings['*/*'] = methodSetting({ throttle: s.throttle, logging: s.logging, caching: s.caching });
  }
  for (const [k, v] of Object.entries(s.methodSettings ?? {})) methodSettings[k.replace(/\s+/g, ' ').trim()] = methodSetting(v);
  return {
    description: s.description,
    variables: s.variables,
    cacheClusterEnabled: s.cacheClusterEnabled,
    cacheClusterSize: s.cacheClusterSize,
    tracingEnabled: s.tracingEnabled,
    methodSettings,
    accessLogSettings: s.accessLog,
    clientCertificate: s.clientCertificate,
    clientCertificateId: s.clientCertificateId,
    canarySettings: s.canary,
    documentationVersion: s.documentationVersion,
    tags: s.tags,
  };
}
