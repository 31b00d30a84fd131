import { describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import { main } from '../src/cli/main.js';
import { bufferIO } from '../src/cli/io.js';
import { TEST_CREDENTIALS } from './emulator/helpers.js';

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('apigw-sync local', () => {
  it('serves on loopback, prints how to use it, and stops cleanly on SIGTERM', async () => {
    const io = bufferIO();
    const running = main(['local', '--port', '0'], io);
    const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())?.[1]);
    // What it prints runs as written: an exported endpoint, region and credentials, then commands with a spec path.
    expect(io.out()).toContain(`export AWS_ENDPOINT_URL=${url} AWS_DEFAULT_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test\n  aws apigateway get-rest-apis\n`);
    expect(io.out()).toContain('  apigw-sync plan examples/petstore ');
    // Started without a zone: how to give the example's domains theirs.
    expect(io.out()).toContain('\nDomains with dns: need their Route 53 zone here: start with --hosted-zone NAME (examples/petstore: petstore.example.com).\n');
    const client = new A.APIGatewayClient({ region: 'us-east-1', endpoint: url, credentials: TEST_CREDENTIALS });
    expect((await client.send(new A.CreateRestApiCommand({ name: 'via-local' }))).name).toBe('via-local');
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(io.err()).toBe('Stopping the emulator...\n');
    await expect(fetch(`${url}/_emulator/health`)).rejects.toThrow();
  });

  it.each([
    { args: ['--port', 'abc'], message: "Error: --port must be a whole number from 0 to 65535, got 'abc'\n" },
    { args: ['--time-scale', '0.01'], message: 'Error: --time-scale only applies with --throttle\n  Fix: add --throttle\n' },
    { args: ['--throttle', '--time-scale', '-1'], message: "Error: --time-scale must be a positive number, got '-1'\n" },
    { args: ['--faults', '{nope'], message: `Error: --faults must be a JSON object, got '{nope'\n  Fix: for example --faults '{"errorRate":0.1,"seed":1}'\n` },
    { args: ['--faults', '{"errorRate":2}'], message: 'Error: --faults: errorRate must be between 0 and 1, got 2\n' },
    {
      args: ['--faults', '{"errorRat":0.1}'],
      message: "Error: --faults: unknown field 'errorRat' (did you mean 'errorRate'?); the fields are errorRate, kinds, latencyMs, operations, when, maxFaults, seed\n",
    },
    { args: ['--faults', '{"kinds":["slow"],"seed":1.5}'], message: "Error: --faults: unknown fault kind 'slow', expected one of throttle, internal, unavailable, reset; seed must be integer\n" },
    { args: ['--conflict-hold-ms', '50'], message: 'Error: --conflict-hold-ms only applies when conflicts are on\n  Fix: add --throttle or --conflicts\n' },
    { args: ['--conflicts', '--conflict-hold-ms', '-5'], message: "Error: --conflict-hold-ms must be a whole number from 0 to 60000, got '-5'\n" },
  ])('rejects $args with exit 1', async ({ args, message }) => {
    const io = bufferIO();
    expect(await main(['local', ...args], io)).toBe(1);
    expect(io.err()).toBe(message);
  });

  it('injects faults given with --faults', async () => {
    const io = bufferIO();
    const running = main(['local', '--port', '0', '--faults', '{"errorRate":1,"kinds":["unavailable"]}'], io);
    const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())?.[1]);
    expect(io.out()).toContain('fault injection on');
    expect((await fetch(`${url}/restapis`)).status).toBe(503);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('with --throttle refuses a write to an API while another is in flight (--no-conflicts turns it off)', async () => {
    const cases = [
      { args: ['--throttle', '--conflict-hold-ms', '300'], expected: 'on' },
      { args: ['--throttle', '--no-conflicts'], expected: 'off' },
    ];
    for (const { args, expected } of cases) {
      const io = bufferIO();
      const running = main(['local', '--port', '0', ...args], io);
      const url = await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())?.[1]);
      expect(io.out()).toContain(`concurrent-modification conflicts ${expected}`);
      const client = new A.APIGatewayClient({ region: 'us-east-1', endpoint: url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      const api = await client.send(new A.CreateRestApiCommand({ name: 'c', endpointConfiguration: { types: ['REGIONAL'] } }));
      const results = await Promise.allSettled(['a', 'b'].map((p) => client.send(new A.CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: p }))));
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name);
      expect(refused).toEqual(expected === 'on' ? ['ConflictException'] : []);
      client.destroy();
      process.emit('SIGTERM');
      expect(await running).toBe(0);
    }
  });

  it('reports a port in use with exit 1 and a fix', async () => {
    const io = bufferIO();
    const first = main(['local', '--port', '0'], io);
    const port = await waitFor(() => /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(io.out())?.[1]);
    const io2 = bufferIO();
    expect(await main(['local', '--port', port], io2)).toBe(1);
    expect(io2.err()).toBe(`Error: Port ${port} on 127.0.0.1 is already in use\n  Fix: choose another --port, or --port 0 for a free one\n`);
    process.emit('SIGINT');
    expect(await first).toBe(0);
  });
});
