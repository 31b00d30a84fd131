import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAwsClients, type AwsClients } from '../src/aws/clients.js';
import { DEFAULT_CONFLICT_RETRY } from '../src/aws/unsafe-retry.js';
import { scenarioName, type Variant } from './variant.js';
import { DEFAULT_PARALLELISM } from '../src/cli/defaults.js';
import { systemClock } from '../src/reconcile/apply/clock.js';
import { executePlan, type ApplyReport } from '../src/reconcile/apply/executor.js';
import { applyPlan } from '../src/reconcile/apply/bulk-step.js';
import { AWS_RATES, JITTER_RESERVE, Pacer } from '../src/reconcile/apply/pacer.js';
import { computePlan } from '../src/reconcile/index.js';
import type { Model } from '../src/reconcile/model.js';
import type { Plan } from '../src/reconcile/plan-types.js';
import { loadSpecSet, type SpecSet } from '../src/schema/index.js';
import { perObjectRead } from './baseline.js';
import { addedShape, addMethods, oneFieldChange, oneFieldChangeHttp, REST_API_NAME, writeHttpSet, writeRestSet } from './generate.js';
import { httpBulkCalls, httpCreateCalls, httpPlanCalls, HTTP_ONE_CHANGE_WRITES, lowerBound, restBulkCalls, restCreateCalls, restPlanCalls, REST_ONE_CHANGE_WRITES } from './lower-bound.js';
import { Emulator } from './emulator-admin.js';
import type { BenchRow } from './row.js';

/**
 * One benchmark size, run in a child process of its own so its peak RSS is its own. Talks to the
 * emulator the parent started, over HTTP, and prints one JSON row on stdout.
 *
 * Usage: node run-size.js <rest|http> <size> <endpoint> <timeScale>
 */
const [api, sizeArg, endpoint, scaleArg, variantArg] = process.argv.slice(2) as ['rest' | 'http', string, string, string, string | undefined];
const size = Number(sizeArg);
const scale = Number(scaleArg);
const variant: Variant = variantArg ? (JSON.parse(variantArg) as Variant) : { conflicts: false };
const emu = new Emulator(endpoint);

// Conflict back-off on the emulator's scaled clock too, as the pacing is.
const conflictRetry = { baseMs: DEFAULT_CONFLICT_RETRY.baseMs * scale, maxDelayMs: DEFAULT_CONFLICT_RETRY.maxDelayMs * scale, budgetMs: DEFAULT_CONFLICT_RETRY.budgetMs * scale };
const clients = createAwsClients({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, conflictRetry });
const scaled = (realMs: number, s = scale): number => Math.round(realMs / s);

function load(dir: string): SpecSet {
  const loaded = loadSpecSet([dir], { env: {}, cwd: dir });
  if (!loaded.ok) throw new Error(`generated spec is invalid:\n${loaded.diagnostics.map((d) => d.message).join('\n')}`);
  return loaded.specSet;
}

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** What the row keeps of a no-change plan: its figures (the models and the plan are released). */
interface PlanSummary {
  cpuMs: number;
  loadCpuMs: number;
  wallMs: number;
  /** Addresses of the first ops, if the plan is not empty (it must be). */
  ops: string[];
}

async function noChangePlan(dir: string): Promise<PlanSummary> {
  const p = await plan(dir);
  return { cpuMs: p.cpuMs, loadCpuMs: p.loadCpuMs, wallMs: p.wallMs, ops: p.plan.ops.slice(0, 3).map((o) => o.address) };
}

async function plan(dir: string, noBulk = false): Promise<{ plan: Plan; live: Model; desired: Model; specSet: SpecSet; cpuMs: number; loadCpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const specSet = load(dir);
  const loadCpuMs = cpuMsSince(cpu);
  const result = await computePlan({ specSet, clients: { apigateway: clients.apigateway, apigatewayv2: clients.apigatewayv2 }, env: {}, ...(noBulk ? { options: { noBulk } } : {}) });
  const wallMs = performance.now() - t0;
  return { plan: result.plan, live: result.live, desired: result.desired, specSet, cpuMs: cpuMsSince(cpu), loadCpuMs, wallMs };
}

const idsOf = (live: Model): Map<string, Record<string, string>> => {
  const ids = new Map<string, Record<string, string>>();
  for (const [key, e] of Object.entries(live.entities)) if (e.ids) ids.set(key, { ...e.ids });
  return ids;
};

/**
 * What the row keeps of an apply: its figures, not its plan or report (21,000 ops and results at
 * 5,000 methods), so no phase holds the data of an earlier one.
 */
interface ApplySummary {
  realMs: number;
  ops: number;
  /** Calls of each bulk write (ImportRestApi/PutRestApi documents, or ImportApi). */
  bulkCalls: number[];
}

/** apply as the CLI runs it (same pacer on the emulator's scaled clock, same parallelism), minus printing. */
async function apply(dir: string, noBulk = false, s = scale): Promise<ApplySummary> {
  const { plan: applied, realMs } = await applyOnce(dir, noBulk, s);
  return { realMs, ops: applied.ops.length, bulkCalls: (applied.bulk ?? []).map((b) => b.calls) };
}

async function applyOnce(dir: string, noBulk: boolean, s: number): Promise<{ report: ApplyReport; plan: Plan; realMs: number }> {
  const t0 = performance.now();
  const readsBefore = clients.counter.total();
  const planned = await plan(dir, noBulk);
  const pacer = new Pacer(systemClock, AWS_RATES, s, JITTER_RESERVE);
  pacer.spent('*', clients.counter.total() - readsBefore);
  const run = await applyPlan(planned.plan, {
    desired: planned.desired,
    ids: idsOf(planned.live),
    callAws: clients.callAws,
    pacer,
    allowDestroy: false,
    replan: async () => {
      const again = await computePlan({ specSet: planned.specSet, clients: { apigateway: clients.apigateway, apigatewayv2: clients.apigatewayv2 }, env: {}, options: { noBulk: true } });
      return { plan: again.plan, ids: idsOf(again.live), readCalls: 0 };
    },
    execute: (p, ids) =>
      executePlan(p, {
        callAws: clients.callAws,
        parallelism: DEFAULT_PARALLELISM,
        ...(variant.perApi !== undefined ? { perApiParallelism: variant.perApi } : {}),
        ids,
        env: {},
        pacer,
      }),
  });
  const report = run.report!;
  if (!report.ok) {
    const failed = report.results.filter((r) => r.status === 'failed').slice(0, 3);
    throw new Error(`apply failed: ${failed.map((r) => `${r.op.address}: ${r.error?.type} ${r.error?.message}`).join('; ')}`);
  }
  return { report, plan: planned.plan, realMs: performance.now() - t0 };
}

/** Each phase starts with full quota buckets, as after a quiet minute. */
async function phase<T>(fn: () => Promise<T>, s = scale): Promise<{ value: T; calls: number; writes: number; throttled: number; conflicts: number }> {
  await emu.refillBuckets(s);
  await emu.resetCalls();
  const value = await fn();
  const c = await emu.calls();
  return { value, calls: c.total, writes: c.writes, throttled: c.throttled, conflicts: c.conflicts };
}

async function main(): Promise<BenchRow> {
  await emu.reset();
  const http = api === 'http' ? writeHttpSet(size) : undefined;
  const set = http ?? writeRestSet(size);
  const create = api === 'rest' ? restCreateCalls(set.shape) : httpCreateCalls(http!.http);
  const bound = lowerBound(create, api === 'rest' ? 'apigateway' : 'apigatewayv2');

  if (http) {
    // HTTP APIs come through the planner with the v2 work; until then their rows say so.
    const probe = await plan(set.dir);
    if (!probe.plan.ops.some((op) => op.calls.some((c) => c.service === 'apigatewayv2'))) {
      return { ...skippedRow(), skipped: 'HTTP APIs are not planned yet (the planner makes no apigatewayv2 call for them)' };
    }
  }
  if (variant.pendingLinks) {
    // One VPC link of each kind, PENDING for two minutes of AWS time (main.ts): apply waits for
    // them while the API's writes go on.
    writeFileSync(join(set.dir, 'links.yaml'), [
      'vpcLinks:',
      '  bench-nlb:',
      '    targetArns: [arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/bench/50dc6c495c0c9188]',
      '  bench-vpc:',
      '    subnetIds: [subnet-0a1b2c3d4e5f60001]',
      '',
    ].join('\n'));
  }
  // The bulk path runs at AWS's real rates (time scale 1): its few calls wait little on quotas, so
  // its time is mostly this machine's planning and the round trips, which a scaled clock would inflate.
  // (HTTP: ImportApi, then the stage and each Lambda function's invoke permission per call.)
  const bulkScale = 1;
  const created = await phase(() => apply(set.dir, false, bulkScale), bulkScale);
  markRss('apply');
  // The no-change plan three times: CPU time on a shared machine varies from run to run, so the
  // row takes the median run (its calls, CPU and wall time together).
  const plans = [];
  for (let i = 0; i < PLAN_RUNS; i++) plans.push(await phase(() => noChangePlan(set.dir)));
  markRss('plan');
  // The same plan as `apigw-sync plan` runs it, in a process of its own: what it costs a user,
  // apart from what the phases before it left in this process's heap.
  const ownProcess = await phase(() => planInOwnProcess(set.dir));
  const planned = [...plans].sort((a, b) => a.value.cpuMs - b.value.cpuMs)[Math.floor(PLAN_RUNS / 2)]!;
  if (planned.value.ops.length > 0) throw new Error(`plan after apply is not empty: ${planned.value.ops.join(', ')}`);
  const noop = await phase(() => apply(set.dir));
  markRss('noopApply');
  writeFileSync(set.changeFile, (api === 'rest' ? oneFieldChange : oneFieldChangeHttp)(readFileSync(set.changeFile, 'utf8')));
  const changed = await phase(() => apply(set.dir));
  markRss('oneChange');
  const baseline = api === 'rest' ? await phase(() => timed(() => perObjectRead(clients.apigateway, new Pacer(systemClock, AWS_RATES, scale, JITTER_RESERVE), REST_API_NAME, DEFAULT_PARALLELISM))) : undefined;
  if (baseline) markRss('baseline');
  // REST: the same apply from empty one call per object, beside the bulk path; at 1,000 methods
  // also 200 methods added to the applied API, both ways. Each checks plan-empty afterwards.
  const bulkDocs = created.value.bulkCalls[0] ?? 1;
  let perCall: Awaited<ReturnType<typeof phase<Awaited<ReturnType<typeof apply>>>>> | undefined;
  let added: typeof perCall;
  let perCallAdded: typeof perCall;
  const addedCount = 200;
  if (api === 'rest' && ADD_SIZES.has(size)) {
    writeFileSync(set.changeFile, addMethods(readFileSync(set.changeFile, 'utf8'), size, addedCount));
    added = await phase(() => apply(set.dir, false, 1), 1);
    markRss('add');
    await expectEmptyPlan(set.dir);
  }
  if (api === 'http') {
    // HTTP: the same apply from empty one call per object (--no-bulk), beside ImportApi.
    await emu.reset();
    const fresh = writeHttpSet(size);
    perCall = await phase(() => apply(fresh.dir, true));
    await expectEmptyPlan(fresh.dir);
    rmSync(fresh.dir, { recursive: true, force: true });
  }
  if (api === 'rest') {
    await emu.reset();
    const fresh = writeRestSet(size);
    perCall = await phase(() => apply(fresh.dir, true));
    markRss('perCallApply');
    await expectEmptyPlan(fresh.dir);
    if (ADD_SIZES.has(size)) {
      writeFileSync(fresh.changeFile, addMethods(readFileSync(fresh.changeFile, 'utf8'), size, addedCount));
      perCallAdded = await phase(() => apply(fresh.dir, true));
      markRss('perCallAdd');
      await expectEmptyPlan(fresh.dir);
    }
    rmSync(fresh.dir, { recursive: true, force: true });
  }
  rmSync(set.dir, { recursive: true, force: true });
  const bulkBound = api === 'rest' ? lowerBound(restBulkCalls(bulkDocs)) : created.value.bulkCalls.length ? lowerBound(httpBulkCalls(http!.http), 'apigatewayv2') : undefined;
  const addBound = added ? lowerBound({ GetRestApis: 1, ...restCreateCalls(addedShape(size, addedCount)), CreateRestApi: 0, CreateDeployment: 1 }) : undefined;
  const addBulkBound = added ? lowerBound(restBulkCalls(1, true)) : undefined;

  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return {
    scenario: scenarioName(api, size, variant),
    api,
    size,
    planCalls: planned.calls,
    planCpuMs: Math.round(planned.value.cpuMs),
    loadCpuMs: Math.round(planned.value.loadCpuMs),
    planCpuRunsMs: plans.map((p) => Math.round(p.value.cpuMs)),
    planWallMs: Math.round(planned.value.wallMs),
    applyCalls: created.calls,
    applyWallMs: scaled(created.value.realMs, bulkScale),
    lowerBoundCalls: bound.calls,
    lowerBoundMs: bound.ms,
    noopApplyWrites: noop.writes,
    oneChangeWrites: changed.writes,
    baselinePlanCalls: baseline?.calls ?? null,
    peakRssMb: Math.round(peakRssMb * 10) / 10,
    peakRssAfterMb: rssAfter,
    planProcessRssMb: ownProcess.value.peakRssMb,
    planProcessCpuMs: ownProcess.value.cpuMs,
    // Beyond the issue's columns: what the ratios and the report need.
    timeScale: scale,
    planLowerBoundCalls: api === 'rest' ? restPlanCalls(set.shape) : httpPlanCalls(http!.http),
    oneChangeLowerBoundWrites: api === 'rest' ? REST_ONE_CHANGE_WRITES : HTTP_ONE_CHANGE_WRITES,
    applyOps: created.value.ops,
    applyThrottled: created.throttled,
    ...(variant.conflicts ? { applyConflicts: created.conflicts } : {}),
    baselinePlanMs: baseline ? scaled(baseline.value.realMs) : null,
    perCallApplyCalls: perCall?.calls ?? null,
    perCallApplyWallMs: perCall ? scaled(perCall.value.realMs) : null,
    bulkLowerBoundCalls: bulkBound?.calls ?? null,
    bulkLowerBoundMs: bulkBound?.ms ?? null,
    bulkCalls: created.value.bulkCalls.reduce((n, c) => n + c, 0),
    addCalls: added?.calls ?? null,
    addWallMs: added ? scaled(added.value.realMs, 1) : null,
    perCallAddCalls: perCallAdded?.calls ?? null,
    perCallAddWallMs: perCallAdded ? scaled(perCallAdded.value.realMs) : null,
    addLowerBoundCalls: addBound?.calls ?? null,
    addLowerBoundMs: addBound?.ms ?? null,
    addBulkLowerBoundCalls: addBulkBound?.calls ?? null,
    addBulkLowerBoundMs: addBulkBound?.ms ?? null,
  };
}

/**
 * Peak RSS (MB) once each phase is over. The peak is the process's high-water mark, so the phase
 * after which it first reaches peakRssMb is the one that set it.
 */
const rssAfter: Record<string, number> = {};
const markRss = (phaseName: string): void => {
  rssAfter[phaseName] = Math.round(process.resourceUsage().maxRSS / 102.4) / 10;
};

/** `apigw-sync plan` in a child process (plan-process.ts): its peak RSS and CPU, module loading included. */
function planInOwnProcess(dir: string): Promise<{ peakRssMb: number; cpuMs: number }> {
  const script = join(import.meta.dirname, 'plan-process.js');
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, dir, endpoint], { env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`apigw-sync plan in its own process failed: ${stderr.trim().split('\n')[0] ?? err.message}`));
      const r = JSON.parse(stdout.trim().split('\n').pop()!) as { exitCode: number; peakRssMb: number; cpuMs: number };
      if (r.exitCode !== 0) return reject(new Error(`apigw-sync plan in its own process exited ${r.exitCode} (0: nothing to change): ${stderr.trim().slice(0, 300)}`));
      resolve(r);
    });
  });
}

/** No-change plans per row; the row reports the median. */
const PLAN_RUNS = 3;

/** Sizes whose row also measures 200 methods added to the applied API. */
const ADD_SIZES = new Set([1000]);

async function expectEmptyPlan(dir: string): Promise<void> {
  const p = await plan(dir);
  if (p.plan.ops.length > 0) throw new Error(`plan after apply is not empty: ${p.plan.ops.slice(0, 3).map((o) => o.address).join(', ')}`);
}

function skippedRow(): BenchRow {
  return {
    scenario: scenarioName(api, size, variant), api, size, planCalls: null, planCpuMs: null, planWallMs: null, applyCalls: null, applyWallMs: null,
    lowerBoundCalls: null, lowerBoundMs: null, noopApplyWrites: null, oneChangeWrites: null, baselinePlanCalls: null, peakRssMb: null,
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; realMs: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, realMs: performance.now() - t0 };
}

main()
  .then((row) => {
    process.stdout.write(`${JSON.stringify(row)}\n`);
    (clients as AwsClients).destroy();
  })
  .catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
    clients.destroy();
  });
