import type { PlannedOp } from '../plan-types.js';

/**
 * Which ops may start: each op's count of unfinished dependencies, and the ready ones in plan
 * order (a min-heap of plan positions). Every step is O(log n) or O(edges), so a plan of tens of
 * thousands of ops schedules in milliseconds.
 */
export class Schedule {
  private readonly position = new Map<string, number>();
  private readonly pending: number[];
  private readonly dependents: number[][];
  private readonly settled: boolean[];
  private readonly started: boolean[];
  private readonly heap: number[] = [];

  constructor(private readonly ops: readonly PlannedOp[]) {
    ops.forEach((op, i) => this.position.set(op.id, i));
    this.pending = ops.map((op) => op.dependsOn.length);
    this.dependents = ops.map(() => []);
    this.settled = ops.map(() => false);
    this.started = ops.map(() => false);
    ops.forEach((op, i) => {
      for (const d of op.dependsOn) this.dependents[this.position.get(d)!]!.push(i);
      if (op.dependsOn.length === 0) this.push(i);
    });
  }

  /** The first ready op in plan order, now counted as started; undefined when none is ready. */
  next(): PlannedOp | undefined {
    while (this.heap.length > 0) {
      const i = this.pop();
      if (this.settled[i] || this.started[i]) continue;
      this.started[i] = true;
      return this.ops[i];
    }
    return undefined;
  }

  /**
   * Records that an op finished (or was skipped). When it did not succeed, returns its dependents
   * that have not finished yet: the caller skips them (and settles them in turn).
   */
  settle(id: string, ok: boolean): PlannedOp[] {
    const i = this.position.get(id)!;
    this.settled[i] = true;
    const out: PlannedOp[] = [];
    for (const d of this.dependents[i]!) {
      if (this.settled[d]) continue;
      if (!ok) out.push(this.ops[d]!);
      else if (--this.pending[d]! === 0) this.push(d);
    }
    return out;
  }

  /** Ops neither started nor settled (to skip when the run is interrupted). */
  notStarted(): PlannedOp[] {
    return this.ops.filter((_, i) => !this.settled[i] && !this.started[i]);
  }

  private push(i: number): void {
    const h = this.heap;
    h.push(i);
    for (let c = h.length - 1; c > 0; ) {
      const p = (c - 1) >> 1;
      if (h[p]! <= h[c]!) break;
      [h[p], h[c]] = [h[c]!, h[p]!];
      c = p;
    }
  }

  private pop(): number {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let p = 0; ; ) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < h.length && h[l]! < h[m]!) m = l;
        if (r < h.length && h[r]! < h[m]!) m = r;
        if (m === p) break;
        [h[p], h[m]] = [h[m]!, h[p]!];
        p = m;
      }
    }
    return top;
  }
}
