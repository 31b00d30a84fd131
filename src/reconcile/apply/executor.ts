import { ApigwError } from '../../errors.js';
import type { AwsCall, Plan, PlannedOp } from '../plan-types.js';
import { describeAwsError, isNotFound, type CallFailure } from './aws-error.js';
import { systemClock, type Clock } from './clock.js';
import { NO_RATES, Pacer, paceKey } from './pacer.js';
import { PlaceholderError, recordProduced, resolveInput, type IdTable } from './placeholders.js';
import { Schedule } from './schedule.js';

/**
 * Runs a plan's operations: in dependency order, independent ones in parallel up to
 * `parallelism` (and at most `perApiParallelism` at a time writing to one API: AWS refuses a
 * write to an API while another is in flight), each op's calls in sequence. An op that fails makes its dependents skip (each is
 * reported once, naming the failure that caused it); ops that do not depend on it still run, so
 * a re-run has less to do. A delete answered NotFoundException has reached its goal and counts as
 * done, and so does a remove inside an update that the plan marks `removeGoneOk`. Retrying throttled and 5xx calls is the SDK's job (adaptive retry), not this loop's.
 */
export type CallAws = (call: { service: AwsCall['service']; operation: string; input: Record<string, unknown> }) => Promise<unknown>;

export interface ExecuteOptions {
  callAws: CallAws;
  parallelism: number;
  /**
   * Ops writing to one REST, HTTP or WebSocket API at a time (default DEFAULT_PER_API_PARALLELISM);
   * ops of different APIs, and of no API, still run up to `parallelism` together.
   */
  perApiParallelism?: number;
  /** AWS ids of live entities, by key; ids made during the run are added to it. */
  ids: IdTable;
  /** Where `{ $secret: 'env:NAME' }` values come from. */
  env: Record<string, string | undefined>;
  /** Defaults to AWS's quotas on the system clock. */
  pacer?: Pacer;
  clock?: Clock;
  onEvent?: (event: ApplyEvent) => void;
  /** Sees the output of every successful call (for what the report shows after apply, such as DNS targets). */
  onOutput?: (op: PlannedOp, call: AwsCall, output: unknown) => void;
  /** When aborted (Ctrl-C), ops in progress finish and no new one starts; the rest are `interrupted`. */
  signal?: AbortSignal;
}

/** `skippedBecause` of ops that did not start because the run was interrupted. */
export const INTERRUPTED = 'interrupted';

export type OpStatus = 'done' | 'failed' | 'skipped';

export interface OpResult {
  op: PlannedOp;
  status: OpStatus;
  /** Calls made for this op (including one that failed). */
  calls: number;
  /** For a failed op: the error of the call that failed. */
  error?: CallFailure;
  /** For a skipped op: the id of the failed op that caused it, or `interrupted`. */
  skippedBecause?: string;
}

export interface ApplyReport {
  results: OpResult[];
  elapsedMs: number;
  ok: boolean;
}

export type ApplyEvent =
  | { type: 'start'; op: PlannedOp; done: number; total: number; elapsedMs: number }
  /** A `waitFor` read found the object not ready yet (`state`: its status, or `not visible yet`); the next read is in `nextInMs`. */
  | { type: 'wait'; op: PlannedOp; state: string; waitedMs: number; nextInMs: number; limitMs: number }
  | { type: 'finish'; result: OpResult; done: number; total: number; elapsedMs: number };

export async function executePlan(plan: Plan, opts: ExecuteOptions): Promise<ApplyReport> {
  checkGraph(plan);
  const clock = opts.clock ?? systemClock;
  const pacer = opts.pacer ?? new Pacer(clock);
  const started = clock.now();
  const total = plan.ops.length;
  const results = new Map<string, OpResult>();
  const schedule = new Schedule(plan.ops, (op) => apiLane(op, opts.ids));
  const perApi = opts.perApiParallelism ?? DEFAULT_PER_API_PARALLELISM;
  const inLane = new Map<string, number>();
  const mayStart = (lane: string): boolean => (inLane.get(lane) ?? 0) < perApi;
  let running = 0;
  const elapsed = (): number => clock.now() - started;

  return new Promise<ApplyReport>((resolve) => {
    const finish = (result: OpResult): void => {
      results.set(result.op.id, result);
      opts.onEvent?.({ type: 'finish', result, done: results.size, total, elapsedMs: elapsed() });
      const cause = result.skippedBecause ?? result.op.id;
      for (const dependent of schedule.settle(result.op.id, result.status === 'done')) {
        if (!results.has(dependent.id)) finish({ op: dependent, status: 'skipped', calls: 0, skippedBecause: cause });
      }
    };
    const pump = (): void => {
      if (opts.signal?.aborted) {
        for (const op of schedule.notStarted()) if (!results.has(op.id)) finish({ op, status: 'skipped', calls: 0, skippedBecause: INTERRUPTED });
      }
      while (running < opts.parallelism && !opts.signal?.aborted) {
        const op = schedule.next(mayStart);
        if (!op) break;
        running++;
        const lane = schedule.laneOfStarted(op);
        if (lane) inLane.set(lane, (inLane.get(lane) ?? 0) + 1);
        opts.onEvent?.({ type: 'start', op, done: results.size, total, elapsedMs: elapsed() });
        void runOp(op, opts, pacer)
          .catch((err: unknown): OpResult => ({ op, status: 'failed', calls: 0, error: describeAwsError(err) }))
          .then((result) => {
            running--;
            if (lane) inLane.set(lane, inLane.get(lane)! - 1);
            finish(result);
            pump();
          });
      }
      if (running === 0 && results.size === total) {
        const ordered = plan.ops.map((op) => results.get(op.id)!);
        resolve({ results: ordered, elapsedMs: elapsed(), ok: ordered.every((r) => r.status === 'done') });
      }
    };
    opts.signal?.addEventListener('abort', () => pump(), { once: true });
    pump();
  });
}

/**
 * Writes to one API at a time. AWS serialises the writes to an API and refuses one that arrives
 * while another is in flight (409 ConflictException, "concurrent modification"); sending them one
 * after another avoids the refusals and the retries they cost (figures: docs/bench.md).
 */
export const DEFAULT_PER_API_PARALLELISM = 1;

/**
 * The API an op writes to (`apigateway:<restApiId>`, `apigatewayv2:<apiId>`), from the first of
 * its calls that names one; the id of an API made earlier in the run is known by the time the op
 * is ready. Undefined for ops outside any API (keys, usage plans, domains) and for the create of
 * the API itself.
 */
export function apiLane(op: PlannedOp, ids: IdTable): string | undefined {
  for (const call of op.calls) {
    if (call.waitFor) continue;
    const v = call.input[call.service === 'apigatewayv2' ? 'ApiId' : 'restApiId'];
    if (typeof v === 'string') return `${call.service}:${v}`;
    if (v !== null && typeof v === 'object' && typeof (v as { $ref?: unknown }).$ref === 'string') {
      const ref = v as { $ref: string; id: string };
      return `${call.service}:${ids.get(ref.$ref)?.[ref.id] ?? ref.$ref}`;
    }
  }
  return undefined;
}

/** How long a `waitFor` read keeps trying: AWS provisions a VPC link in minutes, rarely in more than ten. */
export const WAIT_LIMIT_MS = 20 * 60_000;
const FIRST_POLL_MS = 2_000;
const MAX_POLL_MS = 30_000;

function valueAt(output: unknown, path: string): unknown {
  let cur = output;
  for (const seg of path.split('.')) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur;
}

/**
 * How long a read right after a create may miss the new object (NotFoundException) before that
 * counts as a failure: a read served before the create reached every replica.
 */
export const NOT_VISIBLE_LIMIT_MS = 2 * 60_000;

/**
 * Repeats a read until its output says the object is ready, waiting 2 s, 4 s, ... up to 30 s between
 * reads. Returns the failure when the object reports a failed state or the wait runs out. A read
 * that does not find the object just made is read again (up to NOT_VISIBLE_LIMIT_MS): failing the
 * step there would make the next run create it a second time.
 */
async function waitFor(op: PlannedOp, call: AwsCall, input: Record<string, unknown>, opts: ExecuteOptions, pacer: Pacer, count: () => void): Promise<CallFailure | undefined> {
  const w = call.waitFor!;
  const limitMs = w.limitSeconds !== undefined ? w.limitSeconds * 1000 : WAIT_LIMIT_MS;
  const clock = opts.clock ?? systemClock;
  const started = clock.now();
  for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
    await pacer.acquire(paceKey(call));
    count();
    let output: unknown;
    try {
      output = await opts.callAws({ service: call.service, operation: call.operation, input });
    } catch (err) {
      if (!isNotFound(err) || clock.now() - started + delay > NOT_VISIBLE_LIMIT_MS) throw err;
      opts.onEvent?.({ type: 'wait', op, state: 'not visible yet', waitedMs: clock.now() - started, nextInMs: delay, limitMs });
      await clock.sleep(delay);
      continue;
    }
    const state = String(valueAt(output, w.path));
    if (w.until.includes(state)) return undefined;
    if (w.failOn?.includes(state)) {
      const reason = valueAt(output, w.path.replace(/Status$/, 'StatusMessage').replace(/^status$/, 'statusMessage'));
      return { type: 'apigw-sync', operation: call.operation, message: `the object became ${state}${reason ? `: ${String(reason)}` : ''}` };
    }
    if (clock.now() - started + delay > limitMs) {
      return { type: 'apigw-sync', operation: call.operation,
        message: `still ${state} after ${Math.round((clock.now() - started) / 60_000)} minutes; run apply again once it is ${w.until.join(' or ')}` };
    }
    opts.onEvent?.({ type: 'wait', op, state, waitedMs: clock.now() - started, nextInMs: delay, limitMs });
    await clock.sleep(delay);
  }
}

async function runOp(op: PlannedOp, opts: ExecuteOptions, pacer: Pacer): Promise<OpResult> {
  let calls = 0;
  for (const call of op.calls) {
    let input: Record<string, unknown>;
    try {
      input = resolveInput(call.input, opts.ids, opts.env) as Record<string, unknown>;
    } catch (err) {
      if (!(err instanceof PlaceholderError)) throw err;
      return { op, status: 'failed', calls, error: { type: 'apigw-sync', message: `${call.operation} was not called: ${err.message}`, operation: call.operation } };
    }
    if (call.waitFor) {
      try {
        const failure = await waitFor(op, call, input, opts, pacer, () => calls++);
        if (failure) return { op, status: 'failed', calls, error: failure };
      } catch (err) {
        return { op, status: 'failed', calls, error: describeAwsError(err, call.operation) };
      }
      continue;
    }
    await pacer.acquire(paceKey(call));
    calls++;
    try {
      const output = await opts.callAws({ service: call.service, operation: call.operation, input });
      recordProduced(call.produces, output, opts.ids);
      opts.onOutput?.(op, call, output);
    } catch (err) {
      // Deleting what is already gone reached the goal (someone else, or a cascade, deleted it).
      if ((call.operation.startsWith('Delete') || call.operation === 'RemovePermission') && isNotFound(err)) continue;
      if (isNotFound(err) && goneRemoves(call, input).length > 0) {
        const failure = await withoutGoneRemoves(call, input, opts, pacer, () => calls++);
        if (!failure) continue;
        return { op, status: 'failed', calls, error: failure };
      }
      return { op, status: 'failed', calls, error: describeAwsError(err, call.operation) };
    }
  }
  return { op, status: 'done', calls };
}

interface PatchOpLike { op?: unknown; path?: unknown }

/**
 * An update answered NotFoundException that holds removes of members that may be gone already
 * (`removeGoneOk`): AWS applies a patch whole or not at all, so which operation missed is not
 * known. With one such remove, the call's other operations are sent without it: when they go
 * through, the missing target was the remove's, and the desired state holds. With several, each
 * is sent alone first (NotFoundException: gone, done), then the rest. A NotFoundException for
 * the rest (the object itself gone, or a target that must exist) fails the op as before.
 */
function goneRemoves(call: AwsCall, input: Record<string, unknown>): PatchOpLike[] {
  const ops = Array.isArray(input.patchOperations) ? (input.patchOperations as PatchOpLike[]) : [];
  return ops.filter((o) => o.op === 'remove' && typeof o.path === 'string' && (call.removeGoneOk ?? []).includes(o.path));
}

async function withoutGoneRemoves(call: AwsCall, input: Record<string, unknown>, opts: ExecuteOptions, pacer: Pacer, count: () => void): Promise<CallFailure | undefined> {
  const gone = goneRemoves(call, input);
  const rest = (input.patchOperations as PatchOpLike[]).filter((o) => !gone.includes(o));
  const send = async (patchOperations: PatchOpLike[], goneOk: boolean): Promise<CallFailure | undefined> => {
    await pacer.acquire(paceKey(call));
    count();
    try {
      await opts.callAws({ service: call.service, operation: call.operation, input: { ...input, patchOperations } });
      return undefined;
    } catch (err) {
      return goneOk && isNotFound(err) ? undefined : describeAwsError(err, call.operation);
    }
  };
  if (gone.length > 1) {
    for (const g of gone) {
      const failure = await send([g], true);
      if (failure) return failure;
    }
  }
  return rest.length ? send(rest, false) : undefined;
}

/** A plan with unknown or circular dependencies is a bug in the plan: refuse it before any call. */
function checkGraph(plan: Plan): void {
  const ids = new Set(plan.ops.map((o) => o.id));
  if (ids.size !== plan.ops.length) throw new ApigwError('The plan is invalid: two operations have the same id.');
  for (const op of plan.ops) {
    const unknown = op.dependsOn.find((d) => !ids.has(d));
    if (unknown) throw new ApigwError(`The plan is invalid: ${op.id} (${op.address}) depends on ${unknown}, which is not in the plan.`);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const byId = new Map(plan.ops.map((o) => [o.id, o]));
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      throw new ApigwError(`The plan is invalid: its operations depend on each other in a cycle (${[...path, id].join(' -> ')}).`);
    }
    state.set(id, 'visiting');
    for (const d of byId.get(id)!.dependsOn) visit(d, [...path, id]);
    state.set(id, 'done');
  };
  for (const op of plan.ops) visit(op.id, []);
}
