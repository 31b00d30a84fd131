import type { BenchRow } from './row.js';

/**
 * The console table: our figures and their ratio to the lower bound (calls, time) and to the
 * per-object baseline. Ratios are "ours / theirs": 1.00 is the bound itself, lower is better.
 */
const ratio = (ours: number | null | undefined, theirs: number | null | undefined): string => {
  if (ours == null || theirs == null) return '-';
  if (theirs === 0) return ours === 0 ? '1.00' : '-';
  const r = ours / theirs;
  return r >= 0.1 ? r.toFixed(2) : r.toPrecision(2);
};
const n = (v: number | null | undefined): string => (v == null ? '-' : String(v));
const sec = (ms: number | null | undefined): string => (ms == null ? '-' : `${(ms / 1000).toFixed(1)}s`);

export function renderTable(rows: BenchRow[]): string {
  const head = ['scenario', 'plan calls (min)', 'plan cpu', 'plan wall', 'apply calls (x min)', 'apply time (x min)', 'noop writes', '1-change writes (min)', 'baseline calls (ours/it)', 'baseline time (ours/it)', 'plan rss MB', 'row rss MB'];
  const body = rows.map((r) =>
    r.skipped
      ? [r.scenario, `skipped: ${r.skipped}`]
      : [
          r.scenario,
          `${n(r.planCalls)} (${n(r.planLowerBoundCalls)})`,
          `${n(r.planCpuMs)}ms (load ${n(r.loadCpuMs)})`,
          `${n(r.planWallMs)}ms`,
          `${n(r.applyCalls)} (${ratio(r.applyCalls, r.lowerBoundCalls)})`,
          `${sec(r.applyWallMs)} (${ratio(r.applyWallMs, r.lowerBoundMs)})`,
          n(r.noopApplyWrites),
          `${n(r.oneChangeWrites)} (${n(r.oneChangeLowerBoundWrites)})`,
          `${n(r.baselinePlanCalls)} (${ratio(r.planCalls, r.baselinePlanCalls)})`,
          `${sec(r.baselinePlanMs)} (${ratio(r.planWallMs, r.baselinePlanMs)})`,
          n(r.planProcessRssMb),
          n(r.peakRssMb),
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.filter((b) => b.length > 2).map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string => (cells.length === 2 && cells[1]!.startsWith('skipped') ? `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]}` : cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')).trimEnd();
  return `${[line(head), ...body.map(line)].join('\n')}\n(apply and baseline times on the emulator's scaled clock = AWS time; plan times are real; plan rss: apigw-sync plan in a process of its own, the figure the memory target is about; row rss: the row's process over all its phases)\n${renderBulkTable(rows)}`;
}

/** Bulk writes beside one call per object: apply from empty, and 200 methods added, each with its path's bound. */
export function renderBulkTable(rows: BenchRow[]): string {
  const rest = rows.filter((r) => !r.skipped && r.perCallApplyWallMs != null);
  if (rest.length === 0) return '';
  const head = ['scenario', 'from empty: bulk time (x bound)', 'bulk calls (x bound)', 'per-call time (x bound)', 'per-call calls (x bound)', '+200 bulk time (x bound)', '+200 per-call time (x bound)'];
  const time = (ms: number | null | undefined, bound: number | null | undefined) => `${sec(ms)} (${bound != null && bound < 1000 ? `bound ${sec(bound)}` : ratio(ms, bound)})`;
  const body = rest.map((r) => [
    r.scenario,
    time(r.applyWallMs, r.bulkLowerBoundMs),
    `${n(r.applyCalls)} (${ratio(r.applyCalls, r.bulkLowerBoundCalls)})`,
    time(r.perCallApplyWallMs, r.lowerBoundMs),
    `${n(r.perCallApplyCalls)} (${ratio(r.perCallApplyCalls, r.lowerBoundCalls)})`,
    r.addWallMs == null ? '-' : time(r.addWallMs, r.addBulkLowerBoundMs),
    r.perCallAddWallMs == null ? '-' : time(r.perCallAddWallMs, r.addLowerBoundMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return `\n${[line(head), ...body.map(line)].join('\n')}\n(bulk: ImportRestApi/PutRestApi, or ImportApi for HTTP, with OpenAPI documents, then the rest per object; per-call: --no-bulk)\n`;
}
