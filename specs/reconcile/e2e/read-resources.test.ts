import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, GetRestApisCommand, PutMethodCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import { getResourcesPage } from '../../../src/reconcile/read-live-rest.js';
import { loadSpecSet } from '../../../src/schema/index.js';
import { TEST_CREDENTIALS, withEmulator } from '../../emulator/helpers.js';
import { runPlan } from '../helpers/run-plan.js';

/**
 * GetResources pages are read with JSON.parse instead of the SDK's deserialiser (read-live-rest.ts):
 * what the planner gets must be exactly what the SDK would have made of the same pages.
 */
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');
const ENV = { PETSTORE_PARTNER_KEY: 'example-partner-key-0123456789' };

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Every page of the API's resources (embed=methods), through the SDK and through getResourcesPage. */
async function bothWays(client: APIGatewayClient, restApiId: string) {
  const sdk: unknown[][] = [];
  const ours: unknown[][] = [];
  let position: string | undefined;
  do {
    const page = await client.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit: 500, position }));
    sdk.push(JSON.parse(JSON.stringify(page.items ?? [])) as unknown[]);
    const mine = await getResourcesPage(client, restApiId, position);
    expect(mine.position).toBe(page.position);
    ours.push(mine.items ?? []);
    position = page.position;
  } while (position);
  return { sdk, ours };
}

describe('GetResources read without the SDK deserialiser', () => {
  it('petstore (prod): every REST API reads exactly as through the SDK (methods, integrations, responses, authorizers...)', async () => {
    const loaded = loadSpecSet([join(EXAMPLES, 'petstore')], { env: ENV, environment: 'prod', cwd: EXAMPLES });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const { emu, client } = await withEmulator();
    emulator = emu;
    const v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
    await runPlan(client, (await computePlan({ specSet: loaded.specSet, clients: { apigateway: client, apigatewayv2: v2 }, env: ENV })).plan, ENV, v2);
    const apis = (await client.send(new GetRestApisCommand({}))).items ?? [];
    expect(apis.length).toBeGreaterThan(0);
    let methods = 0;
    for (const api of apis) {
      const { sdk, ours } = await bothWays(client, String(api.id));
      expect(ours).toStrictEqual(sdk);
      for (const page of ours) for (const r of page as { resourceMethods?: object }[]) methods += Object.keys(r.resourceMethods ?? {}).length;
    }
    expect(methods).toBeGreaterThan(5);
  });

  it('pages: positions pass through, and each page holds what the SDK reads', async () => {
    const { emu, client } = await withEmulator({ limits: { resourcesPerApi: 1000 } });
    emulator = emu;
    const api = await client.send(new CreateRestApiCommand({ name: 'paged' }));
    const root = (await client.send(new GetResourcesCommand({ restApiId: api.id }))).items![0]!;
    for (let i = 0; i < 520; i++) {
      const r = await client.send(new CreateResourceCommand({ restApiId: api.id, parentId: root.id, pathPart: `r${i}` }));
      if (i % 100 === 0) await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: r.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    }
    const { sdk, ours } = await bothWays(client, String(api.id));
    expect(ours.length).toBe(2);
    expect(ours).toStrictEqual(sdk);
  });

  it('a failure is the SDK\'s error, as before', async () => {
    const { emu, client } = await withEmulator();
    emulator = emu;
    await expect(getResourcesPage(client, 'nosuchapi')).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});
