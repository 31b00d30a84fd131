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

/**
 * One GetResources page (embed=methods) through the SDK, whose body is read with JSON.parse
 * instead of the SDK's deserialiser. The page of a large API is about a megabyte of JSON, and
 * the SDK builds its output by walking every member of it against the service model, a second
 * copy of what JSON.parse already made: at 1,301 resources (5,000 methods) that is three pages
 * and 60-100 ms of CPU per plan, plus the garbage. The output's shape is the SDK's: the wire's
 * member names are the model's, except the list, which the wire calls `item` (the model's
 * jsonName for `items`); Resource holds no timestamps or blobs. A member the model lacks stays in
 * (normalising reads only the fields it knows). Errors and anything but a 200 are left to the SDK,
 * as are signing, retries and throttling: only the successful body is read here.
 */
export async function getResourcesPage(client: APIGatewayClient, restApiId: string, position?: string): Promise<{ items?: Obj[]; position?: string }> {
  let raw: { item?: Obj[]; items?: Obj[]; position?: string } | undefined;
  const command = new GetResourcesCommand({ restApiId, embed: ['methods'], limit: LIMIT, position });
  command.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const response = out.response as { statusCode?: number; body?: unknown } | undefined;
      raw = undefined;
      if (response?.statusCode === 200 && isReadable(response.body)) {
        const chunks: Buffer[] = [];
        for await (const chunk of response.body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
        const text = Buffer.concat(chunks).toString('utf8');
        raw = JSON.parse(text) as typeof raw;
        // The SDK still runs its deserialiser, on an empty body (its output is not used).
        response.body = new Uint8Array(Buffer.from('{}'));
      }
      return out;
    },
    { step: 'deserialize', name: 'apigwSyncRawResources', priority: 'low' },
  );
  const page = await client.send(command);
  if (!raw) return page as { items?: Obj[]; position?: string };
  return { items: raw.item ?? raw.items ?? [], ...(typeof raw.position === 'string' ? { position: raw.position } : {}) };
}

const isReadable = (b: unknown): b is AsyncIterable<unknown> => typeof b === 'object' && b !== null && typeof (b as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';

export async function listRestApis(client: APIGatewayClient): Promise<Obj[]> {
  return pages((position) => client.send(new GetRestApisCommand({ limit: LIMIT, position })));
}

export async function readRestApi(client: APIGatewayClient, api: Obj): Promise<RawRestApi> {
  const restApiId = String(api.id);
  const [resources, authorizers, models, requestValidators, gatewayResponses, stages, deployments, documentationParts, documentationVersions] = await Promise.all([
    pages((position) => getResourcesPage(client, restApiId, position)),
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
