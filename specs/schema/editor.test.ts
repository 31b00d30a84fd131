import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIGatewayClient, CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { layoutFiles, MODELINE, ROOT_MODELINE } from '../../src/import/write-spec.js';
import { SCHEMA_BASE_URL } from '../../src/schema/published.js';

/**
 * What an editor shows with the published schema: yaml-language-server itself (the engine of VS
 * Code's YAML extension) validates and hovers spec text, as it would in a user's editor.
 */
const root = join(import.meta.dirname, '../..');
const schemas = ['apigw-sync.schema.json', 'apigw-sync-root.schema.json'].map((f) => JSON.parse(readFileSync(join(root, 'schema', f), 'utf8')));
const spec = schemas[0];

// The editor fetches a modeline's `$schema`: the $id URL is answered from schema/ (what that URL
// serves), a relative path from the file system.
const ls = getLanguageService({
  schemaRequestService: async (uri: string) => {
    if (uri.startsWith(SCHEMA_BASE_URL)) return readFileSync(join(root, 'schema', uri.slice(SCHEMA_BASE_URL.length)), 'utf8');
    if (uri.startsWith('file://')) return readFileSync(fileURLToPath(uri), 'utf8');
    throw new Error(`no fetch in tests: ${uri}`);
  },
  workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() },
});
ls.configure({ validate: true, hover: true, completion: true, schemas: [{ uri: spec.$id, fileMatch: ['*.yaml'], schema: spec }] });

let n = 0;
async function editor(text: string, at?: [number, number], uri = `file:///w/spec-${n++}.yaml`): Promise<{ problems: string[]; hover: string }> {
  const doc = TextDocument.create(uri, 'yaml', 1, text);
  const problems = (await ls.doValidation(doc, false)).map((d) => `${d.range.start.line + 1}: ${d.message}`);
  const h = at ? await ls.doHover(doc, { line: at[0], character: at[1] }) : null;
  const hover = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  return { problems, hover };
}

const METHOD = 'restApis:\n  petstore:\n    resources:\n      /users:\n        GET:\n';

describe('the schema in yaml-language-server', () => {
  it('names definitions after what they describe, never d37 nor ResponseParameters2', () => {
    const names = Object.keys(spec.definitions);
    expect(names).toEqual(expect.arrayContaining(['Integration', 'Method', 'MethodResponses', 'Stage', 'Throttle']));
    // Schemas of one field name in different objects are named after the object holding them.
    expect(names).toEqual(expect.arrayContaining(['GatewayResponseParameters', 'MethodResponseParameters', 'IntegrationResponseParameters']));
    expect(names.filter((d) => /^d\d+$|\d$/.test(d))).toEqual([]);
    // Every name is a PascalCase word, and the definitions are used where they are named.
    for (const s of schemas) for (const d of Object.keys(s.definitions ?? {})) expect(d).toMatch(/^[A-Z][A-Za-z]+$/);
    const text = JSON.stringify(spec);
    for (const d of names) expect(text, d).toContain(`"#/definitions/${d}"`);
  });

  it('an empty integration: is an error naming types, not generated definitions', async () => {
    const { problems, hover } = await editor(`${METHOD}          integration:\n`, [5, 12]);
    expect(problems).toEqual(['6: Incorrect type. Expected one of object, string.']);
    expect(hover).toMatch(/^#### Integration\n\nThe backend this method calls/);
  });

  it('hover shows one title: the field, not the file\'s title twice', async () => {
    const text = `${METHOD}          integration:\n            type: MOCK\n    endpointType: REGIONAL\n`;
    for (const [at, title] of [[[5, 12], 'Integration'], [[6, 14], 'type'], [[7, 6], 'endpointType']] as const) {
      const { problems, hover } = await editor(text, at as [number, number]);
      expect(problems).toEqual([]);
      expect(hover.match(/^#### .*$/gm), title).toEqual([`#### ${title}`]);
      expect(hover).not.toContain('||');
      expect(hover).not.toContain('apigw-sync spec file');
    }
  });

  it('an empty field of listed values that also takes a placeholder: one title, the values suggested and checked', async () => {
    const at = (value: string) => `${METHOD}          integration:\n            type: MOCK\n            passthroughBehavior:${value}\n`;
    const empty = await editor(at(''), [7, 14]);
    expect(empty.hover.match(/^#### .*$/gm)).toEqual(['#### passthroughBehavior']);
    expect(empty.hover).not.toContain('||');
    // The values are listed (Markdown-escaped: WHEN\_NO\_MATCH).
    expect(empty.hover.replace(/\\/g, '')).toContain('One of "WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER", or ${env:NAME} / ${values.NAME}.');
    for (const ok of [' NEVER', ' ${values.passthrough}', ' ${env:PASSTHROUGH}']) {
      const r = await editor(at(ok), [7, 14]);
      expect(r.problems, ok).toEqual([]);
      expect(r.hover.match(/^#### .*$/gm), ok).toEqual(['#### passthroughBehavior']);
    }
    for (const bad of [' NEVERMORE', ' ${nope}', ' never']) {
      expect((await editor(at(bad))).problems, bad).toEqual([
        '8: Value is not accepted. Valid values: "WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER", or a placeholder (${env:NAME}, ${values.NAME}).',
      ]);
    }
    const doc = TextDocument.create(`file:///w/spec-${n++}.yaml`, 'yaml', 1, at(' '));
    const completion = await ls.doComplete(doc, { line: 7, character: 33 }, false);
    expect(completion.items.map((i) => i.label)).toEqual(expect.arrayContaining(['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']));
  });

  it('an empty field of a pattern that also takes a placeholder: one title, the pattern checked', async () => {
    const at = (value: string) => `restApis:\n  petstore:\n    gatewayResponses:\n      THROTTLED:\n        statusCode:${value}\n`;
    const empty = await editor(at(''), [4, 10]);
    expect(empty.hover.match(/^#### .*$/gm)).toEqual(['#### statusCode']);
    expect(empty.hover).not.toContain('||');
    for (const ok of [' "429"', ' ${values.throttled}']) expect((await editor(at(ok))).problems, ok).toEqual([]);
    expect((await editor(at(' "42"'))).problems).toEqual([expect.stringMatching(/^5: String does not match the pattern of "\^\[1-5\]\[0-9\]\[0-9\]\$", nor is it a placeholder/)]);
  });

  it('takes placeholders where values go, and shows the example spec files without a problem', async () => {
    expect((await editor('restApis:\n  petstore:\n    minimumCompressionSize: ${values.compression}\n    binaryMediaTypes: ${values.types}\n')).problems).toEqual([]);
    expect((await editor('restApis:\n  petstore:\n    minimumCompressionSize: lots\n')).problems).toEqual([expect.stringMatching(/^3: /)]);
    for (const f of ['petstore/petstore.yaml', 'petstore/access.yaml', 'orders-http/orders.yaml', 'chat-websocket/chat.yaml']) {
      const path = join(root, 'examples', f);
      expect((await editor(readFileSync(path, 'utf8'), undefined, pathToFileURL(path).toString())).problems, f).toEqual([]);
    }
  });

  it('has an $id that is the URL serving the schema file itself', () => {
    for (const s of schemas) {
      expect(s.$id).toMatch(/^https:\/\/raw\.githubusercontent\.com\/apigw-sync\/apigw-sync\/main\/schema\/apigw-sync(-root)?\.schema\.json$/);
      expect(s.$id.startsWith(SCHEMA_BASE_URL)).toBe(true);
      expect(JSON.parse(readFileSync(join(root, 'schema', s.$id.slice(SCHEMA_BASE_URL.length)), 'utf8')).$id).toBe(s.$id);
    }
  });
});

describe('imported spec files', () => {
  it('start with the yaml-language-server modeline of their schema', () => {
    const files = layoutFiles(
      {
        name: 'shop', region: 'us-east-1', restApis: { shop: { description: 'x' } }, httpApis: { orders: {} }, webSocketApis: {},
        apiKeys: { partner: { value: '${env:APIGW_KEY_PARTNER}' } }, usagePlans: {}, domains: { 'api.example.com': {} }, keyVariables: new Map(),
      },
      '# Imported from AWS.',
    );
    const yamlFiles = [...files.keys()].filter((f) => f.endsWith('.yaml'));
    expect(yamlFiles.sort()).toEqual(['access.yaml', 'apigw-sync.yaml', 'domains.yaml', 'orders.yaml', 'settings.yaml', 'shop.yaml']);
    for (const f of yamlFiles) expect(files.get(f)!.startsWith(f === 'apigw-sync.yaml' ? ROOT_MODELINE : MODELINE), f).toBe(true);
    expect(MODELINE).toBe(`# yaml-language-server: $schema=${schemas[0].$id}\n`);
    expect(ROOT_MODELINE).toBe(`# yaml-language-server: $schema=${schemas[1].$id}\n`);
  });
});

describe('an imported file in the editor', () => {
  it('finds its schema through the modeline alone (no editor setting) and flags a misspelt field', async () => {
    const ls2 = getLanguageService({
      schemaRequestService: async (uri: string) => readFileSync(join(root, 'schema', uri.slice(SCHEMA_BASE_URL.length)), 'utf8'),
      workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() },
    });
    ls2.configure({ validate: true, hover: true, schemas: [] });
    const doc = TextDocument.create('file:///elsewhere/shop.yaml', 'yaml', 1, `${MODELINE}restApis:\n  shop:\n    descripton: x\n`);
    expect((await ls2.doValidation(doc, false)).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual(['4: Property descripton is not allowed.']);
  });
});

describe('a spec set written by the built `apigw-sync import`, opened in the editor', () => {
  const BIN = join(root, 'bin', 'apigw-sync.js');
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterAll(() => emu?.close());

  /** yaml-language-server with no schema setting at all: only the files' own modelines. */
  const bare = getLanguageService({
    schemaRequestService: async (uri: string) => {
      if (!uri.startsWith(SCHEMA_BASE_URL)) throw new Error(`no fetch in tests: ${uri}`);
      return readFileSync(join(root, 'schema', uri.slice(SCHEMA_BASE_URL.length)), 'utf8');
    },
    workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).toString() },
  });
  bare.configure({ validate: true, hover: true, schemas: [] });

  async function openAll(dir: string): Promise<Record<string, { modeline: string; problems: string[]; hover: string }>> {
    const seen: Record<string, { modeline: string; problems: string[]; hover: string }> = {};
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      const text = readFileSync(join(dir, f), 'utf8');
      const doc = TextDocument.create(pathToFileURL(join(dir, f)).toString(), 'yaml', 1, text);
      const problems = (await bare.doValidation(doc, false)).map((d) => `${d.range.start.line + 1}: ${d.message}`);
      // Hover over the first key of the document (after the comment lines).
      const line = text.split('\n').findIndex((l) => /^[a-zA-Z]/.test(l));
      const h = await bare.doHover(doc, { line, character: 1 });
      seen[f] = { modeline: text.split('\n')[0] ?? '', problems, hover: h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '' };
    }
    return seen;
  }

  it('from live APIs and from OpenAPI: every file starts with its modeline, and the editor finds no problem in it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'apigw-editor-import-'));
    const client = new APIGatewayClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await client.send(new CreateRestApiCommand({ name: 'legacy', description: 'Made in the console' }));
    writeFileSync(join(cwd, 'api.yaml'), [
      'openapi: 3.0.1',
      'info: { title: shop, version: "1" }',
      'paths:',
      '  /ping:',
      '    get:',
      '      responses: { "200": { description: ok } }',
      '      x-amazon-apigateway-integration: { type: mock, requestTemplates: { application/json: \'{"statusCode": 200}\' }, responses: { default: { statusCode: "200" } } }',
      '',
    ].join('\n'));
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'us-east-1', NO_COLOR: '1' };
    for (const args of [['import', '--all', '--endpoint-url', emu.url, '--out', 'apis/legacy'], ['import', '--openapi', 'api.yaml', '--out', 'apis/shop']]) {
      // Asynchronously: the emulator answers from this process.
      await promisify(execFile)(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
    }
    for (const set of ['legacy', 'shop']) {
      const files = await openAll(join(cwd, 'apis', set));
      expect(Object.keys(files), set).toEqual(expect.arrayContaining(['apigw-sync.yaml', `${set}.yaml`]));
      for (const [f, { modeline, problems, hover }] of Object.entries(files)) {
        expect(`${modeline}\n`, `${set}/${f}`).toBe(f === 'apigw-sync.yaml' ? ROOT_MODELINE : MODELINE);
        expect(problems, `${set}/${f}`).toEqual([]);
        // The schema was found through the modeline alone: its description is shown on hover.
        expect(hover.match(/^#### .*$/gm), `${set}/${f}`).toHaveLength(1);
      }
    }
  }, 60_000);
});

describe('the schema URL', () => {
  it('is the raw file of schema/ on the main branch of the repository package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
    const repo = /^git\+https:\/\/github\.com\/([^/]+\/[^/]+?)\.git$/.exec(pkg.repository.url)?.[1];
    expect(SCHEMA_BASE_URL).toBe(`https://raw.githubusercontent.com/${repo}/main/schema/`);
    // The files served there are the committed ones: published-schema.test.ts fails when they are stale.
    for (const f of ['apigw-sync.schema.json', 'apigw-sync-root.schema.json']) {
      expect(JSON.parse(readFileSync(join(root, 'schema', f), 'utf8')).$id).toBe(`${SCHEMA_BASE_URL}${f}`);
    }
  });
});
