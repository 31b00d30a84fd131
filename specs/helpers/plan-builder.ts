import type { Action, AwsCall, Plan, PlannedOp } from '../../src/reconcile/plan-types.js';

/** Builds Plan fixtures for tests: `planOf(op('create', 'rest-api:a', [call(...)]), ...)`. */
export function planOf(...ops: PlannedOp[]): Plan {
  return {
    formatVersion: 1,
    target: { specSet: 'shop', region: 'us-east-1' },
    liveFingerprint: 'sha256:test',
    createdAt: '2026-01-01T00:00:00.000Z',
    ops,
    notices: [],
  };
}

let counter = 0;

export function op(action: Action, key: string, calls: AwsCall[], opts: Partial<PlannedOp> = {}): PlannedOp {
  counter++;
  const kind = (key.split(' / ').at(-1)!.split(':')[0] ?? 'resource') as PlannedOp['kind'];
  return {
    id: opts.id ?? `op-${counter}`,
    kind,
    key,
    address: key.replace(/:/g, ' '),
    action,
    reason: action === 'delete' ? 'absent-desired' : action === 'create' ? 'absent-live' : 'fields-changed',
    changes: [],
    calls,
    dependsOn: [],
    ...opts,
  };
}

export function call(operation: string, input: Record<string, unknown> = {}, produces?: AwsCall['produces']): AwsCall {
  return { service: 'apigateway', operation, input, ...(produces ? { produces } : {}) };
}

export function ref(key: string, id: string, format?: string): Record<string, string> {
  return { $ref: key, id, ...(format ? { format } : {}) };
}
