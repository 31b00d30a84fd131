import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { cli } from '../helpers/cli.js';

// A canary's life on the petstore example's prod stage: a change reaches only the canary;
// `promote --stage prod` moves the stage to the canary's deployment (one UpdateStage copy);
// removing `canary` from the spec promotes and removes the canary settings in one call.

const e2e = emulatorSession({ fresh: 'per-file' });

const run = (cmd: string, ...extra: string[]) => cli([cmd, 'examples/petstore', '--env', 'prod', ...e2e.url, ...extra], { cwd: e2e.cwd });
const edit = (file: string, from: string, to: string) => e2e.edit(file, from, to);
type Obj = Record<string, any>;
const prodStage = (): Obj => {
  const apis = (e2e.emu.state.v1 as { restApis: Record<string, { api: Obj; stages: Record<string, Obj> }> }).restApis;
  const api = Object.values(apis).find((a) => a.api.name === 'petstore');
  return api!.stages.prod!;
};
const NO_CHANGES = 'No changes. The live state matches the specs.\n';

describe('canary promotion', () => {
  it('promote moves the stage to its canary\'s deployment; removing the canary from the spec promotes it too', async () => {
    // GIVEN prod applied: a new stage's canary starts on the stage's deployment
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect(prodStage().canarySettings.deploymentId).toBe(prodStage().deploymentId);
    const nothing = await run('promote', '--stage', 'prod', '--auto-approve');
    expect(nothing.code).toBe(0);
    expect(nothing.out).toBe(`${NO_CHANGES}\nNotices:\n  - rest-api petstore-internal / stage prod has no canary: nothing to promote.\n`
      + "  - rest-api petstore / stage prod already serves its canary's deployment: nothing to promote.\n");

    // WHEN a change is applied, only the canary serves it
    edit('petstore.yaml', 'timeoutInMillis: 10000', 'timeoutInMillis: 12000');
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    const { deploymentId: old, canarySettings } = prodStage();
    expect(canarySettings.deploymentId).not.toBe(old);
    expect((await run('plan')).out).toBe(NO_CHANGES);

    // THEN promote shows and makes one UpdateStage copy
    const promoted = await run('promote', '--stage', 'prod', '--auto-approve');
    expect(promoted.code, promoted.err).toBe(0);
    expect(promoted.out).toContain(`  ~ rest-api petstore / stage prod  (promote: the stage serves its canary's deployment; the canary settings stay as the spec says)\n`
      + `      deploymentId: "${old}" -> "${canarySettings.deploymentId} (the canary's deployment)"\n`);
    expect(promoted.out).toMatch(/^Apply complete: 0 created, 1 updated, 0 replaced, 0 deleted/m);
    expect(prodStage().deploymentId).toBe(canarySettings.deploymentId);
    expect(prodStage().canarySettings).toMatchObject({ deploymentId: canarySettings.deploymentId, percentTraffic: 10 });
    expect((await run('plan')).out).toBe(NO_CHANGES);

    // WHEN another change reaches the canary, and then the canary is removed from the spec
    edit('petstore.yaml', 'timeoutInMillis: 12000', 'timeoutInMillis: 15000');
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    const ahead = prodStage().canarySettings.deploymentId;
    edit('../petstore/apigw-sync.yaml', 'canary:\n      percentTraffic: 10\n      stageVariableOverrides: { lambdaAlias: canary }\n      useStageCache: false\n', 'canary: ~\n');
    const planned = await run('plan', '--output', 'json');
    const op = JSON.parse(planned.out).ops.find((o: Obj) => o.address === 'rest-api petstore / stage prod');
    // THEN one UpdateStage promotes (first) and removes the canary settings
    expect(op.reason).toBe('fields-changed');
    expect(op.calls).toHaveLength(1);
    expect(op.calls[0].input.patchOperations).toStrictEqual([
      { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
      { op: 'remove', path: '/canarySettings' },
    ]);
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect(prodStage().deploymentId).toBe(ahead);
    expect(prodStage().canarySettings).toBeUndefined();
    expect((await run('plan')).out).toBe(NO_CHANGES);
    const writes = e2e.emu.calls().writes;
    expect((await run('apply', '--auto-approve')).out).toBe(NO_CHANGES);
    expect(e2e.emu.calls().writes - writes).toBe(0);
  });

  it("a canary's settings change field by field: an override removed, another added, the share of traffic raised", async () => {
    e2e.startOver();
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    edit('apigw-sync.yaml', 'percentTraffic: 10\n      stageVariableOverrides: { lambdaAlias: canary }', 'percentTraffic: 25\n      stageVariableOverrides: { region: eu-west-1 }');
    const op = JSON.parse((await run('plan', '--output', 'json')).out).ops.find((o: Obj) => o.address === 'rest-api petstore / stage prod');
    expect(op.calls.map((c: Obj) => c.input.patchOperations)).toStrictEqual([[
      { op: 'replace', path: '/canarySettings/percentTraffic', value: '25' },
      { op: 'remove', path: '/canarySettings/stageVariableOverrides/lambdaAlias' },
      { op: 'replace', path: '/canarySettings/stageVariableOverrides/region', value: 'eu-west-1' },
    ]]);
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect(prodStage().canarySettings).toMatchObject({ percentTraffic: 25, stageVariableOverrides: { region: 'eu-west-1' } });
    expect((await run('plan')).out).toBe(NO_CHANGES);
  });

  it('promote without --stage is a usage error', async () => {
    const res = await cli(['promote', 'examples/petstore', ...e2e.url], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    expect(res.err).toContain('promote needs --stage NAME.');
  });
});
