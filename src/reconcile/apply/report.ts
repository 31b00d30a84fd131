import type { Action } from '../plan-types.js';
import { MARKER } from '../../render/plan-facts.js';
import { visibleLine } from '../../render/visible.js';
import type { CallFailure } from './aws-error.js';
import { INTERRUPTED, type ApplyReport, type OpResult } from './executor.js';

/**
 * The end of an apply, for a person: what was done, how many AWS calls it took and how long, and
 * on failure the exact AWS error of each failed step and the steps that did not run because of it.
 */
export interface ReportTotals {
  created: number;
  updated: number;
  replaced: number;
  deleted: number;
}

const DONE_AS: Record<Action, keyof ReportTotals> = {
  create: 'created',
  deploy: 'created',
  update: 'updated',
  adopt: 'updated',
  replace: 'replaced',
  delete: 'deleted',
};

export function totals(report: ApplyReport): ReportTotals {
  const t: ReportTotals = { created: 0, updated: 0, replaced: 0, deleted: 0 };
  for (const r of report.results) if (r.status === 'done') t[DONE_AS[r.op.action]]++;
  return t;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * `readCalls`: calls made before the executor ran (reading the live state), when the caller
 * counted them; they are added to the total and shown apart.
 */
export function renderApplyReport(report: ApplyReport, readCalls?: number, mode: 'apply' | 'destroy' = 'apply'): string {
  const t = totals(report);
  const applied = report.results.reduce((n, r) => n + r.calls, 0);
  const total = applied + (readCalls ?? 0);
  const split = readCalls === undefined ? '' : `: ${readCalls} to read the live state, ${applied} to ${mode}`;
  // destroy only deletes: its summary says so, as terraform's "Destroy complete!" does.
  const what = mode === 'destroy' ? `${t.deleted} deleted` : `${t.created} created, ${t.updated} updated, ${t.replaced} replaced, ${t.deleted} deleted`;
  const tail = `in ${seconds(report.elapsedMs)} (${total} AWS call${total === 1 ? '' : 's'}${split})`;
  const Mode = mode === 'destroy' ? 'Destroy' : 'Apply';
  if (report.ok) return `${Mode} complete: ${what} ${tail}.\n`;

  const failed = report.results.filter((r) => r.status === 'failed');
  const skipped = report.results.filter((r) => r.status === 'skipped');
  const done = report.results.length - failed.length - skipped.length;
  const out = [
    `${Mode} ${failed.length > 0 ? 'failed' : 'interrupted'}: ${done} of ${report.results.length} operations done (${what}), ${failed.length} failed, ${skipped.length} did not run, ${tail}.`,
    '',
  ];
  for (const f of failed) {
    out.push(`Failed: ${MARKER[f.op.action]} ${f.op.address}`);
    out.push(`  ${errorText(f.error!)}`);
    const because = skipped.filter((s) => s.skippedBecause === f.op.id);
    if (because.length > 0) {
      out.push(`  Skipped because this failed (${because.length}):`);
      for (const s of because) out.push(`    ${MARKER[s.op.action]} ${s.op.address}`);
    }
    out.push('');
  }
  const interrupted = skipped.filter((s) => s.skippedBecause === INTERRUPTED);
  if (interrupted.length > 0) {
    out.push(`Not started, because apply was interrupted (${interrupted.length}):`);
    for (const s of interrupted) out.push(`  ${MARKER[s.op.action]} ${s.op.address}`);
    out.push('');
  }
  out.push(
    failed.length > 0
      ? 'Fix the cause and run apply again: it starts from the live state and does only what is left.'
      : 'Run apply again to finish: it starts from the live state and does only what is left.',
  );
  // One line per entry; names and AWS's messages are shown with control characters escaped.
  return `${out.map(visibleLine).join('\n')}\n`;
}

export function resultLine(r: OpResult): string {
  const verb = r.status === 'done' ? pastTense(r.op.action) : r.status === 'failed' ? 'FAILED' : 'skipped';
  const why =
    r.status === 'failed' && r.error
      ? `: ${errorText(r.error)}`
      : r.skippedBecause === INTERRUPTED
        ? ' (apply was interrupted)'
        : r.status === 'skipped'
          ? ` (because ${r.skippedBecause} failed)`
          : '';
  return visibleLine(`${verb} ${r.op.address}${why}`);
}

/** AWS's error as AWS sent it (`PutIntegration: BadRequestException: ...`), or our own reason. */
function errorText(e: CallFailure): string {
  if (e.type === 'apigw-sync') return e.message;
  return `${e.operation ? `${e.operation}: ` : ''}${e.type}: ${e.message}`;
}

function pastTense(a: Action): string {
  return { create: 'created', deploy: 'deployed', update: 'updated', adopt: 'adopted', replace: 'replaced', delete: 'deleted' }[a];
}
