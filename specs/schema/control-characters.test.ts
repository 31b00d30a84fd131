import { describe, expect, it } from 'vitest';
import { renderDiagnosticsText } from '../../src/schema/index.js';
import { errorsOf, load, ROOT } from './helpers.js';

/**
 * Control characters in a spec: nothing legitimate holds NUL, BEL, ESC, DEL or a C1 control, and
 * names, descriptions and templates reach the plan, a terminal and pull-request comments (ESC [
 * starts a terminal sequence there). Tab, line feed and carriage return stay allowed: VTL templates
 * are block scalars and use them.
 */
const FIX = 'remove it (`cat -v api.yaml` shows control characters, e.g. ESC as ^[); if it comes from ${env:NAME} or ${values.NAME}, clean that value.';
const ALLOWED = 'a spec may hold tabs and line breaks, but no other control character.';
const api = (body: string) => ({ 'apigw-sync.yaml': ROOT, 'api.yaml': `restApis:\n  shop:\n${body}` });

describe('control characters in a spec', () => {
  it.each([
    {
      name: 'a terminal escape sequence in a description (written raw): located at the ESC itself',
      files: api('    description: "red \x1b[31mALERT"\n'),
      want: `api.yaml:3:23 spec/control-character REST API shop: "description" contains the control character U+001B ESCAPE (character 5 of the value); ${ALLOWED}`,
    },
    {
      name: 'ESC written as a YAML escape (\\e): located at the value',
      files: api('    description: "red \\e[31mALERT"\n'),
      want: `api.yaml:3:18 spec/control-character REST API shop: "description" contains the control character U+001B ESCAPE (character 5 of the value); ${ALLOWED}`,
    },
    {
      name: 'NUL in a key',
      files: api('    tags: { "team\\0": x }\n'),
      want: `api.yaml:3:13 spec/control-character REST API shop: "tags" has the key "team\\u0000", which contains the control character U+0000 NULL (character 5 of the key); ${ALLOWED}`,
    },
    {
      name: 'BEL in a plain scalar',
      files: api('    tags: { team: "a\x07b" }\n'),
      want: `api.yaml:3:21 spec/control-character REST API shop: "tags.team" contains the control character U+0007 BELL (character 2 of the value); ${ALLOWED}`,
    },
    {
      name: 'DEL on the second line of a VTL template (the tab before it is fine)',
      files: api('    resources:\n      /a:\n        GET:\n          integration:\n            type: MOCK\n            requestTemplates:\n              application/json: |\n                #set($x = 1)\n                \t$x\x7f\n'),
      want: `api.yaml:11:20 spec/control-character The integration of GET /a (REST API shop): "requestTemplates.application/json" contains the control character U+007F DELETE (line 2, character 4 of the value); ${ALLOWED}`,
    },
    {
      name: 'a C1 control (CSI, U+009B: ESC [ in one character)',
      files: api('    description: "x\\u009B2Jy"\n'),
      want: `api.yaml:3:18 spec/control-character REST API shop: "description" contains the control character U+009B CONTROL SEQUENCE INTRODUCER (character 2 of the value); ${ALLOWED}`,
    },
  ])('$name', ({ files, want }) => {
    expect(errorsOf(files)).toEqual([want]);
  });

  it('says how to fix it', () => {
    const { result } = load(api('    description: "\\e[2J"\n'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0]!.fix).toBe(FIX);
  });

  it('one that comes from ${env:NAME} is refused too, at the placeholder', () => {
    expect(errorsOf(api('    description: "${env:DESC}"\n'), { env: { DESC: 'ok\x1b]0;title\x07' } })).toEqual([
      `api.yaml:3:18 spec/control-character REST API shop: "description" contains the control character U+001B ESCAPE (character 3 of the value); ${ALLOWED}`,
    ]);
  });

  it('in an included template or JSON document', () => {
    const errors = errorsOf({
      'apigw-sync.yaml': ROOT,
      'api.yaml': 'restApis:\n  shop:\n    policy: { $file: policy.json }\n    resources:\n      /a:\n        GET:\n          integration:\n            type: MOCK\n            requestTemplates: { application/json: { $file: t.vtl } }\n',
      'policy.json': '{ "Statement": [{ "Sid": "a\\u001bb" }] }',
      't.vtl': '#set($a = 1)\n  $a\x00\n',
    });
    expect(errors).toEqual([
      `api.yaml:3:22 spec/control-character $file policy.json contains the control character U+001B ESCAPE (in the key "Sid" or its value); ${ALLOWED}`,
      `api.yaml:9:60 spec/control-character $file t.vtl contains the control character U+0000 NULL at line 2, column 5; ${ALLOWED}`,
    ]);
  });

  it('tab, line feed and carriage return are allowed where YAML allows them', () => {
    const { result } = load(api('    description: "a\\tb\\r\\nc"\n    resources:\n      /a:\n        GET:\n          integration:\n            type: MOCK\n            requestTemplates:\n              application/json: |\n                {\r\n                \t"a": 1\r\n                }\n'));
    expect(result.ok).toBe(true);
  });

  it('the code frame shows the character escaped, never raw', () => {
    const { dir, result } = load(api('    tags: { team: "a\x1b[2Jb" }\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = renderDiagnosticsText(result.diagnostics, { cwd: dir });
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(text).toContain([
      '  > 3 |     tags: { team: "a\\u001b[2Jb" }',
      '      |                     ^',
    ].join('\n'));
  });
});

describe('dot segments and characters AWS refuses in REST resource paths', () => {
  const paths = (...p: string[]) => api(`    resources:\n${p.map((x) => `      ${x}:\n        GET: { integration: { type: MOCK } }\n`).join('')}`);
  const dots = 'clients resolve "." and ".." before sending (/a/../b is requested as /b), so no request could reach it.';
  it.each([
    { path: '/../admin', why: `has the segment "..": ${dots}` },
    { path: '/a/./b', why: `has the segment ".": ${dots}` },
    { path: '/a/..', why: `has the segment "..": ${dots}` },
    { path: '/a//b', why: 'has an empty segment ("//").' },
    { path: '/a/b@c', why: 'has the character "@" in the segment "b@c"; AWS allows letters, digits, ".", "_", "-" and ":" in a path part.' },
    { path: '/%2e%2e/admin', why: 'has the character "%" in the segment "%2e%2e"; AWS allows letters, digits, ".", "_", "-" and ":" in a path part.' },
    { path: "/it's", why: 'has the character "\'" in the segment "it\'s"; AWS allows letters, digits, ".", "_", "-" and ":" in a path part.' },
  ])('$path', ({ path, why }) => {
    expect(errorsOf(paths(path))).toEqual([`api.yaml:4:7 spec/invalid-path Resource path "${path}" (REST API shop) ${why}`]);
  });

  it('what CreateResource accepts still loads: letters, digits, . _ - : and {name} / {name+}', () => {
    const { result } = load(paths('/v1.2/events:batch/under_score-dash', '/v1.2/{id}', '/files/{proxy+}', '/a..b/.hidden'));
    expect(result.ok).toBe(true);
  });
});
