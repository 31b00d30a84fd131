import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApigwError, EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import type { Model } from '../reconcile/model.js';
import type { Plan } from '../reconcile/plan-types.js';
import { systemClock } from '../reconcile/apply/clock.js';
import { dnsTargets, renderDnsTargets } from '../reconcile/apply/dns-targets.js';
import { executePlan } from '../reconcile/apply/executor.js';
import { applyPlan, renderBulkResults } from '../reconcile/apply/bulk-step.js';
import { JITTER_RESERVE, NO_RATES, Pacer } from '../reconcile/apply/pacer.js';
import { createProgress } from '../reconcile/apply/progress.js';
import { renderApplyReport } from '../reconcile/apply/report.js';
import { wantsColour } from '../render/colour.js';
import { renderPlanText, where } from '../render/plan-text.js';
import { duplicateAdvice } from '../render/plan-facts.js';
import { DEFAULT_PARALLELISM } from './defaults.js';
import { visibleLine } from '../render/visible.js';
import { renderStats } from '../aws/call-counter.js';
import { checkCanConfirm, confirm } from './confirm.js';
import { acquireApplyLock, awsEndpointRegion, parseLockTimeout, sameEndpoint, type ApplyLock } from './apply-lock.js';
import { checkConnectFlags, endpointOf, type ConnectFlags, type Connection } from './connect.js';
import { applyCommand, checkTargetFlag, connectionFlags } from './run-plan.js';
import type { CliIO } from './io.js';
import { emptied, type Pipeline, type SpecSetLike } from './pipeline.js';
import { openSession, type Session } from './plan-session.js';
import { Redactor } from './redact.js';
import { checkSavedOps, checkSavedPlan, looksLikePlanFile, readPlanFile } from './saved-plan.js';

/**
 * `apigw-sync apply` (specs or a saved plan) and `apigw-sync destroy`: plan, show, confirm, run.
 * Every refusal (no terminal and no --auto-approve, blocked deletions, a stale saved plan) happens
 * before the first write call; a plan with nothing to change needs no confirmation and exits 0.
 */
export interface ApplyFlags extends ConnectFlags {
  env?: string;
  /** `promote --stage NAME`: only the promotion of that stage's canaries; `{ from, to }`: a pinned stage's. */
  promote?: string | { from: string; to: string };
  autoApprove?: boolean;
  parallelism?: string;
  allowDestroy?: boolean;
  adopt?: boolean;
  allowDuplicateName?: boolean;
  target?: string;
  stats?: boolean;
  lockTimeout?: string;
  /** false with --no-bulk. */
  bulk?: boolean;
}

export const MAX_PARALLELISM = 64;

export function parseParallelism(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PARALLELISM;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_PARALLELISM) {
    throw new UsageError(`Invalid --parallelism value "${value}".`, `Give a whole number from 1 to ${MAX_PARALLELISM} (default ${DEFAULT_PARALLELISM}).`);
  }
  return n;
}

export async function runApply(args: string[], flags: ApplyFlags, rawIO: CliIO, pipeline: Pipeline, mode: 'apply' | 'destroy'): Promise<number> {
  checkConnectFlags(flags);
  checkTargetFlag(flags.target);
  const parallelism = parseParallelism(flags.parallelism);
  paceScale(rawIO.env);
  const lockTimeout = parseLockTimeout(flags.lockTimeout);
  const redactor = new Redactor();
  const io = redactor.wrap(rawIO);
  // Taken before the live state is read, so the plan sees what another apply just did.
  let lock: ApplyLock | undefined;
  const takeLock = async (specSet: SpecSetLike, conn: Connection): Promise<void> => {
    // --local keeps its state under the working directory: one lock per real directory, however reached.
    const endpoint = conn.local ? `local:${realDir(io.cwd)}` : conn.endpoint;
    // AWS itself: per account too, when STS says which (undefined if it cannot: then per region).
    const account = endpoint === undefined || awsEndpointRegion(endpoint) !== undefined ? await conn.accountId().catch(() => undefined) : undefined;
    lock = await acquireApplyLock(
      { specSet: specSet.name, ...(conn.region ? { region: conn.region } : {}), ...(endpoint ? { endpoint } : {}), ...(account ? { account } : {}), description: conn.local ? '--local' : (conn.endpoint ?? `AWS (${conn.region ?? 'default region'})`) },
      { cwd: io.cwd, timeoutSeconds: lockTimeout, onWait: (h) => io.stderr.write(`Waiting for another apply of spec set "${specSet.name}" to finish (pid ${h?.pid}; --lock-timeout ${lockTimeout} s)...\n`) },
    );
  };
  try {
    return await runLocked(args, flags, io, pipeline, mode, parallelism, redactor, takeLock);
  } finally {
    lock?.release();
  }
}

async function runLocked(
  args: string[],
  flags: ApplyFlags,
  io: CliIO,
  pipeline: Pipeline,
  mode: 'apply' | 'destroy',
  parallelism: number,
  redactor: Redactor,
  takeLock: (specSet: SpecSetLike, conn: Connection) => Promise<void>,
): Promise<number> {

  const savedPath = mode === 'apply' && args.length === 1 && (looksLikePlanFile(resolve(io.cwd, args[0]!)) || meantAsPlanFile(resolve(io.cwd, args[0]!))) ? args[0]! : undefined;
  let session: Session;
  let plan: Plan;
  if (savedPath) {
    ({ session, plan } = await openSaved(savedPath, flags, io, pipeline, redactor, takeLock));
  } else {
    const options = {
      ...(flags.adopt ? { adopt: true } : {}),
      ...(flags.allowDestroy || mode === 'destroy' ? { allowDestroy: true } : {}),
      ...(flags.allowDuplicateName ? { allowDuplicateName: true } : {}),
      ...(flags.target ? { target: flags.target } : {}),
      ...(flags.promote ? { promote: flags.promote } : {}),
      ...(flags.bulk === false ? { noBulk: true } : {}),
    };
    session = await openSession(
      {
        paths: args,
        command: mode,
        ...(flags.env ? { environment: flags.env } : {}),
        options,
        connect: flags,
        ...(mode === 'destroy' ? { transformSpecSet: emptied } : {}),
        beforeRead: takeLock,
      },
      io,
      pipeline,
      redactor,
    );
    plan = session.plan;
  }
  try {
    return await confirmAndRun(plan, session, flags, parallelism, io, mode);
  } finally {
    await session.conn.close();
  }
}

async function openSaved(
  path: string,
  flags: ApplyFlags,
  io: CliIO,
  pipeline: Pipeline,
  redactor: Redactor,
  takeLock: (specSet: SpecSetLike, conn: Connection) => Promise<void>,
): Promise<{ session: Session; plan: Plan }> {
  const fixed = (['env', 'allowDuplicateName', 'target'] as const).filter((f) => flags[f] !== undefined && flags[f] !== false);
  if (fixed.length > 0) {
    throw new UsageError(`--${fixed[0]} cannot be used with a saved plan: the plan already fixes it.`, 'Drop the flag, or plan again with it.');
  }
  const saved = readPlanFile(resolve(io.cwd, path), path);
  // Before any call: a plan made against an emulator must not send this apply to AWS (or back).
  const planned = saved.target.endpoint;
  const now = endpointOf(flags, io.env);
  if (!sameEndpoint(planned, now)) {
    const name = (e: string | undefined) => (e === undefined ? 'AWS' : e === 'local' ? 'the built-in emulator (--local)' : e);
    throw new ApigwError(
      `${path} was planned against ${name(planned)}, but this apply would go to ${name(now)}. Nothing was sent.`,
      1,
      `Apply it where it was planned: ${applyCommand(path, connectionFlags(planned, flags.region), flags.allowDestroy === true)}` +
        (now !== undefined && planned === undefined ? ' (with AWS_ENDPOINT_URL* unset)' : ''),
    );
  }
  if (!saved.source) {
    throw new ApigwError(`${path} does not record the specs it was made from, so its live state cannot be checked.`, 1, 'Save plans with `apigw-sync plan --out FILE` (not --output json).');
  }
  // Taking over objects apigw-sync does not own, like deleting, is asked for on the apply itself:
  // the file alone (an artifact anyone with write access to the CI job can edit) cannot turn it on.
  if (saved.source.adopt && !flags.adopt) {
    const adopts = Array.isArray(saved.ops) ? saved.ops.filter((op) => op?.action === 'adopt' || op?.reason === 'adopt-by-name') : [];
    throw new ApigwError(
      `${path} was made with --adopt: it takes over objects that apigw-sync does not own yet${adopts.length ? `:\n${adopts.map((op) => visibleLine(`  - ${String(op.address ?? op.key)}`)).join('\n')}\n` : '. '}Nothing was applied.`,
      EXIT_FAILURE,
      'Apply it with --adopt if taking them over is intended.',
    );
  }
  if (flags.adopt && !saved.source.adopt) {
    throw new UsageError(`--adopt: ${path} was made without --adopt, so it adopts nothing.`, 'Drop --adopt, or make the plan again with `apigw-sync plan --adopt --out FILE`.');
  }
  const session = await openSession(
    {
      paths: saved.source.paths,
      ...(saved.target.environment ? { environment: saved.target.environment } : {}),
      // Deletions are blocked unless this apply has --allow-destroy, whatever the file says.
      options: {
        ...(saved.source.adopt ? { adopt: true } : {}),
        ...(flags.allowDestroy ? { allowDestroy: true } : {}),
        ...(saved.source.allowDuplicateName ? { allowDuplicateName: true } : {}),
        ...(saved.source.target ? { target: saved.source.target } : {}),
      },
      connect: flags,
      beforeRead: takeLock,
    },
    io,
    pipeline,
    redactor,
  );
  try {
    checkSavedPlan(saved, path, { plan: session.plan, live: session.live, fingerprint: pipeline.fingerprintLive(session.live) });
    checkSavedOps(saved, session.plan, path, (text) => redactor.redact(text));
  } catch (err) {
    await session.conn.close();
    throw err;
  }
  // The saved ops are the fresh plan's ops: run the fresh plan, so nothing read from the file reaches AWS.
  return { session, plan: session.plan };
}

async function confirmAndRun(plan: Plan, session: Session, flags: ApplyFlags, parallelism: number, io: CliIO, mode: 'apply' | 'destroy'): Promise<number> {
  if (plan.ops.length === 0) {
    io.stdout.write(mode === 'destroy' ? `Nothing to destroy: spec set "${plan.target.specSet}" owns nothing here.\n` : renderPlanText(plan));
    if (flags.stats) io.stderr.write(renderStats(session.conn.counter));
    return EXIT_OK;
  }
  const heading = mode === 'destroy' ? `apigw-sync destroy: deletes everything spec set "${plan.target.specSet}" owns (${where(plan)}):` : undefined;
  io.stdout.write(renderPlanText(plan, { colour: wantsColour(io.stdout, io.env), ...(heading ? { heading } : {}) }));
  const duplicates = plan.ops.filter((op) => op.blockedBy === 'duplicate-name');
  if (duplicates.length > 0) {
    throw new ApigwError(
      `The plan creates ${duplicates.length === 1 ? 'an object' : `${duplicates.length} objects`} of a name that an object without the ownership tag already has:\n` +
        duplicates.map((op) => visibleLine(`  - ${op.address}`)).join('\n') +
        '\nNothing was changed.',
      EXIT_FAILURE,
      `${duplicateAdvice(duplicates, 'Run again with --adopt to manage the existing one', 'with --allow-duplicate-name to create a second one of that name')}.`,
    );
  }
  const unowned = plan.ops.filter((op) => op.blockedBy === 'unowned-record');
  if (unowned.length > 0) {
    throw new ApigwError(
      `The plan changes ${unowned.length === 1 ? 'a DNS record' : `${unowned.length} DNS records`} that apigw-sync does not own:\n` +
        unowned.map((op) => visibleLine(`  - ${op.address}`)).join('\n') +
        '\nNothing was changed.',
      EXIT_FAILURE,
      "Run again with --adopt to manage records that have no ownership TXT record; another spec set's records are never changed.",
    );
  }
  const blocked = plan.ops.filter((op) => op.blocked && op.blockedBy !== 'unowned-record');
  if (blocked.length > 0 && !flags.allowDestroy) {
    throw new ApigwError(
      `The plan deletes ${blocked.length} object${blocked.length === 1 ? '' : 's'} that need${blocked.length === 1 ? 's' : ''} --allow-destroy:\n` +
        blocked.map((op) => visibleLine(`  - ${op.address}`)).join('\n') +
        '\nNothing was changed.',
      EXIT_FAILURE,
      'Put them back in the specs to keep them, or run apply again with --allow-destroy to delete them.',
    );
  }
  if (!flags.autoApprove) {
    // Asked only now: with nothing to change there is nothing to confirm (exit 0, as terraform).
    checkCanConfirm(io, false, mode);
    const question = mode === 'destroy' ? 'Do you really want to delete all of these?' : 'Do you want to apply these changes?';
    if (!(await confirm(io, question))) {
      io.stderr.write(`${mode === 'destroy' ? 'Destroy' : 'Apply'} cancelled; nothing was changed.\n`);
      return EXIT_FAILURE;
    }
  }
  const interrupt = onInterrupt(io);
  const createdDomains = new Map<string, unknown>();
  const pacer = new Pacer(systemClock, session.conn.local ? NO_RATES : undefined, paceScale(io.env), JITTER_RESERVE);
  const progress = createProgress(io.stderr, io.stderr.isTTY === true, undefined, {
    colour: wantsColour(io.stderr, io.env),
    waits: () => ({ now: pacer.now(), waits: pacer.pending() }),
  });
  // Reading the live state just used part of the account's burst: pace from what is left.
  pacer.spent('*', session.conn.counter.total());
  const counter = session.conn.counter;
  const retriesBefore = { retries: counter.retries(), conflicts: counter.conflicts() };
  const run = await applyPlan(plan, {
    desired: session.desired,
    ids: idTable(session.live),
    callAws: session.conn.callAws,
    pacer,
    signal: interrupt.signal,
    allowDestroy: flags.allowDestroy === true,
    replan: async () => {
      const before = session.conn.counter.total();
      const again = await session.replan();
      return { plan: again.plan, ids: idTable(again.live), readCalls: session.conn.counter.total() - before };
    },
    onBulk: (results) => io.stdout.write(renderBulkResults(results)),
    onWait: (text) => io.stderr.write(`${visibleLine(text)}\n`),
    onDropped: (dropped) => io.stderr.write(`Not applied (not in the reviewed plan; run plan again to see them):\n${dropped.map((a) => visibleLine(`  - ${a}`)).join('\n')}\n`),
    execute: (toRun, ids) =>
      executePlan(toRun, {
        signal: interrupt.signal,
        onOutput: (op, call, output) => {
          if (call.operation === 'CreateDomainName') createdDomains.set(op.key, output);
        },
        callAws: session.conn.callAws,
        parallelism,
        ids,
        env: io.env,
        pacer,
        onEvent: (e) => progress.onEvent(e),
      }),
  });
  interrupt.dispose();
  progress.stop();
  const report = run.report;
  // Reads: the planning before, and the read-back after bulk writes.
  io.stdout.write(renderApplyReport(report, session.readCalls + run.rereadCalls, mode, {
    retries: counter.retries() - retriesBefore.retries,
    conflicts: counter.conflicts() - retriesBefore.conflicts,
  }));
  io.stdout.write(renderDnsTargets(dnsTargets(plan, session.live, report, createdDomains, session.desired)));
  if (flags.stats) io.stderr.write(renderStats(session.conn.counter));
  return report.ok ? EXIT_OK : EXIT_FAILURE;
}

/**
 * The first Ctrl-C (SIGINT) or SIGTERM (what CI runners and `kill` send on cancel) stops apply
 * cleanly: steps in progress finish (a call half-made is the worst state to leave), no new one
 * starts, and the report lists what did not run. A second signal exits at once.
 */
function onInterrupt(io: CliIO): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? 143 : 130);
    const what = signal === 'SIGTERM' ? 'Interrupted (SIGTERM)' : 'Interrupted';
    io.stderr.write(`\n${what}: finishing the steps in progress, starting no new ones (a second ${signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} stops at once).\n`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/**
 * APIGW_SYNC_PACE_SCALE (0 < x <= 1) paces calls on a scaled clock, for emulators that apply AWS's
 * quotas on one (`apigw-sync local --throttle --time-scale`, benchmarks). Unset: AWS's real rates.
 */
export function paceScale(env: NodeJS.ProcessEnv): number {
  const raw = env.APIGW_SYNC_PACE_SCALE;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1) {
    throw new UsageError(`APIGW_SYNC_PACE_SCALE="${raw}" is not a number above 0 and at most 1.`, 'Unset it to pace at AWS\'s real rates.');
  }
  return n;
}

function idTable(live: Model): Map<string, Record<string, string>> {
  const ids = new Map<string, Record<string, string>>();
  for (const [key, e] of Object.entries(live.entities)) if (e.ids) ids.set(key, { ...e.ids });
  return ids;
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * A path that can only be a saved plan, though it does not read as one: not a directory and not a
 * spec file (*.yaml, *.yml), e.g. `plan.json` that is missing, empty, cut short or a FIFO. It is
 * read as a plan, so the error says why; taken as a path inside a spec set, it would apply the
 * whole set instead of the plan that was meant.
 */
function meantAsPlanFile(path: string): boolean {
  if (/\.ya?ml$/i.test(path)) return false;
  try {
    return !statSync(path).isDirectory();
  } catch {
    return /\.json$/i.test(path);
  }
}
