import { bulkDocuments, DEFAULT_MODEL_DESCRIPTIONS, documentationDocuments } from '../bulk.js';
import { httpApiDocument } from '../bulk-http.js';
import type { Model } from '../model.js';
import { SEP } from '../keys.js';
import type { AwsCall, BulkWrite, Plan } from '../plan-types.js';
import { describeAwsError, type CallFailure } from './aws-error.js';
import { INTERRUPTED, type ApplyReport, type CallAws, type OpResult } from './executor.js';
import { paceKey, type Pacer } from './pacer.js';
import type { IdTable } from './placeholders.js';

/**
 * The bulk step of apply: for each API the plan writes in bulk, the ImportRestApi / PutRestApi
 * (mode=merge) calls carrying its documents, one after the other (ImportApi, one call, for a new
 * HTTP API). A call that fails stops that
 * API's bulk writes and nothing else: the residual plan that follows (apply plans again from what
 * AWS now holds) writes whatever is missing one call per object, so a failed or interrupted bulk
 * step costs time, never correctness.
 */
export interface BulkStepOptions {
  callAws: CallAws;
  pacer: Pacer;
  /** The desired model the plan was made from: the documents are built from it. */
  desired: Model;
  /** AWS ids of live entities (the API's restApiId for PutRestApi). */
  ids: IdTable;
  signal?: AbortSignal;
  onCall?: (write: BulkWrite, operation: string, index: number, total: number) => void;
}

export interface BulkResult {
  write: BulkWrite;
  /** Calls made (including one that failed). */
  calls: number;
  /** Documents written. */
  written: number;
  documents: number;
  error?: CallFailure;
  interrupted?: boolean;
}

export async function runBulkWrites(plan: Plan, opts: BulkStepOptions): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const write of plan.bulk ?? []) {
    if (write.via === 'ImportApi') {
      results.push(await importHttpApi(plan, write, opts));
      continue;
    }
    const create = write.via === 'ImportRestApi' ? plan.ops.find((o) => o.key === write.key && o.action === 'create')?.calls.find((c) => c.operation === 'CreateRestApi') : undefined;
    const docs = write.via === 'ImportDocumentationParts'
      ? documentationDocuments(opts.desired, write.documentationParts ?? [])
      : bulkDocuments(opts.desired, write.key, write.methods, { ...(create ? { create: create.input } : {}), documentationParts: write.documentationParts ?? [] });
    const result: BulkResult = { write, calls: 0, written: 0, documents: docs.length };
    results.push(result);
    let restApiId = opts.ids.get(write.key)?.restApiId;
    for (let i = 0; i < docs.length; i++) {
      if (opts.signal?.aborted) {
        result.interrupted = true;
        break;
      }
      const body = new TextEncoder().encode(docs[i]);
      let call: Pick<AwsCall, 'service' | 'operation' | 'input'>;
      if (write.via === 'ImportDocumentationParts') {
        if (!restApiId) {
          result.error = { type: 'apigw-sync', operation: write.via, message: `the id of ${write.key} is not known` };
          break;
        }
        call = { service: 'apigateway', operation: 'ImportDocumentationParts', input: { restApiId, mode: 'merge', failOnWarnings: false, body } };
      } else if (i === 0 && write.via === 'ImportRestApi') {
        call = { service: 'apigateway', operation: 'ImportRestApi', input: { body, failOnWarnings: false, parameters: { endpointConfigurationTypes: write.endpointType ?? 'EDGE' } } };
      } else {
        if (!restApiId) {
          result.error = { type: 'apigw-sync', operation: 'PutRestApi', message: `the id of ${write.key} is not known` };
          break;
        }
        call = { service: 'apigateway', operation: 'PutRestApi', input: { restApiId, mode: 'merge', failOnWarnings: false, body } };
      }
      await opts.pacer.acquire(paceKey(call));
      opts.onCall?.(write, call.operation, i, docs.length);
      result.calls++;
      try {
        const output = (await opts.callAws(call)) as { id?: string; rootResourceId?: string };
        if (call.operation === 'ImportRestApi' && output?.id) {
          restApiId = output.id;
          opts.ids.set(write.key, { restApiId: output.id, ...(output.rootResourceId ? { rootResourceId: output.rootResourceId } : {}) });
        }
        result.written++;
        if (call.operation === 'ImportRestApi' && restApiId) result.calls += await describeDefaultModels(opts, write, restApiId);
      } catch (err) {
        result.error = describeAwsError(err, call.operation);
        break;
      }
    }
  }
  return results;
}

/**
 * An HTTP API the plan creates, made by one ImportApi call. The document carries CreateApi's tags,
 * the ownership tag among them, so the API is ours from the call that makes it.
 */
async function importHttpApi(plan: Plan, write: BulkWrite, opts: BulkStepOptions): Promise<BulkResult> {
  const result: BulkResult = { write, calls: 0, written: 0, documents: 1 };
  if (opts.signal?.aborted) {
    result.interrupted = true;
    return result;
  }
  const create = plan.ops.find((o) => o.key === write.key && o.action === 'create')?.calls.find((c) => c.operation === 'CreateApi');
  const tags = (create?.input.Tags ?? {}) as Record<string, string>;
  const body = httpApiDocument(opts.desired, write.key, write.routes ?? [], tags);
  const call = { service: 'apigatewayv2' as const, operation: 'ImportApi', input: { Body: body, FailOnWarnings: false } };
  await opts.pacer.acquire(paceKey(call));
  opts.onCall?.(write, call.operation, 0, 1);
  result.calls++;
  try {
    const output = (await opts.callAws(call)) as { ApiId?: string };
    if (output?.ApiId) opts.ids.set(write.key, { apiId: output.ApiId });
    result.written++;
  } catch (err) {
    result.error = describeAwsError(err, call.operation);
  }
  return result;
}

/**
 * CreateRestApi makes the Empty and Error models with AWS's descriptions; an import makes them from
 * the document, where a JSON schema has no room for a model's description. The two calls that set
 * them leave the API as CreateRestApi would (models the specs declare are the specs' business).
 */
async function describeDefaultModels(opts: BulkStepOptions, write: BulkWrite, restApiId: string): Promise<number> {
  let calls = 0;
  for (const [name, description] of Object.entries(DEFAULT_MODEL_DESCRIPTIONS)) {
    if (opts.desired.entities[`${write.key}${SEP}model:${name}`]) continue;
    const call = { service: 'apigateway' as const, operation: 'UpdateModel', input: { restApiId, modelName: name, patchOperations: [{ op: 'replace', path: '/description', value: description }] } };
    await opts.pacer.acquire(paceKey(call));
    calls++;
    try {
      await opts.callAws(call);
    } catch {
      // Cosmetic, and the API is complete without it: the next apply does not look at default models.
    }
  }
  return calls;
}

/** One line per API: what the bulk step did, for apply's report. */
export function renderBulkResults(results: BulkResult[]): string {
  const lines = results.map((r) => {
    const name = r.write.key.replace(/^(rest-api|http-api):/, '$1 ');
    if (r.write.via === 'ImportApi' && !r.error && !r.interrupted) {
      return `Bulk write of ${name}: ${r.write.counts.routes ?? 0} routes via ImportApi, ${r.written} call${r.written === 1 ? '' : 's'}.`;
    }
    const via = r.write.via === 'ImportRestApi' ? `ImportRestApi${r.documents > 1 ? ` + ${r.documents - 1} PutRestApi (merge)` : ''}`
      : r.write.via === 'ImportDocumentationParts' ? `ImportDocumentationParts (merge) x${r.documents}` : `PutRestApi (merge) x${r.documents}`;
    if (r.write.via === 'ImportDocumentationParts' && !r.error && !r.interrupted) {
      return `Bulk write of ${name}: ${r.write.counts.objects} documentation parts via ${via}, ${r.written} call${r.written === 1 ? '' : 's'}.`;
    }
    if (r.error) return `Bulk write of ${name} stopped at call ${r.calls} of ${r.documents} (${r.error.operation ?? ''}: ${r.error.message}); its objects are written one by one instead.`;
    if (r.interrupted) return `Bulk write of ${name} interrupted after ${r.written} of ${r.documents} calls.`;
    return `Bulk write of ${name}: ${r.write.counts.methods} methods via ${via}, ${r.written} call${r.written === 1 ? '' : 's'}.`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * Apply's report of a run with bulk writes, in the reviewed plan's terms: each reviewed op is
 * reported with the residual plan's result for its object when it had one (an object the plan
 * creates counts as created even when the residual plan only corrected it), else as done by the
 * bulk calls; residual ops on objects the reviewed plan did not name come after. The bulk calls
 * count with their API's op.
 */
export function combinedReport(reviewed: Plan, bulk: BulkResult[], residual: ApplyReport, elapsedMs: number): ApplyReport {
  const byKey = new Map(residual.results.map((r) => [r.op.key, r]));
  const used = new Set<string>();
  const results: OpResult[] = reviewed.ops.map((op) => {
    const r = byKey.get(op.key);
    if (!r) return { op, status: 'done', calls: 0 };
    used.add(op.key);
    return { ...r, op: { ...r.op, action: op.action } };
  });
  for (const r of residual.results) if (!used.has(r.op.key)) results.push(r);
  countBulkCalls(results, bulk);
  return { results, elapsedMs, ok: results.every((r) => r.status === 'done') };
}

/** The bulk calls count toward the API's own op (or the first op a document carried). */
function countBulkCalls(results: OpResult[], bulk: BulkResult[]): void {
  for (const b of bulk) {
    const home = results.find((r) => r.op.key === b.write.key) ?? results.find((r) => b.write.ops.includes(r.op.id));
    if (home) home.calls += b.calls;
  }
}

/**
 * The report of an apply interrupted during its bulk calls: the ops of an API whose documents were
 * all written are done (what OpenAPI could not carry is left to the next apply, which reads the API
 * back), every other op did not start.
 */
export function interruptedReport(reviewed: Plan, bulk: BulkResult[], elapsedMs: number): ApplyReport {
  const written = new Set(bulk.filter((b) => !b.error && b.written === b.documents).flatMap((b) => b.write.ops));
  const results: OpResult[] = reviewed.ops.map((op) =>
    written.has(op.id) ? { op, status: 'done', calls: 0 } : { op, status: 'skipped', calls: 0, skippedBecause: INTERRUPTED },
  );
  countBulkCalls(results, bulk);
  return { results, elapsedMs, ok: false };
}

export interface ApplyPlanOptions {
  desired: Model;
  /** AWS ids of the live entities the plan was made from. */
  ids: IdTable;
  callAws: CallAws;
  pacer: Pacer;
  signal?: AbortSignal;
  allowDestroy: boolean;
  /** Reads the live state again and plans one call per object. */
  replan(): Promise<{ plan: Plan; ids: IdTable; readCalls: number }>;
  /** Runs a plan per object (the executor, with the caller's progress and options). */
  execute(plan: Plan, ids: IdTable): Promise<ApplyReport>;
  onBulk?: (results: BulkResult[]) => void;
  onDropped?: (addresses: string[]) => void;
  /** A line to show while apply waits for AWS to list an API it just created. */
  onWait?: (text: string) => void;
  clock?: { now(): number };
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Apply of a reviewed plan: without bulk writes, the executor runs it. With them, the bulk calls
 * go first, then apply plans again from what AWS holds (the residual plan: what the documents
 * could not carry) and runs that, kept to what was reviewed. Interrupted during the bulk calls, the
 * report says what the bulk calls wrote and lists the rest as not started, as the executor does.
 */
export async function applyPlan(plan: Plan, opts: ApplyPlanOptions): Promise<{ report: ApplyReport; bulk?: BulkResult[]; rereadCalls: number }> {
  if (!plan.bulk?.length) return { report: await opts.execute(plan, opts.ids), rereadCalls: 0 };
  const now = () => (opts.clock ?? performance).now();
  const started = now();
  const bulk = await runBulkWrites(plan, { callAws: opts.callAws, pacer: opts.pacer, desired: opts.desired, ids: opts.ids, ...(opts.signal ? { signal: opts.signal } : {}) });
  opts.onBulk?.(bulk);
  if (opts.signal?.aborted) return { report: interruptedReport(plan, bulk, now() - started), bulk, rereadCalls: 0 };
  const { again, readCalls, unseen } = await replanUntilVisible(plan, bulk, opts);
  const residual = residualPlan(plan, again.plan, opts.allowDestroy);
  // An API the bulk call created that AWS does not list yet is not created a second time.
  residual.plan = { ...residual.plan, ops: residual.plan.ops.filter((o) => !unseen.some((k) => o.key === k || o.key.startsWith(k + SEP))) };
  if (residual.dropped.length) opts.onDropped?.(residual.dropped);
  const executed = await opts.execute(residual.plan, again.ids);
  const report = combinedReport(plan, bulk, executed, now() - started);
  for (const r of report.results) {
    if (!unseen.some((k) => r.op.key === k || r.op.key.startsWith(k + SEP))) continue;
    r.status = 'failed';
    const api = unseen.find((k) => r.op.key === k || r.op.key.startsWith(k + SEP))!;
    const ids = opts.ids.get(api);
    r.error = { type: 'apigw-sync', operation: api.startsWith('http-api') ? 'GetApis' : 'GetRestApis', message: `${plan.ops.find((o) => o.key === api)?.address ?? api} was created (id ${ids?.restApiId ?? ids?.apiId ?? 'unknown'}) but AWS does not list it yet; run apply again to finish it` };
  }
  report.ok = report.results.every((r) => r.status === 'done');
  return { report, bulk, rereadCalls: readCalls };
}

/** How long apply reads again for an API its bulk call just created and AWS does not list yet. */
export const VISIBLE_WAIT = { firstMs: 500, maxMs: 8_000, limitMs: 120_000 };

/**
 * Plans again after the bulk calls. AWS's lists can lag a create: an API ImportRestApi (or ImportApi) just made
 * may be missing from GetRestApis for a moment, and planning from that read would create it a
 * second time. So while the fresh plan would create an API the bulk step created, apply waits and
 * reads again (500 ms, doubling to 8 s, at most 2 minutes); what is still unseen then is reported
 * failed, never created again.
 */
async function replanUntilVisible(plan: Plan, bulk: BulkResult[], opts: ApplyPlanOptions) {
  const created = bulk.filter((b) => (b.write.via === 'ImportRestApi' || b.write.via === 'ImportApi') && b.written > 0).map((b) => b.write.key);
  const clock = opts.clock ?? performance;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = clock.now();
  let readCalls = 0;
  for (let wait = VISIBLE_WAIT.firstMs; ; wait = Math.min(wait * 2, VISIBLE_WAIT.maxMs)) {
    const again = await opts.replan();
    readCalls += again.readCalls;
    const unseen = created.filter((k) => again.plan.ops.some((o) => o.key === k && o.action === 'create'));
    const waited = clock.now() - started;
    if (unseen.length === 0 || waited + wait > VISIBLE_WAIT.limitMs || opts.signal?.aborted) return { again, readCalls, unseen };
    const named = unseen.map((k) => plan.ops.find((o) => o.key === k)?.address ?? k);
    opts.onWait?.(`${named.join(', ')}: created, not listed by AWS yet; reading again in ${(wait / 1000).toFixed(1)} s (waited ${Math.round(waited / 1000)} s of at most ${VISIBLE_WAIT.limitMs / 1000} s)`);
    await sleep(wait);
  }
}

/**
 * The plan made after the bulk writes, kept to what was reviewed: ops on objects the reviewed plan
 * changes, and anything inside an API written in bulk (what the documents left to do). Anything else
 * appeared since the review and waits for the next plan.
 */
export function residualPlan(reviewed: Plan, again: Plan, allowDestroy: boolean): { plan: Plan; dropped: string[] } {
  const keys = new Set(reviewed.ops.map((o) => o.key));
  const bulkApis = (reviewed.bulk ?? []).map((b) => b.key);
  const inBulk = (k: string) => bulkApis.some((a) => k === a || k.startsWith(a + SEP));
  const created = new Set(reviewed.ops.filter((o) => o.action === 'create').map((o) => o.key));
  // Correcting what the bulk calls just made finishes creating it: reported as the create it was reviewed as.
  const keep = again.ops
    .filter((o) => (keys.has(o.key) || inBulk(o.key)) && (!o.blocked || allowDestroy))
    .map((o) => (o.action === 'update' && created.has(o.key) ? { ...o, action: 'create' as const } : o));
  const kept = new Set(keep.map((o) => o.id));
  const dropped = again.ops.filter((o) => !kept.has(o.id)).map((o) => o.address);
  // An op whose prerequisite was dropped cannot run either.
  let changed = true;
  let ops = keep;
  while (changed) {
    const ids = new Set(ops.map((o) => o.id));
    const next = ops.filter((o) => o.dependsOn.every((d) => ids.has(d)));
    changed = next.length !== ops.length;
    for (const o of ops) if (!next.includes(o)) dropped.push(o.address);
    ops = next;
  }
  const { bulk: _bulk, ...rest } = again;
  return { plan: { ...rest, ops }, dropped };
}

