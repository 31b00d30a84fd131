import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { publicDomains } from '../domains.js';
import { autoDeployStage } from './deployments.js';
import { ENUMS, bool, checkInput, checkNested, int, isPlainObject, num, obj, oneOf, str, strMap } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import { checkTags } from './tags.js';
import {
  type ApiRecord,
  type Wire,
  assignPresent,
  findApi,
  findStage,
  isHttp,
  mergeStringMap,
  noContent,
  notFoundV2,
  timestamp,
  v2State,
  withoutEmpty,
} from './store.js';

const MEMBERS = {
  accessLogSettings: obj,
  autoDeploy: bool,
  clientCertificateId: str(),
  defaultRouteSettings: obj,
  deploymentId: str(),
  description: str(0, 1024),
  routeSettings: obj,
  stageName: str(1, 128),
  stageVariables: strMap,
};

const ROUTE_SETTINGS = {
  dataTraceEnabled: bool,
  detailedMetricsEnabled: bool,
  loggingLevel: oneOf(...ENUMS.loggingLevel),
  throttlingBurstLimit: int(),
  throttlingRateLimit: num,
};
const ROUTE_SETTING_KEYS = Object.keys(ROUTE_SETTINGS);

function pick(from: Wire, keys: readonly string[]): Wire {
  const out: Wire = {};
  assignPresent(out, from, keys);
  return out;
}

function checkSettings(api: ApiRecord, input: Wire): void {
  checkNested(input.accessLogSettings, 'accessLogSettings', { destinationArn: str(), format: str(1, 1024) });
  checkNested(input.defaultRouteSettings, 'defaultRouteSettings', ROUTE_SETTINGS);
  const all: Wire[] = [input.defaultRouteSettings ?? {}];
  if (input.routeSettings !== undefined) {
    if (!isPlainObject(input.routeSettings)) throw badRequest('Invalid routeSettings: must be a map of route key to settings');
    for (const [key, settings] of Object.entries(input.routeSettings)) {
      checkNested(settings as Wire, `routeSettings.${key}`, ROUTE_SETTINGS);
      all.push(settings as Wire);
    }
  }
  if (isHttp(api) && input.clientCertificateId !== undefined) throw badRequest('clientCertificateId is supported only for WebSocket APIs');
  // HTTP APIs have no execution logs; only metrics and throttling can be set per route.
  if (isHttp(api) && all.some((s) => s.loggingLevel !== undefined || s.dataTraceEnabled !== undefined)) {
    throw badRequest('Execution logs are not supported on protocolType HTTP');
  }
  for (const name of Object.keys(input.stageVariables ?? {})) {
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw badRequest(`Invalid stage variable name: ${name}. Names may contain only A-Za-z0-9_`);
  }
}

function checkAccessLogs(stage: Wire): void {
  const s = stage.accessLogSettings;
  if (s !== undefined && (s.destinationArn === undefined || s.format === undefined)) {
    throw badRequest('Access log settings need both destinationArn and format');
  }
}

function checkDeployment(api: ApiRecord, stage: Wire, input: Wire): void {
  if (input.deploymentId === undefined) return;
  if (stage.autoDeploy) throw badRequest('The deploymentId cannot be set on a stage with autoDeploy enabled');
  if (!api.deployments.some((d) => d.deploymentId === input.deploymentId)) {
    throw notFoundV2(`Invalid Deployment identifier specified ${input.deploymentId}`, 'Deployment');
  }
}

function routeSettingsWithDefaults(settings: Wire): Wire {
  return { detailedMetricsEnabled: false, ...pick(settings, ROUTE_SETTING_KEYS) };
}

function createStage(ctx: RequestContext, api: ApiRecord, input: Wire): Wire {
  checkInput(input, { ...MEMBERS, tags: strMap }, ['stageName']);
  checkSettings(api, input);
  checkTags(input.tags);
  const name: string = input.stageName;
  const validName = name === '$default' ? isHttp(api) : /^[A-Za-z0-9_-]+$/.test(name);
  if (!validName) {
    throw badRequest(`Invalid stage name: ${name}. Stage names may contain only A-Za-z0-9_- ($default is allowed for HTTP APIs)`);
  }
  if (api.stages.some((s) => s.stageName === name)) throw conflict('Stage already exists');
  const now = timestamp(ctx);
  const stage: Wire = {
    autoDeploy: input.autoDeploy ?? false,
    createdDate: now,
    defaultRouteSettings: routeSettingsWithDefaults(input.defaultRouteSettings ?? {}),
    lastUpdatedDate: now,
    routeSettings: Object.fromEntries(Object.entries(input.routeSettings ?? {}).map(([k, v]) => [k, routeSettingsWithDefaults(v as Wire)])),
    stageName: name,
    stageVariables: withoutEmpty(input.stageVariables ?? {}),
    tags: input.tags ?? {},
  };
  assignPresent(stage, input, ['clientCertificateId', 'deploymentId']);
  if (input.description !== undefined && input.description !== '') stage.description = input.description;
  if (input.accessLogSettings !== undefined) stage.accessLogSettings = pick(input.accessLogSettings, ['destinationArn', 'format']);
  checkAccessLogs(stage);
  checkDeployment(api, stage, input);
  if (stage.autoDeploy) autoDeployStage(ctx, api, stage);
  return stage;
}

function updateStage(ctx: RequestContext, api: ApiRecord, stage: Wire, input: Wire): void {
  checkInput(input, MEMBERS);
  checkSettings(api, input);
  if (stage.apiGatewayManaged) throw badRequest('Cannot modify a stage managed by API Gateway');
  const next: Wire = structuredClone(stage);
  assignPresent(next, input, ['autoDeploy', 'clientCertificateId']);
  checkDeployment(api, next, input);
  if (input.deploymentId !== undefined) next.deploymentId = input.deploymentId;
  if (input.description !== undefined) {
    if (input.description === '') delete next.description;
    else next.description = input.description;
  }
  if (input.stageVariables !== undefined) next.stageVariables = mergeStringMap(next.stageVariables, input.stageVariables);
  // Settings objects merge member by member; only DeleteAccessLogSettings/DeleteRouteSettings clear.
  if (input.defaultRouteSettings !== undefined) {
    next.defaultRouteSettings = { ...next.defaultRouteSettings, ...pick(input.defaultRouteSettings, ROUTE_SETTING_KEYS) };
  }
  for (const [key, settings] of Object.entries((input.routeSettings ?? {}) as Record<string, Wire>)) {
    next.routeSettings[key] = { ...routeSettingsWithDefaults({}), ...next.routeSettings[key], ...pick(settings, ROUTE_SETTING_KEYS) };
  }
  if (input.accessLogSettings !== undefined) {
    next.accessLogSettings = { ...(next.accessLogSettings ?? {}), ...pick(input.accessLogSettings, ['destinationArn', 'format']) };
  }
  checkAccessLogs(next);
  next.lastUpdatedDate = timestamp(ctx);
  const switchedOn = next.autoDeploy && !stage.autoDeploy;
  Object.assign(stage, next);
  if (switchedOn) autoDeployStage(ctx, api, stage);
}

export const stageRoutes: Route[] = [
  ...subCollectionRoutes<ApiRecord>({
    noun: 'Stage',
    path: '/v2/apis/{apiId}/stages',
    idMember: 'stageName',
    parent: (ctx) => findApi(ctx),
    items: (api) => api.stages,
    find: (_ctx, api, name) => findStage(api, name),
    create: createStage,
    update: updateStage,
    checkDelete: (ctx, api, stage) => {
      // As for DeleteApi, a stage a custom domain maps to must be unmapped first (message as real AWS
      // answers; it speaks of base path mappings even for apigatewayv2 API mappings).
      const mapped = Object.values(publicDomains(ctx))
        .filter((d) => Object.values(d.mappings).some((m) => m.restApiId === api.api.apiId && m.stage === stage.stageName))
        .map((d) => String(d.domain.domainName));
      if (mapped.length > 0) {
        throw badRequest(
          `Deleting stage ${stage.stageName} failed. Please remove all base path mappings related to the stage in your domains: ${mapped.join(', ')}`,
        );
      }
    },
  }),
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/stages/{stageName}/accesslogsettings',
    operation: 'DeleteAccessLogSettings',
    handler: (ctx) => {
      const stage = findStage(findApi(ctx), ctx.params.stageName ?? '');
      delete stage.accessLogSettings;
      stage.lastUpdatedDate = timestamp(ctx);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/stages/{stageName}/routesettings/{routeKey}',
    operation: 'DeleteRouteSettings',
    handler: (ctx) => {
      const stage = findStage(findApi(ctx), ctx.params.stageName ?? '');
      const key = ctx.params.routeKey ?? '';
      if (!(key in stage.routeSettings)) throw notFoundV2(`Invalid route key specified ${key}: the stage has no settings for it`, 'RouteSettings');
      delete stage.routeSettings[key];
      stage.lastUpdatedDate = timestamp(ctx);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/stages/{stageName}/cache/authorizers',
    operation: 'ResetAuthorizersCache',
    // Nothing is cached by the emulator; the call only checks that the stage exists.
    handler: (ctx) => {
      findStage(findApi(ctx), ctx.params.stageName ?? '');
      return noContent();
    },
  },
];
