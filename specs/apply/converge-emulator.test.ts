import { UpdateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { checkSavedPlan } from '../../src/cli/saved-plan.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { systemClock } from '../../src/reconcile/apply/clock.js';
import { executePlan } from '../../src/reconcile/apply/executor.js';
import { NO_RATES, Pacer } from '../../src/reconcile/apply/pacer.js';
import { renderApplyReport } from '../../src/reconcile/apply/report.js';
import { liveDigests } from '../../src/reconcile/live-digest.js';
import { computePlan, fingerprintLive } from '../../src/reconcile/index.js';
import type { Model } from '../../src/reconcile/model.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import type { RestApiSpec, SpecSet } from '../../src/schema/index.js';

// The invariants, with the real planner, executor and SDK against the emulator over HTTP:
// apply then plan shows no changes, and a second apply makes zero write calls.

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:users';
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123';

function petstore(): RestApiSpec {
  return {
    description: 'Pet store',
    endpointType: 'REGIONAL',
    tags: { team: 'pets' },
    authorizers: { cognito: { type: 'COGNITO_USER_POOLS', providerArns: [POOL], identitySource: 'method.request.header.Authorization' } },
    resources: {
      '/users': {
        GET: { authorizationType: 'NONE', integration: { lambda: FN } },
      },
      '/users/{id}': {
        GET: {
          requestParameters: { 'method.request.path.id': true },
          integration: {
            type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://backend.example.com/users/{id}',
            requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
          },
        },
      },
      '/legacy': { GET: { integration: { type: 'MOCK' } } },
      '/legacy/v1': { GET: { integration: { type: 'MOCK' } } },
      '/health': {
        GET: {
          integration: {
            type: 'MOCK',
            requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: { '200': { responseTemplates: { 'application/json': '{"ok": true}' } } },
          },
          responses: { '200': { responseModels: { 'application/json': 'Empty' } } },
        },
      },
    },
    stages: { prod: { variables: { alias: 'prod' } } },
  } as RestApiSpec;
}

function specSet(restApis: Record<string, RestApiSpec>): SpecSet {
  return { name: 'shop', region: 'us-east-1', values: {}, restApis, httpApis: {}, webSocketApis: {}, apiKeys: {}, usagePlans: {}, domains: {}, files: [] };
}

let emu: RunningEmulator;
let aws: AwsClients;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  aws = createAwsClients({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 });
});
afterAll(async () => {
  aws.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

const plan = (s: SpecSet, allowDestroy = false) => computePlan({ specSet: s, clients: { apigateway: aws.apigateway }, options: { allowDestroy } });

async function apply(s: SpecSet, allowDestroy = false): Promise<{ writes: number }> {
  const before = emu.calls().writes;
  const { plan: p, live } = await plan(s, allowDestroy);
  const report = await executePlan(p, { callAws: aws.callAws, parallelism: 4, ids: idTable(live), env: {}, pacer: new Pacer(systemClock, NO_RATES) });
  expect(report.ok, renderApplyReport(report)).toBe(true);
  return { writes: emu.calls().writes - before };
}

function idTable(live: Model): Map<string, Record<string, string>> {
  return new Map(Object.entries(live.entities).flatMap(([k, e]) => (e.ids ? [[k, { ...e.ids }] as [string, Record<string, string>]] : [])));
}

async function expectNoChanges(s: SpecSet): Promise<void> {
  const { plan: p } = await plan(s);
  expect(p.ops, renderPlanText(p)).toEqual([]);
}

describe('apply against the emulator', () => {
  it('applies to an empty account; then plan shows no changes and a second apply writes nothing', async () => {
    const s = specSet({ petstore: petstore() });
    const first = await apply(s);
    expect(first.writes).toBeGreaterThan(10);
    await expectNoChanges(s);
    expect((await apply(s)).writes).toBe(0);
  });

  it.each([
    {
      name: 'add a method',
      change: (a: RestApiSpec) => {
        a.resources!['/users']!.POST = { integration: { lambda: FN } } as never;
      },
    },
    {
      name: 'change a VTL template',
      change: (a: RestApiSpec) => {
        (a.resources!['/health']!.GET as { integration: { requestTemplates: Record<string, string> } }).integration.requestTemplates['application/json'] =
          '#set($x = 1)\n{"statusCode": 200}';
      },
    },
    { name: 'remove a resource subtree', change: (a: RestApiSpec) => void (delete a.resources!['/legacy'], delete a.resources!['/legacy/v1']) },
    { name: 'rename a stage variable', change: (a: RestApiSpec) => void (a.stages!.prod = { variables: { lambdaAlias: 'prod' } } as never) },
    {
      name: 'switch a method from NONE to a Cognito authorizer',
      change: (a: RestApiSpec) => {
        a.resources!['/users']!.GET = { authorizationType: 'COGNITO_USER_POOLS', authorizer: 'cognito', authorizationScopes: ['users/read'], integration: { lambda: FN } } as never;
      },
    },
    {
      name: "change an integration's type",
      change: (a: RestApiSpec) => {
        (a.resources!['/users/{id}']!.GET as { integration: unknown }).integration = { type: 'MOCK' };
      },
    },
  ])('$name: apply, then plan shows no changes', async ({ change }) => {
    await apply(specSet({ petstore: petstore() }));
    const changed = petstore();
    change(changed);
    const s = specSet({ petstore: changed });
    const { plan: p } = await plan(s);
    expect(p.ops.length).toBeGreaterThan(0);
    await apply(s);
    await expectNoChanges(s);
  });

  // AWS refuses to delete an authorizer a method still uses, and a stage a domain still maps to; the
  // plan must let go of them first (the method's update, the mapping's delete).
  it('drops an authorizer a method used: the method lets go of it before the authorizer goes', async () => {
    const using = petstore();
    using.resources!['/users']!.GET = { authorizationType: 'COGNITO_USER_POOLS', authorizer: 'cognito', integration: { lambda: FN } } as never;
    await apply(specSet({ petstore: using }));
    const dropped = petstore();
    delete dropped.authorizers;
    const s = specSet({ petstore: dropped });
    await apply(s, true);
    expect(Object.values((emu.state.v1.restApis ?? {}) as Record<string, { authorizers: object }>).map((a) => Object.keys(a.authorizers))).toEqual([[]]);
    await expectNoChanges(s);
  });

  it('drops a stage a domain mapped: the mapping goes before the stage', async () => {
    const withStages = (names: string[], mapped: boolean): SpecSet => {
      const a = petstore();
      a.stages = Object.fromEntries(names.map((n) => [n, {}])) as never;
      const domain = { endpointType: 'REGIONAL', regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/m', mappings: mapped ? { old: { api: 'petstore', stage: 'old' } } : {} };
      return { ...specSet({ petstore: a }), domains: { 'api.example.com': domain } as never };
    };
    await apply(withStages(['prod', 'old'], true));
    const s = withStages(['prod'], false);
    await apply(s, true);
    expect(Object.values((emu.state.v1.restApis ?? {}) as Record<string, { stages: object }>).map((a) => Object.keys(a.stages))).toEqual([['prod']]);
    await expectNoChanges(s);
  });

  it('destroy: an emptied spec set deletes the API, blocked until deletion is allowed', async () => {
    await apply(specSet({ petstore: petstore() }));
    const { plan: blocked } = await plan(specSet({}));
    expect(blocked.ops.map((o) => [o.address, o.action, o.blocked])).toEqual([['rest-api petstore', 'delete', true]]);
    await apply(specSet({}), true);
    expect(Object.keys(emu.state.v1.restApis ?? {})).toEqual([]);
  });

  it('a saved plan is refused once the live state changed, naming the object, and accepted while unchanged', async () => {
    await apply(specSet({ petstore: petstore() }));
    const changed = petstore();
    changed.description = 'Pet store v2';
    const s = specSet({ petstore: changed });
    const made = await plan(s);
    const saved = { ...made.plan, liveObjects: liveDigests(made.live) };
    // unchanged: accepted
    const again = await plan(s);
    expect(() => checkSavedPlan(saved, 'plan.json', { plan: again.plan, live: again.live, fingerprint: fingerprintLive(again.live) })).not.toThrow();
    // changed behind our back: refused, naming the API
    const restApiId = made.live.entities['rest-api:petstore']!.ids!.restApiId!;
    await aws.apigateway.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/description', value: 'edited in the console' }] }));
    const now = await plan(s);
    expect(() => checkSavedPlan(saved, 'plan.json', { plan: now.plan, live: now.live, fingerprint: fingerprintLive(now.live) })).toThrow(
      /so it may no longer do what was reviewed\. Nothing was applied\.\n {2}changed: rest-api petstore$/,
    );
  });
});
