import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { writeHttpSet, writeRestSet } from '../../bench/generate.js';
import { loadSpecSet } from '../../src/schema/index.js';
import { Diagnostics } from '../../src/schema/load/diagnostics.js';
import { fastWalk } from '../../src/schema/load/fast-yaml.js';
import { parseYamlFile } from '../../src/schema/load/parse-yaml.js';
import { SpecSourceMap } from '../../src/schema/load/source-map.js';
import type { SubstituteContext } from '../../src/schema/load/substitute.js';
import { walkDocument, type EnvUse } from '../../src/schema/load/walk.js';
import type { LoadResult, ObjectPath, SourceMap } from '../../src/schema/types.js';
import { duplicateCases, referenceCases, schemaCases, syntaxCases, valueCases } from './invalid-corpus.js';
import { writeSet } from './helpers.js';

/**
 * The fast path of loading (js-yaml's events, src/schema/load/fast-yaml.ts) against yaml's
 * document and the walker (the full path): whatever the fast path takes, it must read exactly as
 * the full path does (the same data, numbers' source text, environment uses and positions), and
 * it must take nothing the full path reports a diagnostic for.
 */

const EXAMPLES = join(import.meta.dirname, '../../examples');
const EXAMPLE_ENV = { PETSTORE_PARTNER_KEY: 'partner-key', GITHUB_SHA: 'abc123' };

/** Every path of a value, the root included. */
function pathsOf(value: unknown, path: ObjectPath = [], out: ObjectPath[] = []): ObjectPath[] {
  out.push(path);
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

function expectSamePositions(data: unknown, a: SourceMap, b: SourceMap): void {
  for (const p of pathsOf(data)) {
    expect({ path: p, value: a.locate(p), key: a.locateKey(p) }).toEqual({ path: p, value: b.locate(p), key: b.locateKey(p) });
  }
}

function compareLoads(dir: string, paths: string[] = ['.'], env: NodeJS.ProcessEnv = {}): LoadResult {
  const fast = loadSpecSet(paths, { env, cwd: dir });
  const full = loadSpecSet(paths, { env, cwd: dir, fullYaml: true });
  expect(fast.ok).toBe(full.ok);
  if (fast.ok && full.ok) {
    expect(fast.specSet).toEqual(full.specSet);
    expect(fast.warnings).toEqual(full.warnings);
    expectSamePositions(fast.specSet, fast.sources, full.sources);
  } else if (!fast.ok && !full.ok) {
    expect(fast.diagnostics).toEqual(full.diagnostics);
  }
  return fast;
}

const SUBST = { env: { REGION: 'eu-west-1', KEY_VALUE: 'k' }, values: { stage: 'dev', nothing: null, limits: { rate: 10 } } };

interface Both {
  taken: boolean;
  fullErrors: string[];
}

/** One document through both paths: when the fast path takes it, both must agree in every respect. */
function both(text: string, dir = mkdtempSync(join(tmpdir(), 'apigw-fast-yaml-')), subst: SubstituteContext = SUBST, existing?: string): Both {
  // A file of the repository is read where it is; anything else is written to the scratch directory.
  const file = existing ?? join(dir, 'doc.yaml');
  if (!existing) writeFileSync(file, text);
  const fast = fastWalk({ text, file, subst, setRoot: dir, isSecret: (p) => p.length === 3 && p[0] === 'apiKeys' && p[2] === 'value' });
  const fastSources = new SpecSourceMap();
  fast?.recordPositions(fastSources);
  const diags = new Diagnostics();
  const parsed = parseYamlFile(text, file, 'doc.yaml', diags);
  const fullSources = new SpecSourceMap();
  const numberSources = new Map<string, string>();
  const envUses: EnvUse[] = [];
  const full = parsed
    ? walkDocument({ parsed, sources: fullSources, diags, setRoot: dir, numberSources, envUses, subst, isSecret: (p) => p.length === 3 && p[0] === 'apiKeys' && p[2] === 'value' })
    : undefined;
  const fullErrors = diags.list.map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`);
  if (fast) {
    expect(fullErrors, `the fast path took a document the full path refuses:\n${text}`).toEqual([]);
    // The loader skips its check for non-finite numbers only on the fast path's word.
    if (holdsNonFinite(full)) expect(fast.mayBeNonFinite).toBe(true);
    expect(fast.data).toEqual(full);
    expect([...fast.numberSources]).toEqual([...numberSources]);
    const uses = (u: EnvUse[]) => u.map((x) => ({ name: x.name, path: x.path, secret: x.secret, location: x.location }));
    expect(uses(fast.envUses)).toEqual(uses(envUses));
    expectSamePositions(full, fastSources, fullSources);
  }
  return { taken: fast !== undefined, fullErrors };
}

/** A number that is not finite, or text ajv's coercion would make one. */
function holdsNonFinite(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (typeof v === 'string') return v.trim() !== '' && !Number.isFinite(Number(v)) && !Number.isNaN(Number(v));
  if (v && typeof v === 'object') return Object.values(v).some(holdsNonFinite);
  return false;
}

/** Documents the fast path must take (and read as the full path does). */
const TAKEN: Record<string, string> = {
  'literal block scalars, each chomping': 'a: |\n  line one\n    indented\n  line two\nb: |-\n  stripped\n\nc: |+\n  kept\n\n\nd: x\n',
  'folded block scalars': 'a: >\n  folded\n  text\n\n  new paragraph\n    more indented\n  back\nb: >-\n  x\n  y\n',
  'block scalars with an indentation indicator, leading blank lines, in a list': 'a: |2\n    two extra\n  base\nb: |\n\n\n  after blanks\nc:\n  - |\n    in a list\n  - >\n    folded in a list\n',
  'a block scalar at the end without a line break': 'a: |\n  last',
  'double-quoted escapes': 'a: "tab\\there \\u00e9 \\x41 \\U0001F600 \\\\ \\" \\/ \\_ \\L \\P \\n \\ "\n',
  'double-quoted over lines, folded and continued': 'a: "one\n  two\n\n  three \\\n  four"\n',
  'single-quoted strings': "a: 'it''s'\nb: 'over\n  two lines'\nc: ''\nd: '#not a comment'\n",
  'numbers of the YAML 1.2 core schema': 'a: [0o14, 0x1F, 1e3, -1.5, +12, .5, 2.0, 1.0e+3, .inf, -.inf, +.inf, .Inf, .nan, .NaN, .NAN, 007, 1_000, 12345678901234567890, 0.1, -0, 1., 0b11, 012]\n',
  'booleans and nulls of the core schema, and their look-alikes': 'a: [true, True, TRUE, false, False, FALSE, yes, no, on, off, y, n, tRUE]\nb: [null, Null, NULL, ~, nULL]\nc:\nd: ~\n',
  'numbers and booleans as keys': '200: a\n1.0: b\n0o14: c\ntrue: d\n"300": e\n',
  'empty values': 'a:\nb: []\nc: {}\nd: [ ]\ne:\n  -\n  - x\n  -\nf: { g: , h: i }\n',
  'a flow mapping entry without a value': 'a: { b, c: d }\n',
  comments: '# head\na: 1 # after\n# between\nb:\n  # inside\n  - x # item\n  # after items\nc: { d: e } # flow\n# tail\n',
  'flow collections over lines, nested': 'a: { b: [1, 2, { c: d }],\n  e: f,\n  g: [\n    h,\n    i\n  ] }\nj: [ { k: l }, [m, n], "o", \'p\' ]\n',
  'multi-line plain scalars': 'a: word one\n  word two\n\n  word three\nb:\n  - item\n    continued\n',
  'document markers': '---\na: 1\n...\n',
  'a start marker with a comment': '--- # the spec\na: 1\n',
  'plain scalars with colons and hashes': 'url: http://example.com/a#b\nb: c:d\ntime: 12:30\narn: arn:aws:lambda:us-east-1:123456789012:function:fn\nhash: a#b\n',
  'quoted keys and keys with paths': '"a b": 1\n\'c: d\': 2\n/orders/{id}: {}\n"/x": { "GET": {} }\n',
  'substitution in keys and values': 'region: ${env:REGION}\n${values.stage}: x\nliteral: $${env:REGION}\nrate: ${values.limits}\nvtl: "#set($a = ${stageVariables.b})"\n',
  'a key whose value is a null value of the environment is left out': 'a: ${values.nothing}\nb: 1\n',
  'API key values as secret references': 'apiKeys:\n  k:\n    value: ${env:KEY_VALUE}\n  o:\n    value: ${env:OPTIONAL:-}\n',
  'unicode text': 'é: ü\nemoji: "😀"\nplain: 日本語\n',
  'an explicit key': '? a\n: b\n',
  'compact nested lists and maps': 'a:\n- b\n- - c\n  - d\n- e: f\n  g: h\n',
  'an empty document': '',
  'only comments': '# nothing\n',
  'a lone scalar': 'just text\n',
  'a top-level list': '- a\n- b\n',
  'long lines and trailing spaces': `a: ${'x'.repeat(5000)}   \nb: "  spaced  "   \n`,
};

/** Documents the fast path leaves to the full path (the full path reads them or reports them). */
const LEFT: Record<string, string> = {
  'an anchor and an alias': 'a: &x 1\nb: *x\n',
  'a tag': 'a: !!str 1\n',
  'a local tag': 'a: !thing 1\n',
  'several documents': 'a: 1\n---\nb: 2\n',
  'a directive': '%YAML 1.2\n---\na: 1\n',
  'a duplicate key': 'a: 1\nb: 2\na: 3\n',
  'a duplicate key in a flow mapping': 'x: { a: 1, a: 2 }\n',
  'keys that are the same number': 'x: { 1: a, 1.0: b }\n',
  'a merge key': 'base: { a: 1 }\nx:\n  <<: { a: 2 }\n',
  'a collection as a key': '{ a: 1 }: b\n',
  'a list as a key': '? [a, b]\n: c\n',
  'a null key': '~: a\n',
  'a tab': 'a:\tb\n',
  'a carriage return': 'a: 1\r\nb: 2\r\n',
  'a forbidden key': '__proto__: x\n',
  'a control character': 'a: "bell \\x07"\n',
  'control characters written as escapes': 'a: "\\N \\0 \\a \\b \\e \\f \\r \\v"\n',
  'an unknown environment variable': 'a: ${env:NOT_SET_ANYWHERE}\n',
  'an unclosed placeholder': 'a: ${env:REGION\n',
  'a literal API key value': 'apiKeys:\n  k:\n    value: plain-secret\n',
  'an include of a missing file': 'a: { $file: missing.txt }\n',
  'an include with a list': 'a: { $file: [x] }\n',
  'keys that become the same after substitution': '${values.stage}: 1\ndev: 2\n',
  'a number key and the same text quoted': 'x: { 1: a, "1": b }\n',
  'a key left out (a null value) written again': 'a: ${values.nothing}\nb: 1\na: 2\n',
  'nesting deeper than the limit': `${'['.repeat(120)}${']'.repeat(120)}\n`,
  'a nested mapping on one line': 'a: b: c\n',
  'an unclosed quote': 'a: "x\n',
  'an unclosed flow sequence': 'a: [1, 2\n',
  'a key after a list at the same level': '- a\nb: c\n',
  'a comment without a space after a quoted key': '"a"#c: 1\n',
  'bad indentation': 'a:\n  - b\n - c\n',
  'a reserved character': 'a: @b\n',
  'text after a quoted scalar': "a: 'b'c\n",
  'a bad escape': 'a: "\\q"\n',
  'an implicit key over two lines': 'a\nb: c\n',
  'a mapping indented less than its key': 'a:\n  b: 1\n c: 2\n',
};

describe('the fast path of loading YAML', () => {
  for (const [name, text] of Object.entries(TAKEN)) {
    it(`takes ${name}, read as yaml reads it`, () => {
      const r = both(text);
      expect(r.fullErrors).toEqual([]);
      expect(r.taken).toBe(true);
    });
  }

  for (const [name, text] of Object.entries(LEFT)) {
    it(`leaves ${name} to the full path`, () => {
      expect(both(text).taken).toBe(false);
    });
  }

  it('reads includes as the full path does (text and JSON)', () => {
    const dir = writeSet({ 'templates/a.vtl': '#set($x = 1)\n$x\n', 'data/b.json': '{"k": [1, 2, {"m": null}]}' });
    expect(both('a: { $file: templates/a.vtl }\nb: { $file: data/b.json }\nc: { "$file": templates/a.vtl }\n', dir).taken).toBe(true);
  });

  it('a number that is not finite is refused whichever way it comes (written, coerced, substituted, included)', () => {
    const dir = writeSet({
      'apigw-sync.yaml': 'name: shop\n',
      'plans.yaml': [
        'usagePlans:',
        '  a: { throttle: { rateLimit: .inf } }',
        '  b: { throttle: { rateLimit: " 1e400" } }',
        '  c: { throttle: { rateLimit: "${env:RATE}" } }',
        '  d: { throttle: { $file: throttle.json } }',
        '  e: { throttle: { rateLimit: Infinity } }',
        '',
      ].join('\n'),
      'throttle.json': '{"rateLimit": 1e400}',
    });
    const r = compareLoads(dir, ['.'], { RATE: '1e999' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics.filter((d) => d.code === 'spec/invalid-number').map((d) => d.path?.[1])).toEqual(['a', 'b', 'c', 'd', 'e']);
    }
  });

  it('a duplicate key is still refused, located as before', () => {
    const dir = writeSet({ 'apigw-sync.yaml': 'name: shop\n', 'api.yaml': 'restApis:\n  shop:\n    description: a\n    description: b\n' });
    const r = compareLoads(dir);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code}`)).toEqual(['4:5 spec/duplicate-key']);
    }
  });

  it('takes every spec file of the examples', () => {
    for (const name of readdirSync(EXAMPLES)) {
      const dir = join(EXAMPLES, name);
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.ya?ml$/.test(f) && f !== 'apigw-sync.yaml' && statSync(join(dir, f)).isFile());
      // The substitution values of the set's default environment, as the loader takes them.
      const rootFile = join(dir, 'apigw-sync.yaml');
      const root = (existsSync(rootFile) ? parse(readFileSync(rootFile, 'utf8')) : {}) as { environments?: Record<string, Record<string, unknown>>; defaultEnvironment?: string };
      const envs = Object.keys(root.environments ?? {});
      const chosen = root.defaultEnvironment ?? (envs.length === 1 ? envs[0] : undefined);
      const subst = { env: EXAMPLE_ENV, values: chosen ? root.environments![chosen] ?? {} : {} };
      for (const f of files) {
        const text = readFileSync(join(dir, f), 'utf8');
        const r = both(text, dir, subst, join(dir, f));
        expect({ file: `${name}/${f}`, taken: r.taken }).toEqual({ file: `${name}/${f}`, taken: true });
      }
    }
  });

  it('loads each example spec set as the full path does, positions included', () => {
    for (const name of readdirSync(EXAMPLES)) compareLoads(join(EXAMPLES, name), ['.'], EXAMPLE_ENV);
  });

  it('loads the fixtures of the tests as the full path does', () => {
    const fixtures = join(import.meta.dirname, '../gitops/fixtures');
    for (const f of readdirSync(fixtures)) both(readFileSync(join(fixtures, f), 'utf8'), fixtures, SUBST, join(fixtures, f));
  });

  it("loads the benchmark's generated sets as the full path does, positions included", () => {
    expect(compareLoads(writeRestSet(200).dir).ok).toBe(true);
    expect(compareLoads(writeHttpSet(100).dir).ok).toBe(true);
  });

  it('reports every case of the invalid-spec corpus as the full path does', () => {
    for (const c of [...schemaCases, ...referenceCases, ...duplicateCases, ...syntaxCases, ...valueCases]) {
      const files = { 'apigw-sync.yaml': 'name: shop\nregion: us-east-1\n', ...c.files };
      compareLoads(writeSet(files));
    }
  });

  it('reads what yaml writes, in every style, as yaml reads it', () => {
    const key = fc.string({ minLength: 1, maxLength: 12 });
    const scalar = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ maxLength: 40, unit: 'grapheme' }),
      fc.constantFrom('', ' ', 'a\nb', 'a\n\nb\n', ' lead', 'trail ', 'x: y', '- z', '#c', "'", '"', '\\', 'true', 'null', '0o7', '1e3', '.inf', '${values.stage}', '$${env:X}'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const options = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
      lineWidth: fc.constantFrom(0, 20, 80),
      minContentWidth: fc.constantFrom(0, 10),
      flowLevel: fc.constantFrom(undefined, 0, 1, 2),
      indent: fc.constantFrom(2, 4),
      indentSeq: fc.boolean(),
    });
    const dir = mkdtempSync(join(tmpdir(), 'apigw-fast-yaml-'));
    let taken = 0;
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), options, (data, o) => {
        const { flowLevel, defaultKeyType, ...rest } = o;
        const text = stringify(data, { ...rest, ...(defaultKeyType ? { defaultKeyType } : {}), ...(flowLevel !== undefined ? { collectionStyle: 'block', flow: false } : {}) } as never);
        const withFlow = flowLevel === undefined ? text : stringify(data, { ...rest, collectionStyle: flowLevel === 0 ? 'flow' : 'any' } as never);
        if (both(withFlow, dir).taken) taken++;
      }),
      { numRuns: 400 },
    );
    // Most of what yaml writes is plain data the fast path takes.
    expect(taken).toBeGreaterThan(150);
  });
});
