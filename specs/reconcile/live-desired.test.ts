import { describe, expect, it } from 'vitest';
import { desiredRestApi } from '../../src/reconcile/desired-rest.js';
import { diffModels } from '../../src/reconcile/diff.js';
import { liveRestApiEntities, type RawRestApi } from '../../src/reconcile/live-rest.js';
import { toModel } from '../../src/reconcile/rest-builder.js';
import type { RestApiSpec } from '../../src/schema/index.js';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:users';
const FN_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`;
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123';

/** The spec, as the loader hands it over (shorthands other than `lambda` expanded). */
function spec(): RestApiSpec {
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
    stages: { prod: { variables: { alias: 'prod' }, logging: { metrics: true }, methodSettings: { 'GET /users': { caching: { enabled: true } } } } },
  };
}

/** The same API as AWS's Get* calls return it: ids, defaults, the ownership tag, AWS's own models. */
function aws(): RawRestApi {
  const integrationDefaults = { cacheKeyParameters: [], connectionType: 'INTERNET', passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000 };
  const lambda = (resourceId: string) => ({ ...integrationDefaults, type: 'AWS_PROXY', httpMethod: 'POST', uri: FN_URI, cacheNamespace: resourceId });
  return {
    api: {
      id: 'a1b2c3d4e5', name: 'petstore', description: 'Pet store', apiKeySource: 'HEADER', disableExecuteApiEndpoint: false,
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' }, rootResourceId: 'root01',
      tags: { team: 'pets', 'apigw-sync:managed-by': 'shop' }, createdDate: new Date(0),
    },
    resources: [
      { id: 'root01', path: '/' },
      {
        id: 'usr001', parentId: 'root01', pathPart: 'users', path: '/users',
        resourceMethods: {
          GET: { httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'au0001', authorizationScopes: ['users/read'],
            apiKeyRequired: false, methodIntegration: lambda('usr001') },
          POST: { httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false, requestValidatorId: 'va0001',
            requestModels: { 'application/json': 'User' }, methodIntegration: lambda('usr001') },
        },
      },
      {
        id: 'hlt001', parentId: 'root01', pathPart: 'health', path: '/health',
        resourceMethods: {
          GET: {
            httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false,
            methodResponses: { '200': { statusCode: '200', responseModels: { 'application/json': 'Empty' } } },
            methodIntegration: {
              ...integrationDefaults, type: 'MOCK', cacheNamespace: 'hlt001', requestTemplates: { 'application/json': '{"statusCode": 200}' },
              integrationResponses: { '200': { statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': '{"ok": true}' } } },
            },
          },
        },
      },
    ],
    authorizers: [{ id: 'au0001', name: 'cognito', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], authType: 'cognito_user_pools',
      identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 }],
    models: [
      { id: 'mo0001', name: 'Empty', contentType: 'application/json', schema: '{"$schema":"http://json-schema.org/draft-04/schema#","title":"Empty Schema","type":"object"}' },
      { id: 'mo0002', name: 'Error', contentType: 'application/json', schema: '{"type":"object"}' },
      { id: 'mo0003', name: 'User', contentType: 'application/json', schema: '{\n  "type" : "object",\n  "properties" : {"name": {"type": "string"}}\n}' },
    ],
    requestValidators: [{ id: 'va0001', name: 'body', validateRequestBody: true, validateRequestParameters: false }],
    gatewayResponses: [{ responseType: 'DEFAULT_4XX', defaultResponse: true, responseParameters: {}, responseTemplates: { 'application/json': '{"message":$context.error.messageString}' } }],
    stages: [{
      stageName: 'prod', deploymentId: 'dep001', cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE', tracingEnabled: false,
      variables: { alias: 'prod' },
      methodSettings: {
        '*/*': { metricsEnabled: true, loggingLevel: 'OFF', dataTraceEnabled: false, throttlingBurstLimit: 5000, throttlingRateLimit: 10000, cachingEnabled: false, cacheTtlInSeconds: 300, cacheDataEncrypted: false, requireAuthorizationForCacheControl: true, unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER' },
        '~1users/GET': { metricsEnabled: false, cachingEnabled: true, cacheTtlInSeconds: 300 },
      },
      createdDate: new Date(0), lastUpdatedDate: new Date(0),
    }],
    deployments: [{ id: 'dep001', description: 'first', createdDate: new Date(0) }],
  };
}

describe('live and desired meet in the canonical model', () => {
  it('an API read from AWS and the spec describing it have no difference', () => {
    // GIVEN the spec and AWS's view of the same API
    const desired = toModel(desiredRestApi('petstore', spec()));
    const live = toModel(liveRestApiEntities(aws()));
    // WHEN they are diffed THEN nothing differs (AWS's defaults, ids, Empty/Error models, default gateway responses)
    expect(diffModels(desired, live)).toStrictEqual([]);
  });

  it('replaces ids by names and keeps the ids aside', () => {
    const live = toModel(liveRestApiEntities(aws()));
    const get = live.entities['rest-api:petstore / resource:/users / method:GET'];
    expect(get?.attrs).toStrictEqual({
      apiKeyRequired: false, authorizationScopes: ['users/read'], authorizationType: 'COGNITO_USER_POOLS', authorizer: 'cognito',
    });
    expect(get?.ids).toStrictEqual({ restApiId: 'a1b2c3d4e5', resourceId: 'usr001', httpMethod: 'GET' });
    expect(get?.refs).toStrictEqual(['rest-api:petstore / authorizer:cognito']);
    expect(live.entities['rest-api:petstore']?.attrs.tags).toStrictEqual({ team: 'pets' });
    expect(live.entities['rest-api:petstore / stage:prod']?.meta).toStrictEqual({ deploymentDescription: 'first' });
  });

  it('sees a real difference through the defaults', () => {
    // GIVEN AWS's view where someone raised the timeout of GET /users by hand
    const raw = aws();
    const users = raw.resources[1] as { resourceMethods: Record<string, { methodIntegration: Record<string, unknown> }> };
    (users.resourceMethods.GET as { methodIntegration: Record<string, unknown> }).methodIntegration.timeoutInMillis = 1000;
    // WHEN diffed with the spec THEN exactly that field differs
    const changes = diffModels(toModel(desiredRestApi('petstore', spec())), toModel(liveRestApiEntities(raw)));
    expect(changes.map((c) => [c.key, c.action, c.changes])).toStrictEqual([
      ['rest-api:petstore / resource:/users / method:GET / integration', 'update', [{ path: '/timeoutInMillis', from: 1000, to: 29000 }]],
    ]);
  });

  it('derives authorizationType from the authorizer and expands the lambda shorthand', () => {
    const desired = toModel(desiredRestApi('petstore', spec()));
    expect(desired.entities['rest-api:petstore / resource:/users / method:GET']?.attrs.authorizationType).toBe('COGNITO_USER_POOLS');
    expect(desired.entities['rest-api:petstore / resource:/users / method:GET / integration']?.attrs).toMatchObject({
      type: 'AWS_PROXY', httpMethod: 'POST', uri: FN_URI,
    });
  });
});
