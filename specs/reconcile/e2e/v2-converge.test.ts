import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import type { SpecSet, WebSocketApiSpec } from '../../../src/schema/index.js';
import { TEST_CREDENTIALS, withEmulator } from '../../emulator/helpers.js';
import { runPlan } from '../helpers/run-plan.js';
import { http, v2Base, ws } from '../helpers/v2-specs.js';

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

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setup() {
  const { emu, client } = await withEmulator();
  emulator = emu;
  const v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
  const plan = async (s: SpecSet, allowDestroy = false) =>
    (await computePlan({ specSet: s, clients: { apigateway: client, apigatewayv2: v2 }, options: { allowDestroy } })).plan;
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
