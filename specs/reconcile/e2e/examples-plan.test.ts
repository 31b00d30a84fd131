import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GetStageCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import { loadSpecSet } from '../../../src/schema/index.js';
import { TEST_CREDENTIALS, withEmulator } from '../../emulator/helpers.js';
import { runPlan } from '../helpers/run-plan.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');
const ENV = { PETSTORE_PARTNER_KEY: 'example-partner-key-0123456789' };

/** The example's VPC link V2 (for a REST integration with integrationTarget) is an apigatewayv2 object. */
const v2Of = (emu: RunningEmulator) => new ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('planning the examples on an empty account', () => {
  it.each(['dev', 'prod'])('petstore (%s): every object created, in order, none blocked, no secret in the plan', async (environment) => {
    // GIVEN the petstore example, loaded as the CLI loads it
    const loaded = loadSpecSet([join(EXAMPLES, 'petstore')], { env: ENV, environment, cwd: EXAMPLES });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const { emu, client } = await withEmulator();
    emulator = emu;
    // WHEN planned against an empty emulator
    const { plan } = await computePlan({ specSet: loaded.specSet, clients: { apigateway: client, apigatewayv2: v2Of(emu) }, env: ENV });
    // THEN it creates, never blocks, depends only on earlier ops, and holds the key only as a reference
    expect(plan.ops.length).toBeGreaterThan(30);
    const seen = new Set<string>();
    for (const op of plan.ops) {
      expect(op.blocked).toBeUndefined();
      // The account exists already: its CloudWatch role is an update.
      expect(op.kind === 'account' ? ['update'] : ['create', 'deploy']).toContain(op.action);
      for (const d of op.dependsOn) expect(seen.has(d)).toBe(true);
      seen.add(op.id);
    }
    const text = JSON.stringify(plan);
    expect(text).not.toContain(ENV.PETSTORE_PARTNER_KEY);
    expect(text).toContain('{"$secret":"env:PETSTORE_PARTNER_KEY"}');
    // one deployment per REST API of the example
    expect(plan.ops.filter((o) => o.action === 'deploy').map((o) => o.address)).toStrictEqual(
      Object.keys(loaded.specSet.restApis).sort().map((n) => `rest-api ${n} / deployment`),
    );
  });
});

describe('the plan converges', () => {
  it.each(['dev', 'prod'])('petstore (%s): its calls run on the emulator, and planning again finds nothing to do', async (environment) => {
    const loaded = loadSpecSet([join(EXAMPLES, 'petstore')], { env: ENV, environment, cwd: EXAMPLES });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const { emu, client } = await withEmulator();
    emulator = emu;
    const first = await computePlan({ specSet: loaded.specSet, clients: { apigateway: client, apigatewayv2: v2Of(emu) }, env: ENV });
    await runPlan(client, first.plan, ENV, v2Of(emu));
    const second = await computePlan({ specSet: loaded.specSet, clients: { apigateway: client, apigatewayv2: v2Of(emu) }, env: ENV });
    expect(second.plan.ops.map((o) => [o.address, o.changes])).toStrictEqual([]);
  });

  it('petstore (prod): a change reaches the canary, and converges', async () => {
    const load = () => {
      const loaded = loadSpecSet([join(EXAMPLES, 'petstore')], { env: ENV, environment: 'prod', cwd: EXAMPLES });
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
      return loaded.specSet;
    };
    const { emu, client } = await withEmulator();
    emulator = emu;
    await runPlan(client, (await computePlan({ specSet: load(), clients: { apigateway: client, apigatewayv2: v2Of(emu) }, env: ENV })).plan, ENV, v2Of(emu));
    const changed = load();
    const api = changed.restApis.petstore;
    if (api) api.description = 'Pet store, revised';
    const p = (await computePlan({ specSet: changed, clients: { apigateway: client, apigatewayv2: v2Of(emu) }, env: ENV })).plan;
    expect(p.ops.map((o) => [o.action, o.address, o.changes.map((c) => c.path)])).toStrictEqual([
      ['update', 'rest-api petstore', ['/description']],
      ['deploy', 'rest-api petstore / deployment', ['/description', '/stageName']],
    ]);
    // A canary deployment: the canary takes the new deployment, the stage keeps its own
    const deploy = p.ops[1]?.calls[0]?.input as { canarySettings?: unknown };
    expect(deploy.canarySettings).toBeDefined();
    const before = await client.send(new GetStageCommand({ restApiId: p.ops[1]?.calls[0]?.input.restApiId as string, stageName: 'prod' }));
    await runPlan(client, p, ENV, v2Of(emu));
    const after = await client.send(new GetStageCommand({ restApiId: p.ops[1]?.calls[0]?.input.restApiId as string, stageName: 'prod' }));
    expect(after.deploymentId).toBe(before.deploymentId);
    expect(after.canarySettings?.deploymentId).not.toBe(before.canarySettings?.deploymentId);
    expect(after.canarySettings).toMatchObject({ percentTraffic: before.canarySettings?.percentTraffic });
    expect((await computePlan({ specSet: changed, clients: { apigateway: client, apigatewayv2: v2Of(emu) }, env: ENV })).plan.ops).toStrictEqual([]);
  });

  it('petstore (dev): destroying everything the set owns runs in an order AWS accepts, and leaves nothing', async () => {
    const loaded = loadSpecSet([join(EXAMPLES, 'petstore')], { env: ENV, environment: 'dev', cwd: EXAMPLES });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const { emu, client } = await withEmulator();
    emulator = emu;
    await runPlan(client, (await computePlan({ specSet: loaded.specSet, clients: { apigateway: client, apigatewayv2: v2Of(emu) }, env: ENV })).plan, ENV, v2Of(emu));
    // WHEN the emptied set is planned with destruction allowed, and run
    const empty = { ...loaded.specSet, restApis: {}, apiKeys: {}, usagePlans: {}, domains: {} };
    const destroy = (await computePlan({ specSet: empty, clients: { apigateway: client, apigatewayv2: v2Of(emu) }, options: { allowDestroy: true } })).plan;
    expect(destroy.ops.every((o) => o.action === 'delete')).toBe(true);
    // an API goes only after the domains that map to it and the plans that name its stages
    const after = (address: string) => destroy.ops.find((o) => o.address === address)?.dependsOn
      .map((id) => destroy.ops.find((o) => o.id === id)?.address);
    expect(after('rest-api petstore')).toStrictEqual(['domain-name dev-api.petstore.example.com', 'domain-name dev-www-api.petstore.example.com', 'usage-plan basic']);
    await runPlan(client, destroy, ENV, v2Of(emu));
    // THEN nothing is left to delete
    expect((await computePlan({ specSet: empty, clients: { apigateway: client, apigatewayv2: v2Of(emu) }, options: { allowDestroy: true } })).plan.ops).toStrictEqual([]);
  });
});

