import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { ROOT, writeSet } from './helpers.js';

/**
 * Bad input through the real CLI entry (`main` in-process, and the launcher as a subprocess):
 * each case exits 1 with a located, readable error and no stack trace.
 */
const STACK = /\n\s+at /;

async function validate(files: Record<string, string | Buffer>, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const dir = writeSet(files);
  const io = bufferIO({ cwd: dir, env });
  const code = await main(['validate', ...args], io);
  return { code, out: io.out(), err: io.err(), dir };
}

describe('validate on bad input', () => {
  it('malformed YAML', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    description: "unterminated\n' });
    expect(r.code).toBe(1);
    // The parser notices the missing quote at the end of the file; the frame shows the line before.
    expect(r.err).toContain('api.yaml:4:1  error  spec/yaml-syntax\n  Invalid YAML: Missing closing "quote.\n    3 |     description: "unterminated\n');
    expect(r.err).not.toMatch(STACK);
  });

  it('wrong types, with a code frame under the value', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    minimumCompressionSize: big\n' });
    expect(r.code).toBe(1);
    expect(r.err).toBe([
      'api.yaml:3:29  error  spec/wrong-type',
      '  REST API shop: "minimumCompressionSize" must be a whole number, not "big".',
      '    2 |   shop:',
      '  > 3 |     minimumCompressionSize: big',
      '      |                             ^^^',
      '  Fix: write a whole number here.',
      '',
      '1 error: the spec set is not valid.',
      '',
    ].join('\n'));
  });

  it('unknown keys get a did-you-mean and the list of allowed fields', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    descripton: Shop\n' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('api.yaml:3:5  error  spec/unknown-field\n  REST API shop has an unknown field "descripton". Did you mean "description"?');
    expect(r.err).toContain('  Fix: rename or remove it (allowed: description, deploymentDescription, version, endpointType, vpcEndpointIds, ipAddressType, securityPolicy, endpointAccessMode, tags,');
  });

  it('dangling references', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'plan.yaml': 'apiKeys:\n  partner: {}\nusagePlans:\n  basic:\n    keys: [partnr]\n' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('plan.yaml:5:12  error  spec/unresolved-reference\n  Usage plan basic refers to the API key "partnr", which is not defined. Did you mean "partner"?');
  });

  it('duplicate keys in one mapping', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'keys.yaml': 'apiKeys:\n  partner: {}\n  partner: {}\n' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('keys.yaml:3:3  error  spec/duplicate-key\n  Duplicate key "partner" in this mapping: each key may appear once.');
  });

  it('an alias bomb is stopped after a bounded number of values', async () => {
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `restApis:\n  shop:\n    binaryMediaTypes:\n      - ${levels.join('\n      - ')}\n`;
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': bomb });
    expect(r.code).toBe(1);
    expect(r.err).toContain('spec/alias-limit\n  Aliases in api.yaml expand to more than 10000 values (an alias bomb?).');
  });

  it('__proto__ and constructor keys', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  __proto__:\n    polluted: true\n  shop:\n    tags:\n      constructor: x\n' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('api.yaml:2:3  error  spec/forbidden-key\n  "__proto__" cannot be used as a key.');
    expect(r.err).toContain('api.yaml:6:7  error  spec/forbidden-key\n  "constructor" cannot be used as a key.');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a 50 MB file is refused before it is read', async () => {
    const dir = writeSet({ 'apigw-sync.yaml': ROOT });
    const fd = openSync(join(dir, 'huge.yaml'), 'w');
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i < 50; i++) writeSync(fd, chunk);
    closeSync(fd);
    const io = bufferIO({ cwd: dir });
    expect(await main(['validate'], io)).toBe(1);
    expect(io.err()).toContain('huge.yaml:1:1  error  spec/file-too-large\n  huge.yaml is 50.0 MB; spec files and included files may be at most 5 MB.');
    expect(io.err()).not.toMatch(STACK);
    rmSync(dir, { recursive: true, force: true });
  });

  it('deeply nested YAML is an error, not a crash', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': `restApis: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/api\.yaml:1:\d+ {2}error {2}spec\/(yaml-syntax|too-deep)\n/);
    expect(r.err).not.toMatch(STACK);
  });

  it('a file that is not UTF-8', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'latin1.yaml': Buffer.from('restApis:\n  caf\xe9: {}\n', 'latin1') });
    expect(r.code).toBe(1);
    expect(r.err).toContain('latin1.yaml:1:1  error  spec/not-utf8\n  latin1.yaml is not valid UTF-8 text.');
  });

  it('a path that does not exist', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT }, ['nope.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`apigw-sync  error  spec/path-not-found\n  nope.yaml does not exist (looked for ${join(r.dir, 'nope.yaml')}).`);
  });

  it('a directory that is no spec set and holds none: refused as plan refuses it, nothing read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-sync-empty-'));
    writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  web: { image: nginx }\n');
    const io = bufferIO({ cwd: dir });
    expect(await main(['validate'], io)).toBe(1);
    expect(io.err()).toBe(
      `Error: There is no apigw-sync.yaml in the current directory (${dir}), so it is not a spec set.\n` +
        'No spec set was found below it either (8 levels, skipping what .gitignore ignores).\n' +
        '  Fix: Name the directory that holds apigw-sync.yaml, or create one (name: and region:, see docs/spec.md).\n',
    );
  });

  it('an unset ${env:...}', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    description: Shop ${env:SHOP_TEAM}\n' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('api.yaml:3:18  error  spec/unset-env\n  The environment variable SHOP_TEAM is not set (used as ${env:SHOP_TEAM}).');
    expect(r.err).toContain('Fix: set SHOP_TEAM in the environment, or give a default: ${env:SHOP_TEAM:-value}.');
  });

  it('a literal API key value is reported without printing the secret', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'keys.yaml': 'apiKeys:\n  partner:\n    value: s3cr3t-value-1234567890\n' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('keys.yaml:3:12  error  spec/secret-literal');
    expect(r.err).not.toContain('s3cr3t');
  });

  it('reports every error of a set in one run', async () => {
    const r = await validate({
      'apigw-sync.yaml': ROOT,
      'a.yaml': 'restApis:\n  shop:\n    endpointType: EDG\n',
      'b.yaml': 'usagePlans:\n  p:\n    keys: [nope]\n',
    });
    expect(r.err).toContain('a.yaml:3:19  error  spec/invalid-value');
    expect(r.err).toContain('b.yaml:3:12  error  spec/unresolved-reference');
    expect(r.err).toContain('2 errors: the spec set is not valid.');
  });
});

describe('validate exit codes and output', () => {
  it('--output json lists diagnostics with locations', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    endpointType: EDG\n' }, ['--output', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toStrictEqual({
      valid: false,
      paths: ['.'],
      diagnostics: [{
        code: 'spec/invalid-value',
        severity: 'error',
        message: 'REST API shop: "endpointType" must be one of REGIONAL, EDGE, PRIVATE, not "EDG". Did you mean "EDGE"?',
        fix: 'use one of the allowed values.',
        file: 'api.yaml',
        line: 3,
        column: 19,
        path: ['restApis', 'shop', 'endpointType'],
      }],
    });
  });

  it('a bad --output is a usage error (exit 1, not 2: 2 means changes)', async () => {
    const r = await validate({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis: {}\n' }, ['--output', 'xml']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('Error: --output must be text or json, not "xml".\n  Fix: pass --output text or --output json.\n');
  });

  it('an unknown --env is invalid input (exit 1) naming the environments', async () => {
    const root = 'name: shop\nenvironments:\n  dev: {}\n  prod: {}\ndefaultEnvironment: dev\n';
    const r = await validate({ 'apigw-sync.yaml': root, 'api.yaml': 'restApis: {}\n' }, ['--env', 'prd']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('apigw-sync.yaml:2:1  error  spec/unknown-environment\n  --env prd: no such environment in apigw-sync.yaml (defined: dev, prod). Did you mean "prod"?');
  });
});

describe('the launcher as a subprocess', () => {
  const root = resolve(import.meta.dirname, '../..');
  it('exits 1 with a located error and no stack trace', () => {
    const dir = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    resources:\n      /a:\n        GET: { authorizer: nope, integration: { type: MOCK } }\n' });
    const r = spawnSync('node', [join(root, 'bin/apigw-sync.js'), 'validate', dir], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'api.yaml')}:5:28  error  spec/unresolved-reference\n  Method GET /a (REST API shop) refers to the authorizer "nope", which is not defined.`);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('validates the examples with no environment variables and no flags', () => {
    const r = spawnSync('node', ['bin/apigw-sync.js', 'validate', 'examples/'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toStrictEqual([
      'Valid: spec set chat (environment dev, region us-west-2), 1 file in examples/chat-websocket: 1 WebSocket API, 5 routes, 1 stage, 1 API key, 1 usage plan, 1 domain, 1 VPC link.',
      'Valid: spec set status-page (region us-east-1), 1 file in examples/custom-domain: 1 REST API (1 method), 1 stage, 1 domain.',
      'Valid: spec set orders (environment dev, region eu-west-1), 1 file in examples/orders-http: 1 HTTP API, 9 routes, 1 stage, 1 domain, 1 VPC link.',
      'Valid: spec set petstore (environment dev, region us-east-1), 4 files in examples/petstore: 2 REST APIs (21 methods), 2 stages, 2 API keys, 1 usage plan, 2 domains, 1 VPC link.',
      'Valid: spec set ledger-internal (region us-east-1), 2 files in examples/private-api: 1 REST API (1 method), 1 stage, 1 domain.',
      'Valid: spec set webhooks (region eu-west-1), 1 file in examples/quick-create: 1 HTTP API.',
      'Valid: spec set storefront (region us-east-1), 2 files in examples/routing-rules: 2 REST APIs (2 methods), 3 stages, 1 domain.',
    ]);
  });
});

describe('includes cannot reach outside the spec set', () => {
  it('a symbolic link inside the set that points outside is refused', async () => {
    const { symlinkSync } = await import('node:fs');
    const outside = writeSet({ 'secret.json': '{"token": "x"}' });
    const dir = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    policy: { $file: link.json }\n' });
    symlinkSync(join(outside, 'secret.json'), join(dir, 'link.json'));
    const io = bufferIO({ cwd: dir });
    expect(await main(['validate'], io)).toBe(1);
    expect(io.err()).toContain("api.yaml:3:22  error  spec/bad-include\n  $file link.json points outside the spec set's directory.");
  });

  it('a spec set inside the set is an error at its apigw-sync.yaml', async () => {
    const dir = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'apiKeys:\n  k: {}\n', 'team/apigw-sync.yaml': ROOT, 'team/keys.yaml': 'apiKeys:\n  t: {}\n' });
    const io = bufferIO({ cwd: dir });
    expect(await main(['validate', '.'], io)).toBe(1);
    expect(io.err()).toContain('team/apigw-sync.yaml:1:1  error  spec/nested-spec-set\n  team has its own apigw-sync.yaml: it is another spec set inside this one.\n');
  });

  it('a named pipe is refused without blocking', async () => {
    const dir = writeSet({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    policy: { $file: pipe.json }\n' });
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    const io = bufferIO({ cwd: dir });
    expect(await main(['validate'], io)).toBe(1);
    expect(io.err()).toContain('api.yaml:3:22  error  spec/not-a-file\n  $file pipe.json is not a regular file.');
  });
});
