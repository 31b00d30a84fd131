import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { systemClock } from '../../src/reconcile/apply/clock.js';
import { executePlan, type ApplyReport } from '../../src/reconcile/apply/executor.js';
import { NO_RATES, Pacer } from '../../src/reconcile/apply/pacer.js';
import { computePlan } from '../../src/reconcile/index.js';
import { loadSpecSet } from '../../src/schema/index.js';
import { writeRestSet } from '../../bench/generate.js';

/**
 * The benchmark's 1,000-method REST API applied against an emulator that refuses a write to an
 * API while another is in flight (409 ConflictException, "concurrent modification"), with the
 * executor's default parallelism: one run, no failed step, nothing refused, nothing left to do.
 */
let emu: RunningEmulator;
let aws: AwsClients;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, limits: { resourcesPerApi: 2_000 }, conflicts: { enabled: true, holdMs: 1 } });
  aws = createAwsClients({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIDCONFLICT', secretAccessKey: 'x' } });
});
afterAll(async () => {
  aws.destroy();
  await emu.close();
});

async function applySet(dir: string): Promise<ApplyReport> {
  const loaded = loadSpecSet([dir], { env: {}, cwd: dir });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  const planned = await computePlan({ specSet: loaded.specSet, clients: { apigateway: aws.apigateway, apigatewayv2: aws.apigatewayv2 }, env: {} });
  const ids = new Map<string, Record<string, string>>();
  for (const [key, e] of Object.entries(planned.live.entities)) if (e.ids) ids.set(key, { ...e.ids });
  return executePlan(planned.plan, { callAws: aws.callAws, parallelism: 4, ids, env: {}, pacer: new Pacer(systemClock, NO_RATES) });
}

it("applies the benchmark's 1,000-method API in one run with no failed step", { timeout: 600_000 }, async () => {
  const set = writeRestSet(1000);
  try {
    const report = await applySet(set.dir);
    expect(report.results.filter((r) => r.status !== 'done').map((r) => `${r.op.address}: ${r.error?.message}`)).toEqual([]);
    expect(report.results.length).toBeGreaterThan(4000);
    expect(emu.calls().log.filter((c) => c.injected === 'conflict')).toEqual([]);
    const again = await applySet(set.dir);
    expect(again.results).toEqual([]);
  } finally {
    rmSync(set.dir, { recursive: true, force: true });
  }
});
