import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/reconcile/deploy.js';
import type { Model } from '../../src/reconcile/model.js';
import { api, desiredOf, liveOf, plan } from './helpers/builders.js';

// Promoting a canary: `promote --stage NAME`, and a canary removed from the spec.

const STAGE = 'rest-api:p / stage:prod';
const COPY = { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' };
const desiredApi = () => api('p').resource('/', (r) => r.method('GET'));

/** petstore-like API `p`, stage prod on dep-old, its canary on `canary` with that description. */
function withCanary(canary: string, description: string): Model {
  const live = liveOf(desiredApi().stage('prod', { canarySettings: { percentTraffic: 10 } }));
  const stage = live.entities[STAGE]!;
  stage.ids = { ...stage.ids!, canaryDeploymentId: canary };
  stage.meta = { deploymentDescription: description };
  return live;
}

describe('a canary removed from the spec', () => {
  const desired = desiredOf(desiredApi().stage('prod'));
  const current = `apigw-sync: update ... [config:${configHash(desired, 'rest-api:p')}]`;
  it.each([
    { name: 'running the current configuration: promoted, then removed, in one call', canary: 'dep-new', description: current,
      want: [COPY, { op: 'remove', path: '/canarySettings' }] },
    { name: 'on the stage\'s own deployment: only removed', canary: 'dep-old', description: current,
      want: [{ op: 'remove', path: '/canarySettings' }] },
    { name: 'made outside apigw-sync (no marker): only removed', canary: 'dep-new', description: 'by hand',
      want: [{ op: 'remove', path: '/canarySettings' }] },
  ])('$name', ({ canary, description, want }) => {
    const p = plan(desired, withCanary(canary, description));
    expect(p.ops.map((o) => [o.address, o.calls.map((c) => c.input.patchOperations)])).toStrictEqual([['rest-api p / stage prod', [want]]]);
  });
});

describe('promote --stage', () => {
  const desired = desiredOf(desiredApi().stage('prod', { canarySettings: { percentTraffic: 10 } }));
  it('plans one UpdateStage copy per stage whose canary is elsewhere, and nothing else', () => {
    const p = plan(desired, withCanary('dep-new', 'anything'), { promote: 'prod' });
    expect(p.ops.map((o) => [o.address, o.action, o.reason, o.changes, o.calls.map((c) => [c.operation, c.input.patchOperations])])).toStrictEqual([
      ['rest-api p / stage prod', 'update', 'canary-promoted', [{ path: '/deploymentId', from: 'dep-old', to: "dep-new (the canary's deployment)" }],
        [['UpdateStage', [COPY]]]],
    ]);
    expect(p.notices).toStrictEqual([]);
  });

  it('says why there is nothing to promote', () => {
    expect(plan(desired, withCanary('dep-old', 'x'), { promote: 'prod' }).notices)
      .toStrictEqual(["rest-api p / stage prod already serves its canary's deployment: nothing to promote."]);
    expect(plan(desired, withCanary('dep-new', 'x'), { promote: 'beta' }).notices)
      .toStrictEqual(['No REST API of the specs has a stage "beta": nothing to promote.']);
    expect(plan(desired, { entities: {} }, { promote: 'prod' }).ops).toStrictEqual([]);
  });
});
