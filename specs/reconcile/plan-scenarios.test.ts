import { describe, expect, it } from 'vitest';
import { api, desiredOf, liveOf, petstore, plan, summary } from './helpers/builders.js';

const LAMBDA_URI =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:users/invocations';
const DEPLOYMENT = { $ref: 'rest-api:petstore / deployment', id: 'deploymentId' };

describe('plan: the change scenarios', () => {
  it('plans nothing when desired and live are the same', () => {
    // GIVEN an API that is live exactly as described
    // WHEN it is planned
    const p = plan(desiredOf(petstore()), liveOf(petstore()));
    // THEN there is nothing to do, not even a deployment
    expect(p.ops).toStrictEqual([]);
    expect(p.notices).toStrictEqual([]);
  });

  it('adds a method: PutMethod, PutIntegration, then one deployment the stage moves to', () => {
    // GIVEN the live petstore and a spec that adds POST /users calling a Lambda
    const desired = petstore().resource('/users', (r) =>
      r.method('POST', {}, (m) => m.integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: LAMBDA_URI })),
    );
    // WHEN it is planned
    const p = plan(desiredOf(desired), liveOf(petstore()));
    // THEN the method comes first, its integration next, then the deploy, which moves the stage
    expect(summary(p)).toStrictEqual([
      'op-1 create rest-api petstore / resource /users / method POST (PutMethod)',
      'op-2 create rest-api petstore / resource /users / method POST / integration (PutIntegration) after op-1',
      'op-3 deploy rest-api petstore / deployment (CreateDeployment) after op-1,op-2',
    ]);
    expect(p.ops[0]?.calls[0]?.input).toStrictEqual({
      restApiId: 'api-petstore', resourceId: 'res-/users', httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false,
    });
    expect(p.ops[1]?.calls[0]?.input).toStrictEqual({
      restApiId: 'api-petstore', resourceId: 'res-/users', httpMethod: 'POST', type: 'AWS_PROXY',
      integrationHttpMethod: 'POST', uri: LAMBDA_URI, connectionType: 'INTERNET', passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000, responseTransferMode: 'BUFFERED',
    });
    const description = 'apigw-sync: create resource /users / method POST; create resource /users / method POST / integration [config:1eb77551add2]';
    expect(p.ops[2]?.calls).toStrictEqual([{ service: 'apigateway', operation: 'CreateDeployment',
      input: { restApiId: 'api-petstore', description, stageName: 'prod' },
      produces: { key: 'rest-api:petstore / deployment', ids: { deploymentId: 'id' } } }]);
    expect(p.ops[2]?.changes).toStrictEqual([{ path: '/description', to: description }, { path: '/stageName', to: 'prod' }]);
    // and the Lambda needs a permission the plan cannot grant
    expect(p.notices).toStrictEqual([
      'Lambda arn:aws:lambda:us-east-1:123456789012:function:users must allow API Gateway to invoke it (rest-api petstore): ' +
        'aws lambda add-permission --function-name arn:aws:lambda:us-east-1:123456789012:function:users --statement-id apigw-sync-petstore ' +
        '--action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn "arn:aws:execute-api:us-east-1:123456789012:api-petstore/*/*/*"',
    ]);
  });

  it('changes a VTL template: one UpdateIntegration with the template key escaped in the path', () => {
    // GIVEN GET /users whose request template changes
    const desired = api('petstore').resource('/users', (r) =>
      r.method('GET', {}, (m) => m.integration({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 201}' } })),
    ).stage('prod');
    const live = api('petstore').resource('/users', (r) =>
      r.method('GET', {}, (m) => m.integration({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } })),
    ).stage('prod');
    // WHEN it is planned
    const p = plan(desiredOf(desired), liveOf(live));
    // THEN the template is replaced in place and the API redeployed
    expect(summary(p)).toStrictEqual([
      'op-1 update rest-api petstore / resource /users / method GET / integration (UpdateIntegration)',
      'op-2 deploy rest-api petstore / deployment (CreateDeployment) after op-1',
    ]);
    expect(p.ops[0]?.changes).toStrictEqual([
      { path: '/requestTemplates/application~1json', from: '{"statusCode": 200}', to: '{"statusCode": 201}' },
    ]);
    expect(p.ops[0]?.calls[0]?.input).toStrictEqual({
      restApiId: 'api-petstore', resourceId: 'res-/users', httpMethod: 'GET',
      patchOperations: [{ op: 'replace', path: '/requestTemplates/application~1json', value: '{"statusCode": 201}' }],
    });
  });

  it('removes a resource subtree with one DeleteResource, its children going with it', () => {
    // GIVEN a live /users/{id} with a method and a child resource that the spec no longer has
    const live = petstore().resource('/users/{id}/pets', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' })));
    const desired = api('petstore', { description: 'Pet store', endpointConfiguration: { types: ['REGIONAL'] } })
      .authorizer('cognito', {
        type: 'COGNITO_USER_POOLS',
        providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123'],
        identitySource: 'method.request.header.Authorization',
      })
      .resource('/users', (r) =>
        r.method('GET', {}, (m) =>
          m.integration({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, (i) =>
            i.response('200', { responseTemplates: { 'application/json': '{"ok": true}' } }),
          ).response('200', { responseModels: { 'application/json': 'Empty' } }),
        ),
      )
      .stage('prod', { variables: { lambdaAlias: 'prod' } });
    // WHEN it is planned
    const p = plan(desiredOf(desired), liveOf(live));
    // THEN one delete of the subtree's top, which names what goes with it
    expect(summary(p)).toStrictEqual([
      'op-1 delete rest-api petstore / resource /users/{id} (DeleteResource)',
      'op-2 deploy rest-api petstore / deployment (CreateDeployment) after op-1',
    ]);
    expect(p.ops[0]?.calls[0]?.input).toStrictEqual({ restApiId: 'api-petstore', resourceId: 'res-/users/{id}' });
    expect(p.ops[0]?.explanation).toBe(
      'also removes method GET, method GET / integration, resource /users/{id}/pets, ' +
        'resource /users/{id}/pets / method GET, resource /users/{id}/pets / method GET / integration',
    );
  });

  it('renames a stage variable: one UpdateStage, no deployment', () => {
    // GIVEN a stage variable renamed from lambdaAlias to alias
    const live = api('petstore').resource('/', (r) => r.method('GET')).stage('prod', { variables: { lambdaAlias: 'prod', keep: 'x' } });
    const desired = api('petstore').resource('/', (r) => r.method('GET')).stage('prod', { variables: { alias: 'prod', keep: 'x' } });
    // WHEN it is planned
    const p = plan(desiredOf(desired), liveOf(live));
    // THEN the old variable is removed and the new one set in the same call; stage settings need no deploy
    expect(summary(p)).toStrictEqual(['op-1 update rest-api petstore / stage prod (UpdateStage)']);
    expect(p.ops[0]?.changes).toStrictEqual([
      { path: '/variables/alias', to: 'prod' },
      { path: '/variables/lambdaAlias', from: 'prod' },
    ]);
    expect(p.ops[0]?.calls[0]?.input).toStrictEqual({
      restApiId: 'api-petstore', stageName: 'prod',
      patchOperations: [{ op: 'remove', path: '/variables/lambdaAlias' }, { op: 'replace', path: '/variables/alias', value: 'prod' }],
    });
  });

  it('switches a method from NONE to a new Cognito authorizer: authorizer first, then one UpdateMethod', () => {
    // GIVEN GET /orders open to all, and a spec that protects it with a Cognito authorizer not yet created
    const cognito = {
      type: 'COGNITO_USER_POOLS',
      providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123'],
      identitySource: 'method.request.header.Authorization',
    };
    const live = api('petstore').resource('/orders', (r) => r.method('GET')).stage('prod');
    const desired = api('petstore')
      .authorizer('cognito', cognito)
      .resource('/orders', (r) =>
        r.method('GET', { authorizationType: 'COGNITO_USER_POOLS', authorizer: 'cognito', authorizationScopes: ['orders/read'] }),
      )
      .stage('prod');
    // WHEN it is planned
    const p = plan(desiredOf(desired), liveOf(live));
    // THEN
    expect(summary(p)).toStrictEqual([
      'op-1 create rest-api petstore / authorizer cognito (CreateAuthorizer)',
      'op-2 update rest-api petstore / resource /orders / method GET (UpdateMethod) after op-1',
      'op-3 deploy rest-api petstore / deployment (CreateDeployment) after op-1,op-2',
    ]);
    expect(p.ops[0]?.calls[0]).toStrictEqual({
      service: 'apigateway', operation: 'CreateAuthorizer',
      input: { restApiId: 'api-petstore', name: 'cognito', ...cognito, authorizerResultTtlInSeconds: 300 },
      produces: { key: 'rest-api:petstore / authorizer:cognito', ids: { authorizerId: 'id' } },
    });
    expect(p.ops[1]?.changes).toStrictEqual([
      { path: '/authorizationScopes', to: ['orders/read'] },
      { path: '/authorizationType', from: 'NONE', to: 'COGNITO_USER_POOLS' },
      { path: '/authorizer', to: 'cognito' },
    ]);
    expect(p.ops[1]?.calls[0]?.input).toStrictEqual({
      restApiId: 'api-petstore', resourceId: 'res-/orders', httpMethod: 'GET',
      patchOperations: [
        { op: 'replace', path: '/authorizationType', value: 'COGNITO_USER_POOLS' },
        { op: 'replace', path: '/authorizerId', value: { $ref: 'rest-api:petstore / authorizer:cognito', id: 'authorizerId' } },
        { op: 'add', path: '/authorizationScopes', value: 'orders/read' },
      ],
    });
  });

  it("changes an integration's type: a replace (delete and put) that recreates its responses", () => {
    // GIVEN GET /users on a MOCK integration with a 200 response, moved to an HTTP backend
    const live = api('petstore')
      .resource('/users', (r) => r.method('GET', {}, (m) =>
        m.response('200').integration({ type: 'MOCK' }, (i) => i.response('200', { responseTemplates: { 'application/json': '{}' } }))))
      .stage('prod');
    const desired = api('petstore')
      .resource('/users', (r) => r.method('GET', {}, (m) =>
        m.response('200').integration({ type: 'HTTP', httpMethod: 'GET', uri: 'https://backend.example.com/users' }, (i) =>
          i.response('200', { responseTemplates: { 'application/json': '{}' } }))))
      .stage('prod');
    // WHEN it is planned
    const p = plan(desiredOf(desired), liveOf(live));
    // THEN the integration is replaced, says why, and its unchanged response is put again after it
    expect(summary(p)).toStrictEqual([
      'op-1 replace rest-api petstore / resource /users / method GET / integration (DeleteIntegration, PutIntegration)',
      'op-2 create rest-api petstore / resource /users / method GET / integration / integration-response 200 (PutIntegrationResponse) after op-1',
      'op-3 deploy rest-api petstore / deployment (CreateDeployment) after op-1,op-2',
    ]);
    expect(p.ops[0]).toMatchObject({
      reason: 'immutable-field-changed',
      explanation: 'replace, because an integration type cannot be updated in place (AWS has no patch path for /type)',
      changes: [
        { path: '/httpMethod', to: 'GET' },
        { path: '/type', from: 'MOCK', to: 'HTTP' },
        { path: '/uri', to: 'https://backend.example.com/users' },
      ],
    });
    expect(p.ops[1]?.reason).toBe('parent-replaced');
  });
});

describe('plan: Lambda permission notices for a function named through a stage variable', () => {
  const ALIASED_URI =
    'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:users:${stageVariables.alias}/invocations';
  const adding = (stages: (a: ReturnType<typeof api>) => ReturnType<typeof api>) =>
    stages(api('petstore').resource('/users', (r) => r.method('POST', {}, (m) => m.integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: ALIASED_URI }))));

  it('names one permission per alias the stages and their canaries call', () => {
    // GIVEN POST /users calls users:${stageVariables.alias}; prod says live, its canary canary, dev says dev
    const desired = adding((a) =>
      a.stage('prod', { variables: { alias: 'live' }, canarySettings: { percentTraffic: 10, stageVariableOverrides: { alias: 'canary' } } })
        .stage('dev', { variables: { alias: 'dev' } }),
    );
    // WHEN it is planned against an API that has none of it
    const p = plan(desiredOf(desired), liveOf(api('petstore')));
    // THEN each alias gets its own add-permission, saying which stage calls it
    const fns = p.notices.map((n) => /--function-name (\S+)/.exec(n)?.[1]);
    expect(fns).toStrictEqual([
      'arn:aws:lambda:us-east-1:123456789012:function:users:canary',
      'arn:aws:lambda:us-east-1:123456789012:function:users:dev',
      'arn:aws:lambda:us-east-1:123456789012:function:users:live',
    ]);
    expect(p.notices[0]).toContain("alias of stage prod's canary");
    expect(p.notices[2]).toContain('alias of stage prod');
  });

  it('says the variable is unset when no stage gives it a value', () => {
    // GIVEN the same method and a stage without the variable
    const p = plan(desiredOf(adding((a) => a.stage('prod'))), liveOf(api('petstore')));
    // THEN the notice names the variable instead of printing an ARN with ${...} in it
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]).toContain('stage variable alias, which no stage of rest-api petstore sets');
    expect(p.notices[0]).not.toContain('--function-name');
  });
});
