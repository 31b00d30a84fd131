import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compact, deepEqual, sortDeep, stableHash, stableStringify, type Json } from '../../src/reconcile/canonical.js';

/**
 * stableStringify writes plain data in one pass and deepEqual compares it in place: both must give
 * exactly what the JSON round trip gives (sorted keys, undefined dropped, array indices first, ...).
 */
const roundTrip = (v: unknown): string => JSON.stringify(sortDeep(JSON.parse(JSON.stringify(v ?? null)) as Json));

const key = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom('0', '1', '2', '10', '9', '01', '200', '4294967294', '4294967295', '-1', '1.5', '__proto__', 'a', 'B', 'é', '~1'),
);
const leaf = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 'x\u0000y', '\ud800'),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));

describe('canonical form', () => {
  it('stableStringify equals the JSON round trip', () => {
    fc.assert(fc.property(value, (v) => { expect(stableStringify(v)).toBe(roundTrip(v)); }), { numRuns: 3000 });
  });

  it('compact copies an object as sorting its keys does, whether or not they were added in order', () => {
    // What compact did before it took objects whose keys are already in order in one pass.
    const bySort = (o: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o).sort()) {
        const v = o[k];
        if (!(v === null || v === undefined || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0))) out[k] = v;
      }
      return out;
    };
    const empties = fc.constantFrom(null, undefined, {}, [], '', 0, false, [1], { a: 1 });
    const obj = fc.dictionary(key, fc.oneof(leaf, empties), { maxKeys: 8 });
    fc.assert(fc.property(obj, fc.boolean(), (o, sorted) => {
      const input = sorted ? Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])) : o;
      const got = compact(input);
      const want = bySort(input);
      expect(Object.keys(got)).toEqual(Object.keys(want));
      for (const k of Object.keys(want)) expect(got[k]).toBe(want[k]);
      expect(Object.getPrototypeOf(got)).toBe(Object.getPrototypeOf(want));
    }), { numRuns: 3000 });
  });

  it('deepEqual says whether the round trips are equal', () => {
    // Pairs that differ a little (a key dropped, a value changed, the same data in another key order) as well as unrelated ones.
    const pair = fc.oneof(
      fc.tuple(value, value),
      value.map((v) => [v, v === null || typeof v !== 'object' ? v : JSON.parse(JSON.stringify(v) ?? 'null')] as [unknown, unknown]),
      value.map((v) => [v, reversed(v)] as [unknown, unknown]),
    );
    fc.assert(fc.property(pair, ([a, b]) => { expect(deepEqual(a, b)).toBe(roundTrip(a) === roundTrip(b)); }), { numRuns: 3000 });
  });

  it('stableHash is the sha256 of stableStringify, for text longer than the pieces it hashes in', () => {
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    // Surrogate pairs and lone surrogates on both sides of every 64 KB boundary.
    const big = Array.from({ length: 30_000 }, (_, i) => ({ k: i, s: `é\ud83d\ude00${'x'.repeat(i % 7)}\ud800`, n: [i, null, { b: true }] }));
    expect(stableHash(big)).toBe(sha(stableStringify(big)));
    expect(stableHash(big)).toBe(sha(roundTrip(big)));
    fc.assert(fc.property(value, (v) => { expect(stableHash(v)).toBe(sha(roundTrip(v))); }), { numRuns: 300 });
    expect(stableHash({ d: new Date(0) })).toBe(sha('{"d":"1970-01-01T00:00:00.000Z"}'));
  });

  it('treats a key whose own value is __proto__, undefined or a function as JSON does', () => {
    const withProto = JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as unknown;
    expect(stableStringify(withProto)).toBe(roundTrip(withProto));
    expect(deepEqual(withProto, { a: 1 })).toBe(true);
    expect(stableStringify({ b: undefined, a: () => 1, c: [undefined, () => 1] })).toBe('{"c":[null,null]}');
    expect(deepEqual({ a: undefined }, {})).toBe(true);
    expect(deepEqual([undefined], [null])).toBe(true);
    expect(deepEqual(undefined, null)).toBe(true);
    expect(deepEqual({ a: 1 }, { a: '1' })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
  });

  it('takes the round trip for what is not plain data', () => {
    const d = new Date(0);
    expect(stableStringify({ d, t: { toJSON: () => ({ z: 1, a: 2 }) } })).toBe('{"d":"1970-01-01T00:00:00.000Z","t":{"a":2,"z":1}}');
    expect(deepEqual({ d }, { d: '1970-01-01T00:00:00.000Z' })).toBe(true);
    expect(() => stableStringify({ n: 1n })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => stableStringify(cycle)).toThrow(TypeError);
  });
});

/** The same data with every object's keys in reverse order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).reverse()) Object.defineProperty(out, k, { value: reversed((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}
