import { CreateApiCommand, GetRoutesCommand, GetStagesCommand, ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from '../emulator/helpers.js';
import { emulatorSession } from '../helpers/emulator-session.js';
import { cli } from '../helpers/cli.js';
import { writeSet } from '../schema/helpers.js';

/**
 * HTTP API quick create (`target`, `routeKey`, `credentialsArn`): planned as AWS does it, the
 * managed route, integration and $default stage never fought over, a changed target one UpdateApi,
 * a removed one kept (AWS cannot remove it), one added to an API made without it a (blocked)
 * replace; import writes the three fields back; validate's rules.
 */
const e2e = emulatorSession({ examples: false });
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:hello';
const ROOT = 'name: quick\nregion: us-east-1\n';
const spec = (api: string) => ({ 'apigw-sync.yaml': ROOT, 'api.yaml': `httpApis:\n  hello:\n${api}` });
const QUICK = `    target: ${FN}\n    routeKey: ANY /hello\n    routes:\n      GET /other: { integration: other }\n    integrations:\n      other: { lambda: arn:aws:lambda:us-east-1:123456789012:function:other }\n`;
const run = (cwd: string, ...args: string[]) => cli([...args, '.', ...e2e.url], { cwd });
const v2 = () => new ApiGatewayV2Client({ region: 'us-east-1', endpoint: e2e.emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });

describe('HTTP API quick create', () => {
  it('applies on an empty emulator with AWS\'s managed objects and the target\'s permission; then no changes and zero writes', async () => {
    const cwd = writeSet(spec(QUICK));
    const planned = await run(cwd, 'plan');
    expect(planned.out).toContain('  + http-api hello  (quick create: AWS also makes route ANY /hello to an integration (AWS_PROXY, payload format 2.0) calling the target, and an auto-deploying $default stage. API Gateway manages them: AWS refuses to change or delete them except through the API\'s target, routeKey and credentialsArn, and never removes the target)\n');
    expect((await run(cwd, 'apply', '--auto-approve')).code).toBe(0);
    const { GetApisCommand } = await import('@aws-sdk/client-apigatewayv2');
    const apiId = (await v2().send(new GetApisCommand({}))).Items!.find((a) => a.Name === 'hello')!.ApiId!;
    const routes = (await v2().send(new GetRoutesCommand({ ApiId: apiId }))).Items!;
    expect(routes.map((r) => [r.RouteKey, r.ApiGatewayManaged ?? false]).sort()).toEqual([['ANY /hello', true], ['GET /other', false]]);
    expect((await v2().send(new GetStagesCommand({ ApiId: apiId }))).Items!.map((s) => [s.StageName, s.ApiGatewayManaged])).toEqual([['$default', true]]);
    const policy = await new LambdaClient({ region: 'us-east-1', endpoint: e2e.emu.url, credentials: TEST_CREDENTIALS }).send(new GetPolicyCommand({ FunctionName: FN }));
    expect(JSON.parse(policy.Policy!).Statement[0].Condition.ArnLike['AWS:SourceArn']).toBe(`arn:aws:execute-api:us-east-1:123456789012:${apiId}/*/*/hello`);

    expect((await run(cwd, 'plan', '--detailed-exitcode')).code).toBe(0);
    const writes = e2e.emu.calls().writes;
    expect((await run(cwd, 'apply', '--auto-approve')).code).toBe(0);
    expect(e2e.emu.calls().writes).toBe(writes);
  });

  it('import writes target and routeKey back (not the managed objects); --adopt then plan: no changes', async () => {
    await v2().send(new CreateApiCommand({ Name: 'hello', ProtocolType: 'HTTP', Target: FN, RouteKey: 'ANY /hello' }));
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT });
    const imported = await cli(['import', '--all', '--out', 'imported', '--region', 'us-east-1', ...e2e.url], { cwd });
    expect(imported.code, imported.err).toBe(0);
    const files = readdirSync(join(cwd, 'imported')).filter((f) => f !== 'apigw-sync.yaml');
    const text = files.map((f) => readFileSync(join(cwd, 'imported', f), 'utf8')).join('\n');
    expect(text).toContain(`target: ${FN}`);
    expect(text).toContain('routeKey: ANY /hello');
    expect(text).not.toContain('$default');
    const adopted = await cli(['apply', 'imported', '--adopt', '--auto-approve', ...e2e.url], { cwd });
    expect(adopted.code, adopted.err).toBe(0);
    // adopt only tags the API: nothing else of it differs, and the imported set leaves the
    // target's invoke permission to whoever granted it (settings.yaml: lambdaPermissions: false)
    expect(adopted.out).toContain('  ~ http-api hello  (adopt: a whole API of this name exists without the ownership tag; --adopt takes it over)\n      tags["apigw-sync:managed-by"]: (unset) -> "imported"\n\n');
    expect(adopted.out).toContain('Apply complete: 0 created, 1 updated, 0 replaced, 0 deleted');
    expect((await cli(['plan', 'imported', '--detailed-exitcode', ...e2e.url], { cwd })).code).toBe(0);
  });

  it('a changed target is one UpdateApi; a target removed from the spec stays, with a notice', async () => {
    const cwd = writeSet(spec(QUICK));
    expect((await run(cwd, 'apply', '--auto-approve')).code).toBe(0);
    const moved = writeSet(spec(QUICK.replace(FN, 'https://backend.example.com/hello')));
    const plan = JSON.parse((await run(moved, 'plan', '--output', 'json')).out);
    const api = plan.ops.find((o: { kind: string }) => o.kind === 'http-api');
    expect(api.action).toBe('update');
    expect(api.calls.map((c: { operation: string }) => c.operation)).toEqual(['UpdateApi']);
    expect(api.calls[0].input).toMatchObject({ Target: 'https://backend.example.com/hello' });
    // the function's permission goes with it
    expect(plan.ops.filter((o: { kind: string; action: string }) => o.kind === 'lambda-permission' && o.action === 'delete')).toHaveLength(1);

    const removed = writeSet(spec(QUICK.replace(`    target: ${FN}\n    routeKey: ANY /hello\n`, '')));
    const res = await run(removed, 'plan');
    expect(res.out).not.toContain('~ http-api hello\n');
    expect(res.out).toContain('http-api hello was made with quick create (target arn:aws:lambda:us-east-1:123456789012:function:hello): AWS never removes a target, so its managed route ANY /hello, integration and $default stage stay.');
  });

  it('a target added to an API made without one is a replace, blocked without --allow-destroy', async () => {
    await v2().send(new CreateApiCommand({ Name: 'hello', ProtocolType: 'HTTP', Tags: { 'apigw-sync:managed-by': 'quick' } }));
    const cwd = writeSet(spec(`    target: ${FN}\n`));
    const res = await run(cwd, 'plan');
    expect(res.out).toContain('-/+ http-api hello  (blocked: deleting an HTTP API needs --allow-destroy');
    const json = JSON.parse((await run(cwd, 'plan', '--output', 'json')).out);
    const op = json.ops.find((o: { kind: string }) => o.kind === 'http-api');
    expect(op).toMatchObject({ action: 'replace', blocked: true });
    expect(op.explanation).toContain('AWS sets a quick-create target only when it creates the API');
  });

  it('validate: the quick-create fields\' mistakes at file:line:column, before any AWS call', async () => {
    const cwd = writeSet(spec(`    routeKey: ANY /hello\n    credentialsArn: arn:aws:iam::123456789012:role/invoke\n`));
    const res = await run(cwd, 'plan');
    expect(res.code).toBe(1);
    expect(res.err).toContain('api.yaml:3:5  error  spec/quick-create\n  routeKey of HTTP API hello belongs to quick create, and the API has no target.');
    expect(res.err).toContain('api.yaml:4:5  error  spec/quick-create\n  credentialsArn of HTTP API hello belongs to quick create, and the API has no target.');
    const twice = writeSet(spec(`    target: ${FN}\n    routes:\n      $default: { integration: x }\n    integrations:\n      x: { lambda: ${FN} }\n    stages:\n      $default: { autoDeploy: true }\n`));
    const r2 = await cli(['validate', '.'], { cwd: twice });
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('api.yaml:5:7  error  spec/quick-create\n  Route $default of HTTP API hello is the route quick create makes for target (routeKey $default).');
    expect(r2.err).toContain('api.yaml:9:7  error  spec/quick-create\n  Stage $default of HTTP API hello is the auto-deploying stage quick create makes and API Gateway manages.');
    expect(e2e.emu.calls().log).toHaveLength(0);
  });
});
