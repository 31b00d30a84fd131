import { structuredPatch } from 'diff';
import type { FieldChange } from '../reconcile/plan-types.js';
import { displayPath } from './plan-facts.js';

/**
 * One field change made ready for display: either on one line (`from -> to`) or, for values that
 * span lines (VTL templates, policies, model schemas, large objects), as unified-diff lines.
 * Secret values never get this far: a sensitive change is shown as `(sensitive)`.
 */
export interface FormattedChange {
  path: string;
  /** `"a" -> "b"`, or for a new value just `"b"`; secrets as `(sensitive)`. */
  inline?: string;
  /** The field is set for the first time (an object being created): shown as `path = value`. */
  assign: boolean;
  /** For a one-line change of a value that is not secret: the old and new values as shown, each absent when unset. */
  from?: string;
  to?: string;
  /** Unified diff lines, each starting with ' ', '+', '-' or '@'. */
  diff?: string[];
}

export const SENSITIVE = '(sensitive)';
const UNSET = '(unset)';
const EMPTY = '(empty)';
/** Objects longer than this are pretty-printed on several lines, and so shown as a diff. */
const INLINE_MAX = 72;

/**
 * A change of a flat map (request templates, stage variables, tags, response parameters: string
 * keys to plain values) becomes one change per key that differs, so a template is diffed as text
 * and one new header reads as one line. Nested documents (policies, schemas) stay whole.
 */
export function expandChanges(changes: FieldChange[]): FieldChange[] {
  return changes.flatMap((c) => {
    if (c.sensitive || !isFlatMapOrUnset(c.from) || !isFlatMapOrUnset(c.to) || (c.from === undefined && c.to === undefined)) return [c];
    const from = (c.from ?? {}) as Record<string, unknown>;
    const to = (c.to ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys
      .filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k]))
      .map((k) => ({ path: `${c.path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, ...(k in from ? { from: from[k] } : {}), ...(k in to ? { to: to[k] } : {}) }));
  });
}

function isFlatMapOrUnset(v: unknown): boolean {
  if (v === undefined) return true;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || isSecret(v)) return false;
  return Object.values(v).every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));
}

export function formatChange(change: FieldChange, creating: boolean): FormattedChange {
  const path = displayPath(change.path);
  const assign = creating && change.from === undefined;
  if (change.sensitive || isSecret(change.from) || isSecret(change.to)) {
    return { path, assign, inline: assign ? SENSITIVE : `value changes ${SENSITIVE}` };
  }
  const from = change.from === undefined ? undefined : pretty(change.from);
  const to = change.to === undefined ? undefined : pretty(change.to);
  const multiline = [from, to].some((v) => v !== undefined && v.includes('\n'));
  if (!multiline) {
    return { path, assign, inline: assign ? (to ?? UNSET) : `${from ?? UNSET} -> ${to ?? UNSET}`, ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
  }
  return { path, assign, diff: unifiedDiff(from, to) };
}

function unifiedDiff(from: string | undefined, to: string | undefined): string[] {
  if (from === undefined) return (to ?? '').split('\n').map((l) => `+${l}`);
  if (to === undefined) return from.split('\n').map((l) => `-${l}`);
  const patch = structuredPatch('from', 'to', ensureNewline(from), ensureNewline(to), '', '', { context: 3 });
  const lines: string[] = [];
  for (const h of patch.hunks) {
    lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const l of h.lines) if (!l.startsWith('\\')) lines.push(l);
  }
  return lines;
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

/**
 * Strings that hold JSON documents (policies, schemas) are pretty-printed so their diff is by line;
 * other strings are quoted when short and shown raw when long (a VTL template reads best as is).
 */
export function pretty(value: unknown): string {
  if (isSecret(value)) return SENSITIVE;
  // AWS keeps an empty mapping template (`""`, or a YAML key with no value) as null.
  if (value === null) return EMPTY;
  if (typeof value === 'string') {
    const doc = parseJsonDocument(value);
    if (doc !== undefined) return JSON.stringify(doc, null, 2);
    return value.includes('\n') ? value : JSON.stringify(value);
  }
  if (value !== null && typeof value === 'object') {
    const compact = JSON.stringify(value, redactSecrets);
    return compact.length > INLINE_MAX ? JSON.stringify(value, redactSecrets, 2) : compact;
  }
  return String(value);
}

function parseJsonDocument(s: string): unknown {
  const t = s.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return v !== null && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function isSecret(v: unknown): boolean {
  return v !== null && typeof v === 'object' && '$secret' in (v as object);
}

function redactSecrets(_key: string, v: unknown): unknown {
  return isSecret(v) ? SENSITIVE : v;
}
