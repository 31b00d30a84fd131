import type { Plan } from '../../../src/reconcile/index.js';
import type { Model } from '../../../src/reconcile/model.js';

/** Live ids -> `<idName>-<n>` (in key order), the endpoint and clock -> fixed values. */
export function stable(plan: Plan, live: Model): string {
  let text = JSON.stringify({ ...plan, target: { ...plan.target, endpoint: undefined }, liveFingerprint: 'sha256:0f4c9a', createdAt: '2026-01-02T03:04:05.000Z' }, null, 2);
  const counters = new Map<string, number>();
  const names = new Map<string, string>();
  for (const key of Object.keys(live.entities).sort()) {
    for (const [name, id] of Object.entries(live.entities[key]?.ids ?? {})) {
      if (names.has(id) || id.length < 6 || name === 'domainName') continue;
      const n = (counters.get(name) ?? 0) + 1;
      counters.set(name, n);
      names.set(id, `${name}-${n}`);
    }
  }
  for (const [id, name] of names) text = text.split(id).join(name);
  return `${text}\n`;
}
