import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSpecSet } from '../../src/schema/index.js';
import { SpecSourceMap } from '../../src/schema/load/source-map.js';
import type { ObjectPath, SourceLocation } from '../../src/schema/types.js';

/**
 * The source map records nothing of a file the fast path read until a position is asked for, and
 * replays every change made meanwhile (src/schema/load/source-map.ts). Whatever the order of
 * changes and questions, it must answer exactly as a map that made each change at once.
 */

const SEGMENTS = ['a', 'b', 0, 1] as const;
const pathArb = fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 3 });

type SetOp = { op: 'setValue' | 'setKey'; path: ObjectPath; line: number };
type Op =
  | SetOp
  | { op: 'rename'; from: ObjectPath; to: ObjectPath }
  | { op: 'setValueFrom'; to: ObjectPath; from: ObjectPath; key: boolean }
  | { op: 'addAll'; deferred: boolean; fill: SetOp[]; after: SetOp[] }
  | { op: 'ask'; path: ObjectPath };

const setArb: fc.Arbitrary<SetOp> = fc.record({ op: fc.constantFrom('setValue' as const, 'setKey' as const), path: pathArb, line: fc.nat(999) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: setArb, weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('rename' as const), from: pathArb, to: pathArb }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('setValueFrom' as const), to: pathArb, from: pathArb, key: fc.boolean() }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('addAll' as const), deferred: fc.boolean(), fill: fc.array(setArb, { maxLength: 8 }), after: fc.array(setArb, { maxLength: 3 }) }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('ask' as const), path: pathArb }), weight: 1 },
);

const at = (line: number): SourceLocation => ({ file: 'f.yaml', line, column: 1 });

/** Every path of up to three segments. */
function allPaths(): ObjectPath[] {
  const out: ObjectPath[] = [[]];
  for (let n = 0; n < out.length; n++) if (out[n]!.length < 3) for (const s of SEGMENTS) out.push([...out[n]!, s]);
  return out;
}

const answers = (m: SpecSourceMap) => allPaths().map((p) => ({ p, value: m.locate(p), key: m.locateKey(p) }));

/** A map whose first entries `fill` sets: deferred (recorded when needed) or made at once. */
function mapOf(fill: SetOp[], deferred: boolean): SpecSourceMap {
  const record = (into: SpecSourceMap) => {
    for (const f of fill) into[f.op](f.path, at(f.line));
  };
  if (deferred) return SpecSourceMap.deferred(record);
  const map = new SpecSourceMap();
  record(map);
  return map;
}

/**
 * Runs the ops on a map that starts with `first` entries; `lazy`: that map and the maps taken in
 * are deferred where the case says so. Returns the answers to each `ask`.
 */
function run(first: { fill: SetOp[]; deferred: boolean }, ops: Op[], lazy: boolean): { map: SpecSourceMap; asked: unknown[] } {
  const map = mapOf(first.fill, lazy && first.deferred);
  const asked: unknown[] = [];
  for (const o of ops) {
    if (o.op === 'setValue') map.setValue(o.path, at(o.line));
    else if (o.op === 'setKey') map.setKey(o.path, at(o.line));
    else if (o.op === 'rename') map.rename(o.from, o.to);
    else if (o.op === 'setValueFrom') map.setValueFrom(o.to, o.from, o.key);
    else if (o.op === 'ask') asked.push([map.locate(o.path), map.locateKey(o.path)]);
    else if (o.op === 'addAll') {
      const other = mapOf(o.fill, lazy && o.deferred);
      for (const f of o.after) other[f.op](f.path, at(f.line));
      map.addAll(other);
    }
  }
  return { map, asked };
}

describe('source map: positions recorded only when asked for', () => {
  it('answers as a map that made every change at once, whatever the order of changes and questions', () => {
    fc.assert(
      fc.property(fc.record({ fill: fc.array(setArb, { maxLength: 8 }), deferred: fc.boolean() }), fc.array(opArb, { maxLength: 30 }), (first, ops) => {
        const eager = run(first, ops, false);
        const lazy = run(first, ops, true);
        expect(lazy.asked).toEqual(eager.asked);
        expect(answers(lazy.map)).toEqual(answers(eager.map));
      }),
      { numRuns: 400 },
    );
  });

  it('a deferred map records its entries once, the first time one of them is needed', () => {
    let fills = 0;
    const file = SpecSourceMap.deferred((into) => {
      fills++;
      into.setValue(['a'], at(1));
      into.setKey(['a'], at(2));
    });
    const merged = new SpecSourceMap();
    merged.setValue(['a'], at(9));
    merged.addAll(file);
    merged.setValueFrom(['b'], ['a'], true);
    merged.rename(['a'], ['c']);
    expect(fills).toBe(0);
    expect(merged.pending).toBe(true);
    expect(merged.locate(['c'])).toEqual(at(1));
    expect(merged.locate(['b'])).toEqual(at(2));
    expect(merged.locateKey(['a'])).toBeUndefined();
    expect(fills).toBe(1);
    expect(merged.pending).toBe(false);
    expect(file.locate(['a'])).toEqual(at(1)); // the file's own map is settled too, never twice
    expect(fills).toBe(1);
  });

  it('a clean load of the examples records no position, and every one is there when asked for', () => {
    // petstore: CORS and Lambda shorthands; orders-http: HTTP Lambda integrations (located at the shorthand).
    for (const example of ['petstore', 'orders-http', 'chat-websocket']) {
      const dir = join(import.meta.dirname, '../../examples', example);
      const fast = loadSpecSet(['.'], { env: { PETSTORE_PARTNER_KEY: 'partner-key', GITHUB_SHA: 'abc123' }, cwd: dir });
      const full = loadSpecSet(['.'], { env: { PETSTORE_PARTNER_KEY: 'partner-key', GITHUB_SHA: 'abc123' }, cwd: dir, fullYaml: true });
      if (!fast.ok || !full.ok) throw new Error(`${example} does not load`);
      const sources = fast.sources as SpecSourceMap;
      expect(sources.pending, example).toBe(true);
      expect(sources.locate(['restApis'])).toEqual(full.sources.locate(['restApis']));
      expect(sources.pending).toBe(false);
    }
  });
});
