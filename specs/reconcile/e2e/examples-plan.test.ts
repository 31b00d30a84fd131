import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import { loadSpecSet } from '../../../src/schema/index.js';
import { withEmulator } from '../../emulator/helpers.js';
import { runPlan } from '../helpers/run-plan.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');
const ENV = { PETSTORE_PARTNER_KEY: 'example-partner-key-0123456789' };

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
    const { plan } = await computePlan({ specSet: loaded.specSet, clients: { apigateway: client }, env: ENV });
    // THEN it creates, never blocks, depends only on earlier ops, and holds the key only as a reference
    expect(plan.ops.length).toBeGreaterThan(30);
    const seen = new Set<string>();
    for (const op of plan.ops) {
      expect(op.blocked).toBeUndefined();
      expect(['create', 'deploy']).toContain(op.action);
      for (const d of op.dependsOn) expect(seen.has(d)).toBe(true);
      seen.add(op.id);
    }
    const text = JSON.stringify(plan);
    expect(text).not.toContain(ENV.PETSTORE_PARTNER_KEY);
    expect(text).toContain('{"$secret":"env:PETSTORE_PARTNER_KEY"}');
    expect(plan.ops.filter((o) => o.action === 'deploy').map((o) => o.address)).toStrictEqual(['rest-api petstore / deployment']);
  });
});

describe('the plan converges', () => {
  it.each(['dev', 'prod'])('petstore (%s): its calls run on the emulator, and planning again finds nothing to do', async (environment) => {
    const loaded = loadSpecSet([join(EXAMPLES, 'petstore')], { env: ENV, environment, cwd: EXAMPLES });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const { emu, client } = await withEmulator();
    emulator = emu;
    const first = await computePlan({ specSet: loaded.specSet, clients: { apigateway: client }, env: ENV });
    await runPlan(client, first.plan, ENV);
    const second = await computePlan({ specSet: loaded.specSet, clients: { apigateway: client }, env: ENV });
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
    await runPlan(client, (await computePlan({ specSet: load(), clients: { apigateway: client }, env: ENV })).plan, ENV);
    const changed = load();
    const api = changed.restApis.petstore;
    if (api) api.description = 'Pet store, revised';
    const p = (await computePlan({ specSet: changed, clients: { apigateway: client }, env: ENV })).plan;
    expect(p.ops.map((o) => [o.action, o.address, o.changes.map((c) => c.path)])).toStrictEqual([
      ['update', 'rest-api petstore', ['/description']],
      ['deploy', 'rest-api petstore / deployment', ['/description']],
      ['update', 'rest-api petstore / stage prod', ['/canarySettings/deploymentId']],
    ]);
    await runPlan(client, p, ENV);
    expect((await computePlan({ specSet: changed, clients: { apigateway: client }, env: ENV })).plan.ops).toStrictEqual([]);
  });
});

