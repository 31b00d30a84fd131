import { afterEach, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, v1Client, withEmulator } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('control-plane throttling', () => {
  it('is off by default', async () => {
    const started = await withEmulator();
    emu = started.emu;
    for (let i = 0; i < 3; i++) await started.client.send(new A.CreateRestApiCommand({ name: `a${i}` }));
    expect(emu.calls().log.every((c) => c.status === 201)).toBe(true);
  });

  it("answers a call beyond an operation's quota with 429 TooManyRequestsException and Retry-After", async () => {
    ({ emu } = await withEmulator({ throttle: { enabled: true } }));
    const client = v1Client(emu);
    // Edge-optimized CreateRestApi: one every 30 s.
    await client.send(new A.CreateRestApiCommand({ name: 'first' }));
    const e = await sdkError(() => client.send(new A.CreateRestApiCommand({ name: 'second' })));
    expect(e).toEqual({ name: 'TooManyRequestsException', status: 429, message: 'Too Many Requests' });
    const raw = await fetch(`${emu.url}/restapis`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"third"}' });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    // A REGIONAL API draws from its own, faster bucket.
    expect((await client.send(new A.CreateRestApiCommand({ name: 'r', endpointConfiguration: { types: ['REGIONAL'] } }))).$metadata.httpStatusCode).toBe(201);
  });

  it('limits all operations together to a burst of 40', async () => {
    // Time slowed 1000-fold, so the bucket does not refill while the burst is served.
    ({ emu } = await withEmulator({ throttle: { enabled: true, timeScale: 1000 } }));
    const statuses = await Promise.all(Array.from({ length: 60 }, () => fetch(`${emu!.url}/account`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(40);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });

  it("the SDK's adaptive retry recovers (time scaled by 0.1: one edge API every 3 s)", async () => {
    ({ emu } = await withEmulator({ throttle: { enabled: true, timeScale: 0.1 } }));
    const client = v1Client(emu, { retryMode: 'adaptive', maxAttempts: 6 });
    const a = await client.send(new A.CreateRestApiCommand({ name: 'one' }));
    const b = await client.send(new A.CreateRestApiCommand({ name: 'two' }));
    expect([a.$metadata.httpStatusCode, b.$metadata.httpStatusCode]).toEqual([201, 201]);
    expect(b.$metadata.attempts).toBeGreaterThan(1);
    const log = emu.calls().log.filter((c) => c.operation === 'CreateRestApi');
    expect(log.some((c) => c.status === 429 && c.injected === 'throttled')).toBe(true);
  });

  it("Route 53 has its own buckets (burst 50 for the account) and answers 400 Throttling 'Rate exceeded' in XML; the SDK's adaptive retry recovers", async () => {
    ({ emu } = await withEmulator({ throttle: { enabled: true, timeScale: 1000 } }));
    const statuses = await Promise.all(Array.from({ length: 60 }, () => fetch(`${emu!.url}/2013-04-01/hostedzone`).then(async (r) => [r.status, await r.text()] as const)));
    expect(statuses.filter(([s]) => s === 200)).toHaveLength(50);
    const refused = statuses.filter(([s]) => s === 400);
    expect(refused).toHaveLength(10);
    expect(refused[0]![1]).toContain('<Code>Throttling</Code><Message>Rate exceeded</Message>');
    // API Gateway's account bucket is untouched by them.
    expect((await fetch(`${emu.url}/account`)).status).toBe(200);
    const { Route53Client, ListHostedZonesCommand } = await import('@aws-sdk/client-route-53');
    const sdk = (maxAttempts: number) => new Route53Client({ region: 'us-east-1', endpoint: emu!.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts, retryMode: 'adaptive' });
    const e = await sdkError(() => sdk(1).send(new ListHostedZonesCommand({})));
    expect(e).toEqual({ name: 'Throttling', status: 400, message: 'Rate exceeded' });
    // At a tenth of real time the bucket refills 100 a second: the retries get through.
    emu.setThrottle({ timeScale: 0.1 });
    const calls = await Promise.all(Array.from({ length: 80 }, () => sdk(8).send(new ListHostedZonesCommand({}))));
    expect(calls.every((c) => c.$metadata.httpStatusCode === 200)).toBe(true);
    expect(emu.calls().log.some((c) => c.service === 'route53' && c.injected === 'throttled')).toBe(true);
  });

  it("Lambda's GetPolicy and its other control-plane calls have 15 a second each, answered 429 TooManyRequestsException 'Rate exceeded'", async () => {
    ({ emu } = await withEmulator({ throttle: { enabled: true, timeScale: 1000 } }));
    const get = () => fetch(`${emu!.url}/2015-03-31/functions/orders/policy`).then(async (r) => ({ status: r.status, type: r.headers.get('x-amzn-errortype'), retry: r.headers.get('retry-after'), body: await r.text() }));
    const answers = await Promise.all(Array.from({ length: 20 }, get));
    expect(answers.filter((a) => a.status !== 429)).toHaveLength(15);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(5);
    expect(refused[0]).toMatchObject({ type: 'TooManyRequestsException' });
    expect(Number(refused[0]!.retry)).toBeGreaterThan(0);
    expect(JSON.parse(refused[0]!.body)).toMatchObject({ Type: 'User', Reason: 'CallerRateLimitExceeded', message: 'Rate exceeded' });
  });

  it('can be switched on and off at run time through the admin endpoint', async () => {
    ({ emu } = await withEmulator());
    const put = await fetch(`${emu.url}/_emulator/throttle`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"enabled":true,"timeScale":2}' });
    expect(await put.json()).toEqual({ enabled: true, timeScale: 2 });
    expect(await (await fetch(`${emu.url}/_emulator/throttle`)).json()).toEqual({ enabled: true, timeScale: 2 });
  });
});

describe('fault injection', () => {
  const statuses = async (e: RunningEmulator, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await fetch(`${e.url}/account`)).status);
    return out;
  };

  it('fails the configured share of calls, reproducibly for a seed', async () => {
    ({ emu } = await withEmulator({ faults: { errorRate: 0.5, kinds: ['internal', 'unavailable', 'throttle'], seed: 7 } }));
    const first = await statuses(emu, 20);
    expect(first.filter((s) => s !== 200).length).toBeGreaterThan(3);
    expect(new Set(first)).toEqual(new Set([200, 500, 503, 429]));
    emu.setFaults({ errorRate: 0.5, kinds: ['internal', 'unavailable', 'throttle'], seed: 7 });
    expect(await statuses(emu, 20)).toEqual(first);
    emu.setFaults({ errorRate: 0.5, kinds: ['internal', 'unavailable', 'throttle'], seed: 8 });
    expect(await statuses(emu, 20)).not.toEqual(first);
  });

  it('targets chosen operations only, and is set through the admin endpoint', async () => {
    ({ emu } = await withEmulator());
    const body = JSON.stringify({ errorRate: 1, kinds: ['unavailable'], operations: ['CreateRestApi'] });
    const put = await fetch(`${emu.url}/_emulator/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    expect(put.status).toBe(200);
    const client = v1Client(emu);
    expect((await client.send(new A.GetAccountCommand({}))).$metadata.httpStatusCode).toBe(200);
    const e = await sdkError(() => client.send(new A.CreateRestApiCommand({ name: 'x' })));
    expect([e.name, e.status]).toEqual(['ServiceUnavailableException', 503]);
    await fetch(`${emu.url}/_emulator/faults`, { method: 'DELETE' });
    expect((await client.send(new A.CreateRestApiCommand({ name: 'x' }))).$metadata.httpStatusCode).toBe(201);
  });

  it('resets connections; the SDK retries and succeeds', async () => {
    ({ emu } = await withEmulator({ faults: { errorRate: 1, kinds: ['reset'], maxFaults: 1 } }));
    const client = v1Client(emu, { maxAttempts: 3 });
    const api = await client.send(new A.CreateRestApiCommand({ name: 'after-reset' }));
    expect(api.$metadata.attempts).toBe(2);
    expect(emu.calls().log.map((c) => [c.status, c.injected])).toEqual([
      [0, 'fault'],
      [201, undefined],
    ]);
  });

  it("'after' carries out the call and then loses the response, as a dropped reply does", async () => {
    ({ emu } = await withEmulator({ faults: { errorRate: 1, kinds: ['internal'], when: 'after', maxFaults: 1 } }));
    const client = v1Client(emu);
    const e = await sdkError(() => client.send(new A.CreateRestApiCommand({ name: 'ghost' })));
    expect(e.status).toBe(500);
    expect((await client.send(new A.GetRestApisCommand({}))).items!.map((a) => a.name)).toEqual(['ghost']);
  });
});

describe('call counter and request log', () => {
  it('counts calls per operation, separates writes, and resets', async () => {
    const started = await withEmulator();
    emu = started.emu;
    const api = await started.client.send(new A.CreateRestApiCommand({ name: 'c' }));
    await started.client.send(new A.GetRestApiCommand({ restApiId: api.id }));
    await started.client.send(new A.GetRestApiCommand({ restApiId: api.id }));
    const summary = (await (await fetch(`${emu.url}/_emulator/calls`)).json()) as { total: number; writes: number; byOperation: Record<string, number>; log: { operation: string; method: string; path: string; status: number }[] };
    expect(summary.total).toBe(3);
    expect(summary.writes).toBe(1);
    expect(summary.byOperation).toEqual({ 'apigateway:CreateRestApi': 1, 'apigateway:GetRestApi': 2 });
    expect(summary.log.map(({ operation, method, path, status }) => ({ operation, method, path, status }))[0]).toEqual({
      operation: 'CreateRestApi',
      method: 'POST',
      path: '/restapis',
      status: 201,
    });
    expect(emu.callCount('GetRestApi')).toBe(2);
    expect((await fetch(`${emu.url}/_emulator/calls`, { method: 'DELETE' })).status).toBe(204);
    expect(emu.calls().total).toBe(0);
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' });
    expect((await started.client.send(new A.GetRestApisCommand({}))).items).toEqual([]);
  });
});
