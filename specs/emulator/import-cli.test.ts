import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { findAwsCli, runAws, type AwsCli } from './aws-cli.js';

/**
 * ImportRestApi and PutRestApi with the real AWS CLI against the emulator, as the developer guide
 * runs them: `import-rest-api --parameters endpointConfigurationTypes=REGIONAL --body fileb://...`
 * and `put-rest-api --mode merge`, a YAML document included.
 */
const cli = findAwsCli();
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu?.close());

async function ok(cwd: string, ...args: string[]): Promise<any> {
  const r = await runAws(cli as AwsCli, emu.url, args, cwd);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.json;
}

describe.skipIf(!cli)(`ImportRestApi and PutRestApi with the AWS CLI (${cli?.version ?? 'not found on PATH'})`, () => {
  it('imports a YAML document as a regional API, merges a second path in, and reports an invalid document as AWS does', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'apigw-import-cli-'));
    writeFileSync(join(cwd, 'api.yaml'), [
      'openapi: 3.0.1',
      'info: { title: cli-import, version: "1" }',
      'paths:',
      '  /ping:',
      '    get:',
      '      responses: { "200": { description: ok } }',
      '      x-amazon-apigateway-integration:',
      '        type: mock',
      '        requestTemplates: { application/json: \'{"statusCode": 200}\' }',
      '        responses: { default: { statusCode: "200" } }',
    ].join('\n'));
    const api = await ok(cwd, 'import-rest-api', '--parameters', 'endpointConfigurationTypes=REGIONAL', '--body', 'fileb://api.yaml');
    expect(api).toMatchObject({ name: 'cli-import', version: '1', endpointConfiguration: { types: ['REGIONAL'] } });

    writeFileSync(join(cwd, 'more.json'), JSON.stringify({ openapi: '3.0.1', info: { title: 'cli-import' }, paths: {
      '/pong': { post: { responses: { '201': { description: 'made' } }, 'x-amazon-apigateway-integration': { type: 'http', httpMethod: 'POST', uri: 'https://example.com/pong' } } },
    } }));
    await ok(cwd, 'put-rest-api', '--rest-api-id', api.id, '--mode', 'merge', '--body', 'fileb://more.json');
    const resources = await ok(cwd, 'get-resources', '--rest-api-id', api.id);
    expect(resources.items.map((r: any) => r.path).sort()).toEqual(['/', '/ping', '/pong']);

    writeFileSync(join(cwd, 'bad.json'), '{"not": "openapi"}');
    const bad = await runAws(cli as AwsCli, emu.url, ['import-rest-api', '--body', 'fileb://bad.json'], cwd);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('(BadRequestException) when calling the ImportRestApi operation: Invalid OpenAPI input.');
  }, 180_000); // five AWS CLI processes: Python starts slowly on a busy machine
});
