import type { RequestContext, Route } from '../router.js';
import { badRequest, notFound } from '../aws-error.js';
import { applyPatch, readPatchOps, stringField } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, epoch, getApi, resourcePath, uniqueId, type Obj, type RestApiRecord } from './store.js';
import { checkStageVariables, newStage } from './stages.js';
import { check, ENUMS } from './validate.js';

const R = '/restapis/{restapi_id}/deployments';

/** What a deployment freezes: per path and verb, the method's authorization (embed=apisummary). */
function apiSummary(api: RestApiRecord): Obj {
  const summary: Obj = {};
  for (const r of Object.values(api.resources)) {
    const verbs = Object.entries(r.methods);
    if (verbs.length === 0) continue;
    summary[resourcePath(api, r)] = Object.fromEntries(
      verbs.map(([v, m]) => [v, { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired }]),
    );
  }
  return summary;
}

function createDeployment(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createDeploymentInput', b).oneOf('cacheClusterSize', b.cacheClusterSize, ENUMS.cacheClusterSize).done();
  const api = getApi(ctx);
  const methods = Object.values(api.resources).flatMap((r) => Object.values(r.methods));
  if (methods.length === 0) throw badRequest("The REST API doesn't contain any methods");
  if (methods.some((m) => !m.methodIntegration)) throw badRequest('No integration defined for method');
  // A canary deployment goes to an existing stage; a stage with a canary takes only those (as AWS
  // answers: BadRequestException "Invalid deployment content specified.…").
  const existing = b.stageName ? api.stages[b.stageName] : undefined;
  if (b.canarySettings && (b.stageName === undefined || b.stageName === null || b.stageName === '')) {
    throw badRequest(`Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is ${b.stageName ?? 'null'}`);
  }
  if (b.stageName && b.canarySettings && !existing) {
    throw badRequest(`Invalid deployment content specified.Stage ${b.stageName} must already be created before making a canary release deployment`);
  }
  if (existing?.canarySettings && !b.canarySettings) {
    throw badRequest(
      `Invalid deployment content specified.Non canary deployment not supported on stage ${b.stageName} because Canary is enabled. Provide CanarySettings in deploymentInput.`,
    );
  }
  checkStageVariables(b.variables);
  checkStageVariables(b.canarySettings?.stageVariableOverrides);
  const now = epoch(ctx);
  const d: Obj = compact({ id: uniqueId(6, api.deployments), description: b.description, createdDate: now, apiSummary: apiSummary(api) });
  // Build a new stage before recording anything, so a refused stage leaves no deployment behind.
  const created =
    b.stageName && !api.stages[b.stageName]
      ? newStage(ctx, api, {
          stageName: b.stageName,
          deploymentId: d.id,
          description: b.stageDescription,
          variables: b.variables,
          cacheClusterEnabled: b.cacheClusterEnabled,
          cacheClusterSize: b.cacheClusterSize,
          tracingEnabled: b.tracingEnabled,
        })
      : undefined;
  api.deployments[d.id] = d;
  if (created) {
    api.stages[created.stageName] = created;
  } else if (b.stageName) {
    const stage = api.stages[b.stageName];
    if (stage && b.canarySettings) {
      // A canary deployment leaves the stage's own deployment in place.
      stage.canarySettings = compact({
        deploymentId: d.id,
        percentTraffic: b.canarySettings.percentTraffic ?? 0,
        stageVariableOverrides: b.canarySettings.stageVariableOverrides,
        useStageCache: Boolean(b.canarySettings.useStageCache),
      });
      stage.lastUpdatedDate = now;
    } else if (stage) {
      stage.deploymentId = d.id;
      if (b.variables) stage.variables = { ...(stage.variables ?? {}), ...b.variables };
      stage.lastUpdatedDate = now;
    }
  }
  return { status: 201, body: view(d, false) };
}

const view = (d: Obj, summary: boolean): Obj => {
  const out = clone(d);
  if (!summary) delete out.apiSummary;
  return out;
};

function getDeployment(ctx: RequestContext): Obj {
  const d = getApi(ctx).deployments[ctx.params.deployment_id!];
  if (!d) throw notFound('Invalid Deployment identifier specified');
  return d;
}

export const deploymentRoutes: Route[] = [
  { method: 'POST', path: R, operation: 'CreateDeployment', handler: createDeployment },
  {
    method: 'GET',
    path: R,
    operation: 'GetDeployments',
    handler: (ctx) => ({ status: 200, body: paginate(ctx, Object.values(getApi(ctx).deployments).map((d) => view(d, false))) }),
  },
  {
    method: 'GET',
    path: `${R}/{deployment_id}`,
    operation: 'GetDeployment',
    handler: (ctx) => ({ status: 200, body: view(getDeployment(ctx), ctx.query.getAll('embed').includes('apisummary')) }),
  },
  {
    method: 'PATCH',
    path: `${R}/{deployment_id}`,
    operation: 'UpdateDeployment',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateDeploymentInput');
      const d = getDeployment(ctx);
      const updated = applyPatch(clone(d), ops, [stringField('description')], 'listed');
      getApi(ctx).deployments[d.id] = updated;
      return { status: 200, body: view(updated, false) };
    },
  },
  {
    method: 'DELETE',
    path: `${R}/{deployment_id}`,
    operation: 'DeleteDeployment',
    handler: (ctx) => {
      const api = getApi(ctx);
      const d = getDeployment(ctx);
      const used = Object.values(api.stages).some((s) => s.deploymentId === d.id || s.canarySettings?.deploymentId === d.id);
      if (used) throw badRequest('Active stages pointing to this deployment must be moved or deleted');
      delete api.deployments[d.id];
      return { status: 202 };
    },
  },
];
