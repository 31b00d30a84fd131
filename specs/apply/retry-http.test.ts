import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

// Which failures the SDK retries, with the real SDK against the emulator's fault injection.

let emu: RunningEmulator;
let aws: AwsClients;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  aws = createAwsClients({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
});
afterAll(async () => {
  aws.destroy();
  await emu.close();
});
beforeEach(() => {
  emu.setFaults(undefined);
  emu.reset();
});

const restApis = () => Object.keys(emu.state.v1.restApis ?? {}).length;

describe('SDK retries', () => {
  it('a lost response to CreateRestApi is not retried, so no duplicate API is made', async () => {
    // GIVEN the first CreateRestApi is carried out but its response replaced by a 500
    emu.setFaults({ errorRate: 1, kinds: ['internal'], operations: ['CreateRestApi'], when: 'after', maxFaults: 1 });
    // WHEN it is called
    await expect(aws.callAws({ service: 'apigateway', operation: 'CreateRestApi', input: { name: 'a' } })).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    // THEN it was sent once, and one API exists
    expect(emu.callCount('CreateRestApi')).toBe(1);
    expect(restApis()).toBe(1);
  });

  it('a throttled CreateRestApi is retried (a 429 means AWS did nothing)', async () => {
    emu.setFaults({ errorRate: 1, kinds: ['throttle'], operations: ['CreateRestApi'], when: 'before', maxFaults: 1 });
    await aws.callAws({ service: 'apigateway', operation: 'CreateRestApi', input: { name: 'a' } });
    expect(emu.callCount('CreateRestApi')).toBe(2);
    expect(restApis()).toBe(1);
  });

  it("a ChangeResourceRecordSets over Route 53's rate (400 Throttling) is retried; a lost answer to it is not", async () => {
    const zone = emu.addHostedZone('example.com');
    const batch = (name: string) => ({ HostedZoneId: zone, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: name, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] } }] } });
    // GIVEN Route 53's buckets emptied (time slowed, so they refill only when the test says)
    emu.setThrottle({ enabled: true, timeScale: 1000 });
    await Promise.all(Array.from({ length: 50 }, () => fetch(`${emu.url}/2013-04-01/hostedzone`)));
    const pending = aws.callAws({ service: 'route53', operation: 'ChangeResourceRecordSets', input: batch('a.example.com') });
    await new Promise((r) => setTimeout(r, 300));
    emu.setThrottle({ enabled: true, timeScale: 0.01 });
    // THEN the SDK's adaptive retry got it through, once
    await pending;
    emu.setThrottle({ enabled: false });
    const log = emu.calls().log.filter((c) => c.operation === 'ChangeResourceRecordSets');
    expect(log.some((c) => c.status === 400 && c.injected === 'throttled')).toBe(true);
    expect(log.filter((c) => c.status === 200)).toHaveLength(1);
    // A lost answer (a 500 after the change was made) is not retried: a second CREATE would fail the step.
    emu.setFaults({ errorRate: 1, kinds: ['internal'], operations: ['ChangeResourceRecordSets'], when: 'after', maxFaults: 1 });
    await expect(aws.callAws({ service: 'route53', operation: 'ChangeResourceRecordSets', input: batch('b.example.com') })).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    expect(emu.calls().log.filter((c) => c.operation === 'ChangeResourceRecordSets' && c.status === 500)).toHaveLength(1);
  });

  it('other calls are retried after a 500, a 503 or a dropped connection', async () => {
    const { id } = (await aws.callAws({ service: 'apigateway', operation: 'CreateRestApi', input: { name: 'a' } })) as { id: string };
    emu.setFaults({ errorRate: 1, kinds: ['internal', 'unavailable', 'reset'], operations: ['UpdateRestApi'], maxFaults: 3 });
    await aws.callAws({ service: 'apigateway', operation: 'UpdateRestApi', input: { restApiId: id, patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] } });
    expect(emu.callCount('UpdateRestApi')).toBe(4);
    expect(aws.counter.retries()).toBeGreaterThanOrEqual(3);
  });
});
