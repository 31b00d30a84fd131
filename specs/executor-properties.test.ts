import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executePlan, type CallAws } from '../src/reconcile/apply/executor.js';
import { NO_RATES, Pacer } from '../src/reconcile/apply/pacer.js';
import type { PlannedOp } from '../src/reconcile/plan-types.js';
import { call, op, planOf } from './helpers/plan-builder.js';
import { VirtualClock } from './helpers/virtual-clock.js';

// Properties of the executor over random dependency graphs and random failures, with an
// in-memory AWS double: order, bounded parallelism, and failure propagation.

const graph = fc
  .integer({ min: 1, max: 60 })
  .chain((n) =>
    fc.record({
      deps: fc.tuple(...Array.from({ length: n }, (_, i) => fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), { maxLength: i === 0 ? 0 : 3 }))),
      failing: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }),
      parallelism: fc.integer({ min: 1, max: 8 }),
    }),
  );

describe('executePlan, for any dependency graph', () => {
  it('starts an op only after its dependencies succeeded, never exceeds parallelism, and skips exactly the dependents of failures', async () => {
    await fc.assert(
      fc.asyncProperty(graph, async ({ deps, failing, parallelism }) => {
        const ops: PlannedOp[] = deps.map((d, i) =>
          op('update', `rest-api:a${i}`, [call('UpdateRestApi', { restApiId: `a${i}` })], { id: `op-${i}`, dependsOn: d.map((j) => `op-${j}`) }),
        );
        const finished = new Set<string>();
        let inFlight = 0;
        let peak = 0;
        const callAws: CallAws = async ({ input }) => {
          const id = `op-${String(input.restApiId).slice(1)}`;
          const me = ops.find((o) => o.id === id)!;
          for (const d of me.dependsOn) expect(finished.has(d)).toBe(true);
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setImmediate(r));
          inFlight--;
          finished.add(id);
          if (failing.includes(Number(id.slice(3)))) throw Object.assign(new Error('boom'), { name: 'BadRequestException' });
          return {};
        };
        const report = await executePlan(planOf(...ops), { callAws, parallelism, ids: new Map(), env: {}, pacer: new Pacer(new VirtualClock(), NO_RATES) });
        expect(peak).toBeLessThanOrEqual(parallelism);
        expect(report.results.map((r) => r.op.id)).toEqual(ops.map((o) => o.id));
        const status = new Map(report.results.map((r) => [r.op.id, r.status]));
        for (const o of ops) {
          const depsOk = o.dependsOn.every((d) => status.get(d) === 'done');
          if (!depsOk) expect(status.get(o.id)).toBe('skipped');
          else expect(status.get(o.id)).toBe(failing.includes(Number(o.id.slice(3))) ? 'failed' : 'done');
        }
      }),
      { numRuns: 150 },
    );
  });
});
