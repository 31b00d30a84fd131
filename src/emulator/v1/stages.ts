import type { RequestContext, Route } from '../router.js';
import { AwsError, badRequest, conflict, notFound } from '../aws-error.js';
import { check, ENUMS } from './validate.js';
import { applyStagePatch } from './stage-patch.js';
import { readPatchOps } from './patch.js';
import { checkStageDocumentationVersion } from './documentation.js';
import { allDomains, clone, compact, epoch, getApi, v1, type Obj, type RestApiRecord } from './store.js';

const R = '/restapis/{restapi_id}/stages';

/** Stages per REST API: AWS's default quota. */
export const DEFAULT_STAGES_PER_API = 10;

export const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

/**
 * Stage variable values must not be empty (the models document values as `[A-Za-z0-9-._~:/?#&=,]+`);
 * AWS's answer to an empty one, as reported from AWS (sirceljm/aws-lambda-blog#10). Only the empty
 * value is refused here: AWS's message also allows a space, which the documented pattern does not.
 */
export function checkStageVariables(vars: unknown): void {
  for (const v of Object.values((vars ?? {}) as Obj)) {
    if (v === '' || v === null) {
      throw badRequest(`Invalid stage variable value: ${v ?? 'null'}.  Please use values with alphanumeric characters and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.`);
    }
  }
}

/** A new stage with the fields AWS fills in (recorded: cache off, NOT_AVAILABLE, no method settings). */
export function newStage(ctx: RequestContext, api: RestApiRecord, b: Obj): Obj {
  if (!/^[a-zA-Z0-9_-]+$/.test(String(b.stageName))) throw badRequest('Stage name only allows a-zA-Z0-9_-');
  checkStageVariables(b.variables);
  checkStageVariables(b.canarySettings?.stageVariableOverrides);
  const limit = ctx.limits?.stagesPerApi ?? DEFAULT_STAGES_PER_API;
  if (Object.keys(api.stages).length >= limit) {
    throw new AwsError('LimitExceededException', 429, `Cannot create more than ${limit} stages in a REST API`);
  }
  if (b.cacheClusterSize !== undefined && !CACHE_SIZES.includes(String(b.cacheClusterSize))) throw badRequest('Invalid cache cluster size specified');
  // A canary names a deployment of this API; AWS fills in the stage-cache flag (recorded: false).
  if (b.canarySettings?.deploymentId !== undefined && !api.deployments[String(b.canarySettings.deploymentId)]) throw badRequest('Deployment id does not exist');
  const canary = b.canarySettings
    ? compact({
        deploymentId: b.canarySettings.deploymentId,
        percentTraffic: b.canarySettings.percentTraffic ?? 0,
        stageVariableOverrides: b.canarySettings.stageVariableOverrides,
        useStageCache: Boolean(b.canarySettings.useStageCache),
      })
    : undefined;
  const now = epoch(ctx);
  const cache = Boolean(b.cacheClusterEnabled);
  return compact({
    deploymentId: b.deploymentId,
    stageName: b.stageName,
    description: b.description,
    cacheClusterEnabled: cache,
    cacheClusterSize: cache ? String(b.cacheClusterSize ?? '0.5') : b.cacheClusterSize,
    cacheClusterStatus: cache ? 'AVAILABLE' : 'NOT_AVAILABLE',
    methodSettings: {},
    variables: b.variables && Object.keys(b.variables).length ? { ...b.variables } : undefined,
    documentationVersion: b.documentationVersion,
    canarySettings: canary,
    tracingEnabled: Boolean(b.tracingEnabled),
    tags: b.tags && Object.keys(b.tags).length ? { ...b.tags } : undefined,
    createdDate: now,
    lastUpdatedDate: now,
  });
}

function createStage(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createStageInput', b).required('stageName', 'deploymentId').oneOf('cacheClusterSize', b.cacheClusterSize, ENUMS.cacheClusterSize).done();
  const api = getApi(ctx);
  if (!api.deployments[b.deploymentId]) throw notFound('Invalid Deployment identifier specified');
  if (api.stages[b.stageName]) throw conflict('Stage already exists');
  checkStageDocumentationVersion(api, b.documentationVersion);
  const stage = newStage(ctx, api, b);
  api.stages[stage.stageName] = stage;
  return { status: 201, body: clone(stage) };
}

export function getStage(ctx: RequestContext, api = getApi(ctx)): Obj {
  const s = api.stages[ctx.params.stage_name!];
  if (!s) throw notFound('Invalid stage identifier specified');
  return s;
}

function updateStage(ctx: RequestContext) {
  const ops = readPatchOps(ctx, 'updateStageInput');
  const api = getApi(ctx);
  const stage = getStage(ctx, api);
  const updated = applyStagePatch(clone(stage), ops, api);
  updated.lastUpdatedDate = epoch(ctx);
  api.stages[stage.stageName] = updated;
  return { status: 200, body: clone(updated) };
}

export const stageRoutes: Route[] = [
  { method: 'POST', path: R, operation: 'CreateStage', handler: createStage },
  {
    method: 'GET',
    path: R,
    operation: 'GetStages',
    // Not paged; `deploymentId` filters.
    handler: (ctx) => {
      const deploymentId = ctx.query.get('deploymentId');
      const stages = Object.values(getApi(ctx).stages).filter((s) => !deploymentId || s.deploymentId === deploymentId);
      return { status: 200, body: { item: stages.map(clone) } };
    },
  },
  { method: 'GET', path: `${R}/{stage_name}`, operation: 'GetStage', handler: (ctx) => ({ status: 200, body: clone(getStage(ctx)) }) },
  { method: 'PATCH', path: `${R}/{stage_name}`, operation: 'UpdateStage', handler: updateStage },
  {
    method: 'DELETE',
    path: `${R}/{stage_name}`,
    operation: 'DeleteStage',
    handler: (ctx) => {
      const api = getApi(ctx);
      const s = getStage(ctx, api);
      // A custom domain that maps to the stage must be unmapped first (message as real AWS answers).
      const mapped = allDomains(v1(ctx))
        .filter((d) => Object.values(d.mappings).some((m) => m.restApiId === api.api.id && m.stage === s.stageName))
        .map((d) => d.domain.domainName);
      if (mapped.length > 0) {
        throw badRequest(`Deleting stage ${s.stageName} failed. Please remove all base path mappings related to the stage in your domains: ${mapped.join(', ')}`);
      }
      delete api.stages[s.stageName];
      return { status: 202 };
    },
  },
];
