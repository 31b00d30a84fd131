import { badRequest } from '../aws-error.js';
import type { RequestContext } from '../router.js';
import { autoDeployStage } from './deployments.js';
import { checkRouteKey, checkRouteKeyFree } from './route-keys.js';
import { type ApiRecord, type Wire, freshId, timestamp } from './store.js';

/**
 * Quick create: CreateApi with `target` (and optionally `routeKey`, default `$default`) also makes
 * an integration, a route to it and an auto-deploying `$default` stage, all marked
 * `apiGatewayManaged: true`. The managed pieces are changed only through UpdateApi's `target`,
 * `routeKey` and `credentialsArn`.
 */

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:/;
const LAMBDA_INVOKE_ARN = /^arn:aws[a-z-]*:apigateway:[^:]+:lambda:path\//;

function integrationFor(target: string, credentialsArn: string | undefined, id: string): Wire {
  const lambda = LAMBDA_ARN.test(target) || LAMBDA_INVOKE_ARN.test(target);
  if (!lambda && !/^https?:\/\//.test(target)) {
    throw badRequest(`Invalid target specified: ${target}. It must be a Lambda function ARN or an HTTP URL.`);
  }
  const integration: Wire = {
    apiGatewayManaged: true,
    connectionType: 'INTERNET',
    integrationId: id,
    integrationMethod: lambda ? 'POST' : 'ANY',
    integrationType: lambda ? 'AWS_PROXY' : 'HTTP_PROXY',
    integrationUri: target,
    // Quick create uses the 2.0 event format for Lambda and 1.0 for HTTP proxies.
    payloadFormatVersion: lambda ? '2.0' : '1.0',
    timeoutInMillis: 30000,
  };
  if (credentialsArn !== undefined) integration.credentialsArn = credentialsArn;
  return integration;
}

export function quickCreate(
  ctx: RequestContext,
  api: ApiRecord,
  input: { target: string; routeKey?: string; credentialsArn?: string },
): void {
  const integrationId = freshId(7, (id) => api.integrations.some((i) => i.integration.integrationId === id));
  api.integrations.push({ integration: integrationFor(input.target, input.credentialsArn, integrationId), responses: [] });
  api.routes.push({
    route: {
      apiGatewayManaged: true,
      apiKeyRequired: false,
      authorizationType: 'NONE',
      routeId: freshId(7, (id) => api.routes.some((r) => r.route.routeId === id)),
      routeKey: input.routeKey ?? '$default',
      target: `integrations/${integrationId}`,
    },
    responses: [],
  });
  const now = timestamp(ctx);
  const stage: Wire = {
    apiGatewayManaged: true,
    autoDeploy: true,
    createdDate: now,
    defaultRouteSettings: { detailedMetricsEnabled: false },
    lastUpdatedDate: now,
    routeSettings: {},
    stageName: '$default',
    stageVariables: {},
    tags: {},
  };
  api.stages.push(stage);
  autoDeployStage(ctx, api, stage);
}

/** UpdateApi's quick-create members: they re-point the managed integration and route. */
export function quickUpdate(api: ApiRecord, input: { target?: string; routeKey?: string; credentialsArn?: string }): void {
  if (input.target === undefined && input.routeKey === undefined && input.credentialsArn === undefined) return;
  const managedIntegration = api.integrations.find((i) => i.integration.apiGatewayManaged);
  const managedRoute = api.routes.find((r) => r.route.apiGatewayManaged);
  if (!managedIntegration || !managedRoute) {
    throw badRequest('target, routeKey and credentialsArn can be updated only on an API made with quick create');
  }
  if (input.target !== undefined) {
    const replacement = integrationFor(input.target, managedIntegration.integration.credentialsArn, managedIntegration.integration.integrationId);
    managedIntegration.integration = replacement;
  }
  if (input.credentialsArn !== undefined) managedIntegration.integration.credentialsArn = input.credentialsArn;
  if (input.routeKey !== undefined) {
    checkRouteKey('HTTP', input.routeKey);
    checkRouteKeyFree(api, input.routeKey, managedRoute);
    managedRoute.route.routeKey = input.routeKey;
  }
}
