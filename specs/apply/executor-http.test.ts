import { GetResourcesCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { executePlan, type CallAws } from '../../src/reconcile/apply/executor.js';
import { NO_RATES, Pacer } from '../../src/reconcile/apply/pacer.js';
import { renderApplyReport } from '../../src/reconcile/apply/report.js';
import { systemClock } from '../../src/reconcile/apply/clock.js';
import { call, op, planOf, ref } from '../helpers/plan-builder.js';

// The executor with the real SDK over real HTTP against the emulator, on hand-written plans.

const API = 'rest-api:shop';
const ROOT = `${API} / resource:/`;

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

const run = (plan: ReturnType<typeof planOf>, callAws: CallAws = aws.callAws, parallelism = 4, env: Record<string, string> = {}) =>
  executePlan(plan, { callAws, parallelism, ids: new Map(), env, pacer: new Pacer(systemClock, NO_RATES) });

function createApiPlan() {
  const api = op('create', API, [
    call('CreateRestApi', { name: 'shop', endpointConfiguration: { types: ['REGIONAL'] }, tags: { 'apigw-sync:managed-by': 'test' } }, [
      { key: API, ids: { restApiId: 'id' } },
      { key: ROOT, ids: { resourceId: 'rootResourceId' } },
    ]),
  ], { id: 'op-1' });
  const users = op('create', `${API} / resource:/users`, [
    call('CreateResource', { restApiId: ref(API, 'restApiId'), parentId: ref(ROOT, 'resourceId'), pathPart: 'users' }, { key: `${API} / resource:/users`, ids: { resourceId: 'id' } }),
  ], { id: 'op-2', dependsOn: ['op-1'] });
  const user = op('create', `${API} / resource:/users/{id}`, [
    call('CreateResource', { restApiId: ref(API, 'restApiId'), parentId: ref(`${API} / resource:/users`, 'resourceId'), pathPart: '{id}' }, { key: `${API} / resource:/users/{id}`, ids: { resourceId: 'id' } }),
  ], { id: 'op-3', dependsOn: ['op-2'] });
  const get = op('create', `${API} / resource:/users / method:GET`, [
    call('PutMethod', { restApiId: ref(API, 'restApiId'), resourceId: ref(`${API} / resource:/users`, 'resourceId'), httpMethod: 'GET', authorizationType: 'NONE' }),
    call('PutIntegration', { restApiId: ref(API, 'restApiId'), resourceId: ref(`${API} / resource:/users`, 'resourceId'), httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }),
  ], { id: 'op-4', dependsOn: ['op-2'] });
  const deploy = op('deploy', `${API} / deployment`, [
    call('CreateDeployment', { restApiId: ref(API, 'restApiId'), stageName: 'dev', description: 'first' }, { key: `${API} / deployment`, ids: { deploymentId: 'id' } }),
  ], { id: 'op-5', dependsOn: ['op-3', 'op-4'] });
  return planOf(api, users, user, get, deploy);
}

describe('executor over HTTP', () => {
  it('creates an API top-down, resolving ids from the outputs of earlier calls', async () => {
    const report = await run(createApiPlan());
    expect(report.results.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(renderApplyReport(report).replace(/in \d+\.\ds/, 'in [t]')).toBe('Apply complete: 5 created, 0 updated, 0 replaced, 0 deleted in [t] (6 AWS calls).\n');
    // THEN AWS holds exactly the tree, and the stage points at the deployment
    expect(aws.counter.byOperation()).toMatchObject({ CreateRestApi: 1, CreateResource: 2, PutMethod: 1, PutIntegration: 1, CreateDeployment: 1 });
    const apis = emu.calls().byOperation;
    expect(apis['apigateway:CreateRestApi']).toBe(1);
    const id = await firstApiId();
    const resources = await aws.apigateway.send(new GetResourcesCommand({ restApiId: id, embed: ['methods'] }));
    expect(resources.items?.map((r) => r.path).sort()).toEqual(['/', '/users', '/users/{id}']);
    expect(resources.items?.find((r) => r.path === '/users')?.resourceMethods?.GET?.methodIntegration?.type).toBe('MOCK');
    const stages = await aws.apigateway.send(new GetStagesCommand({ restApiId: id }));
    expect(stages.item?.map((s) => s.stageName)).toEqual(['dev']);
  });

  it('skips what depends on a failed op, reports AWS\'s exact error, and runs the rest', async () => {
    // GIVEN a resource whose parent id does not exist, a child of it, and an unrelated API
    const bad = op('create', `${API} / resource:/a`, [call('CreateResource', { restApiId: 'nope', parentId: 'nope', pathPart: 'a' }, { key: `${API} / resource:/a`, ids: { resourceId: 'id' } })], { id: 'op-1' });
    const child = op('create', `${API} / resource:/a/b`, [call('CreateResource', { restApiId: 'nope', parentId: ref(`${API} / resource:/a`, 'resourceId'), pathPart: 'b' })], { id: 'op-2', dependsOn: ['op-1'] });
    const other = op('create', 'rest-api:other', [call('CreateRestApi', { name: 'other' })], { id: 'op-3' });
    const report = await run(planOf(bad, child, other));
    expect(report.results.map((r) => r.status)).toEqual(['failed', 'skipped', 'done']);
    expect(report.results[0]!.error).toMatchObject({ operation: 'CreateResource', httpStatus: 404, type: 'NotFoundException' });
    const text = renderApplyReport(report);
    expect(text).toContain(`  CreateResource: NotFoundException: ${report.results[0]!.error!.message}\n  Skipped because this failed (1):\n    + rest-api shop / resource /a/b\n`);
    expect(emu.callCount('CreateResource')).toBe(1);
  });

  it('counts a delete of something already gone (NotFoundException) as done', async () => {
    const report = await run(planOf(op('delete', 'rest-api:gone', [call('DeleteRestApi', { restApiId: 'doesnotexist' })])));
    expect(report.ok).toBe(true);
    expect(emu.callCount('DeleteRestApi')).toBe(1);
  });

  it('never has more than --parallelism calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const counting: CallAws = async (c) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await aws.callAws(c);
      } finally {
        inFlight--;
      }
    };
    const plan = planOf(...Array.from({ length: 12 }, (_, i) => op('create', `rest-api:p${i}`, [call('CreateRestApi', { name: `p${i}` })])));
    const report = await run(plan, counting, 3);
    expect(report.ok).toBe(true);
    expect(peak).toBe(3);
    expect(emu.callCount('CreateRestApi')).toBe(12);
  });

  it("counts a usage plan's remove of a stage deleted meanwhile as done, and still sends the update's other operations", async () => {
    // GIVEN an API with stages dev and prod, both in a usage plan, and prod deleted since the plan was made
    expect((await run(createApiPlan())).ok).toBe(true);
    const restApiId = await firstApiId();
    const { CreateStageCommand, CreateUsagePlanCommand, DeleteStageCommand, GetDeploymentsCommand, GetUsagePlanCommand } = await import('@aws-sdk/client-api-gateway');
    const deploymentId = (await aws.apigateway.send(new GetDeploymentsCommand({ restApiId }))).items![0]!.id!;
    await aws.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId }));
    const plan = await aws.apigateway.send(new CreateUsagePlanCommand({ name: 'basic', apiStages: [{ apiId: restApiId, stage: 'dev' }, { apiId: restApiId, stage: 'prod' }] }));
    await aws.apigateway.send(new DeleteStageCommand({ restApiId, stageName: 'prod' }));
    const update = (removeGoneOk?: string[]) => op('update', 'usage-plan:basic', [{
      ...call('UpdateUsagePlan', { usagePlanId: plan.id, patchOperations: [
        { op: 'remove', path: '/apiStages', value: `${restApiId}:prod` },
        { op: 'replace', path: '/description', value: 'dev only' },
      ] }),
      ...(removeGoneOk ? { removeGoneOk } : {}),
    }]);
    // WHEN the update is not marked: AWS's NotFoundException fails the op, as any other
    const unmarked = await run(planOf(update()));
    expect(unmarked.results[0]!.error).toMatchObject({ type: 'NotFoundException', message: `Invalid API Stage {api: ${restApiId}, stage: prod} specified for usageplan ${plan.id}` });
    // THEN marked, the remove counts as done and the description goes in a second call without it
    const marked = await run(planOf(update(['/apiStages'])));
    expect(marked.results.map((r) => [r.status, r.calls])).toEqual([['done', 2]]);
    expect((await aws.apigateway.send(new GetUsagePlanCommand({ usagePlanId: plan.id }))).description).toBe('dev only');
    // A NotFoundException for the rest (here the plan itself) still fails the op.
    const gone = await run(planOf(op('update', 'usage-plan:gone', [{ ...call('UpdateUsagePlan', { usagePlanId: 'nope00', patchOperations: [
      { op: 'remove', path: '/apiStages', value: `${restApiId}:prod` }, { op: 'replace', path: '/description', value: 'x' },
    ] }), removeGoneOk: ['/apiStages'] }])));
    expect(gone.results[0]!.status).toBe('failed');
  });

  it('sends a $secret value to AWS without it appearing in the report', async () => {
    const secret = 'k3y-value-from-env-0123456789';
    const plan = planOf(op('create', 'api-key:partner', [call('CreateApiKey', { name: 'partner', enabled: true, value: { $secret: 'env:PARTNER_KEY' } })]));
    const report = await run(plan, aws.callAws, 1, { PARTNER_KEY: secret });
    expect(report.ok).toBe(true);
    expect(JSON.stringify(emu.state.v1)).toContain(secret);
    expect(renderApplyReport(report)).not.toContain(secret);
  });
});

async function firstApiId(): Promise<string> {
  const { GetRestApisCommand } = await import('@aws-sdk/client-api-gateway');
  const out = await aws.apigateway.send(new GetRestApisCommand({}));
  return out.items![0]!.id!;
}
