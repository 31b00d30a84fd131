import { AccessLog, bool, enumOf, int, mapOf, num, obj, opt, str, stringMap, Tags, Throttle } from './fields.js';

/** Schema of a REST API stage: deployment target, stage-wide and per-method settings. */

export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'] as const;
export const LOGGING_LEVELS = ['OFF', 'ERROR', 'INFO'] as const;

export const Logging = obj('Execution logging and metrics (CloudWatch).', {
  level: opt(enumOf(LOGGING_LEVELS, 'Execution log level: OFF (default), ERROR or INFO.')),
  dataTrace: opt(bool('Log full request and response data (not for production).')),
  metrics: opt(bool('Publish detailed CloudWatch metrics.')),
});

export const Caching = obj('Response caching of methods (needs `cacheClusterEnabled: true` on the stage).', {
  enabled: opt(bool('Cache responses.')),
  ttlInSeconds: opt(int('Time to live of cached responses, 0 to 3600 seconds (AWS default 300).', 0, 3600)),
  dataEncrypted: opt(bool('Encrypt cached responses.')),
  requireAuthorizationForCacheControl: opt(bool('Require authorization to invalidate the cache with `Cache-Control: max-age=0`.')),
  unauthorizedCacheControlHeaderStrategy: opt(enumOf(
    ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'] as const,
    'What to do with an unauthorized cache invalidation request.',
  )),
});

export const MethodSettings = obj('Settings for one method (or all methods when set on the stage itself).', {
  throttle: opt(Throttle),
  logging: opt(Logging),
  caching: opt(Caching),
});

export const Canary = obj('Canary release: a share of traffic goes to the newest deployment.', {
  percentTraffic: opt(num('Percentage of requests sent to the canary, 0 to 100.', 0, 100)),
  stageVariableOverrides: opt(stringMap('Stage variables that differ in the canary.', 'Value.')),
  useStageCache: opt(bool('Whether the canary uses the stage cache.')),
});

/** `deployment:` of a REST stage: follow the API, stay where promoted, or a configuration's hash. */
export const STAGE_DEPLOYMENT_PATTERN = '^(follow|pinned|[0-9a-f]{12})$';

export const RestStage = obj('A stage of a REST API.', {
  description: opt(str('Description of the stage.')),
  deployment: opt(str('Which deployment the stage runs: `follow` (default) takes every new deployment of the API; `pinned` stays on its deployment until `apigw-sync promote --from STAGE --to THIS`; a configuration hash (12 hex digits, the `[config:...]` of a deployment\'s description and of the plan) runs the deployment of that configuration.', { pattern: STAGE_DEPLOYMENT_PATTERN })),
  variables: opt(stringMap('Stage variables, available as `${stageVariables.NAME}`.', 'Value (letters, digits and `-._~:/?#&=,`).')),
  throttle: opt(Throttle),
  logging: opt(Logging),
  caching: opt(Caching),
  methodSettings: opt(mapOf('Per-method overrides keyed by `VERB /path` (e.g. `GET /users/{id}`).', MethodSettings)),
  cacheClusterEnabled: opt(bool('Provision a cache cluster for the stage.')),
  cacheClusterSize: opt(enumOf(CACHE_CLUSTER_SIZES, 'Cache cluster size in GB (AWS default 0.5).')),
  tracingEnabled: opt(bool('Enable AWS X-Ray tracing.')),
  accessLog: opt(AccessLog),
  clientCertificate: opt(str('Name of a client certificate (under `clientCertificates`) API Gateway presents to HTTP backends.')),
  clientCertificateId: opt(str('Id of a client certificate made outside the spec set (prefer `clientCertificate`, by name).')),
  canary: opt(Canary),
  documentationVersion: opt(str('The documentation version (under the API\'s `documentation.versions`) the stage publishes.')),
  tags: opt(Tags),
});
