import {
  GetApisCommand, GetAuthorizersCommand, GetDeploymentsCommand, GetIntegrationResponsesCommand, GetIntegrationsCommand,
  GetModelsCommand, GetRouteResponsesCommand, GetRoutesCommand, GetStagesCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import type { LiveV2Api } from './live.js';

/**
 * Reading HTTP and WebSocket APIs with the fewest calls: every list with `MaxResults` at 500 and a
 * `NextToken` loop (AWS documents no maximum page size; without MaxResults it may not page at
 * all), and no Get per object, as the lists return whole objects. Per API: GetRoutes,
 * GetIntegrations, GetAuthorizers, GetStages, GetDeployments (only when a stage deploys by hand),
 * GetModels (WebSocket). Route responses and integration responses exist only on WebSocket APIs,
 * and are read only for routes with a route response selection expression (or responses in the
 * spec) and for non-proxy integrations (AWS, HTTP, MOCK), which alone select responses.
 */
type Obj = Record<string, any>;
const PAGE = '500';

/** Every page of a list. */
export async function all(fetch: (token?: string) => Promise<{ Items?: Obj[]; NextToken?: string }>): Promise<Obj[]> {
  const out: Obj[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...(page.Items ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

export async function listV2Apis(client: ApiGatewayV2Client): Promise<Obj[]> {
  return all((NextToken) => client.send(new GetApisCommand({ MaxResults: PAGE, NextToken })));
}

/** A few at a time: AWS's control-plane rate limits are low. */
async function each<T, R>(items: T[], f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, items.length) }, worker));
  return out;
}

const NON_PROXY = new Set(['AWS', 'HTTP', 'MOCK']);

/** `wantsResponses(routeKey)`: the spec gives this route responses (read them even without an expression). */
export async function readV2Api(client: ApiGatewayV2Client, api: Obj, wantsResponses: (routeKey: string) => boolean): Promise<LiveV2Api> {
  const ApiId = String(api.ApiId);
  const ws = api.ProtocolType === 'WEBSOCKET';
  const [routes, integrations, authorizers, stages, models] = await Promise.all([
    all((NextToken) => client.send(new GetRoutesCommand({ ApiId, MaxResults: PAGE, NextToken }))),
    all((NextToken) => client.send(new GetIntegrationsCommand({ ApiId, MaxResults: PAGE, NextToken }))),
    all((NextToken) => client.send(new GetAuthorizersCommand({ ApiId, MaxResults: PAGE, NextToken }))),
    all((NextToken) => client.send(new GetStagesCommand({ ApiId, MaxResults: PAGE, NextToken }))),
    ws ? all((NextToken) => client.send(new GetModelsCommand({ ApiId, MaxResults: PAGE, NextToken }))) : Promise.resolve([]),
  ]);
  // Deployment descriptions tell a stage deployed by hand whether it runs the current configuration.
  const deployments = stages.some((s) => s.AutoDeploy !== true && s.DeploymentId)
    ? await all((NextToken) => client.send(new GetDeploymentsCommand({ ApiId, MaxResults: PAGE, NextToken })))
    : [];
  if (ws) {
    await each(routes.filter((r) => r.RouteResponseSelectionExpression || wantsResponses(String(r.RouteKey))), async (r) => {
      r.responses = await all((NextToken) =>
        client.send(new GetRouteResponsesCommand({ ApiId, RouteId: String(r.RouteId), MaxResults: PAGE, NextToken })));
    });
    await each(integrations.filter((i) => NON_PROXY.has(String(i.IntegrationType))), async (i) => {
      i.responses = await all((NextToken) =>
        client.send(new GetIntegrationResponsesCommand({ ApiId, IntegrationId: String(i.IntegrationId), MaxResults: PAGE, NextToken })));
    });
  }
  return { api, routes, integrations, authorizers, models, stages, deployments };
}

/** An API to delete is deleted whole (DeleteApi): the list entry is all the plan needs. */
export function shallowV2Api(api: Obj): LiveV2Api {
  return { api, routes: [], integrations: [], authorizers: [], models: [], stages: [], deployments: [] };
}
