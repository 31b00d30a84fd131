import type { PlannedOp } from '../plan-types.js';

/**
 * Which ops may start: each op's count of unfinished dependencies, and the ready ones in plan
 * order. Ready ops are kept by lane (the API they write to, from `laneOf`, asked when the op
 * becomes ready, so ids made earlier in the run are known), each lane a min-heap of plan
 * positions, so the caller can hold back a lane that is busy while the others go on. Every step
 * is O(lanes + log n) or O(edges), so a plan of tens of thousands of ops schedules in
 * milliseconds.
 */
export class Schedule {
  private readonly position = new Map<string, number>();
  private readonly pending: number[];
  private readonly dependents: number[][];
  private readonly settled: boolean[];
  private readonly started: boolean[];
  /** Ready ops by lane; '' holds the ops of no lane. */
  private readonly heaps = new Map<string, number[]>();
  private readonly lanes: (string | undefined)[];

  constructor(
    private readonly ops: readonly PlannedOp[],
    private readonly laneOf: (op: PlannedOp) => string | undefined = () => undefined,
  ) {
    this.lanes = ops.map(() => undefined);
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

  /**
   * The first ready op in plan order among the lanes `mayStart` accepts (ops of no lane always
   * may), now counted as started; undefined when none is ready.
   */
  next(mayStart: (lane: string) => boolean = () => true): PlannedOp | undefined {
    for (;;) {
      let best: { lane: string; heap: number[] } | undefined;
      for (const [lane, heap] of this.heaps) {
        if (heap.length === 0) {
          this.heaps.delete(lane);
          continue;
        }
        if (lane !== '' && !mayStart(lane)) continue;
        if (!best || heap[0]! < best.heap[0]!) best = { lane, heap };
      }
      if (!best) return undefined;
      const i = pop(best.heap);
      if (this.settled[i] || this.started[i]) continue;
      this.started[i] = true;
      return this.ops[i];
    }
  }

  /** The lane of an op handed out by `next` (undefined: none). */
  laneOfStarted(op: PlannedOp): string | undefined {
    return this.lanes[this.position.get(op.id)!];
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
    const lane = this.laneOf(this.ops[i]!);
    this.lanes[i] = lane;
    let h = this.heaps.get(lane ?? '');
    if (!h) {
      h = [];
      this.heaps.set(lane ?? '', h);
    }
    h.push(i);
    for (let c = h.length - 1; c > 0; ) {
      const p = (c - 1) >> 1;
      if (h[p]! <= h[c]!) break;
      [h[p], h[c]] = [h[c]!, h[p]!];
      c = p;
    }
  }
}

function pop(h: number[]): number {
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
