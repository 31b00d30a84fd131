import { GetApisCommand, GetDeploymentsCommand, GetStagesCommand, UpdateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { ApigwError } from '../../../src/errors.js';
import { computePlan, type Plan } from '../../../src/reconcile/index.js';
import { detectDrift } from '../../../src/reconcile/drift.js';
import { v2ApiToSpec } from '../../../src/import/v2-to-spec.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { load, ROOT } from '../../schema/helpers.js';
import { emulatorPlanner, type EmulatorPlanner } from '../helpers/emulator-planner.js';

/**
 * Stages of one HTTP or WebSocket API on different deployments, as for REST stages
 * (stage-pins.test.ts): `dev` follows, `production` is pinned and moves only when promoted or when
 * its spec names a configuration hash. Through the real SDK against the emulator.
 */
const planner = emulatorPlanner();

const FN = (n: string) => `arn:aws:lambda:us-east-1:123456789012:function:${n}`;

const HTTP = (fn: string, production: string) => `
httpApis:
  orders:
    deploymentDescription: "\${env:GITHUB_SHA:-local}"
    integrations: { fn: { lambda: "${FN(fn)}", payloadFormatVersion: "2.0" } }
    routes: { "GET /orders": { integration: fn } }
    stages:
      dev: {}
      production: { ${production} }
`;

const WS = (fn: string, production: string) => `
webSocketApis:
  chat:
    deploymentDescription: "\${env:GITHUB_SHA:-local}"
    routeSelectionExpression: $request.body.action
    integrations: { fn: { lambda: "${FN(fn)}" } }
    routes: { $default: { integration: fn } }
    stages:
      dev: {}
      production: { ${production} }
`;

function loaded(yaml: string, sha?: string): SpecSet {
  const { result } = load({ 'apigw-sync.yaml': ROOT, 'apis.yaml': yaml }, { env: sha ? { GITHUB_SHA: sha } : {} });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.specSet;
}

async function apiId(t: EmulatorPlanner, name: string): Promise<string> {
  return (await t.v2.send(new GetApisCommand({}))).Items!.find((a) => a.Name === name)!.ApiId!;
}

async function stages(t: EmulatorPlanner, name: string): Promise<Record<string, { deploymentId?: string; tags?: Record<string, string> }>> {
  const items = (await t.v2.send(new GetStagesCommand({ ApiId: await apiId(t, name) }))).Items ?? [];
  return Object.fromEntries(items.map((s) => [s.StageName!, { deploymentId: s.DeploymentId, tags: s.Tags }]));
}

async function deployments(t: EmulatorPlanner, name: string): Promise<Record<string, string>> {
  const items = (await t.v2.send(new GetDeploymentsCommand({ ApiId: await apiId(t, name) }))).Items ?? [];
  return Object.fromEntries(items.map((d) => [d.DeploymentId!, d.Description ?? '']));
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

describe.each([
  ['HTTP API', 'orders', 'http-api orders', HTTP],
  ['WebSocket API', 'chat', 'websocket-api chat', WS],
] as const)('a pinned %s stage stays on its deployment until promoted', (_kind, name, address, SPEC) => {
  it('dev takes each change, production stays, promote moves it, drift sees it moved by hand', async () => {
    const t = await planner();
    const first = loaded(SPEC('v1', 'deployment: pinned'), 'c0ffee1');
    await applyConverged(t, first);
    const one = await stages(t, name);
    expect(one.dev!.deploymentId).toBeDefined();
    expect(one.production!.deploymentId).toBe(one.dev!.deploymentId);
    expect(one.production!.tags).toMatchObject({ 'apigw-sync:deployment': one.production!.deploymentId });
    expect(one.dev!.tags?.['apigw-sync:deployment']).toBeUndefined();
    const d1 = one.dev!.deploymentId!;
    expect((await deployments(t, name))[d1]).toMatch(/^c0ffee1 \[config:[0-9a-f]{12}\]$/);

    // A change: dev moves, production stays; the plan says so.
    const changed = loaded(SPEC('v2', 'deployment: pinned'), 'c0ffee2');
    const plan = await t.plan(changed);
    const deploy = plan.ops.find((o) => o.action === 'deploy')!;
    expect(deploy.explanation).toContain('pinned stage production stays on its deployment');
    expect(plan.ops.filter((o) => o.address.endsWith('production'))).toStrictEqual([]);
    await applyConverged(t, plan, changed);
    const two = await stages(t, name);
    expect(two.production!.deploymentId).toBe(d1);
    expect(two.dev!.deploymentId).not.toBe(d1);
    expect((await deployments(t, name))[two.dev!.deploymentId!]).toMatch(/^c0ffee2 \[config:/);

    // promote --from dev --to production: the pin tag, then one UpdateStage.
    const promote = await promotePlan(t, changed, 'dev', 'production');
    expect(promote.ops.map((o) => [o.address, o.reason, o.calls.map((c) => c.operation)])).toStrictEqual([
      [`${address} / stage production`, 'stage-promoted', ['TagResource', 'UpdateStage']],
    ]);
    // Interrupted after its first call, the promotion is completed by the next apply, not undone.
    await t.apply({ ...promote, ops: promote.ops.map((o) => ({ ...o, calls: o.calls.slice(0, 1) })) });
    const resumed = await t.plan(changed);
    expect(resumed.ops.map((o) => [o.address, o.changes])).toStrictEqual([
      [`${address} / stage production`, [{ path: '/deploymentId', from: d1, to: two.dev!.deploymentId }]],
    ]);
    await applyConverged(t, promote, changed);
    const three = await stages(t, name);
    expect(three.production!.deploymentId).toBe(two.dev!.deploymentId);
    expect(three.production!.tags?.['apigw-sync:deployment']).toBe(two.dev!.deploymentId);
    expect((await promotePlan(t, changed, 'dev', 'production')).notices)
      .toContain(`${address} / stage production already runs the deployment of dev: nothing to promote.`);

    // Moved by hand: drift reports it, and apply puts it back.
    await t.v2.send(new UpdateStageCommand({ ApiId: await apiId(t, name), StageName: 'production', DeploymentId: d1 }));
    const computed = await t.compute(changed);
    const drift = detectDrift({ desired: computed.desired, live: computed.live, target: computed.plan.target, checkedAt: 'now', liveFingerprint: '' });
    expect(drift.items.map((i) => [i.address, i.status, i.fields])).toStrictEqual([
      [`${address} / stage production`, 'changed', [{ path: '/deploymentId', git: two.dev!.deploymentId, aws: d1 }]],
    ]);
    await applyConverged(t, changed);
    expect((await stages(t, name)).production!.deploymentId).toBe(two.dev!.deploymentId);

    // Import writes `deployment: pinned`, not the tag.
    const { live } = await t.compute(changed);
    const spec = v2ApiToSpec(name === 'chat' ? 'WEBSOCKET' : 'HTTP', name, live) as { stages: Record<string, unknown> };
    expect(spec.stages.production).toStrictEqual({ deployment: 'pinned' });
    expect(spec.stages.dev).toStrictEqual({});
  });

  it('import pins a stage left on an older deployment than another; adopting it records the pin', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC('v1', '')));
    const d1 = (await stages(t, name)).dev!.deploymentId!;
    // Deployments are dated to the second: the first one is older.
    const rec = (t.emu.state.v2 as { apis: { api: { name: string }; deployments: { deploymentId: string; createdDate: string }[] }[] }).apis
      .find((a) => a.api.name === name)!.deployments.find((d) => d.deploymentId === d1)!;
    rec.createdDate = '2020-01-01T00:00:00Z';
    await applyConverged(t, loaded(SPEC('v2', '')));
    const d2 = (await stages(t, name)).production!.deploymentId!;
    // dev put back on the first deployment by hand, as the guide leaves it.
    await t.v2.send(new UpdateStageCommand({ ApiId: await apiId(t, name), StageName: 'dev', DeploymentId: d1 }));
    const { live } = await t.compute(loaded(SPEC('v2', '')));
    const spec = v2ApiToSpec(name === 'chat' ? 'WEBSOCKET' : 'HTTP', name, live) as { stages: Record<string, unknown> };
    expect(spec.stages).toStrictEqual({ dev: { deployment: 'pinned' }, production: {} });
    // The imported stages: dev stays on d1 through a change that moves production.
    const imported = loaded(SPEC('v2', '').replace('      dev: {}', '      dev: { deployment: pinned }'));
    const adopt = await t.plan(imported);
    expect(adopt.ops.map((o) => [o.address, o.changes])).toStrictEqual([
      [`${address} / stage dev`, [{ path: '/tags', to: { 'apigw-sync:deployment': d1 } }]],
    ]);
    await applyConverged(t, adopt, imported);
    await applyConverged(t, loaded(SPEC('v3', '').replace('      dev: {}', '      dev: { deployment: pinned }')));
    const after = await stages(t, name);
    expect(after.dev!.deploymentId).toBe(d1);
    expect([d1, d2]).not.toContain(after.production!.deploymentId);
  });

  it('a stage pinned to a configuration hash runs that deployment, and moves when the spec names another', async () => {
    const t = await planner();
    await applyConverged(t, loaded(SPEC('v1', '')));
    const d1 = (await stages(t, name)).dev!.deploymentId!;
    const h1 = hashOf((await deployments(t, name))[d1]!)!;
    const pinnedOld = loaded(SPEC('v2', `deployment: "${h1}"`));
    await applyConverged(t, pinnedOld);
    const now = await stages(t, name);
    expect(now.production!.deploymentId).toBe(d1);
    expect(now.dev!.deploymentId).not.toBe(d1);
    const h2 = hashOf((await deployments(t, name))[now.dev!.deploymentId!]!)!;
    // Naming the new configuration moves it: one UpdateStage, no new deployment.
    const plan = await t.plan(loaded(SPEC('v2', `deployment: "${h2}"`)));
    expect(plan.ops.map((o) => [o.address, o.calls.map((c) => c.operation), o.changes])).toStrictEqual([
      [`${address} / stage production`, ['UpdateStage'], [{ path: '/deploymentId', from: d1, to: now.dev!.deploymentId }]],
    ]);
    await applyConverged(t, plan, loaded(SPEC('v2', `deployment: "${h2}"`)));
    // A hash no deployment carries: an error that lists the ones that exist, before any write.
    t.emu.resetCalls();
    const err = await t.plan(loaded(SPEC('v2', 'deployment: "0123456789ab"'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApigwError);
    expect((err as ApigwError).message).toContain(`${address} / stage production: no deployment of ${address} carries [config:0123456789ab]`);
    expect((err as ApigwError).message).toContain(h1);
    expect(t.emu.calls().writes).toBe(0);
  });
});

describe('validate: a v2 stage that deploys automatically cannot be pinned', () => {
  it.each(['pinned', '"0123456789ab"'])('deployment: %s with autoDeploy: true', (value) => {
    const { result } = load({ 'apigw-sync.yaml': ROOT, 'apis.yaml': HTTP('v1', `autoDeploy: true, deployment: ${value}`) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.location?.file.replace(/^.*\//, ''), d.location?.line, d.location?.column])).toStrictEqual([
      ['spec/invalid-value', 'apis.yaml', 9, 51],
    ]);
    expect(result.diagnostics[0]!.message).toContain('Stage production (HTTP API orders) deploys automatically (autoDeploy: true) and cannot be pinned');
    expect(result.diagnostics[0]!.fix).toContain('remove autoDeploy');
  });
  it('follow with autoDeploy: true is fine', () => {
    expect(load({ 'apigw-sync.yaml': ROOT, 'apis.yaml': HTTP('v1', 'autoDeploy: true, deployment: follow') }).result.ok).toBe(true);
  });
});
