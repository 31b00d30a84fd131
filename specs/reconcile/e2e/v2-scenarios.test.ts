import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { TEST_CREDENTIALS, withEmulator } from '../../emulator/helpers.js';
import { runPlan } from '../helpers/run-plan.js';
import { http, v2Base, ws } from '../helpers/v2-specs.js';
import { stable } from '../helpers/stable-plan.js';

/**
 * The HTTP and WebSocket change scenarios: the base applied to the emulator, the change planned
 * (kept as a golden plan in specs/golden/3NN-plan-v2-*, which render-golden.test.ts renders as text,
 * Markdown and JSON), applied, and planned again to no changes. AWS ids in the golden plan are
 * replaced by stable names (`apiId-1`), as the emulator makes new ones each run.
 */
const GOLDEN = join(import.meta.dirname, '..', '..', 'golden');

const scenarios: { dir: string; change: (s: SpecSet) => void; expect: string[] }[] = [
  {
    dir: '301-plan-v2-add-route',
    change: (s) => { http(s).routes['GET /orders/{id}'] = { integration: 'orders-fn' }; },
    expect: ['create route'],
  },
  {
    dir: '302-plan-v2-move-route-to-another-integration',
    change: (s) => { http(s).routes['POST /orders'] = { integration: 'legacy-fn' }; },
    expect: ['update route'],
  },
  {
    dir: '303-plan-v2-add-jwt-audience',
    change: (s) => { http(s).authorizers.cognito!.jwt!.audience = ['web', 'mobile']; },
    expect: ['update v2-authorizer'],
  },
  {
    dir: '304-plan-v2-switch-payload-format',
    change: (s) => { http(s).integrations['orders-fn']!.payloadFormatVersion = '1.0'; },
    expect: ['update v2-integration'],
  },
  {
    dir: '305-plan-v2-websocket-custom-route-with-response',
    change: (s) => {
      ws(s).routes.sendMessage = { integration: 'messages', routeResponseSelectionExpression: '$default', responses: { $default: {} } };
    },
    expect: ['create route', 'create route-response'],
  },
  {
    dir: '306-plan-v2-turn-auto-deploy-off',
    change: (s) => { http(s).stages.$default!.autoDeploy = false; },
    // Deployed once, so that the stage's deployment records the configuration it holds.
    expect: ['deploy deployment', 'update v2-stage'],
  },
  {
    dir: '307-plan-v2-add-route-without-auto-deploy',
    change: (s) => {
      http(s).stages.$default!.autoDeploy = false;
      http(s).routes['GET /orders/{id}'] = { integration: 'orders-fn' };
    },
    expect: ['create route', 'deploy deployment', 'update v2-stage'],
  },
];

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('HTTP and WebSocket change scenarios converge against the emulator', () => {
  it.each(scenarios)('$dir', async ({ dir, change, expect: kinds }) => {
    // GIVEN the base applied
    const { emu, client } = await withEmulator();
    emulator = emu;
    const v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
    const plan = (s: SpecSet) => computePlan({ specSet: s, clients: { apigateway: client, apigatewayv2: v2 } });
    await runPlan(client, (await plan(v2Base())).plan, {}, v2);
    expect((await plan(v2Base())).plan.ops).toStrictEqual([]);
    // WHEN the change is planned and run
    const changed = v2Base();
    change(changed);
    const { plan: p, live } = await plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.kind}`)).toStrictEqual(kinds);
    const file = join(GOLDEN, dir, 'input.json');
    const actual = stable(p, live);
    if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(file) && !process.env.CI)) {
      mkdirSync(join(GOLDEN, dir), { recursive: true });
      writeFileSync(file, actual);
    } else {
      expect(actual).toBe(readFileSync(file, 'utf8'));
    }
    await runPlan(client, p, {}, v2);
    // THEN planning again finds nothing to do
    expect((await plan(changed)).plan.ops.map((o) => [o.address, o.changes])).toStrictEqual([]);
  });
});
