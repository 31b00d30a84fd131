import { badRequest, notFound } from '../aws-error.js';
import { toBool, toInt, toNumber, unescapePointer, type PatchOp } from './patch.js';
import { CACHE_SIZES, checkStageVariables } from './stages.js';
import { checkStageDocumentationVersion } from './documentation.js';
import type { Obj, RestApiRecord } from './store.js';

/**
 * UpdateStage's patch paths. Stage fields, `/variables/{name}`, access-log and canary settings, and
 * method settings `/{resourcePath}/{httpMethod}/{setting}` where the resource path is `*` or escaped
 * with `~1` (e.g. `/~1pets~1{id}/GET/logging/loglevel`) and the settings key keeps that escaped form.
 */

/** method-setting path suffix -> [MethodSetting member, value converter] */
const SETTINGS: Record<string, [string, (v: string | null | undefined) => unknown]> = {
  'metrics/enabled': ['metricsEnabled', toBool],
  'logging/dataTrace': ['dataTraceEnabled', toBool],
  'logging/loglevel': ['loggingLevel', (v) => {
    if (!['OFF', 'ERROR', 'INFO'].includes(String(v))) throw badRequest(`Invalid logging level: ${v}. Must be one of: [OFF, ERROR, INFO]`);
    return v;
  }],
  'throttling/burstLimit': ['throttlingBurstLimit', (v) => toInt(v, `Invalid burst limit: ${v}`)],
  'throttling/rateLimit': ['throttlingRateLimit', (v) => toNumber(v, `Invalid rate limit: ${v}`)],
  'caching/ttlInSeconds': ['cacheTtlInSeconds', (v) => toInt(v, `Invalid cache TTL: ${v}`)],
  'caching/enabled': ['cachingEnabled', toBool],
  'caching/dataEncrypted': ['cacheDataEncrypted', toBool],
  'caching/requireAuthorizationForCacheControl': ['requireAuthorizationForCacheControl', toBool],
  'caching/unauthorizedCacheControlHeaderStrategy': ['unauthorizedCacheControlHeaderStrategy', (v) => v],
};

/**
 * The defaults AWS fills into a method-settings entry created by a patch: no `loggingLevel` until
 * one is set (the AWS CLI's own update-stage examples show the entry AWS returns for
 * `/~1resourceName/GET/logging/dataTrace` and for `/*\/*\/logging/dataTrace`, key kept escaped).
 */
const SETTING_DEFAULTS: Obj = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000.0,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
};

const STAGE_FIELDS = ['/deploymentId', '/description', '/cacheClusterEnabled', '/cacheClusterSize', '/clientCertificateId', '/accessLogSettings', '/accessLogSettings/destinationArn', '/accessLogSettings/format'];
const SETTING_PATHS = Object.keys(SETTINGS);

/** AWS's list of valid paths, with its own odd joins (three entries run together, two separated by a space). */
const VALID_PATHS = (() => {
  const all = [
    ...STAGE_FIELDS,
    ...SETTING_PATHS.map((s) => `/{resourcePath}/{httpMethod}/${s}`),
    ...SETTING_PATHS.map((s) => `/*/*/${s}`),
    '/variables/{variable_name}',
    '/tracingEnabled',
  ];
  return `[${all.join(', ')}]`
    .replace(
      '/{resourcePath}/{httpMethod}/throttling/burstLimit, /{resourcePath}/{httpMethod}/throttling/rateLimit, /{resourcePath}/{httpMethod}/caching/ttlInSeconds',
      '/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds',
    )
    .replace('/burstLimit, /', '/burstLimit /')
    .replace('/rateLimit, /', '/rateLimit /');
})();

const invalidPath = (path: string) => badRequest(`Invalid method setting path: ${path}. Must be one of: ${VALID_PATHS}`);
const wrongOp = (allowed: string[]) => badRequest(`Invalid patch operation specified. Must be one of: [${allowed.join(', ')}]`);
const ACCESS_LOG_PATHS = 'Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]';
const noSetting = (what: string) => badRequest(`Cannot remove method setting ${what} because there is no method setting for this method `);

export function applyStagePatch(stage: Obj, ops: PatchOp[], api: RestApiRecord): Obj {
  for (const op of ops) {
    const path = op.path;
    if (path === undefined || path === null) throw badRequest('Invalid patch path null');
    const segs = path.split('/').slice(1);
    if (op.op === 'copy') copy(stage, op);
    else if (segs[0] === 'accessLogSettings') accessLog(stage, op, segs.slice(1));
    else if (segs[0] === 'variables' && segs.length === 2 && segs[1] !== '') variable(stage, op, unescapePointer(segs[1]!));
    else if (segs[0] === 'canarySettings') canary(stage, op, segs.slice(1), api);
    else if (segs.length === 1) field(stage, op, segs[0]!, api);
    else methodSetting(stage, op, segs, path);
  }
  if (!stage.variables || Object.keys(stage.variables).length === 0) delete stage.variables;
  return stage;
}

/**
 * `copy` only promotes a canary: its deployment to the stage's, its stage variables over the
 * stage's. AWS refuses every other copy (recorded message, valid paths and sources listed).
 */
const COPIES: Record<string, string> = { '/deploymentId': '/canarySettings/deploymentId', '/variables': '/canarySettings/stageVariableOverrides' };

function copy(stage: Obj, op: PatchOp): void {
  if (COPIES[op.path!] !== op.from) {
    throw badRequest(
      `Invalid copy operation with path: ${op.path} and from ${op.from}. Valid copy:path are [${Object.keys(COPIES).join(', ')}] and valid copy:from are [${Object.values(COPIES).join(', ')}]`,
    );
  }
  if (!stage.canarySettings) throw noCanary();
  if (op.path === '/deploymentId') {
    // Promotes the canary: the stage now serves the canary's deployment.
    if (!stage.canarySettings.deploymentId) throw noCanary();
    stage.deploymentId = stage.canarySettings.deploymentId;
  } else {
    // The promote step of AWS's guide: the canary's stage variables become the stage's.
    stage.variables = { ...(stage.variables ?? {}), ...(stage.canarySettings.stageVariableOverrides ?? {}) };
  }
}

function field(stage: Obj, op: PatchOp, name: string, api: RestApiRecord): void {
  const known = ['deploymentId', 'description', 'cacheClusterEnabled', 'cacheClusterSize', 'clientCertificateId', 'documentationVersion', 'tracingEnabled', 'methodSettings'];
  if (!known.includes(name)) throw invalidPath(op.path!);
  if (op.op !== 'replace') throw wrongOp(['replace']);
  const v = op.value;
  switch (name) {
    case 'deploymentId':
      if (!api.deployments[String(v)]) throw noDeployment();
      stage.deploymentId = v;
      break;
    case 'cacheClusterEnabled':
      stage.cacheClusterEnabled = toBool(v);
      stage.cacheClusterStatus = stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE';
      if (stage.cacheClusterEnabled) stage.cacheClusterSize ??= '0.5';
      break;
    case 'cacheClusterSize':
      if (!CACHE_SIZES.includes(String(v))) throw badRequest('Invalid cache cluster size specified');
      stage.cacheClusterSize = String(v);
      break;
    case 'tracingEnabled':
      stage.tracingEnabled = toBool(v);
      break;
    case 'methodSettings':
      if (v) throw badRequest('methodSettings can only be reset, use /{resourcePath}/{httpMethod}/{setting} paths');
      stage.methodSettings = {};
      break;
    case 'documentationVersion':
      checkStageDocumentationVersion(api, v);
      if (v === null || v === undefined || v === '') delete stage.documentationVersion;
      else stage.documentationVersion = v;
      break;
    default:
      if (v === null || v === undefined || v === '') delete stage[name];
      else stage[name] = v;
  }
}

function variable(stage: Obj, op: PatchOp, name: string): void {
  const vars: Obj = (stage.variables ??= {});
  if (op.op === 'remove') delete vars[name];
  else if (op.op === 'replace' || op.op === 'add') {
    checkStageVariables({ [name]: op.value ?? '' });
    vars[name] = op.value;
  }
  else throw wrongOp(['add', 'replace', 'remove']);
}

function accessLog(stage: Obj, op: PatchOp, rest: string[]): void {
  if (op.op === 'remove') {
    if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) return void delete stage.accessLogSettings;
    throw noSetting(`accessLogSettings/${rest.join('/')}`);
  }
  if ((op.op !== 'add' && op.op !== 'replace') || rest.length !== 1 || !['destinationArn', 'format'].includes(rest[0]!)) {
    throw badRequest(ACCESS_LOG_PATHS);
  }
  if (!op.value) throw badRequest('Access Log value must not be empty');
  stage.accessLogSettings = { ...(stage.accessLogSettings ?? {}), [rest[0]!]: op.value };
}

/**
 * AWS's answers for a promotion without a canary and for a deployment id that does not exist, as
 * LocalStack's provider gives them (its UpdateStage snapshot tests are validated against AWS):
 * both 400 BadRequestException.
 */
const noCanary = () => badRequest('Promotion not available. Canary does not exist.');
const noDeployment = () => badRequest('Deployment id does not exist');

/**
 * Canary settings take `replace` (which makes the canary when there is none) and `remove` of the
 * whole canary or of one stage-variable override. AWS's answers otherwise, as recorded: `add` is
 * "Invalid add operation with path", any other `remove` is "Cannot remove method setting
 * canarySettings/...", and `replace` of `/canarySettings` itself is an invalid path.
 */
function canary(stage: Obj, op: PatchOp, rest: string[], api: RestApiRecord): void {
  if (op.op === 'add') throw badRequest(`Invalid add operation with path: ${op.path}`);
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '')) {
    if (op.op === 'remove') return void delete stage.canarySettings;
    if (op.op === 'replace') throw invalidPath(op.path!);
    throw wrongOp(['remove']);
  }
  const [name, key] = rest;
  if (op.op === 'remove') {
    if (name === 'stageVariableOverrides' && key) {
      // AWS's guide removes one canary stage variable this way (update-stage, "removing a canary
      // stage variable"); an absent one is no error.
      const overrides: Obj | undefined = stage.canarySettings?.stageVariableOverrides;
      if (overrides) delete overrides[unescapePointer(key)];
      return;
    }
    throw noSetting(`canarySettings/${rest.join('/')}`);
  }
  if (op.op !== 'replace') throw wrongOp(['replace']);
  if (name === 'deploymentId' && !api.deployments[String(op.value)]) throw noDeployment();
  // A canary made by UpdateStage starts on the stage's own deployment, at 0 %, without the cache.
  const c: Obj = (stage.canarySettings ??= { deploymentId: stage.deploymentId, percentTraffic: 0, useStageCache: false });
  switch (name) {
    case 'deploymentId':
      c.deploymentId = op.value;
      break;
    case 'percentTraffic':
      c.percentTraffic = toNumber(op.value, 'Canary traffic percentage must be between 0.0 and 100.0');
      if (c.percentTraffic < 0 || c.percentTraffic > 100) throw badRequest('Canary traffic percentage must be between 0.0 and 100.0');
      break;
    case 'useStageCache':
      c.useStageCache = toBool(op.value);
      break;
    case 'stageVariableOverrides':
      if (!key) throw invalidPath(op.path!);
      c.stageVariableOverrides = { ...(c.stageVariableOverrides ?? {}), [unescapePointer(key)]: op.value ?? '' };
      break;
    default:
      throw invalidPath(op.path!);
  }
}

function methodSetting(stage: Obj, op: PatchOp, segs: string[], path: string): void {
  const [resource, verb, ...setting] = segs;
  const key = `${resource}/${verb}`;
  const settings: Obj = (stage.methodSettings ??= {});
  if (setting.length === 0 && op.op === 'remove') {
    // Removing `/{resourcePath}/{httpMethod}` drops the whole override.
    if (!settings[key]) throw noSetting(key);
    return void delete settings[key];
  }
  const spec = SETTINGS[setting.join('/')];
  const validResource = resource === '*' ? verb === '*' : resource!.startsWith('~1');
  const validVerb = verb === '*' || ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'].includes(verb!);
  if (!spec || !validResource || !validVerb) throw invalidPath(path);
  if (op.op !== 'replace') throw wrongOp(['replace']);
  const [member, convert] = spec;
  settings[key] = { ...SETTING_DEFAULTS, ...(settings[key] ?? {}), [member]: convert(op.value) };
}
