import { createHash } from 'node:crypto';
import type { EntityKey, Model } from './model.js';

/**
 * Per-object digests of the live state, saved with a plan so that a refused apply can say which
 * objects changed since the plan was made. Digests only: secrets in live attrs (API key values)
 * go into a hash with the rest of the object, never into the file.
 */
export function liveDigests(live: Model): Record<EntityKey, string> {
  const out: Record<EntityKey, string> = {};
  for (const key of Object.keys(live.entities).sort()) {
    const e = live.entities[key]!;
    out[key] = createHash('sha256')
      .update(stableJson({ kind: e.kind, attrs: e.attrs, ids: e.ids ?? {}, meta: e.meta ?? {} }))
      .digest('hex')
      .slice(0, 16);
  }
  return out;
}

export interface LiveChanges {
  added: EntityKey[];
  removed: EntityKey[];
  changed: EntityKey[];
}

export function compareDigests(from: Record<EntityKey, string>, to: Record<EntityKey, string>): LiveChanges {
  const added = Object.keys(to).filter((k) => !(k in from)).sort();
  const removed = Object.keys(from).filter((k) => !(k in to)).sort();
  const changed = Object.keys(to).filter((k) => k in from && from[k] !== to[k]).sort();
  return { added, removed, changed };
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** `rest-api:petstore / resource:/users` -> `rest-api petstore / resource /users`. */
export function keyToAddress(key: EntityKey): string {
  return key
    .split(' / ')
    .map((seg) => seg.replace(':', ' '))
    .join(' / ');
}
