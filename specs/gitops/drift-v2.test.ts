import { describe, expect, it } from 'vitest';
import { awsCliSession } from '../helpers/emulator-session.js';
import { cli } from '../helpers/cli.js';

/** drift on an HTTP API: a route deleted and a stage variable changed with the real AWS CLI. */
const SPECS = 'examples/orders-http';

const e2e = awsCliSession({ fresh: 'per-file', service: 'apigatewayv2', emulator: { region: 'eu-west-1' } });

const drift = (...extra: string[]) => cli(['drift', SPECS, '--endpoint-url', e2e.emu.url, ...extra], { cwd: e2e.cwd });

describe.sequential('drift of an HTTP API', () => {
  it('reports a deleted route and a changed stage variable, then nothing after apply', async () => {
    expect((await cli(['apply', SPECS, '--auto-approve', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd })).code).toBe(0);
    expect((await drift()).code).toBe(0);
    const api = (await e2e.aws('get-apis')).Items.find((a: any) => a.Name === 'orders');
    const route = (await e2e.aws('get-routes', '--api-id', api.ApiId)).Items.find((r: any) => r.RouteKey === 'GET /orders/{id}/tracking');
    await e2e.aws('delete-route', '--api-id', api.ApiId, '--route-id', route.RouteId);
    await e2e.aws('update-stage', '--api-id', api.ApiId, '--stage-name', '$default', '--stage-variables', 'environment=changed-in-console');

    const text = await drift();
    expect(text.code).toBe(2);
    expect(text.out).toBe(
      `apigw-sync drift for spec set "orders" (eu-west-1, environment dev, ${e2e.emu.url}, account 123456789012):\n\n` +
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
    // The heading names the account, as plan's does (STS GetCallerIdentity at the same endpoint).
    expect(md.out).toMatch(/^### apigw-sync drift: `orders` \(eu-west-1, dev, account 123456789012\)\n/);
    expect(md.out).toContain('<details><summary><code>http-api orders / route GET /orders/{id}/tracking</code> (in git, missing in AWS; apply creates it)</summary>\n');

    expect((await cli(['apply', SPECS, '--auto-approve', '--endpoint-url', e2e.emu.url], { cwd: e2e.cwd })).code).toBe(0);
    const after = await drift();
    expect(after.out).toBe('No drift. AWS matches the specs in git.\n');
    expect(after.code).toBe(0);
  });
});
