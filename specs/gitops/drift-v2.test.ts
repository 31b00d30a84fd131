import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws, type AwsCli } from '../emulator/aws-cli.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';

/** drift on an HTTP API: a route deleted and a stage variable changed with the real AWS CLI. */
let emu: RunningEmulator;
let cwd: string;
let awsCli: AwsCli;
const SPECS = 'examples/orders-http';

async function aws(...args: string[]): Promise<any> {
  const r = await runAws(awsCli, emu.url, args, undefined, 'apigatewayv2');
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}

beforeAll(async () => {
  const found = findAwsCli();
  if (!found) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli) to run these tests.');
  awsCli = found;
  emu = await startEmulator({ port: 0, region: 'eu-west-1' });
  cwd = scratchWithExamples();
});
afterAll(() => emu?.close());

const drift = (...extra: string[]) => cli(['drift', SPECS, '--endpoint-url', emu.url, ...extra], { cwd });

describe.sequential('drift of an HTTP API', () => {
  it('reports a deleted route and a changed stage variable, then nothing after apply', async () => {
    expect((await cli(['apply', SPECS, '--auto-approve', '--endpoint-url', emu.url], { cwd })).code).toBe(0);
    expect((await drift()).code).toBe(0);
    const api = (await aws('get-apis')).Items.find((a: any) => a.Name === 'orders');
    const route = (await aws('get-routes', '--api-id', api.ApiId)).Items.find((r: any) => r.RouteKey === 'GET /orders/{id}/tracking');
    await aws('delete-route', '--api-id', api.ApiId, '--route-id', route.RouteId);
    await aws('update-stage', '--api-id', api.ApiId, '--stage-name', '$default', '--stage-variables', 'environment=changed-in-console');

    const text = await drift();
    expect(text.code).toBe(2);
    expect(text.out).toBe(
      `apigw-sync drift for spec set "orders" (eu-west-1, environment dev, ${emu.url}):\n\n` +
        'http-api orders / route GET /orders/{id}/tracking  (in git, missing in AWS; apply creates it)\n' +
        'http-api orders / stage $default  (changed in AWS)\n' +
        '    stageVariables.environment: git "orders.dev.example.com", AWS "changed-in-console"\n' +
        '\n' +
        'Drift: 2 objects differ from git (1 changed in AWS, 0 in AWS but not in git, 1 missing in AWS).\n',
    );
    const json = JSON.parse((await drift('--output', 'json')).out);
    expect(json.items.map((i: any) => [i.status, i.kind, i.address])).toEqual([
      ['missing', 'route', 'http-api orders / route GET /orders/{id}/tracking'],
      ['changed', 'v2-stage', 'http-api orders / stage $default'],
    ]);
    const md = await drift('--output', 'markdown');
    expect(md.code).toBe(2);
    expect(md.out).toContain('<details><summary><code>http-api orders / route GET /orders/{id}/tracking</code> (in git, missing in AWS; apply creates it)</summary>\n');

    expect((await cli(['apply', SPECS, '--auto-approve', '--endpoint-url', emu.url], { cwd })).code).toBe(0);
    const after = await drift();
    expect(after.out).toBe('No drift. AWS matches the specs in git.\n');
    expect(after.code).toBe(0);
  });
});
