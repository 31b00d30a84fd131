import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws, type AwsCli } from '../emulator/aws-cli.js';
import { cli } from '../helpers/cli.js';

/**
 * HTTP and WebSocket APIs built with the guide's `aws apigatewayv2` commands (a Lambda route with a
 * JWT authorizer, CORS, an auto-deploying stage; a quick-created API; a WebSocket API with its
 * routes) are imported, validate, and are taken over by apply --adopt with the tags alone.
 */
let emu: RunningEmulator;
let awsCli: AwsCli;
let cwd: string;

async function aws(...args: string[]): Promise<any> {
  const r = await runAws(awsCli, emu.url, args, cwd, 'apigatewayv2');
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}

beforeAll(async () => {
  const found = findAwsCli();
  if (!found) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli) to run these tests.');
  awsCli = found;
  emu = await startEmulator({ port: 0 });
  cwd = mkdtempSync(join(tmpdir(), 'apigw-import-v2-'));
});
afterAll(() => emu?.close());

async function buildWithTheGuide(): Promise<void> {
  const http = await aws('create-api', '--name', 'my-http-api', '--protocol-type', 'HTTP', '--description', 'My HTTP API');
  const integ = await aws('create-integration', '--api-id', http.ApiId, '--integration-type', 'AWS_PROXY',
    '--integration-uri', 'arn:aws:lambda:us-east-1:123456789012:function:my-function', '--payload-format-version', '2.0');
  const auth = await aws('create-authorizer', '--api-id', http.ApiId, '--authorizer-type', 'JWT', '--identity-source', '$request.header.Authorization',
    '--name', 'my-jwt-authorizer', '--jwt-configuration', 'Audience=my-api,Issuer=https://cognito-idp.us-east-1.amazonaws.com/us-east-1_ABC123');
  await aws('create-route', '--api-id', http.ApiId, '--route-key', 'GET /users', '--target', `integrations/${integ.IntegrationId}`,
    '--authorization-type', 'JWT', '--authorizer-id', auth.AuthorizerId);
  await aws('create-route', '--api-id', http.ApiId, '--route-key', 'POST /users', '--target', `integrations/${integ.IntegrationId}`);
  await aws('update-api', '--api-id', http.ApiId, '--cors-configuration', 'AllowOrigins="*",AllowMethods="GET,POST,PUT,DELETE",AllowHeaders="Content-Type,Authorization"');
  await aws('create-stage', '--api-id', http.ApiId, '--stage-name', 'production', '--auto-deploy');

  await aws('create-api', '--name', 'my-quick-api', '--protocol-type', 'HTTP', '--target', 'arn:aws:lambda:us-east-1:123456789012:function:my-function');

  const ws = await aws('create-api', '--name', 'my-websocket-api', '--protocol-type', 'WEBSOCKET', '--route-selection-expression', '$request.body.action');
  const wsInteg = await aws('create-integration', '--api-id', ws.ApiId, '--integration-type', 'AWS_PROXY',
    '--integration-uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:ws-handler/invocations');
  for (const rk of ['$connect', '$disconnect', 'sendMessage']) {
    await aws('create-route', '--api-id', ws.ApiId, '--route-key', rk, '--target', `integrations/${wsInteg.IntegrationId}`);
  }
  const dep = await aws('create-deployment', '--api-id', ws.ApiId);
  await aws('create-stage', '--api-id', ws.ApiId, '--stage-name', 'production', '--deployment-id', dep.DeploymentId);
}

describe('import, then adopt: HTTP and WebSocket APIs built with the guide\'s AWS CLI commands', () => {
  it('imports them, validates, adopts with tag additions only, and plans to nothing', async () => {
    await buildWithTheGuide();
    const imported = await cli(['import', '--all', '--out', 'guide', '--region', 'us-east-1', '--endpoint-url', emu.url], { cwd });
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported 0 REST APIs, 2 HTTP APIs, 1 WebSocket API, 0 API keys, 0 usage plans and 0 domains into guide/);
    expect((await cli(['validate', 'guide'], { cwd })).code).toBe(0);
    const plan = await cli(['plan', 'guide', '--adopt', '--output', 'json', '--endpoint-url', emu.url], { cwd });
    expect(plan.err).toBe('');
    expect(JSON.parse(plan.out).ops.map((o: any) => [o.action, o.address, o.calls.map((c: any) => c.operation)])).toEqual([
      ['adopt', 'http-api my-http-api', ['TagResource']],
      ['adopt', 'http-api my-quick-api', ['TagResource']],
      ['adopt', 'websocket-api my-websocket-api', ['TagResource']],
    ]);
    expect((await cli(['apply', 'guide', '--adopt', '--auto-approve', '--endpoint-url', emu.url], { cwd })).code).toBe(0);
    const again = await cli(['plan', 'guide', '--detailed-exitcode', '--endpoint-url', emu.url], { cwd });
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    expect(again.code).toBe(0);
  });
});
