import { AWS_RATES } from '../src/reconcile/apply/pacer.js';
import type { HttpShape, RestShape } from './generate.js';

/**
 * The fewest calls a change needs, and the least time AWS's control-plane quotas allow for them:
 * a yardstick that does not depend on how apigw-sync plans. Time ignores latency and the order
 * calls must come in; it only asks how long each quota bucket (the account's 10 per second, burst
 * 40, and each operation's own) takes to pass that many calls, starting full.
 */
export type CallCounts = Record<string, number>;

export interface LowerBound {
  calls: number;
  ms: number;
}

/** Calls needed to create the REST API of `shape` from nothing. */
export function restCreateCalls(shape: RestShape): CallCounts {
  return {
    // Knowing there is nothing yet takes one list call.
    GetRestApis: 1,
    // CreateRestApi makes the root resource; its tags (ownership) go in the same call.
    CreateRestApi: 1,
    CreateResource: shape.resources,
    PutMethod: shape.methods,
    PutIntegration: shape.methods,
    PutMethodResponse: shape.methodResponses,
    PutIntegrationResponse: shape.integrationResponses,
    // CreateDeployment with stageName (and variables) creates the stage in the same call.
    CreateDeployment: shape.stages > 0 ? 1 : 0,
    CreateStage: Math.max(0, shape.stages - 1),
  };
}

/**
 * The bulk path's fewest calls for the same API: the list call, one import per document (AWS takes
 * definitions up to 6 MB: ImportRestApi makes the API from the first, PutRestApi mode=merge adds
 * each further one) and the deployment. `added`: the API exists, so PutRestApi only, and no list
 * of a new stage.
 */
export function restBulkCalls(documents: number, added = false): CallCounts {
  return added
    ? { GetRestApis: 1, PutRestApi: documents, CreateDeployment: 1 }
    : { GetRestApis: 1, ImportRestApi: 1, PutRestApi: documents - 1, CreateDeployment: 1 };
}

/** Writes for one changed integration-response field: the update, and a deployment that moves the stage. */
export const REST_ONE_CHANGE_WRITES = 2;

/** Reads for a plan of the REST API: the API list, its resources with methods embedded, its stages. */
export function restPlanCalls(shape: RestShape): number {
  return 1 + Math.ceil((shape.resources + 1) / 500) + 1;
}

export function httpCreateCalls(shape: HttpShape): CallCounts {
  return { GetApis: 1, CreateApi: 1, CreateIntegration: shape.integrations, CreateRoute: shape.routes, CreateStage: shape.stages };
}

/**
 * The bulk path's fewest calls for a new HTTP API: the list call, one ImportApi (routes,
 * integrations and authorizers in one document; ImportApi has no quota of its own, only the
 * account's), and the stage.
 */
export function httpBulkCalls(shape: HttpShape): CallCounts {
  return { GetApis: 1, ImportApi: 1, CreateStage: shape.stages };
}

/** One changed integration field on an auto-deploying stage: one UpdateIntegration. */
export const HTTP_ONE_CHANGE_WRITES = 1;

export function httpPlanCalls(shape: HttpShape): number {
  // GetApis, GetRoutes, GetIntegrations, GetStages (each up to 500 per page... v2 pages by 100 at most per maxResults? see docs)
  return 1 + Math.ceil(shape.routes / 500) + Math.ceil(shape.integrations / 500) + 1;
}

export function lowerBound(counts: CallCounts, service: 'apigateway' | 'apigatewayv2' = 'apigateway'): LowerBound {
  const calls = Object.values(counts).reduce((a, b) => a + b, 0);
  let ms = drainMs(calls, AWS_RATES['*']!);
  for (const [op, n] of Object.entries(counts)) {
    const key = service === 'apigatewayv2' ? `v2:${op}` : op;
    const rate = AWS_RATES[key];
    if (rate) ms = Math.max(ms, drainMs(n, rate));
  }
  return { calls, ms };
}

/** Time for a full bucket to let `n` calls through: the first `burst` at once, then one per interval. */
function drainMs(n: number, rate: { intervalMs: number; burst: number }): number {
  return Math.max(0, n - rate.burst) * rate.intervalMs;
}
