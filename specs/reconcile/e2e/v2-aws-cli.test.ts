import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import { OWNERSHIP_TAG } from '../../../src/reconcile/model.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { findAwsCli, runAws, type AwsCli } from '../../emulator/aws-cli.js';
import { TEST_CREDENTIALS, v1Client } from '../../emulator/helpers.js';
import { specSet } from '../helpers/spec-set.js';

/**
 * An HTTP API and a WebSocket API built with the real AWS CLI, with the user guide's apigatewayv2
 * commands, then tagged as the spec set's: a spec that describes them exactly plans no change.
 * Skipped when there is no `aws` on PATH.
 */
const cli = findAwsCli();
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:my-function';
const WS_FN = 'arn:aws:lambda:us-east-1:123456789012:function:ws-handler';
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_ABC123';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu?.close());

async function aws(...args: string[]): Promise<any> {
  const r = await runAws(cli as AwsCli, emu.url, args, undefined, 'apigatewayv2');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.json;
}

const own = (apiId: string) =>
  aws('tag-resource', '--resource-arn', `arn:aws:apigateway:us-east-1::/apis/${apiId}`, '--tags', `${OWNERSHIP_TAG}=shop`);

describe.skipIf(!cli)(`APIs built with the AWS CLI (${cli?.version ?? 'not installed'})`, () => {
  it('an HTTP API and a WebSocket API made with the guide\'s commands plan to no changes', async () => {
    // GIVEN the guide's HTTP API: API, Lambda integration, route, JWT authorizer, auto-deploying stage, CORS
    const api = await aws('create-api', '--name', 'my-http-api', '--protocol-type', 'HTTP', '--description', 'My HTTP API');
    const integ = await aws('create-integration', '--api-id', api.ApiId, '--integration-type', 'AWS_PROXY',
      '--integration-uri', FN, '--payload-format-version', '2.0');
    await aws('create-route', '--api-id', api.ApiId, '--route-key', 'GET /users', '--target', `integrations/${integ.IntegrationId}`);
    await aws('create-authorizer', '--api-id', api.ApiId, '--authorizer-type', 'JWT', '--identity-source', '$request.header.Authorization',
      '--name', 'my-jwt-authorizer', '--jwt-configuration', `Audience=my-api,Issuer=${ISSUER}`);
    await aws('create-stage', '--api-id', api.ApiId, '--stage-name', 'production', '--auto-deploy');
    await aws('update-api', '--api-id', api.ApiId,
      '--cors-configuration', 'AllowOrigins="*",AllowMethods="GET,POST,PUT,DELETE",AllowHeaders="Content-Type,Authorization"');
    await own(api.ApiId);
    // and the guide's WebSocket API: API, Lambda integration, a custom route, a stage
    const ws = await aws('create-api', '--name', 'my-websocket-api', '--protocol-type', 'WEBSOCKET', '--route-selection-expression', '$request.body.action');
    const wsInteg = await aws('create-integration', '--api-id', ws.ApiId, '--integration-type', 'AWS_PROXY', '--integration-uri', WS_FN);
    await aws('create-route', '--api-id', ws.ApiId, '--route-key', 'sendMessage', '--target', `integrations/${wsInteg.IntegrationId}`);
    await aws('create-stage', '--api-id', ws.ApiId, '--stage-name', 'production', '--auto-deploy');
    await own(ws.ApiId);

    // WHEN a spec that describes both is planned
    const spec: SpecSet = {
      ...specSet({}),
      httpApis: {
        'my-http-api': {
          description: 'My HTTP API',
          cors: { allowOrigins: ['*'], allowMethods: ['GET', 'POST', 'PUT', 'DELETE'], allowHeaders: ['Content-Type', 'Authorization'] },
          integrations: { users: { type: 'AWS_PROXY', uri: FN, payloadFormatVersion: '2.0' } },
          authorizers: { 'my-jwt-authorizer': { type: 'JWT', identitySource: ['$request.header.Authorization'], jwt: { issuer: ISSUER, audience: ['my-api'] } } },
          routes: { 'GET /users': { integration: 'users' } },
          stages: { production: { autoDeploy: true } },
        },
      },
      webSocketApis: {
        'my-websocket-api': {
          routeSelectionExpression: '$request.body.action',
          integrations: { handler: { type: 'AWS_PROXY', uri: WS_FN } },
          routes: { sendMessage: { integration: 'handler' } },
          stages: { production: { autoDeploy: true } },
        },
      },
    };
    const v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
    const { plan } = await computePlan({ specSet: spec, clients: { apigateway: v1Client(emu), apigatewayv2: v2 } });

    // THEN there is nothing to do
    expect(plan.ops.map((o) => [o.address, o.changes])).toStrictEqual([]);
    expect(plan.notices).toStrictEqual([]);
  });
});
