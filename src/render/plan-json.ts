import type { AwsCall, FieldChange, Plan, PlannedOp } from '../reconcile/plan-types.js';
import { SENSITIVE } from './format-change.js';
import { countPlan } from './plan-facts.js';

/**
 * The plan as JSON: the Plan object itself, described by schema/plan.schema.json. Stable: the same
 * plan always gives the same bytes (fixed key order for the plan's own fields, sorted keys inside
 * call inputs and values), so saved plans diff cleanly. Sensitive field values become `(sensitive)`.
 * `summary` holds the counts of the summary line (by action, plus blocked deletions); a reader
 * of a saved plan counts its ops again and ignores it.
 */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify({ ...orderPlan(plan), summary: countPlan(plan) }, null, 2)}\n`;
}

export const PLAN_SCHEMA_ID = 'https://apigw-sync.dev/schema/plan.schema.json';

function orderPlan(plan: Plan): Record<string, unknown> {
  return pick(plan as unknown as Record<string, unknown>, {
    formatVersion: id,
    target: sortDeep,
    liveFingerprint: id,
    createdAt: id,
    ops: (ops) => (ops as PlannedOp[]).map(orderOp),
    notices: id,
    bulk: sortDeep,
    liveObjects: sortDeep,
    source: sortDeep,
  });
}

function orderOp(op: PlannedOp): Record<string, unknown> {
  return pick(op as unknown as Record<string, unknown>, {
    id,
    kind: id,
    key: id,
    address: id,
    action: id,
    reason: id,
    explanation: id,
    blocked: id,
    blockedBy: id,
    changes: (cs) => (cs as FieldChange[]).map(orderChange),
    calls: (calls) => (calls as AwsCall[]).map(orderCall),
    dependsOn: id,
  });
}

function orderChange(c: FieldChange): Record<string, unknown> {
  const secret = c.sensitive === true;
  return pick(c as unknown as Record<string, unknown>, {
    path: id,
    from: (v) => (secret ? SENSITIVE : sortDeep(v)),
    to: (v) => (secret ? SENSITIVE : sortDeep(v)),
    sensitive: id,
  });
}

function orderCall(c: AwsCall): Record<string, unknown> {
  return pick(c as unknown as Record<string, unknown>, { service: id, operation: id, input: sortDeep, produces: sortDeep });
}

/** Known fields in the given order, then any others (a newer producer's additions) sorted. */
function pick(obj: Record<string, unknown>, fields: Record<string, (v: unknown) => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) if (obj[k] !== undefined) out[k] = f(obj[k]);
  for (const k of Object.keys(obj).sort()) if (!(k in fields) && obj[k] !== undefined) out[k] = sortDeep(obj[k]);
  return out;
}

function id(v: unknown): unknown {
  return v;
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortDeep(x);
    }
    return out;
  }
  return v;
}
