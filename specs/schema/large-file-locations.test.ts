import { describe, expect, it } from 'vitest';
import { errorsOf, ROOT } from './helpers.js';

/**
 * Positions are kept as offsets and turned into line:column only when a diagnostic is reported
 * (src/schema/load/source-map.ts): a spec of thousands of methods must still point at the exact
 * line and column of a mistake near its end, for schema errors (ajv), semantic checks and values
 * written in flow mappings alike.
 */
const METHODS = 3000;
const VERBS = ['GET', 'POST', 'PUT', 'DELETE'];

interface Marks {
  text: string;
  /** 1-based line of each marked line. */
  at: Record<string, number>;
}

/** A REST API of METHODS methods in one file; `edit` may replace the lines of one method. */
function bigSpec(edit: (leaf: number, verb: string, lines: string[]) => string[] | undefined): Marks {
  const lines = ['restApis:', '  big:', '    models:', '      Pet: { schema: { type: object } }', '    resources:'];
  const at: Record<string, number> = {};
  let placed = 0;
  for (let leaf = 0; placed < METHODS; leaf++) {
    lines.push(`      /g${Math.floor(leaf / 25)}/r${leaf}:`);
    for (const verb of VERBS) {
      if (placed++ >= METHODS) break;
      const method = [
        `        ${verb}:`,
        `          operationName: op${leaf}${verb}`,
        '          integration:',
        '            type: MOCK',
        `            requestTemplates: { application/json: '{"statusCode": 200}' }`,
        '            responses:',
        `              "200": { responseTemplates: { application/json: '{"leaf": ${leaf}}' } }`,
        '          responses:',
        '            "200": { responseModels: { application/json: Pet } }',
      ];
      for (const line of edit(leaf, verb, method) ?? method) {
        const mark = /#(\w+)$/.exec(line);
        if (mark) at[mark[1]!] = lines.length + 1;
        lines.push(line.replace(/\s*#\w+$/, ''));
      }
    }
  }
  return { text: `${lines.join('\n')}\n`, at };
}

const LAST = METHODS / VERBS.length - 1;

describe('locations deep in a large file', () => {
  it('an unknown field in the last method is reported at its key', () => {
    const spec = bigSpec((leaf, verb, m) => (leaf === LAST && verb === 'DELETE' ? [...m.slice(0, 2), '          operatonName: typo #typo', ...m.slice(2)] : undefined));
    const errors = errorsOf({ 'apigw-sync.yaml': ROOT, 'api.yaml': spec.text });
    expect(spec.at.typo).toBeGreaterThan(METHODS * 9);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^api\\.yaml:${spec.at.typo}:11 spec/unknown-field `));
  });

  it('a wrong type inside a flow mapping is reported at the value, column included', () => {
    const spec = bigSpec((leaf, verb, m) => (leaf === LAST - 3 && verb === 'PUT' ? [...m.slice(0, 8), '            "200": { responseModels: { application/json: [Pet] } } #list'] : undefined));
    const errors = errorsOf({ 'apigw-sync.yaml': ROOT, 'api.yaml': spec.text });
    const column = '            "200": { responseModels: { application/json: '.length + 1;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^api\\.yaml:${spec.at.list}:${column} spec/wrong-type `));
  });

  it('a semantic check (an undefined model) points at the reference near the end of the file', () => {
    const spec = bigSpec((leaf, verb, m) => (leaf === LAST - 1 && verb === 'GET' ? [...m.slice(0, 8), '            "200": { responseModels: { application/json: Cat } } #cat'] : undefined));
    const errors = errorsOf({ 'apigw-sync.yaml': ROOT, 'api.yaml': spec.text });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^api\\.yaml:${spec.at.cat}:\\d+ spec/unresolved-reference .*"Cat"`));
    const column = Number(/^api\.yaml:\d+:(\d+)/.exec(errors[0]!)![1]);
    // At the reference or its mapping on that line, never at the start of a line the file does not have it on.
    expect(column).toBeGreaterThan(12);
  });

  it('two mistakes far apart keep their own lines', () => {
    const spec = bigSpec((leaf, verb, m) => {
      if (leaf === 2 && verb === 'GET') return [...m.slice(0, 3), '            type: NOCK #first', ...m.slice(4)];
      if (leaf === LAST && verb === 'POST') return [...m.slice(0, 3), '            type: MOKC #second', ...m.slice(4)];
      return undefined;
    });
    const errors = errorsOf({ 'apigw-sync.yaml': ROOT, 'api.yaml': spec.text });
    const invalid = errors.filter((e) => e.includes(' spec/invalid-value '));
    expect(invalid.map((e) => e.split(' ')[0])).toEqual([`api.yaml:${spec.at.first}:19`, `api.yaml:${spec.at.second}:19`]);
    expect(invalid[1]).toContain('"MOKC"');
  });
});
