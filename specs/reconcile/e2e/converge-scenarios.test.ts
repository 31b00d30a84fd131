import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Model } from '../../../src/reconcile/model.js';
import type { Plan } from '../../../src/reconcile/plan-types.js';
import { renderPlanJson } from '../../../src/render/plan-json.js';
import { renderPlanMarkdown } from '../../../src/render/plan-markdown.js';
import { renderPlanText } from '../../../src/render/plan-text.js';
import { expectGolden, stabilise } from '../../helpers/golden.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import type { RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { withEmulator } from '../../emulator/helpers.js';
import { runPlan } from '../helpers/run-plan.js';
import { specSet } from '../helpers/spec-set.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:users';
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123';
const LOGS = 'arn:aws:logs:us-east-1:123456789012:log-group:petstore-access';
const ENV = { PARTNER_KEY: 'partner-key-value-0123456789abcdef', ROTATED_KEY: 'rotated-key-value-0123456789abcdef' };

/** The base: what each scenario starts from once applied. */
function base(): SpecSet {
  const api: RestApiSpec = {
    description: 'Pet store',
    endpointType: 'REGIONAL',
    resources: {
      '/users': {
        GET: {
          integration: {
            type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: { '200': { responseTemplates: { 'application/json': '{"users": []}' } } },
          },
          responses: { '200': { responseModels: { 'application/json': 'Empty' } } },
        },
      },
      '/users/{id}': { GET: { requestParameters: { 'method.request.path.id': true }, integration: { type: 'MOCK' } } },
      '/users/{id}/pets': { GET: { integration: { type: 'MOCK' } } },
      '/orders': { GET: { integration: { type: 'MOCK' } } },
    },
    stages: { prod: { variables: { lambdaAlias: 'prod' }, accessLog: { destinationArn: LOGS, format: '$context.requestId $context.status' } }, dev: {} },
  };
  return {
    ...specSet({ petstore: api }),
    apiKeys: { partner: { value: { secretEnv: 'PARTNER_KEY' } } },
    usagePlans: { basic: { quota: { limit: 1000, period: 'MONTH' }, apiStages: [{ api: 'petstore', stage: 'prod' }], keys: ['partner'] } },
    domains: { 'api.example.com': { regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/c1', mappings: { v1: { api: 'petstore', stage: 'prod' } } } },
  };
}

const rest = (s: SpecSet) => s.restApis.petstore as RestApiSpec & { resources: NonNullable<RestApiSpec['resources']> };

/**
 * The account-object scenarios' plans, as made against the emulator, are golden files too
 * (specs/golden/2NN-emulator-*: text, Markdown, JSON), with AWS's ids as placeholders.
 */
const GOLDEN: Record<string, string> = {
  'raise a quota': '201-emulator-raise-quota',
  'add a key to a plan': '202-emulator-add-key-to-plan',
  "rotate a key's value": '203-emulator-rotate-key-value',
  'move a base path to another stage': '204-emulator-move-base-path',
  'turn caching on with a TTL for one method': '205-emulator-method-caching-ttl',
  'change the access-log format': '206-emulator-access-log-format',
};

/** AWS's generated ids (and the emulator's address) -> `[idName]` placeholders. */
function withoutIds(text: string, live: Model, url: string): string {
  const NAMES = new Set(['domainName', 'basePath', 'stageName', 'httpMethod', 'statusCode']);
  let out = text.split(url).join('[endpoint]');
  for (const e of Object.values(live.entities)) {
    for (const [name, id] of Object.entries(e.ids ?? {})) if (!NAMES.has(name) && id.length >= 5) out = out.split(id).join(`[${name}]`);
  }
  return stabilise(out);
}

function expectGoldenPlan(dir: string, plan: Plan, live: Model, url: string): void {
  const path = join(import.meta.dirname, '..', '..', 'golden', dir);
  mkdirSync(path, { recursive: true });
  expectGolden(join(path, 'plan.txt'), withoutIds(renderPlanText(plan), live, url));
  expectGolden(join(path, 'plan.md'), withoutIds(renderPlanMarkdown(plan), live, url));
  expectGolden(join(path, 'plan.json'), withoutIds(renderPlanJson(plan), live, url));
}

const scenarios: { name: string; change: (s: SpecSet) => void; expect: string[] }[] = [
  {
    name: 'add a method',
    change: (s) => { rest(s).resources['/users']!.POST = { integration: { lambda: FN } }; },
    expect: ['create method', 'create integration', 'deploy deployment', 'update stage'],
  },
  {
    name: 'change a VTL template',
    change: (s) => { rest(s).resources['/users']!.GET!.integration.requestTemplates = { 'application/json': '{"statusCode": 201}' }; },
    expect: ['update integration', 'deploy deployment', 'update stage'],
  },
  {
    name: 'remove a resource subtree',
    change: (s) => { delete rest(s).resources['/users/{id}']; delete rest(s).resources['/users/{id}/pets']; },
    expect: ['delete resource', 'deploy deployment', 'update stage'],
  },
  {
    name: 'rename a stage variable',
    change: (s) => { rest(s).stages!.prod!.variables = { alias: 'prod' }; },
    expect: ['update stage'],
  },
  {
    name: 'turn caching on with a TTL for one method',
    change: (s) => {
      Object.assign(rest(s).stages!.prod!, { cacheClusterEnabled: true, cacheClusterSize: '0.5', methodSettings: { 'GET /users': { caching: { enabled: true, ttlInSeconds: 600 } } } });
    },
    expect: ['update stage'],
  },
  {
    name: 'change the access-log format',
    change: (s) => { rest(s).stages!.prod!.accessLog = { destinationArn: LOGS, format: '$context.requestId $context.status $context.responseLatency' }; },
    expect: ['update stage'],
  },
  {
    name: 'switch a method from NONE to a Cognito authorizer',
    change: (s) => {
      rest(s).authorizers = { cognito: { type: 'COGNITO_USER_POOLS', providerArns: [POOL], identitySource: 'method.request.header.Authorization' } };
      rest(s).resources['/orders']!.GET = { authorizationType: 'COGNITO_USER_POOLS', authorizer: 'cognito', authorizationScopes: ['orders/read'], integration: { type: 'MOCK' } };
    },
    expect: ['create authorizer', 'update method', 'deploy deployment', 'update stage'],
  },
  {
    name: "change an integration's type",
    change: (s) => {
      const get = rest(s).resources['/users']!.GET!;
      get.integration = { type: 'HTTP', httpMethod: 'GET', uri: 'https://backend.example.com/users', responses: get.integration.responses };
    },
    expect: ['replace integration', 'create integration-response', 'deploy deployment', 'update stage'],
  },
  {
    name: 'raise a quota',
    change: (s) => { s.usagePlans.basic!.quota = { limit: 5000, period: 'MONTH' }; },
    expect: ['update usage-plan'],
  },
  {
    name: "rotate a key's value",
    change: (s) => { s.apiKeys.partner = { value: { secretEnv: 'ROTATED_KEY' } }; },
    expect: ['replace api-key', 'create usage-plan-key'],
  },
  {
    name: 'add a key to a plan',
    change: (s) => { s.apiKeys.mobile = {}; s.usagePlans.basic!.keys = ['partner', 'mobile']; },
    expect: ['create api-key', 'create usage-plan-key'],
  },
  {
    name: 'move a base path to another stage',
    change: (s) => { s.domains['api.example.com']!.mappings = { v1: { api: 'petstore', stage: 'dev' } }; },
    expect: ['update base-path-mapping'],
  },
];

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('change scenarios converge against the emulator', () => {
  it.each(scenarios)('$name', async ({ name, change, expect: kinds }) => {
    // GIVEN the base applied
    const { emu, client } = await withEmulator();
    emulator = emu;
    const plan = async (s: SpecSet) => (await computePlan({ specSet: s, clients: { apigateway: client }, env: ENV })).plan;
    await runPlan(client, await plan(base()), ENV);
    expect((await plan(base())).ops).toStrictEqual([]);
    // WHEN the change is planned and run
    const changed = base();
    change(changed);
    const computed = await computePlan({ specSet: changed, clients: { apigateway: client }, env: ENV });
    const p = computed.plan;
    expect(p.ops.map((o) => `${o.action} ${o.kind}`)).toStrictEqual(kinds);
    if (GOLDEN[name]) expectGoldenPlan(GOLDEN[name], p, computed.live, emu.url);
    // all changes to one object in one Update call (AWS allows one UpdateUsagePlan per 20 s)
    for (const o of p.ops) expect(o.calls.filter((c) => c.operation.startsWith('Update')).length).toBeLessThanOrEqual(1);
    await runPlan(client, p, ENV);
    // THEN planning again finds nothing to do
    expect((await plan(changed)).ops.map((o) => [o.address, o.changes])).toStrictEqual([]);
  });
});

describe('an interrupted apply converges', () => {
  it('stopping after the changes and before the deploy: the next plan deploys', async () => {
    // GIVEN the base applied, and a template change of which only the first op ran
    const { emu, client } = await withEmulator();
    emulator = emu;
    const plan = async (s: SpecSet) => (await computePlan({ specSet: s, clients: { apigateway: client }, env: ENV })).plan;
    await runPlan(client, await plan(base()), ENV);
    const changed = base();
    rest(changed).resources['/users']!.GET!.integration.requestTemplates = { 'application/json': '{"statusCode": 201}' };
    const p = await plan(changed);
    await runPlan(client, { ...p, ops: p.ops.slice(0, 1) }, ENV);
    // WHEN planned again
    const next = await plan(changed);
    // THEN the deploy (moving prod) and dev's move are still there, because the stages' deployment is of the old config
    expect(next.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual([
      'deploy rest-api petstore / deployment',
      'update rest-api petstore / stage dev',
    ]);
    expect(next.ops[0]?.calls[0]?.input).toMatchObject({ stageName: 'prod' });
    await runPlan(client, next, ENV);
    expect((await plan(changed)).ops).toStrictEqual([]);
  });
});
