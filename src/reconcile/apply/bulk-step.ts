import { bulkDocuments } from '../bulk.js';
import type { Model } from '../model.js';
import type { AwsCall, BulkWrite, Plan } from '../plan-types.js';
import { describeAwsError, type CallFailure } from './aws-error.js';
import type { ApplyReport, CallAws, OpResult } from './executor.js';
import { paceKey, type Pacer } from './pacer.js';
import type { IdTable } from './placeholders.js';

/**
 * The bulk step of apply: for each API the plan writes in bulk, the ImportRestApi / PutRestApi
 * (mode=merge) calls carrying its documents, one after the other. A call that fails stops that
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
    const create = write.via === 'ImportRestApi' ? plan.ops.find((o) => o.key === write.key && o.action === 'create')?.calls.find((c) => c.operation === 'CreateRestApi') : undefined;
    const docs = bulkDocuments(opts.desired, write.key, write.methods, create ? { create: create.input } : {});
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
      if (i === 0 && write.via === 'ImportRestApi') {
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
      } catch (err) {
        result.error = describeAwsError(err, call.operation);
        break;
      }
    }
  }
  return results;
}

/** One line per API: what the bulk step did, for apply's report. */
export function renderBulkResults(results: BulkResult[]): string {
  const lines = results.map((r) => {
    const name = r.write.key.replace(/^rest-api:/, 'rest-api ');
    const via = r.write.via === 'ImportRestApi' ? `ImportRestApi${r.documents > 1 ? ` + ${r.documents - 1} PutRestApi (merge)` : ''}` : `PutRestApi (merge) x${r.documents}`;
    if (r.error) return `Bulk write of ${name} stopped at call ${r.calls} of ${r.documents} (${r.error.operation ?? ''}: ${r.error.message}); its objects are written one by one instead.`;
    if (r.interrupted) return `Bulk write of ${name} interrupted after ${r.written} of ${r.documents} calls.`;
    return `Bulk write of ${name}: ${r.write.counts.methods} methods via ${via}, ${r.calls} call${r.calls === 1 ? '' : 's'}.`;
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
  for (const b of bulk) {
    const home = results.find((r) => r.op.key === b.write.key) ?? results.find((r) => b.write.ops.includes(r.op.id));
    if (home) home.calls += b.calls;
  }
  return { results, elapsedMs, ok: results.every((r) => r.status === 'done') };
}
