import { createHash } from 'node:crypto';

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
  if (typeof v === 'object') return !hasOwnKey(v);
  return false;
}

/** Whether an object has an own enumerable key (Object.keys(o).length > 0, without the array). */
function hasOwnKey(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return true;
  return false;
}

/**
 * Drops the keys whose value is empty; sorts the rest, so the output is stable. The normalisers
 * write their object literals with the keys in sorted order, so the copy is usually made in one
 * pass with no key list or sort (tens of thousands of calls in the plan of a large API).
 */
export function compact(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (keysInOrder(obj)) {
    for (const k in obj) {
      const v = obj[k];
      if (!isEmpty(v) && Object.prototype.hasOwnProperty.call(obj, k)) out[k] = v;
    }
    return out;
  }
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (!isEmpty(v)) out[k] = v;
  }
  return out;
}

/**
 * Whether an object enumerates its own keys as the copy `compact` makes would: array indices
 * (always first, ascending) aside, the other keys added in ascending order. Inherited enumerable
 * keys (never on plain data) send compact the long way.
 */
function keysInOrder(obj: Record<string, unknown>): boolean {
  let last: string | undefined;
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) return false;
    if (isArrayIndex(k)) continue;
    if (last !== undefined && !(last < k)) return false;
    last = k;
  }
  return true;
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
  // Plain data (what models hold) is written in one pass; anything else (a Date, a toJSON, a
  // cycle) takes the round trip through JSON, whose output the one pass reproduces exactly.
  try {
    const out = new StableWriter();
    writeStable(v ?? null, out);
    return out.text;
  } catch (err) {
    if (err !== NOT_PLAIN && !(err instanceof RangeError)) throw err;
    return JSON.stringify(sortDeep(JSON.parse(JSON.stringify(v ?? null)) as Json));
  }
}

/**
 * The sha256 (hex) of `stableStringify(v)`, fed to the hash in pieces of about 64 KB instead of
 * building the whole text: hashing a model so leaves no multi-megabyte string behind. A piece
 * never ends inside a token, so no surrogate pair is split.
 */
export function stableHash(v: unknown): string {
  try {
    const hash = createHash('sha256');
    const out = new StableWriter((chunk) => hash.update(chunk));
    writeStable(v ?? null, out);
    return hash.update(out.text).digest('hex');
  } catch (err) {
    if (err !== NOT_PLAIN && !(err instanceof RangeError)) throw err;
    return createHash('sha256').update(stableStringify(v)).digest('hex');
  }
}

const CHUNK = 65536;

class StableWriter {
  text = '';
  constructor(private readonly onChunk?: (chunk: string) => void) {}

  add(s: string): void {
    this.text += s;
    if (this.onChunk && this.text.length >= CHUNK) {
      this.onChunk(this.text);
      this.text = '';
    }
  }
}

/** JSON.stringify of an object key: the same few keys come back for every entity. */
const quotedKeys = new Map<string, string>();
function quoted(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quotedKeys.size < 10_000) quotedKeys.set(k, q);
  }
  return q;
}

/** Thrown by the one-pass helpers below at a value JSON.stringify would treat specially. */
const NOT_PLAIN = Symbol('not plain data');

const isPlainArray = (v: object): v is unknown[] => Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype;

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
const isSkipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** An array index (`0` .. `2^32 - 2` in canonical form): an object lists these first, in numeric order. */
function isArrayIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  if (k.length === 0 || k.length > 10 || c < 48 || c > 57 || (c === 48 && k.length > 1)) return false;
  for (let i = 1; i < k.length; i++) {
    const d = k.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return Number(k) < 4294967295;
}

/**
 * The keys JSON.stringify writes for the sorted copy `sortDeep` makes of a parsed object: sorted,
 * `__proto__` dropped (assigning it sets the copy's prototype instead), array indices first in
 * numeric order, as the copy's property order has them.
 */
function stableKeys(o: Record<string, unknown>): string[] {
  const keys: string[] = [];
  let indices: string[] | undefined;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k) || k === '__proto__' || isSkipped(o[k])) continue;
    if (isArrayIndex(k)) (indices ??= []).push(k);
    else keys.push(k);
  }
  sortStrings(keys);
  return indices ? [...indices.sort((a, b) => Number(a) - Number(b)), ...keys] : keys;
}

/** Array.prototype.sort's default order (UTF-16 code units), in place; by insertion for the few keys an object has. */
function sortStrings(a: string[]): void {
  if (a.length > 16) {
    a.sort();
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

function writeStable(v: unknown, out: StableWriter): void {
  switch (typeof v) {
    case 'string':
      out.add(JSON.stringify(v));
      return;
    case 'number':
      out.add(Number.isFinite(v) ? String(v) : 'null');
      return;
    case 'boolean':
      out.add(v ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      throw NOT_PLAIN;
  }
  if (v === null) {
    out.add('null');
  } else if (isPlainArray(v)) {
    out.add('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.add(',');
      const x = v[i];
      if (isSkipped(x)) out.add('null');
      else writeStable(x, out);
    }
    out.add(']');
  } else if (isPlainObject(v)) {
    out.add('{');
    let first = true;
    for (const k of stableKeys(v)) {
      out.add(first ? quoted(k) : `,${quoted(k)}`);
      out.add(':');
      first = false;
      writeStable(v[k], out);
    }
    out.add('}');
  } else {
    throw NOT_PLAIN;
  }
}

/** `stableStringify(a) === stableStringify(b)`, compared in place for plain data. */
export function deepEqual(a: unknown, b: unknown): boolean {
  try {
    // At the top, JSON.stringify returns undefined for these, which the round trip refuses.
    if (typeof a === 'function' || typeof a === 'symbol' || typeof b === 'function' || typeof b === 'symbol') throw NOT_PLAIN;
    return equalPlain(a ?? null, b ?? null);
  } catch (err) {
    if (err !== NOT_PLAIN && !(err instanceof RangeError)) throw err;
    return stableStringify(a) === stableStringify(b);
  }
}

/** A value as it is written inside an array: what JSON.stringify leaves out becomes null, as does a non-finite number. */
const asJsonValue = (v: unknown): unknown => (isSkipped(v) || (typeof v === 'number' && !Number.isFinite(v)) ? null : v);

function equalPlain(a: unknown, b: unknown): boolean {
  a = asJsonValue(a);
  b = asJsonValue(b);
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') {
    if ((a !== null && typeof a === 'object' && !isPlainArray(a) && !isPlainObject(a))
      || (b !== null && typeof b === 'object' && !isPlainArray(b) && !isPlainObject(b))) throw NOT_PLAIN;
    if (typeof a === 'bigint' || typeof b === 'bigint') throw NOT_PLAIN;
    return a === b;
  }
  const aArray = isPlainArray(a);
  const bArray = isPlainArray(b);
  if (!aArray && !isPlainObject(a)) throw NOT_PLAIN;
  if (!bArray && !isPlainObject(b)) throw NOT_PLAIN;
  if (aArray || bArray) {
    if (!aArray || !bArray) return false;
    const aa = a as unknown[];
    const ba = b as unknown[];
    if (aa.length !== ba.length) return false;
    for (let i = 0; i < aa.length; i++) if (!equalPlain(aa[i], ba[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // for...in with an own-key test lists the keys as Object.keys does, without making the array
  // (two per entity pair compared, 21,000 pairs in the plan of a large API).
  let count = 0;
  for (const k in ao) {
    if (!Object.prototype.hasOwnProperty.call(ao, k) || k === '__proto__' || isSkipped(ao[k])) continue;
    count++;
    if (!Object.prototype.hasOwnProperty.call(bo, k) || isSkipped(bo[k]) || !equalPlain(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (Object.prototype.hasOwnProperty.call(bo, k) && k !== '__proto__' && !isSkipped(bo[k])) count--;
  return count === 0;
}

/** A map value as text: strings as they are, other values by String, objects as JSON (never their own toString). */
export function text(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
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
