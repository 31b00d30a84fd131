import { GetApiKeysCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { v1Client } from '../emulator/helpers.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';

// apply under failure: the emulator fails a share of calls (429, 500, 503, dropped connections),
// before or after carrying them out. apply converges, re-run where it must, without duplicates.

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

describe.each(['before', 'after'] as const)('with 20%% of calls failing %s AWS acts', (when) => {
  it('apply converges within a few runs, with no duplicate and nothing lost; then plan shows no changes', async () => {
    emu.setFaults(undefined);
    emu.reset();
    // Throttling stays off; the time scale makes a fault's Retry-After 10 ms instead of AWS's 1 s:
    // the SDK's retries wait as they would, on a faster clock (as the reliability suite does).
    emu.setThrottle({ enabled: false, timeScale: 0.01 });
    const cwd = scratchWithExamples();
    const args = ['examples/petstore', '--endpoint-url', emu.url];
    emu.setFaults({ errorRate: 0.2, when, seed: when === 'before' ? 7 : 11 });
    let runs = 0;
    let code = 1;
    const failures: string[] = [];
    while (code !== 0 && runs < 8) {
      runs++;
      const r = await cli(['apply', ...args, '--auto-approve'], { cwd });
      code = r.code;
      if (code !== 0) failures.push(r.out.split('\n').filter((l) => l.startsWith('  ')).slice(-3).join(' | ') + r.err.split('\n')[0]);
    }
    expect(code, failures.join('\n')).toBe(0);
    // the faults really happened
    expect(emu.calls().log.filter((c) => c.injected === 'fault').length).toBeGreaterThan(5);
    emu.setFaults(undefined);
    const planned = await cli(['plan', ...args, '--detailed-exitcode'], { cwd });
    expect(planned.out).toBe('No changes. The live state matches the specs.\n');
    const apis = (await v1Client(emu).send(new GetRestApisCommand({}))).items ?? [];
    // one of each: no duplicate made by a retried create
    expect(apis.map((a) => a.name).sort()).toEqual(['petstore', 'petstore-internal']);
    const writes = emu.calls().writes;
    expect((await cli(['apply', ...args, '--auto-approve'], { cwd })).code).toBe(0);
    expect(emu.calls().writes).toBe(writes);
  });
});

describe('a CreateRestApi whose response is lost', () => {
  it('fails that step; the next apply finds the API by its ownership tag and finishes, with no duplicate', async () => {
    emu.setFaults(undefined);
    emu.reset();
    const cwd = scratchWithExamples();
    // One call per object: the bulk path creates the API with ImportRestApi (next case).
    const args = ['examples/petstore', '--endpoint-url', emu.url, '--auto-approve', '--no-bulk'];
    emu.setFaults({ errorRate: 1, kinds: ['internal'], operations: ['CreateRestApi'], when: 'after', maxFaults: 1 });
    const first = await cli(['apply', ...args], { cwd });
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/^Failed: \+ rest-api petstore(-internal)?\n {2}CreateRestApi: \w+: /m);
    const second = await cli(['apply', ...args], { cwd });
    expect(second.code, second.out).toBe(0);
    expect(emu.callCount('CreateRestApi')).toBe(2);
    const apis = (await v1Client(emu).send(new GetRestApisCommand({}))).items ?? [];
    expect(apis.map((a) => a.name).sort()).toEqual(['petstore', 'petstore-internal']);
    expect((await cli(['plan', 'examples/petstore', '--endpoint-url', emu.url, '--detailed-exitcode'], { cwd })).code).toBe(0);
  });
});

describe('an ImportRestApi (bulk write) whose response is lost', () => {
  it('falls back in the same run: the API is found by the ownership tag its document carried, and the rest is written per object', async () => {
    emu.setFaults(undefined);
    emu.reset();
    const cwd = scratchWithExamples();
    const args = ['examples/petstore', '--endpoint-url', emu.url, '--auto-approve'];
    emu.setFaults({ errorRate: 1, kinds: ['internal'], operations: ['ImportRestApi'], when: 'after', maxFaults: 1 });
    const first = await cli(['apply', ...args], { cwd });
    expect(first.out).toMatch(/^Bulk write of rest-api petstore stopped at call 1 of 1 \(ImportRestApi: /m);
    expect(first.code, first.out).toBe(0);
    // ImportRestApi is not retried (a retry could make a second API); the one it made is adopted by its tag.
    expect(emu.callCount('ImportRestApi')).toBe(1);
    const apis = (await v1Client(emu).send(new GetRestApisCommand({}))).items ?? [];
    expect(apis.map((a) => a.name).sort()).toEqual(['petstore', 'petstore-internal']);
    expect((await cli(['plan', 'examples/petstore', '--endpoint-url', emu.url, '--detailed-exitcode'], { cwd })).code).toBe(0);
  });
});

describe('a CreateApiKey whose response is lost', () => {
  const keyNames = async () => ((await v1Client(emu).send(new GetApiKeysCommand({}))).items ?? []).map((k) => k.name);

  it.each(['internal', 'unavailable', 'reset'] as const)('(%s) fails that step; the next apply finds the key by name and creates no second one', async (kind) => {
    emu.setFaults(undefined);
    emu.reset();
    const cwd = scratchWithExamples();
    const args = ['examples/chat-websocket', '--endpoint-url', emu.url, '--auto-approve'];
    emu.setFaults({ errorRate: 1, kinds: [kind], operations: ['CreateApiKey'], when: 'after', maxFaults: 1 });
    const first = await cli(['apply', ...args], { cwd });
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/^Failed: \+ api-key chat-client\n {2}CreateApiKey: /m);
    expect(emu.callCount('CreateApiKey')).toBe(1);
    const second = await cli(['apply', ...args], { cwd });
    expect(second.code, second.out).toBe(0);
    expect(emu.callCount('CreateApiKey')).toBe(1);
    expect(await keyNames()).toEqual(['chat-client']);
    expect((await cli(['plan', 'examples/chat-websocket', '--endpoint-url', emu.url, '--detailed-exitcode'], { cwd })).code).toBe(0);
  });

  it('a throttle fault asked for after the call comes before it (AWS never throttles a call it carried out), so the retry makes one key', async () => {
    emu.setFaults(undefined);
    emu.reset();
    emu.setThrottle({ enabled: false, timeScale: 0.01 });
    try {
      const cwd = scratchWithExamples();
      emu.setFaults({ errorRate: 1, kinds: ['throttle'], operations: ['CreateApiKey'], when: 'after', maxFaults: 1 });
      const r = await cli(['apply', 'examples/chat-websocket', '--endpoint-url', emu.url, '--auto-approve'], { cwd });
      expect(r.code, r.out).toBe(0);
      const creates = emu.calls().log.filter((c) => c.operation === 'CreateApiKey').map((c) => `${c.status}${c.injected ? ` ${c.injected}` : ''}`);
      expect(creates).toEqual(['429 fault', '201']);
      expect(await keyNames()).toEqual(['chat-client']);
    } finally {
      emu.setThrottle({ enabled: false, timeScale: 1 });
    }
  });
});

describe("with AWS's throttling on (on a clock 100 times faster, as apply's pacing)", () => {
  it('apply of the example finishes with no failed step', async () => {
    emu.setFaults(undefined);
    emu.reset();
    emu.setThrottle({ enabled: true, timeScale: 0.01 });
    try {
      const cwd = scratchWithExamples();
      const r = await cli(['apply', 'examples/petstore', '--endpoint-url', emu.url, '--auto-approve'], { cwd });
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toMatch(/^Apply complete: /m);
      // pacing kept (nearly) every call within the quotas; the SDK retried any that were not
      const throttled = emu.calls().log.filter((c) => c.injected === 'throttled').length;
      expect(throttled).toBeLessThan(5);
    } finally {
      emu.setThrottle({ enabled: false });
    }
  });
});
