import { describe, expect, it } from 'vitest';
import { configHash } from '../../src/reconcile/deploy.js';
import { api, desiredOf, liveOf, plan, summary } from './helpers/builders.js';

const cognito = { type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:us-east-1:1:userpool/p'] };

describe('plan: ordering, safety and deployments', () => {
  it('creates a new API top-down, its root methods on the root resource CreateRestApi returns', () => {
    // GIVEN an API that does not exist yet, with a method on / and on /a/b
    const desired = api('orders').resource('/', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' })))
      .resource('/a/b', (r) => r.method('PUT', {}, (m) => m.integration({ type: 'MOCK' }))).stage('dev');
    // WHEN planned against nothing
    const p = plan(desiredOf(desired), { entities: {} });
    // THEN parents first, ids by reference, the stage created on the new deployment
    expect(summary(p)).toStrictEqual([
      'op-1 create rest-api orders (CreateRestApi)',
      'op-2 create rest-api orders / resource /a (CreateResource) after op-1',
      'op-3 create rest-api orders / resource /a/b (CreateResource) after op-2',
      'op-4 create rest-api orders / resource / / method GET (PutMethod) after op-1',
      'op-5 create rest-api orders / resource /a/b / method PUT (PutMethod) after op-3',
      'op-6 create rest-api orders / resource / / method GET / integration (PutIntegration) after op-4',
      'op-7 create rest-api orders / resource /a/b / method PUT / integration (PutIntegration) after op-5',
      'op-8 deploy rest-api orders / deployment (CreateDeployment) after op-1,op-2,op-3,op-4,op-5,op-6,op-7',
      'op-9 create rest-api orders / stage dev (CreateStage) after op-1,op-8',
    ]);
    expect(p.ops[0]?.calls[0]).toStrictEqual({
      service: 'apigateway', operation: 'CreateRestApi',
      input: { name: 'orders', apiKeySource: 'HEADER', disableExecuteApiEndpoint: false,
        endpointConfiguration: { ipAddressType: 'ipv4', types: ['EDGE'] }, tags: { 'apigw-sync:managed-by': 'shop' } },
      produces: { key: 'rest-api:orders', ids: { restApiId: 'id', rootResourceId: 'rootResourceId' } },
    });
    expect(p.ops[1]?.calls[0]?.input).toStrictEqual({
      restApiId: { $ref: 'rest-api:orders', id: 'restApiId' },
      parentId: { $ref: 'rest-api:orders', id: 'rootResourceId' },
      pathPart: 'a',
    });
    expect(p.ops[3]?.calls[0]?.input).toMatchObject({ resourceId: { $ref: 'rest-api:orders', id: 'rootResourceId' } });
    expect(p.ops[8]?.calls[0]?.input).toStrictEqual({
      restApiId: { $ref: 'rest-api:orders', id: 'restApiId' }, stageName: 'dev',
      deploymentId: { $ref: 'rest-api:orders / deployment', id: 'deploymentId' }, cacheClusterEnabled: false, tracingEnabled: false,
    });
  });

  it('deletes an authorizer only after the method that used it stops using it', () => {
    // GIVEN a method protected by an authorizer; the spec drops both the use and the authorizer
    const live = api('p').authorizer('old', cognito)
      .resource('/x', (r) => r.method('GET', { authorizationType: 'COGNITO_USER_POOLS', authorizer: 'old' })).stage('s');
    const desired = api('p').resource('/x', (r) => r.method('GET')).stage('s');
    // WHEN planned
    const p = plan(desiredOf(desired), liveOf(live));
    // THEN the method is updated first, the authorizer deleted after it
    expect(summary(p)).toStrictEqual([
      'op-1 update rest-api p / resource /x / method GET (UpdateMethod)',
      'op-2 delete rest-api p / authorizer old (DeleteAuthorizer) after op-1',
      'op-3 deploy rest-api p / deployment (CreateDeployment) after op-1,op-2',
    ]);
    expect(p.ops[0]?.calls[0]?.input).toMatchObject({ patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'NONE' }] });
    expect(p.ops[1]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-p', authorizerId: 'auth-old' });
  });

  it('blocks deleting a stage unless destruction is allowed', () => {
    const live = api('p').resource('/', (r) => r.method('GET')).stage('s').stage('old');
    const desired = api('p').resource('/', (r) => r.method('GET')).stage('s');
    const blocked = plan(desiredOf(desired), liveOf(live));
    expect(blocked.ops).toStrictEqual([{
      id: 'op-1', kind: 'stage', key: 'rest-api:p / stage:old', address: 'rest-api p / stage old', action: 'delete',
      reason: 'absent-desired', changes: [], blocked: true, dependsOn: [],
      explanation: 'blocked: deleting a stage needs --allow-destroy',
      calls: [{ service: 'apigateway', operation: 'DeleteStage', input: { restApiId: 'api-p', stageName: 'old' } }],
    }]);
    expect(plan(desiredOf(desired), liveOf(live), { allowDestroy: true }).ops[0]?.blocked).toBeUndefined();
  });

  it('limits the plan to a target, keeping the deploy of its API', () => {
    // GIVEN changes under /a and /b
    const live = api('p').resource('/a', (r) => r.method('GET')).resource('/b', (r) => r.method('GET')).stage('s');
    const desired = api('p').resource('/a', (r) => r.method('GET', { apiKeyRequired: true }))
      .resource('/b', (r) => r.method('GET', { apiKeyRequired: true })).stage('s');
    // WHEN planned with a target of /a
    const p = plan(desiredOf(desired), liveOf(live), { target: 'rest-api p / resource /a' });
    // THEN only /a changes, and the API is still deployed (to stage s, by the same call)
    expect(summary(p)).toStrictEqual([
      'op-1 update rest-api p / resource /a / method GET (UpdateMethod)',
      'op-2 deploy rest-api p / deployment (CreateDeployment) after op-1',
    ]);
    expect(p.ops[1]?.calls[0]?.input).toMatchObject({ stageName: 's' });
  });

  it('redeploys a stage left on a deployment of an older configuration (an interrupted apply)', () => {
    // GIVEN live equal to desired, but the stage on a deployment whose marker is another config
    const desired = api('p').resource('/', (r) => r.method('GET')).stage('s');
    const live = liveOf(desired);
    const stage = live.entities['rest-api:p / stage:s'];
    if (stage) stage.meta = { deploymentDescription: 'apigw-sync: create method GET [config:000000000000]' };
    // WHEN planned THEN a deploy and the stage move, nothing else
    const p = plan(desiredOf(desired), live);
    expect(summary(p)).toStrictEqual([
      'op-1 deploy rest-api p / deployment (CreateDeployment)',
    ]);
    expect(p.ops[0]?.explanation).toBe('deploy, because of stage s on an older configuration; stage s uses the new deployment; it moves to it by this call');
    expect(p.ops[0]?.calls[0]?.input).toMatchObject({ restApiId: 'api-p', stageName: 's' });
    // AND a stage on a deployment of the current config is left alone
    if (stage) stage.meta = { deploymentDescription: `apigw-sync: x [config:${configHash(desiredOf(desired), 'rest-api:p')}]` };
    expect(plan(desiredOf(desired), live).ops).toStrictEqual([]);
  });

  it('leaves a pinned stage on its deployment', () => {
    const live = api('p').resource('/', (r) => r.method('GET')).stage('s').stage('pinned', { deploymentId: 'dep-old' });
    const desired = api('p').resource('/', (r) => r.method('GET', { operationName: 'root' })).stage('s').stage('pinned', { deploymentId: 'dep-old' });
    const p = plan(desiredOf(desired), liveOf(live));
    expect(summary(p)).toStrictEqual([
      'op-1 update rest-api p / resource / / method GET (UpdateMethod)',
      'op-2 deploy rest-api p / deployment (CreateDeployment) after op-1',
    ]);
    expect(p.ops[1]?.calls[0]?.input).toMatchObject({ stageName: 's' });
  });

  it('moves one stage by CreateDeployment with stageName, the others by UpdateStage; a stage with other changes keeps its own', () => {
    // GIVEN three stages; `b` also changes a variable; a method changes
    const live = api('p').resource('/', (r) => r.method('GET')).stage('a').stage('b', { variables: { v: '1' } }).stage('c');
    const desired = api('p').resource('/', (r) => r.method('GET', { apiKeyRequired: true }))
      .stage('a').stage('b', { variables: { v: '2' } }).stage('c');
    // WHEN planned
    const p = plan(desiredOf(desired), liveOf(live));
    // THEN one CreateDeployment (rate limited) moves `a`; `c` moves by a one-call UpdateStage (not
    // limited); `b`'s UpdateStage changes its variable and moves it: 4 writes where 5 were needed
    expect(summary(p)).toStrictEqual([
      'op-1 update rest-api p / resource / / method GET (UpdateMethod)',
      'op-2 deploy rest-api p / deployment (CreateDeployment) after op-1',
      'op-3 update rest-api p / stage b (UpdateStage) after op-2',
      'op-4 update rest-api p / stage c (UpdateStage) after op-2',
    ]);
    const ref = { $ref: 'rest-api:p / deployment', id: 'deploymentId' };
    expect(p.ops[1]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-p', description: expect.any(String), stageName: 'a' });
    expect(p.ops[1]?.changes.map((c) => c.path)).toStrictEqual(['/description', '/stageName']);
    expect(p.ops[2]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-p', stageName: 'b', patchOperations: [
      { op: 'replace', path: '/variables/v', value: '2' },
      { op: 'replace', path: '/deploymentId', value: ref },
    ] });
    expect(p.ops[3]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-p', stageName: 'c', patchOperations: [{ op: 'replace', path: '/deploymentId', value: ref }] });
  });

  it('updates API settings and tags in one op: UpdateRestApi, TagResource, UntagResource, no deploy for tags alone', () => {
    const live = api('p', { description: 'old', binaryMediaTypes: ['image/png'], tags: { team: 'a', gone: 'x' } }).resource('/', (r) => r.method('GET')).stage('s');
    const desired = api('p', { binaryMediaTypes: ['image/jpeg'], tags: { team: 'b' }, endpointConfiguration: { types: ['REGIONAL'] } })
      .resource('/', (r) => r.method('GET')).stage('s');
    const p = plan(desiredOf(desired), liveOf(live));
    expect(p.ops[0]?.calls).toStrictEqual([
      { service: 'apigateway', operation: 'UpdateRestApi', input: { restApiId: 'api-p', patchOperations: [
        { op: 'remove', path: '/description' },
        { op: 'add', path: '/binaryMediaTypes/image~1jpeg' },
        { op: 'remove', path: '/binaryMediaTypes/image~1png' },
        { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' },
      ] } },
      { service: 'apigateway', operation: 'TagResource', input: { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/api-p', tags: { team: 'b' } } },
      { service: 'apigateway', operation: 'UntagResource', input: { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/api-p', tagKeys: ['gone'] } },
    ]);
    const tagsOnly = plan(desiredOf(api('p', { tags: { team: 'b' } }).resource('/', (r) => r.method('GET')).stage('s')),
      liveOf(api('p', { tags: { team: 'a' } }).resource('/', (r) => r.method('GET')).stage('s')));
    expect(summary(tagsOnly)).toStrictEqual(['op-1 update rest-api p (TagResource)']);
  });

  it("replaces a model whose content type changes, and patches a schema in place", () => {
    const live = api('p').model('A', { schema: { type: 'object' } }).model('B', { contentType: 'application/json', schema: { type: 'object' } });
    const desired = api('p').model('A', { schema: { type: 'array' } }).model('B', { contentType: 'application/xml', schema: { type: 'object' } });
    const p = plan(desiredOf(desired), liveOf(live));
    expect(p.ops.map((o) => [o.action, o.address, o.calls.map((c) => c.operation)])).toStrictEqual([
      ['update', 'rest-api p / model A', ['UpdateModel']],
      ['replace', 'rest-api p / model B', ['DeleteModel', 'CreateModel']],
    ]);
    expect(p.ops[0]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-p', modelName: 'A',
      patchOperations: [{ op: 'replace', path: '/schema', value: '{"type":"array"}' }] });
  });

  it('puts an integration response after the method response of its status', () => {
    const live = api('p').resource('/', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' })));
    const desired = api('p').resource('/', (r) => r.method('GET', {}, (m) =>
      m.integration({ type: 'MOCK' }, (i) => i.response('404', { selectionPattern: 'Not found.*' })).response('404')));
    expect(summary(plan(desiredOf(desired), liveOf(live)))).toStrictEqual([
      'op-1 create rest-api p / resource / / method GET / method-response 404 (PutMethodResponse)',
      'op-2 create rest-api p / resource / / method GET / integration / integration-response 404 (PutIntegrationResponse) after op-1',
    ]);
  });

  it('does not create a stage for an API without methods, and says why', () => {
    const p = plan(desiredOf(api('empty').stage('dev')), { entities: {} });
    expect(summary(p)).toStrictEqual(['op-1 create rest-api empty (CreateRestApi)']);
    expect(p.notices).toStrictEqual([
      'rest-api empty / stage dev is not created: a stage needs a deployment, and AWS cannot deploy rest-api empty until it has a method.',
    ]);
  });

  it('sends a new deployment to the canary of a stage that has one', () => {
    // GIVEN a stage with a canary, and a method change
    const canary = { percentTraffic: 10 };
    const live = liveOf(api('p').resource('/', (r) => r.method('GET')).stage('prod', { canarySettings: canary }));
    const stage = live.entities['rest-api:p / stage:prod'];
    if (stage?.ids) stage.ids.canaryDeploymentId = 'dep-canary';
    const desired = api('p').resource('/', (r) => r.method('GET', { apiKeyRequired: true })).stage('prod', { canarySettings: canary });
    // WHEN planned THEN the canary, not the stage, moves to the new deployment: a canary deployment
    // (AWS refuses a plain one to a stage with a canary), its settings repeating the live ones
    const p = plan(desiredOf(desired), live);
    expect(summary(p)).toStrictEqual([
      'op-1 update rest-api p / resource / / method GET (UpdateMethod)',
      'op-2 deploy rest-api p / deployment (CreateDeployment) after op-1',
    ]);
    expect(p.ops[1]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-p', description: expect.any(String), stageName: 'prod', canarySettings: { percentTraffic: 10 } });
    expect(p.ops[1]?.explanation).toMatch(/its canary moves to it by this call/);
    // AND when the stage changes too, its own UpdateStage moves the canary
    const changed = api('p').resource('/', (r) => r.method('GET', { apiKeyRequired: true })).stage('prod', { canarySettings: canary, description: 'new' });
    const q = plan(desiredOf(changed), live);
    expect(q.ops[1]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-p', description: expect.any(String) });
    expect(q.ops[2]?.changes).toContainEqual({ path: '/canarySettings/deploymentId', from: 'dep-canary', to: '(new deployment)' });
    expect(q.ops[2]?.calls[0]?.input).toMatchObject({ restApiId: 'api-p', stageName: 'prod',
      patchOperations: expect.arrayContaining([{ op: 'replace', path: '/canarySettings/deploymentId', value: { $ref: 'rest-api:p / deployment', id: 'deploymentId' } }]) });
  });

  it('takes a resource target as the subtree of its path, written as an address or a key', () => {
    const live = api('p').resource('/a', (r) => r.method('GET')).resource('/a/{id}', (r) => r.method('GET')).resource('/ab', (r) => r.method('GET'));
    const desired = api('p').resource('/a', (r) => r.method('GET', { apiKeyRequired: true }))
      .resource('/a/{id}', (r) => r.method('GET', { apiKeyRequired: true })).resource('/ab', (r) => r.method('GET', { apiKeyRequired: true }));
    for (const target of ['rest-api p / resource /a', 'rest-api:p / resource:/a']) {
      expect(plan(desiredOf(desired), liveOf(live), { target }).ops.map((o) => o.address)).toStrictEqual([
        'rest-api p / resource /a / method GET',
        'rest-api p / resource /a/{id} / method GET',
      ]);
    }
  });

  it("changes a canary's traffic and overrides in the stage's one UpdateStage, an override per path", () => {
    const live = api('p').resource('/', (r) => r.method('GET'))
      .stage('prod', { canarySettings: { percentTraffic: 10, stageVariableOverrides: { alias: 'canary', old: 'x' } } });
    const desired = api('p').resource('/', (r) => r.method('GET'))
      .stage('prod', { canarySettings: { percentTraffic: 25, stageVariableOverrides: { alias: 'canary2' } } });
    expect(plan(desiredOf(desired), liveOf(live)).ops[0]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-p', stageName: 'prod',
      patchOperations: [
        { op: 'replace', path: '/canarySettings/percentTraffic', value: '25' },
        { op: 'remove', path: '/canarySettings/stageVariableOverrides/old' },
        { op: 'replace', path: '/canarySettings/stageVariableOverrides/alias', value: 'canary2' },
      ] });
  });
});

