import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadSpecSet } from '../../src/schema/index.js';
import { writeSet } from './helpers.js';

/**
 * Property: whatever a spec holds, loading it returns a result (a SpecSet or diagnostics, each
 * with a code and a message); it never throws. Inputs are the examples with one node replaced by
 * an arbitrary value, which reaches the semantic checks with data the schema rejected.
 */
const examples = join(import.meta.dirname, '../../examples');

type Path = (string | number)[];

function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

function replaced(value: unknown, at: Path, by: unknown): unknown {
  if (at.length === 0) return by;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cur = copy;
  for (const p of at.slice(0, -1)) cur = cur[p] as Record<string | number, unknown>;
  cur[at[at.length - 1]!] = by;
  return copy;
}

const junk = fc.oneof(
  fc.constant(null), fc.integer({ min: -100000, max: 100000 }), fc.boolean(), fc.string({ maxLength: 12 }),
  fc.constantFrom('GET', '/a', '$default', 'MOCK', 'AWS_PROXY', 'prod', 'nope', '${values.stage}', '${env:X}', '/{proxy+}/x'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

describe('loadSpecSet never throws', () => {
  const sets = ['petstore', 'orders-http', 'chat-websocket'];
  it.each(sets)('on mutations of examples/%s', (set) => {
    const dir = join(examples, set);
    const specFiles = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'apigw-sync.yaml');
    const files: Record<string, string> = {};
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (/\.(yaml|json|vtl)$/.test(f)) files[f] = readFileSync(join(dir, f), 'utf8');
    }
    const docs = specFiles.map((f) => [f, parse(files[f]!)] as const);
    const targets = docs.flatMap(([f, d]) => paths(d).map((p) => [f, p] as const));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: targets.length - 1 }), junk, (i, by) => {
        const [file, at] = targets[i]!;
        const doc = docs.find(([f]) => f === file)![1];
        const tmp = writeSet({ ...files, [file]: stringify(replaced(doc, at, by)) });
        const r = loadSpecSet([tmp], { env: {}, cwd: tmp });
        if (!r.ok) for (const d of r.diagnostics) expect(d.code).toMatch(/^spec\//);
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});
