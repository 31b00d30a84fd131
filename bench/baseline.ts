import {
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import type { Pacer } from '../src/reconcile/apply/pacer.js';

/**
 * The read pattern of tools that fetch each object with its own call: list the APIs and the
 * resource ids, then GetResource for each resource, GetMethod and GetIntegration for each method,
 * GetMethodResponse and GetIntegrationResponse for each status code, and the stages. Paced at
 * AWS's quotas like apigw-sync's own calls, with the same number in flight, so the comparison is
 * of read patterns, not of manners.
 */
export async function perObjectRead(client: APIGatewayClient, pacer: Pacer, apiName: string, parallelism: number): Promise<number> {
  let calls = 0;
  const send = async <T>(op: string, command: unknown): Promise<T> => {
    await pacer.acquire(op);
    calls++;
    return (client as unknown as { send(c: unknown): Promise<T> }).send(command);
  };
  const apis = await send<{ items?: { id?: string; name?: string }[] }>('GetRestApis', new GetRestApisCommand({ limit: 500 }));
  const restApiId = apis.items?.find((a) => a.name === apiName)?.id;
  if (!restApiId) throw new Error(`no REST API named ${apiName}`);
  const resourceIds: string[] = [];
  let position: string | undefined;
  do {
    const page = await send<{ items?: { id?: string }[]; position?: string }>('GetResources', new GetResourcesCommand({ restApiId, limit: 500, position }));
    for (const r of page.items ?? []) resourceIds.push(r.id!);
    position = page.position;
  } while (position);
  await send('GetStages', new GetStagesCommand({ restApiId }));

  const tasks: (() => Promise<void>)[] = resourceIds.map((resourceId) => async () => {
    const resource = await send<{ resourceMethods?: Record<string, unknown> }>('GetResource', new GetResourceCommand({ restApiId, resourceId }));
    for (const httpMethod of Object.keys(resource.resourceMethods ?? {})) {
      const method = await send<{ methodResponses?: Record<string, unknown> }>('GetMethod', new GetMethodCommand({ restApiId, resourceId, httpMethod }));
      for (const statusCode of Object.keys(method.methodResponses ?? {})) {
        await send('GetMethodResponse', new GetMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode }));
      }
      const integration = await send<{ integrationResponses?: Record<string, unknown> }>('GetIntegration', new GetIntegrationCommand({ restApiId, resourceId, httpMethod }));
      for (const statusCode of Object.keys(integration.integrationResponses ?? {})) {
        await send('GetIntegrationResponse', new GetIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode }));
      }
    }
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: parallelism }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
  return calls;
}
