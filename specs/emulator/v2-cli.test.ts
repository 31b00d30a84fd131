import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { findAwsCli, runAws, type AwsCli, type AwsResult } from './aws-cli.js';

/**
 * Every apigatewayv2 command of the user guide, run with the real AWS CLI against the emulator:
 * each must succeed and print the fields the guide shows.
 */
const cli = findAwsCli();
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:my-function';
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_ABC123';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\+00:00|Z)$/;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu?.close());

function aws(...args: string[]): Promise<AwsResult> {
  return runAws(cli as AwsCli, emu.url, args, undefined, 'apigatewayv2');
}

/** Runs a command that must succeed and returns its JSON output. */
async function ok(...args: string[]): Promise<any> {
  const r = await aws(...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.json;
}

describe.skipIf(!cli)(`AWS CLI (${cli?.version ?? 'not found on PATH'}) against the emulator`, () => {
  it('finds the CLI and reports its version', () => {
    expect(cli!.version).toMatch(/^aws-cli\/\d+\.\d+\.\d+/);
  });

  describe('HTTP APIs, as in the guide', () => {
    let apiId: string;
    let integrationId: string;

    it('create-api', async () => {
      const out = await ok('create-api', '--name', 'my-http-api', '--protocol-type', 'HTTP', '--description', 'My HTTP API');
      expect(out).toMatchObject({
        Name: 'my-http-api',
        ProtocolType: 'HTTP',
        RouteSelectionExpression: '$request.method $request.path',
        Description: 'My HTTP API',
      });
      expect(out.ApiId).toMatch(/^[a-z0-9]{10}$/);
      expect(out.CreatedDate).toMatch(ISO);
      apiId = out.ApiId;
    });

    it('create-api with quick create', async () => {
      const out = await ok('create-api', '--name', 'my-quick-api', '--protocol-type', 'HTTP', '--target', LAMBDA);
      expect(out).toMatchObject({
        Name: 'my-quick-api',
        ProtocolType: 'HTTP',
        ApiEndpoint: `https://${out.ApiId}.execute-api.us-east-1.amazonaws.com`,
      });
    });

    it('get-apis', async () => {
      const out = await ok('get-apis');
      const item = out.Items.find((a: any) => a.ApiId === apiId);
      expect(item).toMatchObject({
        Name: 'my-http-api',
        ProtocolType: 'HTTP',
        ApiEndpoint: `https://${apiId}.execute-api.us-east-1.amazonaws.com`,
      });
      expect(item.CreatedDate).toMatch(ISO);
    });

    it('get-api', async () => {
      expect(await ok('get-api', '--api-id', apiId)).toMatchObject({
        ApiId: apiId,
        Name: 'my-http-api',
        ProtocolType: 'HTTP',
        RouteSelectionExpression: '$request.method $request.path',
        ApiEndpoint: `https://${apiId}.execute-api.us-east-1.amazonaws.com`,
      });
    });

    it('create-integration (Lambda, payload 2.0)', async () => {
      const out = await ok(
        'create-integration',
        '--api-id', apiId,
        '--integration-type', 'AWS_PROXY',
        '--integration-uri', LAMBDA,
        '--payload-format-version', '2.0',
      );
      expect(out).toMatchObject({ IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0' });
      integrationId = out.IntegrationId;
    });

    it('create-route and get-routes', async () => {
      const out = await ok('create-route', '--api-id', apiId, '--route-key', 'GET /users', '--target', `integrations/${integrationId}`);
      expect(out).toMatchObject({ RouteKey: 'GET /users', Target: `integrations/${integrationId}` });
      expect(out.RouteId).toMatch(/^[a-z0-9]{7}$/);
      // The quick reference's form, without a target.
      expect((await ok('create-route', '--api-id', apiId, '--route-key', 'GET /path')).RouteKey).toBe('GET /path');
      const routes = await ok('get-routes', '--api-id', apiId);
      expect(routes.Items).toContainEqual(expect.objectContaining({ RouteId: out.RouteId, RouteKey: 'GET /users', Target: `integrations/${integrationId}` }));
    });

    it('create-authorizer (JWT)', async () => {
      const out = await ok(
        'create-authorizer',
        '--api-id', apiId,
        '--authorizer-type', 'JWT',
        '--identity-source', '$request.header.Authorization',
        '--name', 'my-jwt-authorizer',
        '--jwt-configuration', `Audience=my-api,Issuer=${ISSUER}`,
      );
      expect(out).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        Name: 'my-jwt-authorizer',
        JwtConfiguration: { Audience: ['my-api'], Issuer: ISSUER },
      });
    });

    it('create-deployment', async () => {
      const out = await ok('create-deployment', '--api-id', apiId);
      expect(out.DeploymentStatus).toBe('DEPLOYED');
      expect(out.DeploymentId).toMatch(/^[a-z0-9]{6}$/);
      expect(out.CreatedDate).toMatch(ISO);
    });

    it('create-stage --auto-deploy', async () => {
      const out = await ok('create-stage', '--api-id', apiId, '--stage-name', 'production', '--auto-deploy');
      expect(out).toMatchObject({ StageName: 'production', AutoDeploy: true });
      expect(out.CreatedDate).toMatch(ISO);
    });

    it('create-deployment --stage-name moves an existing stage; not one that deploys automatically', async () => {
      const first = await ok('create-deployment', '--api-id', apiId);
      await ok('create-stage', '--api-id', apiId, '--stage-name', 'manual', '--deployment-id', first.DeploymentId);
      const out = await ok('create-deployment', '--api-id', apiId, '--stage-name', 'manual', '--description', 'to manual');
      expect(out).toMatchObject({ DeploymentStatus: 'DEPLOYED', Description: 'to manual' });
      expect(await ok('get-stage', '--api-id', apiId, '--stage-name', 'manual')).toMatchObject({ StageName: 'manual', DeploymentId: out.DeploymentId });
      const auto = await aws('create-deployment', '--api-id', apiId, '--stage-name', 'production');
      expect(auto.code).toBe(255);
      expect(auto.stderr).toContain('An error occurred (BadRequestException) when calling the CreateDeployment operation');
      const missing = await aws('create-deployment', '--api-id', apiId, '--stage-name', 'nosuch');
      expect(missing.code).toBe(255);
      expect(missing.stderr).toContain('An error occurred (NotFoundException) when calling the CreateDeployment operation');
    });

    it('update-api --cors-configuration', async () => {
      // What the shell passes for AllowOrigins="*",AllowMethods="GET,POST,PUT,DELETE",AllowHeaders="Content-Type,Authorization".
      const out = await ok(
        'update-api',
        '--api-id', apiId,
        '--cors-configuration', 'AllowOrigins=*,AllowMethods=GET,POST,PUT,DELETE,AllowHeaders=Content-Type,Authorization',
      );
      expect(out).toMatchObject({
        ApiId: apiId,
        CorsConfiguration: {
          AllowOrigins: ['*'],
          AllowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
          AllowHeaders: ['Content-Type', 'Authorization'],
        },
      });
    });

    it('delete-api prints nothing', async () => {
      const r = await aws('delete-api', '--api-id', apiId);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
    });
  });

  describe('WebSocket APIs, as in the guide', () => {
    let apiId: string;
    let integrationId: string;

    it('create-api --protocol-type WEBSOCKET', async () => {
      const out = await ok('create-api', '--name', 'my-websocket-api', '--protocol-type', 'WEBSOCKET', '--route-selection-expression', '$request.body.action');
      expect(out).toMatchObject({
        Name: 'my-websocket-api',
        ProtocolType: 'WEBSOCKET',
        RouteSelectionExpression: '$request.body.action',
        ApiEndpoint: `wss://${out.ApiId}.execute-api.us-east-1.amazonaws.com`,
      });
      apiId = out.ApiId;
    });

    it('create-integration', async () => {
      const uri = 'arn:aws:lambda:us-east-1:123456789012:function:ws-handler';
      const out = await ok('create-integration', '--api-id', apiId, '--integration-type', 'AWS_PROXY', '--integration-uri', uri);
      expect(out).toMatchObject({ IntegrationType: 'AWS_PROXY', IntegrationUri: uri });
      integrationId = out.IntegrationId;
    });

    it('create-route', async () => {
      const out = await ok('create-route', '--api-id', apiId, '--route-key', 'sendMessage', '--target', `integrations/${integrationId}`);
      expect(out).toMatchObject({ RouteKey: 'sendMessage', Target: `integrations/${integrationId}` });
    });
  });

  describe('errors: the CLI names the exception and exits 255', () => {
    it('NotFoundException', async () => {
      const r = await aws('get-api', '--api-id', 'abcdefghij');
      expect(r.code).toBe(255);
      expect(r.stderr.trim()).toBe(
        'An error occurred (NotFoundException) when calling the GetApi operation: Invalid API identifier specified 123456789012:abcdefghij',
      );
    });

    it('ConflictException', async () => {
      const { ApiId } = await ok('create-api', '--name', 'c', '--protocol-type', 'HTTP');
      await ok('create-route', '--api-id', ApiId, '--route-key', 'GET /a');
      const r = await aws('create-route', '--api-id', ApiId, '--route-key', 'GET /a');
      expect(r.code).toBe(255);
      expect(r.stderr.trim()).toBe(
        "An error occurred (ConflictException) when calling the CreateRoute operation: Route with key GET /a already exists for this API",
      );
    });

    it('TooManyRequestsException', async () => {
      // A second emulator with throttling on and time slowed, so its burst of 40 stays spent.
      const throttled = await startEmulator({ port: 0, throttle: { enabled: true, timeScale: 1000 } });
      try {
        for (let i = 0; i < 40; i++) await fetch(`${throttled.url}/v2/apis`);
        const r = await runAws(cli as AwsCli, throttled.url, ['get-apis'], undefined, 'apigatewayv2');
        expect(r.code).toBe(255);
        expect(r.stderr).toContain('An error occurred (TooManyRequestsException) when calling the GetApis operation');
        expect(r.stderr.trim()).toMatch(/: Too Many Requests$/);
      } finally {
        await throttled.close();
      }
    });

    it('BadRequestException', async () => {
      const r = await aws('create-api', '--name', 'ws', '--protocol-type', 'WEBSOCKET');
      expect(r.code).toBe(255);
      expect(r.stderr.trim()).toBe(
        'An error occurred (BadRequestException) when calling the CreateApi operation: Route selection expression is required for WEBSOCKET APIs',
      );
    });
  });
});
