import { deepEqual } from './canonical.js';
import { escapePointer } from './keys.js';

/**
 * Builders of v1 PATCH operations (`UpdateX` `patchOperations`). AWS takes every value as a
 * string (`"true"`, `"500"`, JSON stringified), map entries with the key in the path
 * (`/requestTemplates/application~1json`), and list members either in the path or in the value,
 * depending on the field (see the per-kind builders).
 */
export interface PatchOp {
  op: 'add' | 'replace' | 'remove' | 'copy';
  path: string;
  value?: unknown;
  /** `copy` only: where the value comes from (a canary's promotion). */
  from?: string;
}

type Attrs = Record<string, unknown>;

/** A value as AWS's PATCH wants it; placeholders (`{ $ref }`) are left for apply to resolve. */
export function patchValue(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && ('$ref' in (v as object) || '$secret' in (v as object))) return v;
  return JSON.stringify(v);
}

function op(o: Exclude<PatchOp['op'], 'copy'>, path: string, value?: unknown): PatchOp {
  const v = patchValue(value);
  return v === undefined ? { op: o, path } : { op: o, path, value: v };
}

/**
 * A field that can only be replaced. When it goes away, `clear` says how AWS takes that:
 * 'remove' where remove is allowed, 'empty' to replace with "", 'none' to replace with no value.
 */
export function scalar(path: string, from: unknown, to: unknown, clear: 'remove' | 'empty' | 'none' = 'none'): PatchOp[] {
  if (deepEqual(from, to)) return [];
  if (to === undefined || to === null) {
    if (clear === 'remove') return [op('remove', path)];
    if (clear === 'empty') return [op('replace', path, '')];
    return [op('replace', path)];
  }
  return [op('replace', path, to)];
}

/**
 * A map whose entries are addressed by key in the path. `add` for new keys, `replace` for
 * changed ones, `remove` for dropped ones. A null value (a passthrough template) is sent as an
 * `add` without value.
 */
export function mapEntries(prefix: string, from: unknown, to: unknown, replaceOp: 'replace' | 'add' = 'replace'): PatchOp[] {
  const f = (from ?? {}) as Attrs;
  const t = (to ?? {}) as Attrs;
  const out: PatchOp[] = [];
  for (const k of Object.keys(f).sort()) {
    if (!(k in t)) out.push(op('remove', `${prefix}/${escapePointer(k)}`));
  }
  for (const k of Object.keys(t).sort()) {
    const path = `${prefix}/${escapePointer(k)}`;
    if (!(k in f)) out.push(op('add', path, t[k]));
    else if (!deepEqual(f[k], t[k])) out.push(op(t[k] === null ? 'add' : replaceOp, path, t[k]));
  }
  return out;
}

/** A set whose members go in the path: `/binaryMediaTypes/image~1png`. */
export function setInPath(prefix: string, from: unknown, to: unknown): PatchOp[] {
  const f = new Set((from ?? []) as string[]);
  const t = new Set((to ?? []) as string[]);
  const out: PatchOp[] = [];
  for (const x of [...t].sort()) if (!f.has(x)) out.push(op('add', `${prefix}/${escapePointer(x)}`));
  for (const x of [...f].sort()) if (!t.has(x)) out.push(op('remove', `${prefix}/${escapePointer(x)}`));
  return out;
}

/**
 * A set whose members go in the value: `/providerARNs`, `/authorizationScopes`. Adds come first,
 * because some of these lists must never become empty (an authorizer's providerARNs).
 */
export function setInValue(path: string, from: unknown, to: unknown): PatchOp[] {
  const f = new Set((from ?? []) as string[]);
  const t = new Set((to ?? []) as string[]);
  const out: PatchOp[] = [];
  for (const x of [...t].sort()) if (!f.has(x)) out.push(op('add', path, x));
  for (const x of [...f].sort()) if (!t.has(x)) out.push(op('remove', path, x));
  return out;
}

/**
 * The security policy and endpoint access mode change together, in one request: moving to an
 * enhanced policy sets the mode with it, moving back to a legacy one clears the mode (replace
 * with an empty value; the path takes no `remove`).
 */
export function tlsPolicyPatch(f: Record<string, any>, t: Record<string, any>): PatchOp[] {
  const out: PatchOp[] = [...scalar('/securityPolicy', f.securityPolicy, t.securityPolicy)];
  if (f.endpointAccessMode !== t.endpointAccessMode) out.push({ op: 'replace', path: '/endpointAccessMode', value: t.endpointAccessMode ?? '' });
  return out;
}
