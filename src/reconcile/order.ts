import { SEP, containedIn } from './keys.js';
import type { EntityKey, Model } from './model.js';
import type { PlannedOp } from './plan-types.js';
import { priorityDependencies } from './routing-rules.js';
import { entitiesOf } from './entity-list.js';

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
      for (const l of entitiesOf(live)) {
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
  // A routing rule taking a priority another live rule holds waits for that rule to move away or go.
  for (const [key, holders] of priorityDependencies(desired, live, new Set(byKey.keys()))) {
    const d = byKey.get(key);
    if (d && d.action !== 'delete') for (const h of holders) d.deps.add(opFor(h)?.key ?? h);
  }
}

const LEVEL: Record<string, number> = {
  'vpc-link': 0, 'v2-vpc-link': 0,
  'rest-api': 0, authorizer: 1, model: 1, 'request-validator': 1, 'gateway-response': 1, resource: 2,
  method: 3, integration: 4, 'method-response': 4, 'integration-response': 5, deployment: 6, stage: 7,
  // After the entities they document (a part may name a model or an authorizer), and before the
  // stages that publish a version: a version snapshots the parts as they are when it is created.
  'documentation-part': 5, 'documentation-version': 6,
  // HTTP and WebSocket APIs
  'http-api': 0, 'websocket-api': 0, 'v2-authorizer': 1, 'v2-model': 1, 'v2-integration': 2, 'v2-integration-response': 3,
  route: 3, 'route-response': 4, 'v2-stage': 7, 'v2-domain-name': 8, 'api-mapping': 9,
};

function rank(d: DraftOp): [number, number, string] {
  const level = (LEVEL[d.kind] ?? 8) * 1000 + d.key.split(SEP).length;
  return d.action === 'delete' ? [1, -level, d.key] : [0, level, d.key];
}

function compareRanks(ra: [number, number, string], rb: [number, number, string]): number {
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] as number | string) < (rb[i] as number | string) ? -1 : 1;
  return 0;
}

/**
 * Kahn's algorithm, always taking the first ready op by level: stable for equal inputs. Ready ops
 * wait in a heap by rank and each op knows its dependents, so a plan of tens of thousands of ops
 * (a 5,000-method API) orders in O(n log n), not by rescanning every op for each one placed.
 */
export function orderOps(drafts: DraftOp[]): PlannedOp[] {
  const keys = new Set(drafts.map((d) => d.key));
  const ranks = new Map(drafts.map((d) => [d, rank(d)]));
  const waitingOn = new Map<DraftOp, number>();
  const dependents = new Map<EntityKey, DraftOp[]>();
  for (const d of drafts) {
    const deps = [...new Set(d.deps)].filter((k) => keys.has(k) && k !== d.key);
    waitingOn.set(d, deps.length);
    for (const k of deps) {
      const list = dependents.get(k);
      if (list) list.push(d);
      else dependents.set(k, [d]);
    }
  }
  // Ranks end with the key, so no two differ only by input position: the order is the same as
  // picking the smallest ready op by rank each time.
  const ready = new Heap<DraftOp>((a, b) => compareRanks(ranks.get(a)!, ranks.get(b)!) < 0);
  for (const d of drafts) if (waitingOn.get(d) === 0) ready.push(d);
  const sorted: DraftOp[] = [];
  while (ready.size > 0) {
    const next = ready.pop()!;
    sorted.push(next);
    for (const dep of dependents.get(next.key) ?? []) {
      const left = waitingOn.get(dep)! - 1;
      waitingOn.set(dep, left);
      if (left === 0) ready.push(dep);
    }
  }
  if (sorted.length < drafts.length) {
    const placed = new Set(sorted);
    throw new Error(`dependency cycle among: ${drafts.filter((d) => !placed.has(d)).map((d) => d.key).join(', ')}`);
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

/** A binary min-heap by `less`. */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
