import { describe, expect, it } from 'vitest';
import { executePlan, type CallAws } from '../src/reconcile/apply/executor.js';
import { NO_RATES, Pacer } from '../src/reconcile/apply/pacer.js';
import { renderApplyReport } from '../src/reconcile/apply/report.js';
import { call, op, planOf, ref } from './helpers/plan-builder.js';
import { VirtualClock } from './helpers/virtual-clock.js';

// Unit tests of scheduling, id resolution and failure handling with an in-memory stand-in for
// AWS's call function (an AWS double, not a double of our code). Over real HTTP: apply-e2e.test.ts.

interface Seen {
  operation: string;
  input: Record<string, unknown>;
}

/** An AWS double: answers by operation, records calls, and yields so parallel calls overlap. */
function fakeAws(answers: Record<string, (input: Record<string, unknown>) => unknown> = {}) {
  const seen: Seen[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const callAws: CallAws = async ({ operation, input }) => {
    seen.push({ operation, input });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    inFlight--;
    const answer = answers[operation];
    return answer ? answer(input) : {};
  };
  return { callAws, seen, maxInFlight: () => maxInFlight };
}

function awsError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

const unpaced = () => new Pacer(new VirtualClock(), NO_RATES);

describe('executePlan', () => {
  it('runs independent ops in parallel but never more than --parallelism at once', async () => {
    // GIVEN ten independent ops
    const plan = planOf(...Array.from({ length: 10 }, (_, i) => op('update', `rest-api:a${i}`, [call('UpdateRestApi', { restApiId: `id${i}` })])));
    const aws = fakeAws();
    // WHEN applied with parallelism 3
    const report = await executePlan(plan, { callAws: aws.callAws, parallelism: 3, ids: new Map(), env: {}, pacer: unpaced() });
    // THEN all ran, with exactly 3 in flight at the peak
    expect(report.ok).toBe(true);
    expect(aws.seen).toHaveLength(10);
    expect(aws.maxInFlight()).toBe(3);
  });

  it('starts an op only after the ops it depends on are done', async () => {
    const api = op('create', 'rest-api:a', [call('CreateRestApi', { name: 'a' }, [{ key: 'rest-api:a', ids: { restApiId: 'id' } }, { key: 'rest-api:a / resource:/', ids: { resourceId: 'rootResourceId' } }])]);
    const users = op('create', 'rest-api:a / resource:/users', [call('CreateResource', { restApiId: ref('rest-api:a', 'restApiId'), parentId: ref('rest-api:a / resource:/', 'resourceId'), pathPart: 'users' }, { key: 'rest-api:a / resource:/users', ids: { resourceId: 'id' } })], { dependsOn: [] });
    users.dependsOn = [api.id];
    const id = op('create', 'rest-api:a / resource:/users/{id}', [call('CreateResource', { restApiId: ref('rest-api:a', 'restApiId'), parentId: ref('rest-api:a / resource:/users', 'resourceId'), pathPart: '{id}' })], { dependsOn: [users.id] });
    const aws = fakeAws({
      CreateRestApi: () => ({ id: 'api123', rootResourceId: 'root0' }),
      CreateResource: (input) => ({ id: `res-${String(input.pathPart)}` }),
    });
    // Listed children first: order in the plan must not matter, dependencies do.
    const report = await executePlan(planOf(id, users, api), { callAws: aws.callAws, parallelism: 8, ids: new Map(), env: {}, pacer: unpaced() });
    expect(report.ok).toBe(true);
    expect(aws.seen).toEqual([
      { operation: 'CreateRestApi', input: { name: 'a' } },
      { operation: 'CreateResource', input: { restApiId: 'api123', parentId: 'root0', pathPart: 'users' } },
      { operation: 'CreateResource', input: { restApiId: 'api123', parentId: 'res-users', pathPart: '{id}' } },
    ]);
  });

  it('resolves $ref from live ids, including ids inside strings (format)', async () => {
    const plan = planOf(
      op('update', 'usage-plan:basic', [
        call('UpdateUsagePlan', {
          usagePlanId: ref('usage-plan:basic', 'usagePlanId'),
          patchOperations: [{ op: 'add', path: '/apiStages', value: ref('rest-api:a', 'restApiId', '{}:prod') }],
        }),
      ]),
    );
    const aws = fakeAws();
    const ids = new Map<string, Record<string, string>>([
      ['usage-plan:basic', { usagePlanId: 'up1' }],
      ['rest-api:a', { restApiId: 'api9' }],
    ]);
    await executePlan(plan, { callAws: aws.callAws, parallelism: 2, ids, env: {}, pacer: unpaced() });
    expect(aws.seen[0]!.input).toEqual({ usagePlanId: 'up1', patchOperations: [{ op: 'add', path: '/apiStages', value: 'api9:prod' }] });
  });

  it('skips the dependents of a failed op, names the failure once, and still runs independent ops', async () => {
    const a = op('create', 'rest-api:a', [call('CreateRestApi', { name: 'a' })], { id: 'op-1' });
    const b = op('create', 'rest-api:a / resource:/b', [call('CreateResource', { pathPart: 'b' })], { id: 'op-2', dependsOn: ['op-1'] });
    const c = op('create', 'rest-api:a / resource:/b/c', [call('CreateResource', { pathPart: 'c' })], { id: 'op-3', dependsOn: ['op-2'] });
    const d = op('update', 'rest-api:other', [call('UpdateRestApi', { restApiId: 'x' })], { id: 'op-4' });
    const aws = fakeAws({
      CreateRestApi: () => {
        throw awsError('BadRequestException', 'Invalid API name specified');
      },
    });
    const report = await executePlan(planOf(a, b, c, d), { callAws: aws.callAws, parallelism: 1, ids: new Map(), env: {}, pacer: unpaced() });
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => [r.op.id, r.status, r.skippedBecause])).toEqual([
      ['op-1', 'failed', undefined],
      ['op-2', 'skipped', 'op-1'],
      ['op-3', 'skipped', 'op-1'],
      ['op-4', 'done', undefined],
    ]);
    expect(aws.seen.map((s) => s.operation)).toEqual(['CreateRestApi', 'UpdateRestApi']);
    expect(renderApplyReport(report).replace(/in \d+\.\ds/, 'in [t]')).toBe(
      [
        'Apply failed: 1 of 4 operations done (0 created, 1 updated, 0 replaced, 0 deleted), 1 failed, 2 did not run, in [t] (2 AWS calls).',
        '',
        'Failed: + rest-api a',
        '  CreateRestApi: BadRequestException: Invalid API name specified',
        '  Skipped because this failed (2):',
        '    + rest-api a / resource /b',
        '    + rest-api a / resource /b/c',
        '',
        'Fix the cause and run apply again: it starts from the live state and does only what is left.',
        '',
      ].join('\n'),
    );
  });

  it('counts a delete answered NotFoundException as done, but not other NotFounds', async () => {
    const del = op('delete', 'rest-api:a / resource:/gone', [call('DeleteResource', { restApiId: 'a', resourceId: 'r' })], { id: 'op-1' });
    const upd = op('update', 'rest-api:b', [call('UpdateRestApi', { restApiId: 'b' })], { id: 'op-2' });
    const notFound = () => {
      throw awsError('NotFoundException', 'Invalid Resource identifier specified');
    };
    const aws = fakeAws({ DeleteResource: notFound, UpdateRestApi: notFound });
    const report = await executePlan(planOf(del, upd), { callAws: aws.callAws, parallelism: 2, ids: new Map(), env: {}, pacer: unpaced() });
    expect(report.results.map((r) => r.status)).toEqual(['done', 'failed']);
    expect(report.results[1]!.error).toEqual({ type: 'NotFoundException', message: 'Invalid Resource identifier specified', operation: 'UpdateRestApi' });
  });

  it('an update with removes marked removeGoneOk: a NotFound leaves out the gone removes (each tried alone when several) and sends the rest', async () => {
    const patch = [
      { op: 'remove', path: '/apiStages', value: 'a:gone' },
      { op: 'remove', path: '/apiStages', value: 'a:here' },
      { op: 'replace', path: '/description', value: 'd' },
    ];
    const upd = op('update', 'usage-plan:p', [{ ...call('UpdateUsagePlan', { usagePlanId: 'p', patchOperations: patch }), removeGoneOk: ['/apiStages'] }]);
    const aws = fakeAws({
      UpdateUsagePlan: (input) => {
        if ((input.patchOperations as { value?: string }[]).some((o) => o.value === 'a:gone')) throw awsError('NotFoundException', 'Invalid API Stage {api: a, stage: gone} specified for usageplan p');
        return {};
      },
    });
    const report = await executePlan(planOf(upd), { callAws: aws.callAws, parallelism: 1, ids: new Map(), env: {}, pacer: unpaced() });
    expect(report.results[0]).toMatchObject({ status: 'done', calls: 4 });
    expect(aws.seen.map((s) => (s.input.patchOperations as { value: string }[]).map((o) => o.value))).toEqual([
      ['a:gone', 'a:here', 'd'], ['a:gone'], ['a:here'], ['d'],
    ]);
  });

  it('reads a $secret from the environment at call time, and fails the op naming the variable when unset', async () => {
    const create = (name: string) => op('create', `api-key:${name}`, [call('CreateApiKey', { name, value: { $secret: `env:${name.toUpperCase()}_KEY` } })]);
    const aws = fakeAws();
    const report = await executePlan(planOf(create('partner'), create('other')), {
      callAws: aws.callAws,
      parallelism: 1,
      ids: new Map(),
      env: { PARTNER_KEY: 's3cr3t-value-123456' },
      pacer: unpaced(),
    });
    expect(aws.seen).toEqual([{ operation: 'CreateApiKey', input: { name: 'partner', value: 's3cr3t-value-123456' } }]);
    expect(report.results[1]!.error).toEqual({
      type: 'apigw-sync',
      operation: 'CreateApiKey',
      message: 'CreateApiKey was not called: the environment variable OTHER_KEY is not set; it holds a secret value this step needs',
    });
    expect(JSON.stringify(report)).not.toContain('s3cr3t-value-123456');
    expect(renderApplyReport(report)).not.toContain('s3cr3t-value-123456');
  });

  it('fails an op whose $ref cannot be resolved, without calling AWS', async () => {
    const aws = fakeAws();
    const report = await executePlan(planOf(op('update', 'rest-api:a', [call('UpdateRestApi', { restApiId: ref('rest-api:a', 'restApiId') })])), {
      callAws: aws.callAws,
      parallelism: 1,
      ids: new Map(),
      env: {},
      pacer: unpaced(),
    });
    expect(aws.seen).toEqual([]);
    expect(report.results[0]!.error?.message).toBe(
      'UpdateRestApi was not called: the restApiId of rest-api:a is not known: it is not in the live state and no earlier step produced it',
    );
  });

  it('refuses a plan with a dependency cycle before any call', async () => {
    const aws = fakeAws();
    const a = op('create', 'rest-api:a', [call('CreateRestApi')], { id: 'op-1', dependsOn: ['op-2'] });
    const b = op('create', 'rest-api:b', [call('CreateRestApi')], { id: 'op-2', dependsOn: ['op-1'] });
    await expect(executePlan(planOf(a, b), { callAws: aws.callAws, parallelism: 1, ids: new Map(), env: {}, pacer: unpaced() })).rejects.toThrow(
      'The plan is invalid: its operations depend on each other in a cycle (op-1 -> op-2 -> op-1).',
    );
    expect(aws.seen).toEqual([]);
  });
});

describe('interrupting', () => {
  it('lets the step in progress finish, starts no new one, and lists those that did not start', async () => {
    const controller = new AbortController();
    const aws = fakeAws({
      CreateRestApi: () => {
        controller.abort(); // Ctrl-C while the first step's call is in flight
        return { id: 'x' };
      },
    });
    const a = op('create', 'rest-api:a', [call('CreateRestApi', { name: 'a' })], { id: 'op-1' });
    const b = op('create', 'rest-api:a / resource:/b', [call('CreateResource', { pathPart: 'b' })], { id: 'op-2', dependsOn: ['op-1'] });
    const c = op('update', 'rest-api:c', [call('UpdateRestApi', { restApiId: 'c' })], { id: 'op-3', dependsOn: ['op-1'] });
    const report = await executePlan(planOf(a, b, c), { callAws: aws.callAws, parallelism: 1, ids: new Map(), env: {}, pacer: unpaced(), signal: controller.signal });
    expect(report.results.map((r) => [r.op.id, r.status, r.skippedBecause])).toEqual([
      ['op-1', 'done', undefined],
      ['op-2', 'skipped', 'interrupted'],
      ['op-3', 'skipped', 'interrupted'],
    ]);
    expect(renderApplyReport(report).replace(/in \d+\.\ds/, 'in [t]')).toBe(
      [
        'Apply interrupted: 1 of 3 operations done (1 created, 0 updated, 0 replaced, 0 deleted), 0 failed, 2 did not run, in [t] (1 AWS call).',
        '',
        'Not started, because apply was interrupted (2):',
        '  + rest-api a / resource /b',
        '  ~ rest-api c',
        '',
        'Run apply again to finish: it starts from the live state and does only what is left.',
        '',
      ].join('\n'),
    );
  });
});

describe('pacing', () => {
  it('spaces calls by AWS quota: CreateDeployment 1 per 5 s, CreateResource 5 per s, EDGE CreateRestApi 1 per 30 s', async () => {
    const clock = new VirtualClock();
    const times: Record<string, number[]> = {};
    const callAws: CallAws = async ({ operation }) => {
      (times[operation] ??= []).push(clock.now());
      return {};
    };
    const ops = [
      ...Array.from({ length: 3 }, (_, i) => op('deploy', `rest-api:d${i} / deployment`, [call('CreateDeployment', { restApiId: `d${i}` })])),
      ...Array.from({ length: 7 }, (_, i) => op('create', `rest-api:r / resource:/p${i}`, [call('CreateResource', { pathPart: `p${i}` })])),
      ...Array.from({ length: 2 }, (_, i) => op('create', `rest-api:e${i}`, [call('CreateRestApi', { name: `e${i}` })])),
      ...Array.from({ length: 2 }, (_, i) => op('create', `rest-api:g${i}`, [call('CreateRestApi', { name: `g${i}`, endpointConfiguration: { types: ['REGIONAL'] } })])),
    ];
    const report = await executePlan(planOf(...ops), { callAws, parallelism: 20, ids: new Map(), env: {}, clock, pacer: new Pacer(clock) });
    expect(report.ok).toBe(true);
    expect(times.CreateDeployment).toEqual([0, 5000, 10000]);
    expect(times.CreateResource).toEqual([0, 0, 0, 0, 0, 200, 400]);
    // Two edge-optimised (the default) and two regional APIs: separate quotas.
    expect(times.CreateRestApi).toEqual([0, 30000, 0, 3000].sort((a, b) => a - b));
  });

  it('keeps all calls within 10 per second after a burst of 40', async () => {
    const clock = new VirtualClock();
    const at: number[] = [];
    const callAws: CallAws = async () => {
      at.push(clock.now());
      return {};
    };
    const ops = Array.from({ length: 45 }, (_, i) => op('update', `rest-api:u${i}`, [call('UpdateRestApi', { restApiId: `u${i}` })]));
    await executePlan(planOf(...ops), { callAws, parallelism: 50, ids: new Map(), env: {}, clock, pacer: new Pacer(clock) });
    expect(at.slice(0, 40).every((t) => t === 0)).toBe(true);
    expect(at.slice(40)).toEqual([100, 200, 300, 400, 500]);
  });
});
