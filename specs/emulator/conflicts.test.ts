import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import * as B from '@aws-sdk/client-apigatewayv2';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { renderStats } from '../../src/aws/call-counter.js';
import { CONCURRENT_MODIFICATION, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, TEST_CREDENTIALS, v1Client } from './helpers.js';

// Concurrent modification: AWS refuses a write to an API while another write to it is in flight
// (409 ConflictException, the text terraform-provider-aws users recorded in #776, #3174, #16439,
// #18018), and apigw-sync's clients retry it.

let emu: RunningEmulator;
let raw: A.APIGatewayClient;
let rawV2: B.ApiGatewayV2Client;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  raw = v1Client(emu);
  rawV2 = new B.ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  raw.destroy();
  rawV2.destroy();
  await emu.close();
});
beforeEach(() => {
  emu.setConflicts({ enabled: false, holdMs: 100 });
  emu.reset();
});

async function restApi(): Promise<{ id: string; root: string }> {
  const api = await raw.send(new A.CreateRestApiCommand({ name: 'a' }));
  return { id: api.id!, root: api.rootResourceId! };
}

const settle = <T>(ps: Promise<T>[]) => Promise.allSettled(ps);
const conflictsLogged = () => emu.calls().log.filter((c) => c.injected === 'conflict').length;

describe('the emulator', () => {
  it('is off unless asked for: parallel writes to one API all succeed', async () => {
    const { id, root } = await restApi();
    const results = await settle(['a', 'b', 'c'].map((p) => raw.send(new A.CreateResourceCommand({ restApiId: id, parentId: root, pathPart: p }))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('refuses a REST API write while another write to that API is in flight, with AWS type, status and message', async () => {
    const { id, root } = await restApi();
    emu.setConflicts({ enabled: true, holdMs: 300 });
    const first = raw.send(new A.CreateResourceCommand({ restApiId: id, parentId: root, pathPart: 'a' }));
    await new Promise((r) => setTimeout(r, 50));
    const e = await sdkError(() => raw.send(new A.PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' })));
    expect(e).toEqual({ name: 'ConflictException', status: 409, message: 'Unable to complete operation due to concurrent modification. Please try again later.' });
    expect(e.message).toBe(CONCURRENT_MODIFICATION);
    // The refused call did nothing; the one in flight completes.
    expect((await first).path).toBe('/a');
    await expect(raw.send(new A.GetMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET' }))).rejects.toMatchObject({ name: 'NotFoundException' });
    // Once it is done, the next write goes.
    await raw.send(new A.PutMethodCommand({ restApiId: id, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
    expect(conflictsLogged()).toBe(1);
  });

  it('never holds reads, writes to other APIs, or writes outside an API', async () => {
    const one = await restApi();
    const two = await restApi();
    emu.setConflicts({ enabled: true, holdMs: 300 });
    const results = await settle<unknown>([
      raw.send(new A.CreateResourceCommand({ restApiId: one.id, parentId: one.root, pathPart: 'a' })),
      raw.send(new A.CreateResourceCommand({ restApiId: two.id, parentId: two.root, pathPart: 'a' })),
      raw.send(new A.GetResourcesCommand({ restApiId: one.id })),
      raw.send(new A.CreateApiKeyCommand({ name: 'k' })),
      raw.send(new A.CreateApiKeyCommand({ name: 'l' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('refuses HTTP API writes the same way (CreateRoute, CreateIntegration)', async () => {
    const api = await rawV2.send(new B.CreateApiCommand({ Name: 'h', ProtocolType: 'HTTP' }));
    emu.setConflicts({ enabled: true, holdMs: 300 });
    const results = await settle<unknown>([
      rawV2.send(new B.CreateRouteCommand({ ApiId: api.ApiId, RouteKey: 'GET /a' })),
      rawV2.send(new B.CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: 'https://example.com', PayloadFormatVersion: '1.0' })),
    ]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ name: 'ConflictException', message: CONCURRENT_MODIFICATION, $metadata: { httpStatusCode: 409 } });
  });

  it('is set and read through the admin endpoint', async () => {
    const put = await fetch(`${emu.url}/_emulator/conflicts`, { method: 'PUT', body: JSON.stringify({ enabled: true, holdMs: 5 }), headers: { 'content-type': 'application/json' } });
    expect(await put.json()).toEqual({ enabled: true, holdMs: 5, refused: 0 });
    expect(await (await fetch(`${emu.url}/_emulator/conflicts`)).json()).toEqual({ enabled: true, holdMs: 5, refused: 0 });
    const bad = await fetch(`${emu.url}/_emulator/conflicts`, { method: 'PUT', body: JSON.stringify({ holdMs: -1 }), headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
  });
});

describe("apigw-sync's clients", () => {
  let aws: AwsClients;
  beforeEach(() => {
    aws = createAwsClients({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
    return () => aws.destroy();
  });

  it('retry a concurrent-modification conflict, for every call, and count the retries', async () => {
    const { id, root } = await restApi();
    emu.setConflicts({ enabled: true, holdMs: 30 });
    const paths = ['a', 'b', 'c', 'd', 'e', 'f'];
    await Promise.all(paths.map((p) => aws.callAws({ service: 'apigateway', operation: 'CreateResource', input: { restApiId: id, parentId: root, pathPart: p } })));
    const resources = await raw.send(new A.GetResourcesCommand({ restApiId: id }));
    expect(resources.items!.map((r) => r.path).sort()).toEqual(['/', '/a', '/b', '/c', '/d', '/e', '/f']);
    expect(conflictsLogged()).toBeGreaterThan(0);
    expect(aws.counter.conflicts()).toBe(conflictsLogged());
    expect(aws.counter.retries()).toBe(conflictsLogged());
    expect(renderStats(aws.counter).split('\n')[0]).toBe(`AWS calls: 6 (+${conflictsLogged()} retried, all after concurrent-modification conflicts)`);
  });

  it('retry it for creates that are otherwise never retried (AWS did nothing), without duplicates', async () => {
    const api = (await aws.callAws({ service: 'apigatewayv2', operation: 'CreateApi', input: { Name: 'h', ProtocolType: 'HTTP' } })) as { ApiId: string };
    emu.setConflicts({ enabled: true, holdMs: 30 });
    const input = { ApiId: api.ApiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: 'https://example.com', PayloadFormatVersion: '1.0' };
    await Promise.all([1, 2, 3, 4].map(() => aws.callAws({ service: 'apigatewayv2', operation: 'CreateIntegration', input })));
    expect(conflictsLogged()).toBeGreaterThan(0);
    expect((await rawV2.send(new B.GetIntegrationsCommand({ ApiId: api.ApiId }))).Items).toHaveLength(4);
  });

  it('give up once the time bound is spent, reporting AWS error', async () => {
    aws.destroy();
    aws = createAwsClients({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, conflictRetry: { budgetMs: 300 } });
    const { id, root } = await restApi();
    emu.setConflicts({ enabled: true, holdMs: 2_000 });
    const holder = raw.send(new A.CreateResourceCommand({ restApiId: id, parentId: root, pathPart: 'a' }));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const e = await sdkError(() => aws.callAws({ service: 'apigateway', operation: 'CreateResource', input: { restApiId: id, parentId: root, pathPart: 'b' } }));
    expect(e).toEqual({ name: 'ConflictException', status: 409, message: CONCURRENT_MODIFICATION });
    expect(performance.now() - t0).toBeLessThan(1_500);
    expect(aws.counter.conflicts()).toBeGreaterThan(0);
    await holder;
  });

  it('do not retry other ConflictExceptions (they are answers)', async () => {
    const { id, root } = await restApi();
    emu.setConflicts({ enabled: true, holdMs: 1 });
    await aws.callAws({ service: 'apigateway', operation: 'CreateResource', input: { restApiId: id, parentId: root, pathPart: 'a' } });
    await expect(aws.callAws({ service: 'apigateway', operation: 'CreateResource', input: { restApiId: id, parentId: root, pathPart: 'a' } })).rejects.toMatchObject({
      name: 'ConflictException',
    });
    expect(emu.callCount('CreateResource')).toBe(2);
    expect(aws.counter.retries()).toBe(0);
  });
});
