import { describe, expect, it } from 'vitest';
import { awsCliSession } from '../helpers/emulator-session.js';
import { cli } from '../helpers/cli.js';

/**
 * HTTP and WebSocket APIs built with the guide's `aws apigatewayv2` commands (a Lambda route with a
 * JWT authorizer, CORS, an auto-deploying stage; a quick-created API; a WebSocket API with its
 * routes) are imported, validate, and are taken over by apply --adopt with the tags alone.
 */

const e2e = awsCliSession({ fresh: 'per-file', examples: false, service: 'apigatewayv2' });

async function buildWithTheGuide(): Promise<void> {
  const http = await e2e.aws('create-api', '--name', 'my-http-api', '--protocol-type', 'HTTP', '--description', 'My HTTP API');
  const integ = await e2e.aws('create-integration', '--api-id', http.ApiId, '--integration-type', 'AWS_PROXY',
    '--integration-uri', 'arn:aws:lambda:us-east-1:123456789012:function:my-function', '--payload-format-version', '2.0');
  const auth = await e2e.aws('create-authorizer', '--api-id', http.ApiId, '--authorizer-type', 'JWT', '--identity-source', '$request.header.Authorization',
    '--name', 'my-jwt-authorizer', '--jwt-configuration', 'Audience=my-api,Issuer=https://cognito-idp.us-east-1.amazonaws.com/us-east-1_ABC123');
  await e2e.aws('create-route', '--api-id', http.ApiId, '--route-key', 'GET /users', '--target', `integrations/${integ.IntegrationId}`,
    '--authorization-type', 'JWT', '--authorizer-id', auth.AuthorizerId);
  await e2e.aws('create-route', '--api-id', http.ApiId, '--route-key', 'POST /users', '--target', `integrations/${integ.IntegrationId}`);
  await e2e.aws('update-api', '--api-id', http.ApiId, '--cors-configuration', 'AllowOrigins="*",AllowMethods="GET,POST,PUT,DELETE",AllowHeaders="Content-Type,Authorization"');
  await e2e.aws('create-stage', '--api-id', http.ApiId, '--stage-name', 'production', '--auto-deploy');

  await e2e.aws('create-api', '--name', 'my-quick-api', '--protocol-type', 'HTTP', '--target', 'arn:aws:lambda:us-east-1:123456789012:function:my-function');

  const ws = await e2e.aws('create-api', '--name', 'my-websocket-api', '--protocol-type', 'WEBSOCKET', '--route-selection-expression', '$request.body.action');
  const wsInteg = await e2e.aws('create-integration', '--api-id', ws.ApiId, '--integration-type', 'AWS_PROXY',
    '--integration-uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:ws-handler/invocations');
  for (const rk of ['$connect', '$disconnect', 'sendMessage']) {
    await e2e.aws('create-route', '--api-id', ws.ApiId, '--route-key', rk, '--target', `integrations/${wsInteg.IntegrationId}`);
  }
  const dep = await e2e.aws('create-deployment', '--api-id', ws.ApiId);
  await e2e.aws('create-stage', '--api-id', ws.ApiId, '--stage-name', 'production', '--deployment-id', dep.DeploymentId);
}

// Dozens of AWS CLI processes (a Python start each): a loaded machine needs more than the default minute.
describe('import, then adopt: HTTP and WebSocket APIs built with the guide\'s AWS CLI commands', { timeout: 240_000 }, () => {
  it('imports them, validates, adopts with tag additions only, and plans to nothing', async () => {
    await buildWithTheGuide();
    const imported = await cli(['import', '--all', '--out', 'guide', '--region', 'us-east-1', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported 0 REST APIs, 2 HTTP APIs, 1 WebSocket API, 0 API keys, 0 usage plans and 0 domains into guide/);
    expect((await cli(['validate', 'guide'], { cwd: e2e.cwd })).code).toBe(0);
    const plan = await cli(['plan', 'guide', '--adopt', '--output', 'json', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(plan.err).toBe('');
    expect(JSON.parse(plan.out).ops.map((o: any) => [o.action, o.address, o.calls.map((c: any) => c.operation)])).toEqual([
      ['adopt', 'http-api my-http-api', ['TagResource']],
      ['adopt', 'http-api my-quick-api', ['TagResource']],
      ['adopt', 'websocket-api my-websocket-api', ['TagResource']],
    ]);
    expect((await cli(['apply', 'guide', '--adopt', '--auto-approve', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd })).code).toBe(0);
    const again = await cli(['plan', 'guide', '--detailed-exitcode', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd });
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    expect(again.code).toBe(0);
  });
});
