import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import { OWNERSHIP_TAG } from '../../../src/reconcile/model.js';
import type { HttpApiSpec, SpecSet } from '../../../src/schema/index.js';
import { TEST_CREDENTIALS, withEmulator } from '../../emulator/helpers.js';
import { specSet } from '../helpers/spec-set.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';
const routeKeys = (n: number) => Array.from({ length: n }, (_, i) => `${i % 2 ? 'POST' : 'GET'} /r${Math.floor(i / 2)}`);

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('reading an HTTP API', () => {
  it('plans an HTTP API of 300 routes in at most 12 calls, one list per collection', async () => {
    // GIVEN an owned HTTP API with 300 routes on one integration, and a stage deployed by hand
    const { emu, client } = await withEmulator();
    emulator = emu;
    const v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
    const api = await v2.send(new CreateApiCommand({ Name: 'wide', ProtocolType: 'HTTP', Tags: { [OWNERSHIP_TAG]: 'shop' } }));
    const integ = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: FN, PayloadFormatVersion: '2.0' }));
    for (const RouteKey of routeKeys(300)) {
      await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey, Target: `integrations/${integ.IntegrationId}` }));
    }
    await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'live', AutoDeploy: true }));
    emu.resetCalls();
    // WHEN a spec that describes it is planned
    const wide: HttpApiSpec = {
      integrations: { fn: { type: 'AWS_PROXY', uri: FN, payloadFormatVersion: '2.0' } },
      routes: Object.fromEntries(routeKeys(300).map((k) => [k, { integration: 'fn' }])),
      stages: { live: { autoDeploy: true } },
    };
    const spec: SpecSet = { ...specSet({}), httpApis: { wide } };
    const { plan } = await computePlan({ specSet: spec, clients: { apigateway: client, apigatewayv2: v2 } });
    // THEN nothing changes, and the reads are one page per list
    expect(plan.ops).toStrictEqual([]);
    expect(emu.calls().total).toBeLessThanOrEqual(12);
    expect(emu.calls().byOperation).toStrictEqual({
      'apigateway:GetRestApis': 1,
      'apigateway:GetApiKeys': 1,
      'apigateway:GetUsagePlans': 1,
      'apigateway:GetDomainNames': 1,
      // the set's client certificates (a certificate dropped from the specs must be found to be deleted)
      'apigateway:GetClientCertificates': 1,
      'apigatewayv2:GetApis': 1,
      'apigatewayv2:GetRoutes': 1,
      'apigatewayv2:GetIntegrations': 1,
      'apigatewayv2:GetAuthorizers': 1,
      'apigatewayv2:GetStages': 1,
      // no apigatewayv2 GetDomainNames: the set declares no HTTP/WebSocket domain, and apigateway's
      // list holds every domain (one object on AWS), owned orphans included
      // VPC links: integrations name them, and the set's own must be found
      'apigateway:GetVpcLinks': 1,
      'apigatewayv2:GetVpcLinks': 1,
    });
  });
});
