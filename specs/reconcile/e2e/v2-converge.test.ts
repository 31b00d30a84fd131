import { CreateApiCommand, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../../src/reconcile/index.js';
import type { SpecSet, WebSocketApiSpec } from '../../../src/schema/index.js';
import { runPlan } from '../helpers/run-plan.js';
import { http, v2Base, ws } from '../helpers/v2-specs.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';

/**
 * Removals and clears of HTTP and WebSocket objects converge against the emulator: each takes the
 * calls AWS needs (a partial update with "" for map entries, the Delete* calls that alone clear
 * CORS, access logs, route settings and route request parameters), and the next plan is empty.
 */
function rich(): SpecSet {
  const s = v2Base();
  const h = http(s);
  h.stages.$default = {
    autoDeploy: true, variables: { env: 'dev', region: 'us-east-1' },
    accessLog: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:orders', format: '$context.requestId' },
    defaultRouteSettings: { throttle: { rateLimit: 100, burstLimit: 200 }, detailedMetricsEnabled: true },
    routeSettings: { 'POST /orders': { throttle: { rateLimit: 10, burstLimit: 20 } } },
  };
  h.integrations['legacy-fn']!.requestParameters = { 'append:header.X-Source': '$context.requestId', 'overwrite:path': '$request.path' };
  const w = ws(s) as WebSocketApiSpec & { integrations: Record<string, any>; routes: Record<string, any> };
  w.integrations.help = {
    type: 'MOCK', templateSelectionExpression: '\\$default', requestTemplates: { $default: '{"statusCode": 200}' },
    responses: { $default: { responseTemplates: { $default: '{"ok": true}' } }, '/4\\d\\d/': { responseTemplates: { $default: '{"ok": false}' } } },
  };
  w.routes.$connect = { integration: 'messages', requestParameters: { 'route.request.querystring.room': { required: true }, 'route.request.header.x-id': { required: false } } };
  w.routes.$default = { integration: 'help', routeResponseSelectionExpression: '$default', responses: { $default: {} } };
  return s;
}

const cases: { name: string; change: (s: SpecSet) => void; expect: string[] }[] = [
  {
    name: 'remove a route and the integration only it used: the route goes first',
    change: (s) => { delete http(s).routes['DELETE /orders/{id}']; delete http(s).integrations['legacy-fn']; },
    expect: ['delete route', 'delete v2-integration'],
  },
  {
    name: 'clear a stage variable, the access log and a route setting',
    change: (s) => {
      const st = http(s).stages.$default!;
      st.variables = { env: 'dev' };
      delete st.accessLog;
      delete st.routeSettings;
    },
    expect: ['update v2-stage'],
  },
  {
    name: 'drop CORS and a parameter mapping',
    change: (s) => { delete http(s).cors; http(s).integrations['legacy-fn']!.requestParameters = { 'overwrite:path': '$request.path' }; },
    expect: ['update http-api', 'update v2-integration'],
  },
  {
    name: 'drop a route request parameter, a route response and an integration response',
    change: (s) => {
      const w = ws(s) as any;
      w.routes.$connect.requestParameters = { 'route.request.querystring.room': { required: true } };
      w.routes.$default = { integration: 'help' };
      delete w.integrations.help.responses['/4\\d\\d/'];
    },
    expect: ['update route', 'update route', 'delete route-response', 'delete v2-integration-response'],
  },
];

const planner = emulatorPlanner();

async function setup() {
  const { emu, client, v2, plan } = await planner();
  await runPlan(client, await plan(rich()), {}, v2);
  expect((await plan(rich())).ops).toStrictEqual([]);
  return { emu, client, v2, plan };
}

describe('HTTP and WebSocket removals converge against the emulator', () => {
  it.each(cases)('$name', async ({ change, expect: kinds }) => {
    const { client, v2, plan } = await setup();
    const changed = rich();
    change(changed);
    const p = await plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.kind}`)).toStrictEqual(kinds);
    await runPlan(client, p, {}, v2);
    expect((await plan(changed)).ops.map((o) => [o.address, o.changes])).toStrictEqual([]);
  });

  it('clearing calls are the ones AWS documents', async () => {
    const { plan } = await setup();
    const changed = rich();
    const st = http(changed).stages.$default!;
    st.variables = { env: 'dev' };
    delete st.accessLog;
    delete st.routeSettings;
    const [op] = (await plan(changed)).ops;
    expect(op?.calls.map((c) => c.operation)).toStrictEqual(['DeleteAccessLogSettings', 'DeleteRouteSettings', 'UpdateStage']);
    expect(op?.calls[2]?.input).toMatchObject({ StageName: '$default', StageVariables: { region: '' } });
    expect(op?.calls[1]?.input).toMatchObject({ StageName: '$default', RouteKey: 'POST /orders' });
  });

  it('default route throttling dropped from the spec: nothing planned (AWS cannot clear it), a notice says what to do', async () => {
    // GIVEN the live $default stage with default route throttling 100/200
    const { client, v2, plan } = await setup();
    const changed = rich();
    http(changed).stages.$default!.defaultRouteSettings = { detailedMetricsEnabled: true };
    // WHEN a spec without the limits is planned
    const p = await plan(changed);
    // THEN no op (an UpdateStage leaving them out changes nothing, and 0 would throttle all traffic)
    expect(p.ops).toStrictEqual([]);
    expect(p.notices.filter((n) => !n.startsWith('Lambda '))).toStrictEqual([
      'http-api orders / stage $default keeps its default route throttling (throttlingBurstLimit 200, throttlingRateLimit 100): ' +
        'AWS cannot clear it in place, and 0 would throttle every request. Set the limits you want in defaultRouteSettings.throttle, ' +
        'or delete the stage (apigw-sync recreates it without limits on the next apply).',
    ]);
    // AND other default route settings still converge around the kept limits
    http(changed).stages.$default!.defaultRouteSettings = {};
    const metricsOff = await plan(changed);
    expect(metricsOff.ops.map((o) => [o.address, o.changes.map((c) => c.path)])).toStrictEqual([
      ['http-api orders / stage $default', ['/defaultRouteSettings/detailedMetricsEnabled']],
    ]);
    await runPlan(client, metricsOff, {}, v2);
    expect((await plan(changed)).ops).toStrictEqual([]);
  });

  it('deleting an API is blocked without --allow-destroy, and with it the APIs go whole (destroy)', async () => {
    const { client, v2, plan } = await setup();
    const empty: SpecSet = { ...rich(), httpApis: {}, webSocketApis: {} };
    const blocked = await plan(empty);
    expect(blocked.ops.map((o) => [o.address, o.action, o.blocked, o.explanation?.split(';')[0]])).toStrictEqual([
      ['http-api orders', 'delete', true, 'blocked: deleting a whole API needs --allow-destroy'],
      ['websocket-api chat', 'delete', true, 'blocked: deleting a whole API needs --allow-destroy'],
    ]);
    await runPlan(client, await plan(empty, true), {}, v2);
    expect((await plan(empty)).ops).toStrictEqual([]);
  });
});

describe('ownership and convergence of HTTP and WebSocket APIs', () => {
  it('an untagged API of the spec\'s name is left alone unless adopted; adopting tags it with apigatewayv2 TagResource', async () => {
    // GIVEN an HTTP API named like the spec's, without the ownership tag
    const { client, v2 } = await planner();
    const made = await v2.send(new CreateApiCommand({ Name: 'orders', ProtocolType: 'HTTP', Description: 'Orders' }));
    const spec: SpecSet = { ...v2Base(), webSocketApis: {} };
    const plan = async (adopt: boolean) =>
      (await computePlan({ specSet: spec, clients: { apigateway: client, apigatewayv2: v2 }, options: { adopt } })).plan;
    // WHEN planned without --adopt: a new API, and a notice
    const fresh = await plan(false);
    expect(fresh.ops[0]).toMatchObject({ address: 'http-api orders', action: 'create', blocked: true, blockedBy: 'duplicate-name' });
    expect(fresh.notices.filter((n) => !n.startsWith('Lambda '))).toStrictEqual([`An HTTP API named "orders" exists (${String(made.ApiId)}) without the apigw-sync:managed-by tag; creating a second one is blocked. Use --adopt to manage the existing one, or --allow-duplicate-name to create another of that name.`]);
    // WHEN planned with --adopt: the existing API is tagged and completed
    const adopted = await plan(true);
    expect(adopted.ops[0]).toMatchObject({ address: 'http-api orders', action: 'adopt' });
    // (the same call records the account-wide lists the set has objects in: account-lists.ts)
    expect(adopted.ops[0]?.calls[0]).toStrictEqual({ service: 'apigatewayv2', operation: 'TagResource',
      input: { ResourceArn: `arn:aws:apigateway:us-east-1::/apis/${String(made.ApiId)}`, Tags: { 'apigw-sync:managed-by': 'shop', 'apigw-sync:lists': 'v2-apis' } } });
    await runPlan(client, adopted, {}, v2);
    // THEN it is the spec's API: nothing left to do, and no second API
    expect((await plan(false)).ops).toStrictEqual([]);
    expect((await v2.send(new GetApisCommand({}))).Items?.map((a) => a.ApiId)).toStrictEqual([made.ApiId]);
  });

  it('an apply stopped before the deployment of a stage without auto-deploy: the next plan deploys', async () => {
    // GIVEN the base with auto-deploy off, applied
    const { client, v2, plan } = await setup();
    const manual = rich();
    http(manual).stages.$default!.autoDeploy = false;
    await runPlan(client, await plan(manual), {}, v2);
    expect((await plan(manual)).ops).toStrictEqual([]);
    // WHEN a route is added and only its creation runs
    http(manual).routes['GET /health'] = { integration: 'orders-fn' };
    const p = await plan(manual);
    expect(p.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual([
      'create http-api orders / route GET /health', 'deploy http-api orders / deployment',
    ]);
    // CreateDeployment's StageName moves the stage: no UpdateStage
    expect(p.ops[1]?.calls[0]?.input).toMatchObject({ StageName: '$default' });
    await runPlan(client, { ...p, ops: p.ops.slice(0, 1) }, {}, v2);
    // THEN the next plan deploys (the stage's deployment is of an older configuration), and then nothing
    const next = await plan(manual);
    expect(next.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual(['deploy http-api orders / deployment']);
    expect(next.ops[0]?.explanation).toBe('deploy, because of stage $default without the current configuration; stage $default uses the new deployment (auto-deploy is off); it moves to it by this call');
    await runPlan(client, next, {}, v2);
    expect((await plan(manual)).ops).toStrictEqual([]);
  });

  it('--target "websocket-api chat" plans only that API', async () => {
    const { client, v2 } = await setup();
    const changed = rich();
    http(changed).routes['GET /x'] = { integration: 'orders-fn' };
    ws(changed).routes.ping = { integration: 'messages' };
    const { plan } = await computePlan({ specSet: changed, clients: { apigateway: client, apigatewayv2: v2 }, options: { target: 'websocket-api chat' } });
    expect(plan.ops.map((o) => o.address)).toStrictEqual(['websocket-api chat / route ping']);
  });
});

describe('usage plans with WebSocket stages', () => {
  it('a plan covers a WebSocket stage, and destroy lets go of the stage before deleting the API', async () => {
    // GIVEN the base and a usage plan over the WebSocket API's stage, applied
    const { client, v2, plan } = await planner();
    const spec: SpecSet = { ...v2Base(), usagePlans: { clients: { throttle: { rateLimit: 10, burstLimit: 20 }, apiStages: [{ api: 'chat', stage: 'prod' }] } } };
    const first = await plan(spec);
    const up = first.ops.find((o) => o.kind === 'usage-plan');
    expect(up?.dependsOn).toContain(first.ops.find((o) => o.address === 'websocket-api chat / stage prod')?.id);
    await runPlan(client, first, {}, v2);
    expect((await plan(spec)).ops).toStrictEqual([]);
    // WHEN everything is destroyed
    const gone = await plan({ ...spec, httpApis: {}, webSocketApis: {}, usagePlans: {} }, true);
    // THEN the API goes after the usage plan that named its stage
    const api = gone.ops.find((o) => o.address === 'websocket-api chat');
    expect(api?.dependsOn).toContain(gone.ops.find((o) => o.kind === 'usage-plan')?.id);
    await runPlan(client, gone, {}, v2);
    expect((await plan({ ...spec, httpApis: {}, webSocketApis: {}, usagePlans: {} })).ops).toStrictEqual([]);
  });
});
