import { badRequest } from '../aws-error.js';
import type { RequestContext } from '../router.js';
import { checkInput, str } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import { type ApiRecord, type Wire, findApi, findStage, freshId, timestamp } from './store.js';

/** A deployment is a snapshot; the emulator keeps only its metadata (nothing is served). */
function newDeployment(ctx: RequestContext, api: ApiRecord, description: string | undefined, autoDeployed: boolean): Wire {
  const d: Wire = {
    autoDeployed,
    createdDate: timestamp(ctx),
    deploymentId: freshId(6, (id) => api.deployments.some((x) => x.deploymentId === id)),
    deploymentStatus: 'DEPLOYED',
  };
  if (description !== undefined) d.description = description;
  return d;
}

/** Points a stage at a deployment, as CreateDeployment with stageName and auto-deploy do. */
function attach(ctx: RequestContext, stage: Wire, deployment: Wire): void {
  stage.deploymentId = deployment.deploymentId;
  stage.lastUpdatedDate = timestamp(ctx);
  if (stage.autoDeploy) {
    stage.lastDeploymentStatusMessage = `Successfully deployed stage with deployment ID '${deployment.deploymentId}'`;
  }
}

/** Deploys one auto-deploy stage now (on creation, or when autoDeploy is switched on). */
export function autoDeployStage(ctx: RequestContext, api: ApiRecord, stage: Wire): void {
  const d = newDeployment(ctx, api, 'Automatic deployment triggered by changes to the Api configuration', true);
  api.deployments.push(d);
  attach(ctx, stage, d);
}

/**
 * Called after every change to an API's configuration (API, routes, integrations, authorizers,
 * models and their responses): each stage with `autoDeploy` gets a fresh deployment, as AWS does.
 */
export function apiChanged(ctx: RequestContext, api: ApiRecord): void {
  for (const stage of api.stages) {
    if (stage.autoDeploy) autoDeployStage(ctx, api, stage);
  }
}

export const deploymentRoutes = subCollectionRoutes<ApiRecord>({
  noun: 'Deployment',
  path: '/v2/apis/{apiId}/deployments',
  idMember: 'deploymentId',
  parent: (ctx) => findApi(ctx),
  items: (api) => api.deployments,
  create: (ctx, api, input) => {
    checkInput(input, { description: str(0, 1024), stageName: str(1, 128) });
    let stage: Wire | undefined;
    if (input.stageName !== undefined) {
      stage = findStage(api, input.stageName);
      if (stage.autoDeploy) {
        throw badRequest(`Stage ${input.stageName} has autoDeploy enabled; deployments are created automatically`);
      }
    }
    const d = newDeployment(ctx, api, input.description, false);
    if (stage) attach(ctx, stage, d);
    return d;
  },
  update: (_ctx, _api, d, input) => {
    checkInput(input, { description: str(0, 1024) });
    // Everything but the description is an immutable snapshot.
    if (input.description !== undefined) d.description = input.description;
  },
  checkDelete: (_ctx, api, d) => {
    if (api.stages.some((s) => s.deploymentId === d.deploymentId)) {
      throw badRequest('Active stages pointing to this deployment must be moved or deleted');
    }
  },
});
