import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  PutGatewayResponseCommand,
  UpdateStageCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import type { RestApiSpec } from '../../../src/schema/index.js';
import { specSet } from '../helpers/spec-set.js';
import { withEmulator } from '../../emulator/helpers.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:users';
const FN_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`;
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123';
const OWNER = { 'apigw-sync:managed-by': 'shop' };


/** The spec a person would write for the API built by hand below: AWS defaults left out. */
function petstoreSpec(): RestApiSpec {
  return {
    description: 'Pet store',
    endpointType: 'REGIONAL',
    tags: { team: 'pets' },
    models: { User: { schema: { type: 'object', properties: { name: { type: 'string' } } } } },
    requestValidators: { body: { validateRequestBody: true } },
    authorizers: { cognito: { type: 'COGNITO_USER_POOLS', providerArns: [POOL], identitySource: 'method.request.header.Authorization' } },
    resources: {
      '/users': {
        GET: { authorizer: 'cognito', authorizationScopes: ['users/read'], integration: { lambda: FN } },
        POST: { requestValidator: 'body', requestModels: { 'application/json': 'User' }, integration: { lambda: FN } },
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
  };
}

/** The same API built with direct SDK calls, the way the guide's AWS CLI steps build it. */
async function buildPetstoreByHand(client: APIGatewayClient): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({
    name: 'petstore', description: 'Pet store', endpointConfiguration: { types: ['REGIONAL'] }, tags: { team: 'pets', ...OWNER },
  }));
  const restApiId = api.id as string;
  const root = api.rootResourceId as string;
  await client.send(new CreateModelCommand({ restApiId, name: 'User', contentType: 'application/json',
    schema: JSON.stringify({ type: 'object', properties: { name: { type: 'string' } } }, null, 2) }));
  const validator = await client.send(new CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true }));
  const authorizer = await client.send(new CreateAuthorizerCommand({ restApiId, name: 'cognito', type: 'COGNITO_USER_POOLS',
    providerARNs: [POOL], identitySource: 'method.request.header.Authorization' }));
  const users = await client.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'users' }));
  const user = await client.send(new CreateResourceCommand({ restApiId, parentId: users.id, pathPart: '{id}' }));
  const health = await client.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'health' }));
  const lambda = { type: 'AWS_PROXY' as const, integrationHttpMethod: 'POST', uri: FN_URI };
  await client.send(new PutMethodCommand({ restApiId, resourceId: users.id, httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS',
    authorizerId: authorizer.id, authorizationScopes: ['users/read'] }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: users.id, httpMethod: 'GET', ...lambda }));
  await client.send(new PutMethodCommand({ restApiId, resourceId: users.id, httpMethod: 'POST', authorizationType: 'NONE',
    requestValidatorId: validator.id, requestModels: { 'application/json': 'User' } }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: users.id, httpMethod: 'POST', ...lambda }));
  await client.send(new PutMethodCommand({ restApiId, resourceId: user.id, httpMethod: 'GET', authorizationType: 'NONE',
    requestParameters: { 'method.request.path.id': true } }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: user.id, httpMethod: 'GET', type: 'HTTP_PROXY',
    integrationHttpMethod: 'GET', uri: 'https://backend.example.com/users/{id}',
    requestParameters: { 'integration.request.path.id': 'method.request.path.id' } }));
  await client.send(new PutMethodCommand({ restApiId, resourceId: health.id, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutMethodResponseCommand({ restApiId, resourceId: health.id, httpMethod: 'GET', statusCode: '200',
    responseModels: { 'application/json': 'Empty' } }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: health.id, httpMethod: 'GET', type: 'MOCK',
    requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await client.send(new PutIntegrationResponseCommand({ restApiId, resourceId: health.id, httpMethod: 'GET', statusCode: '200',
    responseTemplates: { 'application/json': '{"ok": true}' } }));
  await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', variables: { alias: 'prod' } }));
  return restApiId;
}

/** An API of `resources` resources under the root with `verbs` MOCK methods each. */
async function buildWide(client: APIGatewayClient, resources: number, verbs: string[]): Promise<void> {
  const api = await client.send(new CreateRestApiCommand({ name: 'wide', tags: OWNER }));
  const restApiId = api.id as string;
  for (let i = 0; i < resources; i++) {
    const r = await client.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: `r${i}` }));
    for (const httpMethod of verbs) {
      await client.send(new PutMethodCommand({ restApiId, resourceId: r.id, httpMethod, authorizationType: 'NONE' }));
      await client.send(new PutIntegrationCommand({ restApiId, resourceId: r.id, httpMethod, type: 'MOCK' }));
    }
  }
}

function wideSpec(resources: number, verbs: string[]): RestApiSpec {
  const res: NonNullable<RestApiSpec['resources']> = {};
  for (let i = 0; i < resources; i++) res[`/r${i}`] = Object.fromEntries(verbs.map((v) => [v, { integration: { type: 'MOCK' as const } }]));
  return { resources: res };
}

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('planning against the emulator, with the real SDK over HTTP', () => {
  it('an API built by hand and a spec describing it exactly plan to no changes', async () => {
    // GIVEN an API built by direct SDK calls, leaving every default to AWS
    const { emu, client } = await withEmulator();
    emulator = emu;
    await buildPetstoreByHand(client);
    emu.resetCalls();
    // WHEN the spec describing it is planned
    const { plan, live } = await computePlan({ specSet: specSet({ petstore: petstoreSpec() }), clients: { apigateway: client } });
    // THEN there is nothing to do, though the reader saw the whole API
    expect(plan.ops).toStrictEqual([]);
    expect(plan.notices).toStrictEqual([]);
    expect(Object.keys(live.entities).filter((k) => k.includes('method:')).length).toBe(10); // 4 methods, 4 integrations, 2 responses
    // and planning wrote nothing
    expect(emu.calls().writes).toBe(0);
  });

  it('an API with a policy, binary types, a gateway response, a Lambda authorizer and stage settings plans to no changes', async () => {
    // GIVEN an API built by hand with the settings AWS stores in its own way
    const { emu, client } = await withEmulator();
    emulator = emu;
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };
    const api = await client.send(new CreateRestApiCommand({
      name: 'files', binaryMediaTypes: ['image/png', 'application/pdf'], policy: JSON.stringify(policy), minimumCompressionSize: 1024, tags: OWNER,
    }));
    const restApiId = api.id as string;
    const auth = await client.send(new CreateAuthorizerCommand({ restApiId, name: 'token', type: 'TOKEN',
      authorizerUri: FN_URI, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60 }));
    await client.send(new PutGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX',
      responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } }));
    await client.send(new PutMethodCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'ANY', authorizationType: 'CUSTOM',
      authorizerId: auth.id, apiKeyRequired: true }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'ANY', type: 'HTTP_PROXY',
      integrationHttpMethod: 'ANY', uri: 'https://files.example.com/', cacheKeyParameters: [] }));
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'live' }));
    await client.send(new UpdateStageCommand({ restApiId, stageName: 'live', patchOperations: [
      { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
    ] }));
    emu.resetCalls();
    // WHEN the spec that describes it is planned
    const spec: RestApiSpec = {
      binaryMediaTypes: ['application/pdf', 'image/png'],
      policy,
      minimumCompressionSize: 1024,
      authorizers: { token: { type: 'TOKEN', lambda: FN, identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60 } },
      gatewayResponses: { DEFAULT_4XX: { responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } } },
      resources: { '/': { ANY: { authorizer: 'token', apiKeyRequired: true,
        integration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'https://files.example.com/' } } } },
      stages: { live: { tracingEnabled: true, logging: { metrics: true }, throttle: { rateLimit: 100 } } },
    };
    const { plan } = await computePlan({ specSet: specSet({ files: spec }), clients: { apigateway: client } });
    // THEN nothing to do
    expect(plan.ops).toStrictEqual([]);
    expect(emu.calls().writes).toBe(0);
  });

  it('plans the one field a person changed by hand', async () => {
    // GIVEN the hand-built API, and a spec whose health template says 201
    const { emu, client } = await withEmulator();
    emulator = emu;
    const restApiId = await buildPetstoreByHand(client);
    const spec = petstoreSpec();
    const health = spec.resources?.['/health']?.GET;
    if (health) health.integration.requestTemplates = { 'application/json': '{"statusCode": 201}' };
    // WHEN planned
    const { plan } = await computePlan({ specSet: specSet({ petstore: spec }), clients: { apigateway: client } });
    // THEN one update of that integration, then the deploy, which moves the stage in the same call
    expect(plan.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual([
      'update rest-api petstore / resource /health / method GET / integration',
      'deploy rest-api petstore / deployment',
    ]);
    expect(plan.ops[1]?.calls[0]?.input).toMatchObject({ restApiId, stageName: 'prod' });
    expect(plan.ops[0]?.calls[0]?.input).toMatchObject({
      restApiId, httpMethod: 'GET',
      patchOperations: [{ op: 'replace', path: '/requestTemplates/application~1json', value: '{"statusCode": 201}' }],
    });
    expect(plan.target).toStrictEqual({ specSet: 'shop', region: 'us-east-1', endpoint: emu.url });
  });

  it('reads a REST API of 500 methods in at most 17 calls, one GetResources page per 500 resources', async () => {
    // GIVEN an owned API with 250 resources of 2 methods each (500 methods)
    const { emu, client } = await withEmulator();
    emulator = emu;
    await buildWide(client, 250, ['GET', 'POST']);
    emu.resetCalls();
    // WHEN it is planned against a spec that describes it
    const { plan } = await computePlan({ specSet: specSet({ wide: wideSpec(250, ['GET', 'POST']) }), clients: { apigateway: client } });
    // THEN nothing changes, and the reads are one list per collection
    expect(plan.ops).toStrictEqual([]);
    const calls = emu.calls();
    expect(calls.total).toBeLessThanOrEqual(17);
    // (the first five list the account-level objects: keys, domains, usage plans, client certificates, VPC links)
    expect(calls.byOperation).toStrictEqual({
      'apigateway:GetApiKeys': 1,
      'apigateway:GetClientCertificates': 1,
      'apigateway:GetVpcLinks': 1,
      'apigateway:GetDomainNames': 1,
      'apigateway:GetUsagePlans': 1,
      'apigateway:GetAuthorizers': 1,
      'apigateway:GetDeployments': 1,
      'apigateway:GetDocumentationParts': 1,
      'apigateway:GetDocumentationVersions': 1,
      'apigateway:GetGatewayResponses': 1,
      'apigateway:GetModels': 1,
      'apigateway:GetRequestValidators': 1,
      'apigateway:GetResources': 1,
      'apigateway:GetRestApis': 1,
      'apigateway:GetStages': 1,
    });
  });

  it('needs a second GetResources page only past 500 resources', async () => {
    // GIVEN an owned API of 600 resources (AWS allows more than 300 on request)
    const { emu, client } = await withEmulator({ limits: { resourcesPerApi: 1000 } });
    emulator = emu;
    await buildWide(client, 600, ['GET']);
    emu.resetCalls();
    // WHEN planned
    await computePlan({ specSet: specSet({ wide: wideSpec(600, ['GET']) }), clients: { apigateway: client } });
    // THEN 601 resources take two pages, and nothing else grows
    expect(emu.callCount('GetResources')).toBe(2);
    expect(emu.calls().total).toBe(16);
  });
});
