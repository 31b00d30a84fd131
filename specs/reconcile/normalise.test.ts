import { describe, expect, it } from 'vitest';
import type { EntityKind } from '../../src/reconcile/model.js';
import { foldOwnArns } from '../../src/reconcile/live-rest.js';
import { foldDomainArns } from '../../src/reconcile/live-account.js';
import { alignLive, normaliseAttrs } from '../../src/reconcile/rest-normalise.js';

type Row = { name: string; kind: EntityKind; spec: Record<string, unknown>; aws: Record<string, unknown> };

/** What a person writes (or omits) and what AWS returns for it: equal in canonical form. */
const equal: Row[] = [
  {
    name: 'rest-api: AWS defaults for an API created with a name only',
    kind: 'rest-api',
    spec: {},
    aws: { apiKeySource: 'HEADER', disableExecuteApiEndpoint: false, endpointConfiguration: { ipAddressType: 'ipv4', types: ['EDGE'] }, tags: {} },
  },
  {
    name: 'rest-api: a PRIVATE API defaults to dualstack',
    kind: 'rest-api',
    spec: { endpointConfiguration: { types: ['PRIVATE'] } },
    aws: { endpointConfiguration: { ipAddressType: 'dualstack', types: ['PRIVATE'] } },
  },
  {
    name: 'rest-api: a policy comes back as escaped JSON text, compared as JSON',
    kind: 'rest-api',
    spec: { policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] } },
    aws: { policy: '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"execute-api:\\/*\\"}]}' },
  },
  {
    name: 'rest-api: binary media types are a set',
    kind: 'rest-api',
    spec: { binaryMediaTypes: ['image/png', 'application/octet-stream'] },
    aws: { binaryMediaTypes: ['application/octet-stream', 'image/png', 'image/png'] },
  },
  {
    name: 'method: NONE, no API key, empty maps',
    kind: 'method',
    spec: {},
    aws: { apiKeyRequired: false, authorizationType: 'NONE', httpMethod: 'GET', requestParameters: {}, requestModels: {} },
  },
  {
    name: 'integration: every default GetMethod shows for a MOCK integration',
    kind: 'integration',
    spec: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
    aws: {
      type: 'MOCK', cacheKeyParameters: [], passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000,
      connectionType: 'INTERNET', responseTransferMode: 'BUFFERED', requestTemplates: { 'application/json': '{"statusCode": 200}' },
    },
  },
  {
    name: 'integration: an empty template is stored as a passthrough (null)',
    kind: 'integration',
    spec: { type: 'HTTP', requestTemplates: { 'application/json': '' } },
    aws: { type: 'HTTP', requestTemplates: { 'application/json': null } },
  },
  {
    name: 'integration-response: an empty selection pattern is none',
    kind: 'integration-response',
    spec: { responseTemplates: { 'application/json': '' } },
    aws: { selectionPattern: '', statusCode: '200', responseTemplates: { 'application/json': null } },
  },
  {
    name: 'authorizer: TTL 300 by default, identity sources with or without spaces',
    kind: 'authorizer',
    spec: { type: 'REQUEST', identitySource: 'method.request.header.A, method.request.querystring.b' },
    aws: { type: 'REQUEST', identitySource: 'method.request.header.A,method.request.querystring.b', authorizerResultTtlInSeconds: 300, id: 'x1' },
  },
  {
    name: 'authorizer: provider ARNs are a set',
    kind: 'authorizer',
    spec: { type: 'COGNITO_USER_POOLS', providerARNs: ['arn:b', 'arn:a'] },
    aws: { type: 'COGNITO_USER_POOLS', providerARNs: ['arn:a', 'arn:b'] },
  },
  {
    name: 'model: application/json by default, the schema compared as JSON',
    kind: 'model',
    spec: { schema: { type: 'object', title: 'User' } },
    aws: { contentType: 'application/json', schema: '{\n  "title" : "User",\n  "type" : "object"\n}', id: 'm1', name: 'User' },
  },
  {
    name: 'request-validator: both checks off by default',
    kind: 'request-validator',
    spec: {},
    aws: { validateRequestBody: false, validateRequestParameters: false, id: 'v1', name: 'none' },
  },
  {
    name: 'stage: cache off, tracing off, no settings; status fields ignored',
    kind: 'stage',
    spec: {},
    aws: { cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE', methodSettings: {}, tracingEnabled: false, stageName: 'dev', deploymentId: undefined },
  },
  {
    name: 'stage: a cache without a size is 0.5 GB',
    kind: 'stage',
    spec: { cacheClusterEnabled: true },
    aws: { cacheClusterEnabled: true, cacheClusterSize: '0.5' },
  },
];

const different: Row[] = [
  { name: 'method: an API key required', kind: 'method', spec: { apiKeyRequired: true }, aws: { apiKeyRequired: false } },
  { name: 'integration: another timeout', kind: 'integration', spec: { type: 'MOCK', timeoutInMillis: 1000 }, aws: { type: 'MOCK' } },
  { name: 'integration: a template and a passthrough', kind: 'integration', spec: { requestTemplates: { 'a/b': 'x' } }, aws: { requestTemplates: { 'a/b': null } } },
  { name: 'rest-api: REGIONAL and the default EDGE', kind: 'rest-api', spec: { endpointConfiguration: { types: ['REGIONAL'] } }, aws: {} },
  { name: 'authorizer: TTL 0 and the default', kind: 'authorizer', spec: { type: 'TOKEN', authorizerResultTtlInSeconds: 0 }, aws: { type: 'TOKEN' } },
];

describe('normaliseAttrs', () => {
  it.each(equal)('$name', ({ kind, spec, aws }) => {
    expect(normaliseAttrs(kind, aws)).toStrictEqual(normaliseAttrs(kind, spec));
  });
  it.each(different)('keeps a real difference: $name', ({ kind, spec, aws }) => {
    expect(normaliseAttrs(kind, aws)).not.toStrictEqual(normaliseAttrs(kind, spec));
  });

  it('writes the canonical form of an integration exactly', () => {
    expect(normaliseAttrs('integration', { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://x', cacheKeyParameters: ['b', 'a'] }))
      .toStrictEqual({
        cacheKeyParameters: ['a', 'b'], connectionType: 'INTERNET', httpMethod: 'GET', passthroughBehavior: 'WHEN_NO_MATCH',
        responseTransferMode: 'BUFFERED', timeoutInMillis: 29000, type: 'HTTP_PROXY', uri: 'https://x',
      });
  });
});

describe('alignLive', () => {
  it('compares only the method-setting fields the spec sets (AWS fills in the others)', () => {
    // GIVEN a spec that sets one field of the all-methods override, and AWS's filled-in entry
    const desired = normaliseAttrs('stage', { methodSettings: { '*/*': { metricsEnabled: true } } });
    const live = normaliseAttrs('stage', {
      methodSettings: { '*/*': { metricsEnabled: true, throttlingBurstLimit: 5000, throttlingRateLimit: 10000, cacheTtlInSeconds: 300 } },
    });
    // WHEN live is aligned to desired THEN they are equal
    expect(alignLive('stage', desired, live)).toStrictEqual(desired);
  });

  it("ignores an authorizer's authType and a stage's deployment unless the spec sets them", () => {
    expect(alignLive('authorizer', { type: 'TOKEN' }, { type: 'TOKEN', authType: 'custom' })).toStrictEqual({ type: 'TOKEN' });
    expect(alignLive('stage', {}, { deploymentId: 'd1' })).toStrictEqual({});
    expect(alignLive('stage', { deploymentId: 'd2' }, { deploymentId: 'd1' })).toStrictEqual({ deploymentId: 'd1' });
  });
});

describe('policies', () => {
  it("folds the API's own execute-api ARNs, as AWS echoes them, back to the execute-api:/ shorthand", () => {
    // GIVEN a policy AWS returns with the shorthand expanded, plus an ARN of another API
    const echoed = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke',
      Resource: ['arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*', 'arn:aws:execute-api:us-east-1:123456789012:other12345/*'] }] });
    // WHEN folded THEN only the API's own ARN becomes the shorthand
    expect(foldOwnArns(echoed, 'a1b2c3d4e5')).toStrictEqual({ Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Principal: '*',
      Resource: ['execute-api:/*', 'arn:aws:execute-api:us-east-1:123456789012:other12345/*'] }] });
  });

  it("folds a private domain's own ARN (name+domainNameId), and no other domain's of the same name", () => {
    const echoed = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke',
      Resource: ['arn:aws:execute-api:us-east-1:123456789012:/domainnames/ledger.example.com+abc1234567',
        'arn:aws:execute-api:us-east-1:123456789012:/domainnames/ledger.example.com+zzz9876543/*',
        'arn:aws:execute-api:us-east-1:123456789012:/domainnames/ledgerXexample.com+abc1234567'] }] });
    expect(foldDomainArns(echoed, 'ledger.example.com', 'abc1234567')).toStrictEqual({ Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Principal: '*',
      Resource: ['execute-api:/*', 'arn:aws:execute-api:us-east-1:123456789012:/domainnames/ledger.example.com+zzz9876543/*',
        'arn:aws:execute-api:us-east-1:123456789012:/domainnames/ledgerXexample.com+abc1234567'] }] });
  });
});
