import { badRequest } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { checkInput, str } from './input.js';
import { paginate } from './paginate.js';
import {
  type ApiRecord,
  type Wire,
  body,
  created,
  findApi,
  findStage,
  freshId,
  noContent,
  notFoundV2,
  ok,
  timestamp,
} from './store.js';

function findDeployment(api: ApiRecord, deploymentId: string): Wire {
  const d = api.deployments.find((x) => x.deploymentId === deploymentId);
  if (!d) throw notFoundV2(`Invalid Deployment identifier specified ${deploymentId}`, 'Deployment');
  return d;
}

/** A deployment is a snapshot; the emulator keeps only its metadata (nothing is served). */
function newDeployment(ctx: RequestContext, api: ApiRecord, description: string | undefined, autoDeployed: boolean): Wire {
  const d: Wire = {
    autoDeployed,
    createdDate: timestamp(ctx),
    deploymentId: freshId(6, (id) => api.deployments.some((x) => x.deploymentId === id)),
    deploymentStatus: 'DEPLOYED',
  };
  if (description !== undefined) d.description = description;
  api.deployments.push(d);
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

export const deploymentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/apis/{apiId}/deployments',
    operation: 'CreateDeployment',
    handler: (ctx) => {
      const api = findApi(ctx);
      const input = body(ctx);
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
      return created(d);
    },
  },
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/deployments',
    operation: 'GetDeployments',
    handler: (ctx) => paginate(ctx, findApi(ctx).deployments),
  },
  {
    method: 'GET',
    path: '/v2/apis/{apiId}/deployments/{deploymentId}',
    operation: 'GetDeployment',
    handler: (ctx) => ok(findDeployment(findApi(ctx), ctx.params.deploymentId ?? '')),
  },
  {
    method: 'PATCH',
    path: '/v2/apis/{apiId}/deployments/{deploymentId}',
    operation: 'UpdateDeployment',
    handler: (ctx) => {
      const d = findDeployment(findApi(ctx), ctx.params.deploymentId ?? '');
      const input = body(ctx);
      checkInput(input, { description: str(0, 1024) });
      // Everything but the description is an immutable snapshot.
      if (input.description !== undefined) d.description = input.description;
      return ok(d);
    },
  },
  {
    method: 'DELETE',
    path: '/v2/apis/{apiId}/deployments/{deploymentId}',
    operation: 'DeleteDeployment',
    handler: (ctx) => {
      const api = findApi(ctx);
      const d = findDeployment(api, ctx.params.deploymentId ?? '');
      if (api.stages.some((s) => s.deploymentId === d.deploymentId)) {
        throw badRequest('Active stages pointing to this deployment must be moved or deleted');
      }
      api.deployments = api.deployments.filter((x) => x !== d);
      return noContent();
    },
  },
];
