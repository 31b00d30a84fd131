/**
 * Generic helpers for the canonical form: both sides go through them, so a value that AWS stores
 * differently from how a person writes it (a JSON document with other spacing, a list in another
 * order, an empty map instead of none) compares equal. Every helper returns a copy.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** null, undefined, '' (where stated), {} and [] all mean "not set". */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** Drops the keys whose value is empty; sorts the rest, so the output is stable. */
export function compact(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (!isEmpty(v)) out[k] = v;
  }
  return out;
}

/** A list whose order AWS ignores: de-duplicated and sorted. */
export function toSet(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return [...new Set(v.map((x) => String(x)))].sort();
}

/** A map with sorted keys, or undefined when empty. `mapValue` canonicalises each value. */
export function toMap<T>(
  v: unknown,
  mapValue: (x: unknown) => T = (x) => x as T,
): Record<string, T> | undefined {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const keys = Object.keys(v as object).sort();
  if (keys.length === 0) return undefined;
  const out: Record<string, T> = {};
  for (const k of keys) out[k] = mapValue((v as Record<string, unknown>)[k]);
  return out;
}

/**
 * A JSON document given as a string (AWS: policies, model schemas) or as data (specs): parsed, with
 * keys sorted. AWS returns policies JSON-escaped, `\/` included; JSON.parse reads that as `/`.
 * A string that is not JSON is kept as it is, so it still compares (and shows) as text.
 */
export function toJsonDoc(v: unknown): Json | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v !== 'string') return sortDeep(v as Json);
  // Only documents (objects, arrays) are parsed: a string that parses to a scalar stays text,
  // so normalising twice gives the same result.
  const parsed = parseDoc(v) ?? parseDoc(unescapeOnce(v));
  return parsed === undefined ? v : sortDeep(parsed);
}

function parseDoc(s: string | undefined): Json | undefined {
  if (s === undefined) return undefined;
  try {
    const p = JSON.parse(s) as Json;
    return p !== null && typeof p === 'object' ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Some readers hand back a policy escaped once more (`{\"Version\"...}`). */
function unescapeOnce(s: string): string | undefined {
  try {
    const u = JSON.parse(`"${s}"`) as unknown;
    return typeof u === 'string' ? u : undefined;
  } catch {
    return undefined;
  }
}

export function sortDeep(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep(v[k] as Json);
    return out;
  }
  return v;
}

/** JSON with sorted keys at every level: the basis of hashes and deep equality. */
export function stableStringify(v: unknown): string {
  return JSON.stringify(sortDeep(JSON.parse(JSON.stringify(v ?? null)) as Json));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

export function str(v: unknown): string | undefined {
  if (isEmpty(v)) return undefined;
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s === '' ? undefined : s;
}

export function bool(v: unknown, dflt: boolean): boolean {
  if (v === undefined || v === null || v === '') return dflt;
  if (typeof v === 'string') return v === 'true';
  return Boolean(v);
}

export function num(v: unknown, dflt?: number): number | undefined {
  if (v === undefined || v === null || v === '') return dflt;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : dflt;
}
