import { SEP, containedIn } from './keys.js';
import type { EntityKey, Model } from './model.js';
import type { PlannedOp } from './plan-types.js';

/**
 * Dependencies between ops and their order.
 *
 *   create / update / replace (top-down)          delete (bottom-up)
 *   rest-api                                      method, integration, responses
 *     resource, authorizer, model, validator        (children before parents)
 *       resource (child paths after parents)      authorizer, model, validator
 *         method  --uses--> authorizer, model,      (after the methods that used them)
 *                           validator             resource, stage, rest-api
 *           integration, method-response
 *             integration-response (after the method response of its status code)
 *   deployment (after every config op of its API)
 *     stage (created on, or moved to, the new deployment)
 *
 * Edges come from the entities; the level table only breaks ties, so the order is stable.
 */
export type DraftOp = Omit<PlannedOp, 'id' | 'dependsOn'> & { deps: Set<EntityKey>; cascades?: EntityKey[] };

const CREATING = new Set(['create', 'replace', 'adopt']);

function ancestors(key: EntityKey): EntityKey[] {
  const segs = key.split(SEP);
  return segs.slice(1).map((_, i) => segs.slice(0, i + 1).join(SEP));
}

/** A resource's parent path resources (`/a/b` -> `/a`, `/`), nearest first. */
function parentResources(key: EntityKey): EntityKey[] {
  const segs = key.split(SEP);
  if (segs.length !== 2 || !segs[1]?.startsWith('resource:')) return [];
  const parts = segs[1].slice('resource:'.length).split('/').filter(Boolean);
  const out: EntityKey[] = [];
  for (let i = parts.length - 1; i >= 0; i--) out.push(`${segs[0]}${SEP}resource:/${parts.slice(0, i).join('/')}`);
  return out;
}

/** Adds the edges implied by parents, references and deletions to each draft's `deps`. */
export function addDependencies(drafts: DraftOp[], desired: Model, live: Model): void {
  const byKey = new Map(drafts.map((d) => [d.key, d]));
  // A live entity whose delete is folded into an ancestor's op is covered by that op.
  const coveredBy = new Map<EntityKey, EntityKey>();
  for (const d of drafts) for (const c of d.cascades ?? []) coveredBy.set(c, d.key);
  const opFor = (key: EntityKey) => byKey.get(key) ?? byKey.get(coveredBy.get(key) ?? '');

  for (const d of drafts) {
    if (d.action === 'delete') {
      // Anything that refers to the deleted object, or to something that goes with it (a usage
      // plan naming a stage of a deleted API), lets go of it first.
      for (const l of Object.values(live.entities)) {
        if (!l.refs?.some((r) => r === d.key || containedIn(d.key, r))) continue;
        const user = opFor(l.key);
        if (user && user !== d) d.deps.add(user.key);
      }
      continue;
    }
    if (d.action === 'deploy') continue;
    // The nearest ancestor created in this plan (earlier ones come before it anyway).
    const chain = [...ancestors(d.key), ...parentResources(d.key)].filter((a) => CREATING.has(byKey.get(a)?.action ?? ''));
    const nearest = chain.sort((a, b) => b.length - a.length)[0];
    if (nearest) d.deps.add(nearest);
    for (const r of desired.entities[d.key]?.refs ?? []) if (CREATING.has(byKey.get(r)?.action ?? '')) d.deps.add(r);
    if (d.kind === 'integration-response') {
      const segs = d.key.split(SEP);
      const status = segs[segs.length - 1]?.split(':')[1] ?? '';
      const methodResp = [...segs.slice(0, -2), `method-response:${status}`].join(SEP);
      if (CREATING.has(byKey.get(methodResp)?.action ?? '')) d.deps.add(methodResp);
    }
  }
}

const LEVEL: Record<string, number> = {
  'rest-api': 0, authorizer: 1, model: 1, 'request-validator': 1, 'gateway-response': 1, resource: 2,
  method: 3, integration: 4, 'method-response': 4, 'integration-response': 5, deployment: 6, stage: 7,
  // HTTP and WebSocket APIs
  'http-api': 0, 'websocket-api': 0, 'v2-authorizer': 1, 'v2-model': 1, 'v2-integration': 2, 'v2-integration-response': 3,
  route: 3, 'route-response': 4, 'v2-stage': 7, 'v2-domain-name': 8, 'api-mapping': 9,
};

function rank(d: DraftOp): [number, number, string] {
  const level = (LEVEL[d.kind] ?? 8) * 1000 + d.key.split(SEP).length;
  return d.action === 'delete' ? [1, -level, d.key] : [0, level, d.key];
}

function before(a: DraftOp, b: DraftOp): boolean {
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] as number | string) < (rb[i] as number | string);
  return false;
}

/** Kahn's algorithm, always taking the first ready op by level: stable for equal inputs. */
export function orderOps(drafts: DraftOp[]): PlannedOp[] {
  const keys = new Set(drafts.map((d) => d.key));
  const pending = new Map(drafts.map((d) => [d.key, new Set([...d.deps].filter((k) => keys.has(k) && k !== d.key))]));
  const sorted: DraftOp[] = [];
  const remaining = [...drafts];
  while (remaining.length) {
    let next: DraftOp | undefined;
    for (const d of remaining) if (pending.get(d.key)?.size === 0 && (!next || before(d, next))) next = d;
    if (!next) throw new Error(`dependency cycle among: ${remaining.map((d) => d.key).join(', ')}`);
    sorted.push(next);
    remaining.splice(remaining.indexOf(next), 1);
    for (const s of pending.values()) s.delete(next.key);
  }
  const ids = new Map(sorted.map((d, i) => [d.key, `op-${i + 1}`]));
  return sorted.map((d) => {
    const { deps, cascades: _folded, ...rest } = d;
    const op: PlannedOp = {
      id: ids.get(d.key) ?? '',
      ...rest,
      dependsOn: [...deps].filter((k) => ids.has(k)).map((k) => ids.get(k) ?? '').sort(byOpNumber),
    };
    return op;
  });
}

function byOpNumber(a: string, b: string): number {
  return Number(a.slice(3)) - Number(b.slice(3));
}
