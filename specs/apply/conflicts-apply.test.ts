import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { executePlan, type ApplyReport } from '../../src/reconcile/apply/executor.js';
import { renderApplyReport } from '../../src/reconcile/apply/report.js';
import { systemClock } from '../../src/reconcile/apply/clock.js';
import { NO_RATES, Pacer } from '../../src/reconcile/apply/pacer.js';
import { computePlan } from '../../src/reconcile/index.js';
import { loadSpecSet } from '../../src/schema/index.js';
import { writeRestSet } from '../../bench/generate.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';
import { exampleSpecSets } from '../reliability/examples.js';

// Apply against an emulator that refuses a write to an API while another is in flight, as AWS
// does (409 ConflictException, "concurrent modification"): every example converges in one run
// with no failed step (the benchmark's 1,000-method API: specs/reliability/conflicts.test.ts).

let emu: RunningEmulator;
beforeAll(async () => {
  // The account has the examples' Route 53 zones (helpers/emulator.ts).
  emu = await startEmulator({ port: 0, limits: { resourcesPerApi: 2_000 } });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.setConflicts({ enabled: true, holdMs: 10 });
  emu.reset();
});

const refused = () => emu.calls().log.filter((c) => c.injected === 'conflict').length;

describe.each(exampleSpecSets())('example %s, with conflicts on', (name) => {
  it('applies in one run with no failed step and no refused write; then plan shows no changes', async () => {
    const cwd = scratchWithExamples();
    const run = await cli(['apply', `examples/${name}`, '--endpoint-url', emu.url, '--auto-approve'], { cwd });
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toMatch(/^Apply complete: /m);
    expect(run.err).not.toMatch(/FAILED/);
    // Writes to one API go one at a time, so AWS has nothing to refuse.
    // (the quick-create example is one CreateApi and its tags' call; the others make dozens)
    expect(emu.calls().writes).toBeGreaterThan(1);
    expect(refused()).toBe(0);
    const plan = await cli(['plan', `examples/${name}`, '--endpoint-url', emu.url, '--detailed-exitcode'], { cwd });
    expect(plan.out + plan.err).toBe('No changes. The live state matches the specs.\n');
  });
});

describe('a plan applied straight through the executor', () => {
  let aws: AwsClients;
  beforeEach(() => {
    aws = createAwsClients({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIDCONFLICT', secretAccessKey: 'x' } });
    return () => aws.destroy();
  });

  async function applySet(dir: string, perApiParallelism?: number): Promise<ApplyReport> {
    const loaded = loadSpecSet([dir], { env: {}, cwd: dir });
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const planned = await computePlan({ specSet: loaded.specSet, clients: { apigateway: aws.apigateway, apigatewayv2: aws.apigatewayv2 }, env: {} });
    const ids = new Map<string, Record<string, string>>();
    for (const [key, e] of Object.entries(planned.live.entities)) if (e.ids) ids.set(key, { ...e.ids });
    // No pacing: the emulator does not throttle here.
    return executePlan(planned.plan, { callAws: aws.callAws, parallelism: 4, ids, env: {}, pacer: new Pacer(systemClock, NO_RATES), ...(perApiParallelism ? { perApiParallelism } : {}) });
  }

  it('with several writes to one API at once, AWS refuses some and the retries still converge, counted in the summary', async () => {
    const set = writeRestSet(40);
    try {
      const report = await applySet(set.dir, 4);
      expect(report.ok).toBe(true);
      expect(refused()).toBeGreaterThan(0);
      expect(aws.counter.conflicts()).toBe(refused());
      const summary = renderApplyReport(report, 0, 'apply', { retries: aws.counter.retries(), conflicts: aws.counter.conflicts() });
      expect(summary).toMatch(new RegExp(`; ${aws.counter.retries()} retried, all after concurrent-modification conflicts\\)\\.\\n$`));
    } finally {
      rmSync(set.dir, { recursive: true, force: true });
    }
  });
});
