/**
 * One row of bench-results.json. Times marked "scaled" are on the emulator's clock: real time
 * divided by the time scale the row ran at, i.e. what the run would take against AWS's quotas.
 */
export interface BenchRow {
  scenario: string;
  api: 'rest' | 'http';
  /** REST methods or HTTP routes. */
  size: number;
  /** Calls of a plan with nothing to change (after the apply from empty). */
  planCalls: number | null;
  /** CPU of that plan, loading the specs included (real). */
  planCpuMs: number | null;
  /** Wall time of that plan (real: its calls fit in the burst, so no quota slows it). */
  planWallMs: number | null;
  /** Calls of apply from an empty account, its planning reads included. */
  applyCalls: number | null;
  /** Wall time of that apply (scaled). */
  applyWallMs: number | null;
  /** The fewest calls an apply from empty needs. */
  lowerBoundCalls: number | null;
  /** The least time AWS's quotas allow for them (scaled clock = AWS time). */
  lowerBoundMs: number | null;
  noopApplyWrites: number | null;
  oneChangeWrites: number | null;
  /** Calls of the per-object read pattern (GetResource, GetMethod, GetIntegration, ... each). */
  baselinePlanCalls: number | null;
  /** Peak resident set of the process that planned and applied (MB). */
  peakRssMb: number | null;
  timeScale?: number;
  /** The part of planCpuMs spent loading and validating the specs. */
  loadCpuMs?: number;
  /** CPU of each no-change plan run; planCpuMs (and the row's other plan figures) are the median run's. */
  planCpuRunsMs?: number[];
  /** The process's peak RSS (MB) as it stood after each phase (apply, plan, noopApply, ...). */
  peakRssAfterMb?: Record<string, number>;
  /** `apigw-sync plan` with nothing to change, in a process of its own: peak RSS (MB) and CPU (ms, module loading included). */
  planProcessRssMb?: number;
  planProcessCpuMs?: number;
  planLowerBoundCalls?: number;
  oneChangeLowerBoundWrites?: number;
  applyOps?: number;
  /** Calls the emulator answered 429 during the apply (pacing should keep this near 0). */
  applyThrottled?: number;
  /** With --conflicts: calls the emulator refused with 409 "concurrent modification" during that apply. */
  applyConflicts?: number;
  /** Wall time of the per-object read pattern (scaled). */
  baselinePlanMs?: number | null;
  /**
   * REST rows: the same apply from empty one call per object (--no-bulk), beside the bulk path
   * (applyCalls/applyWallMs, which take bulk writes where they are faster), and each path's bound.
   */
  perCallApplyCalls?: number | null;
  perCallApplyWallMs?: number | null;
  bulkLowerBoundCalls?: number | null;
  bulkLowerBoundMs?: number | null;
  /** Bulk calls (ImportRestApi/PutRestApi) the bulk apply made. */
  bulkCalls?: number | null;
  /** REST 1,000 only: 200 methods added to the applied API, bulk and per call (scaled), and bounds. */
  addCalls?: number | null;
  addWallMs?: number | null;
  perCallAddCalls?: number | null;
  perCallAddWallMs?: number | null;
  addLowerBoundCalls?: number | null;
  addLowerBoundMs?: number | null;
  addBulkLowerBoundCalls?: number | null;
  addBulkLowerBoundMs?: number | null;
  /** Set when the row could not run, with the reason. */
  skipped?: string;
}
