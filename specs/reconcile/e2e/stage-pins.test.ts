import { CreateDeploymentCommand, GetDeploymentsCommand, GetRestApisCommand, GetStageCommand, GetStagesCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway';
import { GetApisCommand, GetDeploymentsCommand as GetV2DeploymentsCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { ApigwError } from '../../../src/errors.js';
import { computePlan, type Plan } from '../../../src/reconcile/index.js';
import { detectDrift } from '../../../src/reconcile/drift.js';
import { restApiToSpec } from '../../../src/import/rest-to-spec.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { load, ROOT } from '../../schema/helpers.js';
import { emulatorPlanner, type EmulatorPlanner } from '../helpers/emulator-planner.js';

/**
 * Stages of one REST API on different deployments: `dev` follows the API, `production` is pinned
 * and moves only when promoted (`promote --from dev --to production`) or when its spec names the
 * deployment by configuration hash. Deployments carry the spec's own description (a commit) with
 * the `[config:<hash>]` the planner reads. Everything through the real SDK against the emulator.
 */
const planner = emulatorPlanner();

const SPEC = (template: string, production: string, extra = '') => `
restApis:
  shop:
    deploymentDescription: "\${env:GITHUB_SHA:-local}"
    resources:
      /items:
        GET:
          integration:
            type: MOCK
            requestTemplates: { application/json: '${template}' }
            responses: { "200": { responseTemplates: { application/json: "" } } }
          responses: { "200": {} }
    stages:
      dev: {}
      production: { ${production} }
${extra}`;

function loaded(yaml: string, sha?: string): SpecSet {
  const { result } = load({ 'apigw-sync.yaml': ROOT, 'shop.yaml': yaml }, { env: sha ? { GITHUB_SHA: sha } : {} });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.specSet;
}

const V1 = '{"statusCode": 200}';
const V2 = '{"statusCode": 201}';

async function stages(t: EmulatorPlanner): Promise<Record<string, { deploymentId?: string; tags?: Record<string, string> }>> {
  const api = (await t.client.send(new GetRestApisCommand({}))).items!.find((a) => a.name === 'shop')!;
  const items = (await t.client.send(new GetStagesCommand({ restApiId: api.id! }))).item ?? [];
  return Object.fromEntries(items.map((s) => [s.stageName!, { deploymentId: s.deploymentId, tags: s.tags }]));
}

async function deployments(t: EmulatorPlanner): Promise<Record<string, string>> {
  const api = (await t.client.send(new GetRestApisCommand({}))).items!.find((a) => a.name === 'shop')!;
  const items = (await t.client.send(new GetDeploymentsCommand({ restApiId: api.id! }))).items ?? [];
  return Object.fromEntries(items.map((d) => [d.id!, d.description ?? '']));
}

const hashOf = (description: string) => /\[config:([0-9a-f]{12})\]/.exec(description)?.[1];

/** Applies, then: the next plan is empty and applying it makes no write call. */
async function applyConverged(t: EmulatorPlanner, s: SpecSet | Plan, again?: SpecSet): Promise<void> {
  await t.apply(s);
  const next = await t.plan(again ?? (s as SpecSet));
  expect(next.ops.map((o) => `${o.address}: ${JSON.stringify(o.changes)}`)).toStrictEqual([]);
  t.emu.resetCalls();
  await t.apply(next);
  expect(t.emu.calls().writes).toBe(0);
}

const promotePlan = async (t: EmulatorPlanner, s: SpecSet, from: string, to: string) =>
  (await computePlan({ specSet: s, clients: { apigateway: t.client, apigatewayv2: t.v2 }, options: { promote: { from, to } } })).plan;

describe('a pinned stage stays on its deployment until promoted', () => {
  it("the guide's flow: dev takes each change, production stays, promote moves it, drift sees it moved by hand", async () => {
    const t = await planner();
    const first = loaded(SPEC(V1, 'deployment: pinned'), 'c0ffee1');
    await applyConverged(t, first);
    const one = await stages(t);
    expect(one.dev!.deploymentId).toBe(one.production!.deploymentId);
    expect(one.production!.tags).toMatchObject({ 'apigw-sync:deployment': one.production!.deploymentId });
    expect(one.dev!.tags?.['apigw-sync:deployment']).toBeUndefined();
    const d1 = one.dev!.deploymentId!;
    expect((await deployments(t))[d1]).toMatch(/^c0ffee1 \[config:[0-9a-f]{12}\]$/);

    // A change: dev moves, production stays; the plan says so.
    const changed = loaded(SPEC(V2, 'deployment: pinned'), 'c0ffee2');
    const plan = await t.plan(changed);
    const deploy = plan.ops.find((o) => o.action === 'deploy')!;
    expect(deploy.explanation).toContain('stage dev uses the new deployment');
    expect(deploy.explanation).toContain('pinned stage production stays on its deployment');
    expect(plan.ops.filter((o) => o.kind === 'stage')).toStrictEqual([]);
    await applyConverged(t, plan, changed);
    const two = await stages(t);
    expect(two.production!.deploymentId).toBe(d1);
    expect(two.dev!.deploymentId).not.toBe(d1);
    expect((await deployments(t))[two.dev!.deploymentId!]).toMatch(/^c0ffee2 \[config:/);

    // promote --from dev --to production: one UpdateStage and the pin tag.
    const promote = await promotePlan(t, changed, 'dev', 'production');
    expect(promote.ops.map((o) => [o.address, o.reason, o.calls.map((c) => c.operation)])).toStrictEqual([
      ['rest-api shop / stage production', 'stage-promoted', ['TagResource', 'UpdateStage']],
    ]);
    // Interrupted after its first call, the promotion is completed by the next apply, not undone.
    const tagOnly = { ...promote, ops: promote.ops.map((o) => ({ ...o, calls: o.calls.slice(0, 1) })) };
    await t.apply(tagOnly);
    const resumed = await t.plan(changed);
    expect(resumed.ops.map((o) => [o.address, o.changes])).toStrictEqual([
      ['rest-api shop / stage production', [{ path: '/deploymentId', from: d1, to: two.dev!.deploymentId }]],
    ]);
    await applyConverged(t, promote, changed);
    const three = await stages(t);
    expect(three.production!.deploymentId).toBe(two.dev!.deploymentId);
    expect(three.production!.tags?.['apigw-sync:deployment']).toBe(two.dev!.deploymentId);
    expect((await promotePlan(t, changed, 'dev', 'production')).notices).toContain('rest-api shop / stage production already runs the deployment of dev: nothing to promote.');

    // Moved by hand (console, AWS CLI): drift reports it, and apply puts it back.
    const api = (await t.client.send(new GetRestApisCommand({}))).items!.find((a) => a.name === 'shop')!;
    await t.client.send(new UpdateStageCommand({ restApiId: api.id!, stageName: 'production', patchOperations: [{ op: 'replace', path: '/deploymentId', value: d1 }] }));
    const computed = await t.compute(changed);
    const drift = detectDrift({ desired: computed.desired, live: computed.live, target: computed.plan.target, checkedAt: 'now', liveFingerprint: '' });
    expect(drift.items.map((i) => [i.address, i.status, i.fields])).toStrictEqual([
      ['rest-api shop / stage production', 'changed', [{ path: '/deploymentId', git: two.dev!.deploymentId, aws: d1 }]],
    ]);
    await applyConverged(t, changed);
    expect((await stages(t)).production!.deploymentId).toBe(two.dev!.deploymentId);
  });

  it('a new commit alone deploys nothing: the description is not configuration', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC(V1, ''), 'aaaaaaa'));
    expect((await t.plan(loaded(SPEC(V1, ''), 'bbbbbbb'))).ops).toStrictEqual([]);
    // Without GITHUB_SHA the default applies.
    await applyConverged(t, loaded(SPEC(V2, '')));
    const descriptions = Object.values(await deployments(t));
    expect(descriptions.map((d) => d.replace(/[0-9a-f]{12}/, 'H')).sort()).toStrictEqual(['aaaaaaa [config:H]', 'local [config:H]']);
  });

  it('a stage pinned to a configuration hash runs that deployment, and moves when the spec names another', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC(V1, '')));
    const d1 = (await stages(t)).dev!.deploymentId!;
    const h1 = hashOf((await deployments(t))[d1]!)!;
    // The configuration changes; production names the old one and stays on it.
    const pinnedOld = loaded(SPEC(V2, `deployment: "${h1}"`));
    await applyConverged(t, pinnedOld);
    const now = await stages(t);
    expect(now.production!.deploymentId).toBe(d1);
    expect(now.dev!.deploymentId).not.toBe(d1);
    const h2 = hashOf((await deployments(t))[now.dev!.deploymentId!]!)!;
    // Naming the new configuration moves it: one UpdateStage, no new deployment.
    const plan = await t.plan(loaded(SPEC(V2, `deployment: "${h2}"`)));
    expect(plan.ops.map((o) => [o.address, o.calls.map((c) => c.operation), o.changes])).toStrictEqual([
      ['rest-api shop / stage production', ['UpdateStage'], [{ path: '/deploymentId', from: d1, to: now.dev!.deploymentId }]],
    ]);
    await applyConverged(t, plan, loaded(SPEC(V2, `deployment: "${h2}"`)));
    // A hash no deployment carries: an error that says which ones exist, before any write.
    t.emu.resetCalls();
    const err = await t.plan(loaded(SPEC(V2, 'deployment: "0123456789ab"'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApigwError);
    expect((err as ApigwError).message).toContain('rest-api shop / stage production: no deployment of rest-api shop carries [config:0123456789ab]');
    expect((err as ApigwError).message).toContain(h1);
    expect(t.emu.calls().writes).toBe(0);
  });

  it('a following stage pinned later keeps its deployment (a tag, no move); unpinned, it follows again', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC(V1, '')));
    const d1 = (await stages(t)).production!.deploymentId!;
    const pin = await t.plan(loaded(SPEC(V1, 'deployment: pinned')));
    expect(pin.ops.map((o) => [o.address, o.calls.map((c) => c.operation)])).toStrictEqual([['rest-api shop / stage production', ['TagResource']]]);
    await applyConverged(t, pin, loaded(SPEC(V1, 'deployment: pinned')));
    await applyConverged(t, loaded(SPEC(V2, 'deployment: pinned')));
    expect((await stages(t)).production!.deploymentId).toBe(d1);
    // Following again: the stage runs an older configuration, so it moves, and loses the tag.
    const follow = loaded(SPEC(V2, 'deployment: follow'));
    const plan = await t.plan(follow);
    expect(plan.ops.find((o) => o.kind === 'stage')?.calls.map((c) => c.operation).sort()).toStrictEqual(['UntagResource', 'UpdateStage']);
    await applyConverged(t, plan, follow);
    const after = await stages(t);
    expect(after.production!.deploymentId).toBe(after.dev!.deploymentId);
    expect(after.production!.tags?.['apigw-sync:deployment']).toBeUndefined();
  });

  it('import writes `deployment: pinned` for a pinned stage, not the tag', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC(V1, 'deployment: pinned, tags: { team: shop }')));
    const { live } = await t.compute(loaded(SPEC(V1, 'deployment: pinned, tags: { team: shop }')));
    const { spec } = restApiToSpec('shop', live, 'us-east-1');
    const stagesOf = spec.stages as Record<string, Record<string, unknown>>;
    expect(stagesOf.production).toStrictEqual({ deployment: 'pinned', tags: { team: 'shop' } });
    expect(stagesOf.dev).toStrictEqual({});
  });

  it('import cannot order stages on deployments of the same second: both follow, and a warning says to pin the one that stays', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC(V1, '')));
    const api = (await t.client.send(new GetRestApisCommand({}))).items!.find((a) => a.name === 'shop')!;
    // GIVEN dev and production moved by hand onto two deployments made in one second (AWS dates to the second)
    for (;;) {
      const a = await t.client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'dev' }));
      const b = await t.client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'production' }));
      if (a.createdDate!.getTime() === b.createdDate!.getTime()) break;
    }
    const { live } = await t.compute(loaded(SPEC(V1, '')));
    const { spec, warnings } = restApiToSpec('shop', live, 'us-east-1');
    // THEN neither is pinned at random, and the import says so
    expect(spec.stages).toStrictEqual({ dev: {}, production: {} });
    expect(warnings).toContainEqual(expect.stringContaining(
      'rest-api shop: stages dev and production run different deployments made in the same second, so which one is older cannot be told;',
    ));
    expect(warnings.join('\n')).toContain('Write `deployment: pinned` on each stage that should stay where it is.');
  });

  it('HTTP APIs take the deployment description too', async () => {
    const t = await planner();
    const yaml = `
httpApis:
  orders:
    deploymentDescription: "release \${env:GITHUB_SHA:-local}"
    integrations: { fn: { lambda: "arn:aws:lambda:us-east-1:123456789012:function:orders", payloadFormatVersion: "2.0" } }
    routes: { "GET /orders": { integration: fn } }
    stages: { live: {} }
`;
    await applyConverged(t, loaded(yaml, 'abc1234'));
    const api = (await t.v2.send(new GetApisCommand({}))).Items!.find((a) => a.Name === 'orders')!;
    const items = (await t.v2.send(new GetV2DeploymentsCommand({ ApiId: api.ApiId! }))).Items ?? [];
    expect(items.map((d) => d.Description?.replace(/[0-9a-f]{12}/, 'H'))).toStrictEqual(['release abc1234 [config:H]']);
    expect((await t.plan(loaded(yaml, 'def5678'))).ops).toStrictEqual([]);
  });
});

describe('following stages reuse the deployment of the current configuration', () => {
  it('an apply stopped after CreateDeployment moved one stage: the next moves the other onto that deployment, no second CreateDeployment', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC(V1, '')));
    const change = await t.plan(loaded(SPEC(V2, '')));
    const deploy = change.ops.find((o) => o.kind === 'deployment')!;
    expect(deploy.calls.map((c) => [c.operation, (c.input as { stageName?: string }).stageName])).toStrictEqual([['CreateDeployment', 'dev']]);
    // The apply stops before production's UpdateStage.
    await t.apply({ ...change, ops: change.ops.filter((o) => o.address !== 'rest-api shop / stage production') });
    const stopped = await stages(t);
    expect(stopped.production!.deploymentId).not.toBe(stopped.dev!.deploymentId);
    const resume = await t.plan(loaded(SPEC(V2, '')));
    expect(resume.ops.map((o) => [o.address, o.calls.map((c) => c.operation)])).toStrictEqual([['rest-api shop / stage production', ['UpdateStage']]]);
    expect(resume.ops[0]!.calls[0]!.input).toMatchObject({ patchOperations: [{ op: 'replace', path: '/deploymentId', value: stopped.dev!.deploymentId }] });
    await applyConverged(t, resume, loaded(SPEC(V2, '')));
    const after = await stages(t);
    expect(after.production!.deploymentId).toBe(after.dev!.deploymentId);
    expect(Object.values(await deployments(t)).map(hashOf)).toHaveLength(2);
  });

  it('a stage added with no other change is created on the existing deployment', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC(V1, '')));
    const added = loaded(SPEC(V1, '').replace('      production: {  }', '      production: {  }\n      staging: {}'));
    const p = await t.plan(added);
    expect(p.ops.map((o) => [o.address, o.calls.map((c) => c.operation)])).toStrictEqual([['rest-api shop / stage staging', ['CreateStage']]]);
    await applyConverged(t, p, added);
    const all = await stages(t);
    expect(all.staging!.deploymentId).toBe(all.dev!.deploymentId);
    expect(Object.keys(await deployments(t))).toHaveLength(1);
  });
});

describe('validate: deployment', () => {
  it('refuses what is neither follow, pinned nor a configuration hash, at its line and column', () => {
    const { result } = load({ 'apigw-sync.yaml': ROOT, 'shop.yaml': SPEC(V1, 'deployment: latest') });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.message])).toStrictEqual([
      ['spec/invalid-value', 15, 33, 'Stage production (REST API shop): "deployment" has an invalid value "latest".'],
    ]);
  });
  it('refuses the pin tag written by hand', () => {
    const { result } = load({ 'apigw-sync.yaml': ROOT, 'shop.yaml': SPEC(V1, 'tags: { "apigw-sync:deployment": x }') });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics[0]?.code).toBe('spec/reserved-tag');
  });
});

void GetStageCommand;
