import {
  GetAuthorizersCommand,
  GetDeploymentsCommand,
  GetDocumentationPartsCommand,
  GetDocumentationVersionsCommand,
  GetGatewayResponsesCommand,
  GetMethodCommand,
  GetModelsCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import type { RawRestApi } from './live-rest.js';

/**
 * The AWS adapter of planning for REST APIs: the only module here that talks to the SDK. It reads
 * with the fewest calls AWS allows: one paginated GetRestApis (tags included) for the account,
 * then per owned API one GetResources with embed=methods (methods, integrations and both kinds of
 * responses come embedded) and one list call per collection. Nothing is read per method, except
 * a method AWS did not embed (a stub without `httpMethod`), which is fetched on its own.
 */
const LIMIT = 500;

type Obj = Record<string, any>;

async function pages(fetch: (position?: string) => Promise<{ items?: Obj[]; position?: string }>): Promise<Obj[]> {
  const out: Obj[] = [];
  let position: string | undefined;
  do {
    const page = await fetch(position);
    out.push(...(page.items ?? []));
    position = page.position;
  } while (position);
  return out;
}

export async function listRestApis(client: APIGatewayClient): Promise<Obj[]> {
  return pages((position) => client.send(new GetRestApisCommand({ limit: LIMIT, position })));
}

export async function readRestApi(client: APIGatewayClient, api: Obj): Promise<RawRestApi> {
  const restApiId = String(api.id);
  const [resources, authorizers, models, requestValidators, gatewayResponses, stages, deployments, documentationParts, documentationVersions] = await Promise.all([
    pages((position) => client.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit: LIMIT, position }))),
    pages((position) => client.send(new GetAuthorizersCommand({ restApiId, limit: LIMIT, position }))),
    pages((position) => client.send(new GetModelsCommand({ restApiId, limit: LIMIT, position }))),
    pages((position) => client.send(new GetRequestValidatorsCommand({ restApiId, limit: LIMIT, position }))),
    pages((position) => client.send(new GetGatewayResponsesCommand({ restApiId, limit: LIMIT, position }))),
    client.send(new GetStagesCommand({ restApiId })).then((r) => (r.item ?? []) as Obj[]),
    pages((position) => client.send(new GetDeploymentsCommand({ restApiId, limit: LIMIT, position }))),
    pages((position) => client.send(new GetDocumentationPartsCommand({ restApiId, limit: LIMIT, position }))),
    pages((position) => client.send(new GetDocumentationVersionsCommand({ restApiId, limit: LIMIT, position }))),
  ]);
  for (const r of resources) {
    for (const [verb, m] of Object.entries((r.resourceMethods ?? {}) as Obj)) {
      if (m && typeof m === 'object' && 'httpMethod' in m) continue;
      r.resourceMethods[verb] = await client.send(new GetMethodCommand({ restApiId, resourceId: String(r.id), httpMethod: verb }));
    }
  }
  return { api, resources, authorizers, models, requestValidators, gatewayResponses, stages, deployments, documentationParts, documentationVersions };
}
