import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws, type AwsCli, type AwsResult } from './aws-cli.js';

/**
 * Every `aws apigateway` command of the user guide that the control plane serves, run with the real
 * AWS CLI against the emulator: each succeeds and returns the fields the guide shows. Where real AWS
 * differs from the guide, the test asserts what AWS does and says so.
 */
const cli = findAwsCli();
let emu: RunningEmulator;
let dir: string;
const ids: Record<string, string> = {};

const aws = (...args: string[]): Promise<AwsResult> => runAws(cli!, emu.url, args, dir);
async function ok(...args: string[]): Promise<any> {
  const r = await aws(...args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}
/** AWS CLI v1 exits 255 on a service error and prints the error type and message. */
async function fails(op: string, type: string, message: string, ...args: string[]): Promise<void> {
  const r = await aws(...args);
  expect(r.code).toBe(255);
  expect(r.stderr).toContain(`An error occurred (${type}) when calling the ${op} operation: ${message}`);
}

beforeAll(async () => {
  if (!cli) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli, or Debian\'s awscli package) to run these tests.');
  console.info(`AWS CLI under test: ${cli.version} (${cli.path})`);
  emu = await startEmulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'apigw-cli-'));
});
afterAll(async () => {
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.sequential('AWS CLI: the guide, REST API management', () => {
  it('create-rest-api', async () => {
    const out = await ok('create-rest-api', '--name', 'my-rest-api', '--description', 'My REST API', '--endpoint-configuration', 'types=REGIONAL');
    expect(out).toMatchObject({ name: 'my-rest-api', description: 'My REST API', endpointConfiguration: { types: ['REGIONAL'] } });
    expect(out.id).toMatch(/^[a-z0-9]{10}$/);
    expect(typeof out.createdDate).toBe('number'); // CLI v1 prints epoch seconds as given on the wire
    ids.api = out.id;
    ids.root = out.rootResourceId;
  });

  it('get-rest-apis and get-rest-api', async () => {
    const list = await ok('get-rest-apis');
    expect(list.items).toEqual([expect.objectContaining({ id: ids.api, name: 'my-rest-api', description: 'My REST API', endpointConfiguration: expect.objectContaining({ types: ['REGIONAL'] }) })]);
    const one = await ok('get-rest-api', '--rest-api-id', ids.api!);
    expect(one).toMatchObject({ id: ids.api, name: 'my-rest-api', description: 'My REST API' });
  });

  it('update-rest-api', async () => {
    const out = await ok('update-rest-api', '--rest-api-id', ids.api!, '--patch-operations', 'op=replace,path=/description,value="Updated description"');
    expect(out).toMatchObject({ id: ids.api, name: 'my-rest-api', description: 'Updated description' });
  });
});

describe.sequential('AWS CLI: the guide, resources, methods and integrations', () => {
  it('get-resources shows the root, create-resource makes /users and /users/{id}', async () => {
    expect((await ok('get-resources', '--rest-api-id', ids.api!)).items).toEqual([{ id: ids.root, path: '/' }]);
    const users = await ok('create-resource', '--rest-api-id', ids.api!, '--parent-id', ids.root!, '--path-part', 'users');
    expect(users).toMatchObject({ parentId: ids.root, pathPart: 'users', path: '/users' });
    ids.users = users.id;
    const byId = await ok('create-resource', '--rest-api-id', ids.api!, '--parent-id', ids.users!, '--path-part', '{id}');
    expect(byId).toMatchObject({ path: '/users/{id}' });
    ids.userId = byId.id;
  });

  it('put-method GET with a request parameter', async () => {
    const out = await ok('put-method', '--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'GET', '--authorization-type', 'NONE', '--request-parameters', 'method.request.querystring.limit=false');
    expect(out).toEqual({ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, requestParameters: { 'method.request.querystring.limit': false } });
  });

  it('put-integration of each kind: AWS_PROXY, HTTP_PROXY, MOCK, AWS with a template file', async () => {
    const base = ['--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'GET'];
    const lambda = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-function/invocations';
    const proxy = await ok('put-integration', ...base, '--type', 'AWS_PROXY', '--integration-http-method', 'POST', '--uri', lambda);
    expect(proxy).toMatchObject({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambda, passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000 });
    const http = await ok('put-integration', ...base, '--type', 'HTTP_PROXY', '--integration-http-method', 'GET', '--uri', 'https://api.example.com/users');
    expect(http).toMatchObject({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://api.example.com/users' });
    const mock = await ok('put-integration', ...base, '--type', 'MOCK', '--request-templates', '{"application/json": "{\\"statusCode\\": 200}"}');
    expect(mock).toMatchObject({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
    await ok('put-method', '--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'POST', '--authorization-type', 'NONE');
    writeFileSync(
      join(dir, 'request-template.json'),
      JSON.stringify({ 'application/json': '{"TableName": "Users", "Item": {"id": {"S": "$input.path(\'$.userId\')"}}}' }),
    );
    const dynamo = await ok('put-integration', '--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'POST', '--type', 'AWS', '--integration-http-method', 'POST', '--uri', 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem', '--request-templates', 'file://request-template.json');
    expect(dynamo).toMatchObject({ type: 'AWS', uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem', requestTemplates: { 'application/json': expect.stringContaining('"TableName": "Users"') } });
  });

  it('put-method-response and put-integration-response (inline and from a file)', async () => {
    const base = ['--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'GET', '--status-code', '200'];
    expect(await ok('put-method-response', ...base, '--response-models', '{"application/json": "Empty"}')).toEqual({ statusCode: '200', responseModels: { 'application/json': 'Empty' } });
    // The guide shows "" for an empty template; AWS stores it as a passthrough and returns null (recorded).
    expect(await ok('put-integration-response', ...base, '--response-templates', '{"application/json": ""}')).toEqual({ statusCode: '200', responseTemplates: { 'application/json': null } });
    writeFileSync(join(dir, 'response-template.json'), JSON.stringify({ 'application/json': "#set($items = $input.path('$.Items'))\n[]" }));
    const fromFile = await ok('put-integration-response', ...base, '--response-templates', 'file://response-template.json');
    expect(fromFile.responseTemplates['application/json']).toContain('#set($items');
  });

  it('create-request-validator (the guide writes `--validate-request-body true`, which the CLI itself rejects)', async () => {
    const guideForm = await aws('create-request-validator', '--rest-api-id', ids.api!, '--name', 'my-validator', '--validate-request-body', 'true', '--validate-request-parameters', 'true');
    expect(guideForm.code).toBe(255);
    expect(guideForm.stderr).toContain('Unknown options: true, true');
    const out = await ok('create-request-validator', '--rest-api-id', ids.api!, '--name', 'my-validator', '--validate-request-body', '--validate-request-parameters');
    expect(out).toMatchObject({ name: 'my-validator', validateRequestBody: true, validateRequestParameters: true });
    ids.validator = out.id;
    const m = await ok('update-method', '--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'POST', '--patch-operations', `op=replace,path=/requestValidatorId,value=${ids.validator}`);
    expect(m.requestValidatorId).toBe(ids.validator);
  });

  it('create-model from a schema file', async () => {
    writeFileSync(
      join(dir, 'user-schema.json'),
      JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', title: 'User', type: 'object', properties: { userId: { type: 'string' } }, required: ['userId'] }),
    );
    const out = await ok('create-model', '--rest-api-id', ids.api!, '--name', 'UserModel', '--content-type', 'application/json', '--schema', 'file://user-schema.json');
    expect(out).toMatchObject({ name: 'UserModel', contentType: 'application/json', schema: expect.stringContaining('"title":"User"') });
    expect(out.id).toMatch(/^[a-z0-9]{6}$/);
  });

  it('create-authorizer TOKEN and COGNITO_USER_POOLS, then attach and switch authorization', async () => {
    const token = await ok('create-authorizer', '--rest-api-id', ids.api!, '--name', 'my-authorizer', '--type', 'TOKEN', '--authorizer-uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:my-auth-function/invocations', '--identity-source', 'method.request.header.Authorization', '--authorizer-result-ttl-in-seconds', '300');
    expect(token).toMatchObject({ name: 'my-authorizer', type: 'TOKEN', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 });
    const cognito = await ok('create-authorizer', '--rest-api-id', ids.api!, '--name', 'cognito-authorizer', '--type', 'COGNITO_USER_POOLS', '--provider-arns', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123', '--identity-source', 'method.request.header.Authorization');
    expect(cognito).toMatchObject({ name: 'cognito-authorizer', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123'] });
    const base = ['--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'GET', '--patch-operations'];
    const custom = await ok('update-method', ...base, 'op=replace,path=/authorizationType,value=CUSTOM', `op=replace,path=/authorizerId,value=${token.id}`);
    expect(custom).toMatchObject({ httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: token.id });
    const iam = await ok('update-method', ...base, 'op=replace,path=/authorizationType,value=AWS_IAM');
    expect(iam).toMatchObject({ httpMethod: 'GET', authorizationType: 'AWS_IAM' });
  });
});

describe.sequential('AWS CLI: the guide, stages and deployments', () => {
  it('create-deployment to dev, create-stage production, redeploy production, get-stages', async () => {
    const d1 = await ok('create-deployment', '--rest-api-id', ids.api!, '--stage-name', 'dev', '--stage-description', 'Development stage', '--description', 'Initial deployment');
    expect(d1).toMatchObject({ description: 'Initial deployment' });
    ids.d1 = d1.id;
    expect(typeof d1.createdDate).toBe('number');
    const stage = await ok('create-stage', '--rest-api-id', ids.api!, '--stage-name', 'production', '--deployment-id', d1.id, '--description', 'Production stage');
    expect(stage).toMatchObject({ stageName: 'production', deploymentId: d1.id, description: 'Production stage', methodSettings: {} });
    const d2 = await ok('create-deployment', '--rest-api-id', ids.api!, '--stage-name', 'production', '--description', 'Bug fixes and new features');
    expect(d2).toMatchObject({ description: 'Bug fixes and new features' });
    // The CLI prints GetStages' list as `item` (the model's member name), as the guide shows.
    const stages = await ok('get-stages', '--rest-api-id', ids.api!);
    expect(stages.item.map((s: any) => [s.stageName, s.deploymentId])).toEqual([
      ['dev', d1.id],
      ['production', d2.id],
    ]);
  });

  it('create-deployment --stage-name: a new stage with variables, a canary deployment into an existing stage, and the refusals', async () => {
    const d = await ok('create-deployment', '--rest-api-id', ids.api!, '--stage-name', 'qa', '--variables', 'lambdaAlias=qa,color=blue', '--description', 'To qa');
    const qa = await ok('get-stage', '--rest-api-id', ids.api!, '--stage-name', 'qa');
    expect(qa).toMatchObject({ stageName: 'qa', deploymentId: d.id, variables: { lambdaAlias: 'qa', color: 'blue' } });
    // A canary deployment needs the stage to exist already.
    await fails('CreateDeployment', 'BadRequestException', 'Invalid deployment content specified.Stage nosuch must already be created before making a canary release deployment',
      'create-deployment', '--rest-api-id', ids.api!, '--stage-name', 'nosuch', '--canary-settings', 'percentTraffic=10');
    expect((await aws('get-stage', '--rest-api-id', ids.api!, '--stage-name', 'nosuch')).code).toBe(255);
    // Into qa's canary: qa keeps serving d; the canary serves the new deployment with the given settings.
    const c = await ok('create-deployment', '--rest-api-id', ids.api!, '--stage-name', 'qa', '--canary-settings', 'percentTraffic=25,useStageCache=false,stageVariableOverrides={color=green}');
    expect(await ok('get-stage', '--rest-api-id', ids.api!, '--stage-name', 'qa')).toMatchObject({
      deploymentId: d.id,
      canarySettings: { deploymentId: c.id, percentTraffic: 25, useStageCache: false, stageVariableOverrides: { color: 'green' } },
    });
    // A stage with a canary takes canary deployments only.
    await fails('CreateDeployment', 'BadRequestException', 'Invalid deployment content specified.Non canary deployment not supported on stage qa because Canary is enabled. Provide CanarySettings in deploymentInput.',
      'create-deployment', '--rest-api-id', ids.api!, '--stage-name', 'qa');
    await ok('delete-stage', '--rest-api-id', ids.api!, '--stage-name', 'qa');
  });

  it('update-stage: settings, caching, variables, tracing, access logging', async () => {
    const base = ['update-stage', '--rest-api-id', ids.api!, '--stage-name', 'production', '--patch-operations'];
    expect(await ok(...base, 'op=replace,path=/description,value="Updated production stage"', 'op=replace,path=/cacheClusterEnabled,value=true', 'op=replace,path=/cacheClusterSize,value=0.5')).toMatchObject({
      stageName: 'production',
      description: 'Updated production stage',
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
    });
    expect(await ok(...base, 'op=replace,path=/variables/lambdaAlias,value=prod', 'op=replace,path=/variables/environment,value=production')).toMatchObject({
      variables: { lambdaAlias: 'prod', environment: 'production' },
    });
    expect(await ok(...base, 'op=replace,path=/tracingEnabled,value=true')).toMatchObject({ stageName: 'production', tracingEnabled: true });
    const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/my-api';
    const format = '$context.requestId $context.error.message $context.error.messageString';
    const logs = await ok('update-stage', '--rest-api-id', ids.api!, '--stage-name', 'production', '--patch-operations', JSON.stringify([
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: arn },
      { op: 'replace', path: '/accessLogSettings/format', value: format },
    ]));
    expect(logs.accessLogSettings).toEqual({ destinationArn: arn, format });
  });

  it("update-stage throttling and logging: AWS rejects the guide's /throttle/* and /logging/* paths; the /*/*/ form works", async () => {
    const base = ['update-stage', '--rest-api-id', ids.api!, '--stage-name', 'production', '--patch-operations'];
    const throttle = await aws(...base, 'op=replace,path=/throttle/rateLimit,value=1000', 'op=replace,path=/throttle/burstLimit,value=2000');
    expect(throttle.code).toBe(255);
    expect(throttle.stderr).toContain('An error occurred (BadRequestException) when calling the UpdateStage operation: Invalid method setting path: /throttle/rateLimit. Must be one of: [');
    const logging = await aws(...base, 'op=replace,path=/logging/loglevel,value=INFO', 'op=replace,path=/logging/dataTrace,value=true');
    expect(logging.code).toBe(255);
    expect(logging.stderr).toContain('Invalid method setting path: /logging/loglevel. Must be one of: [');
    const fixed = await ok(...base, 'op=replace,path=/*/*/throttling/rateLimit,value=1000', 'op=replace,path=/*/*/throttling/burstLimit,value=2000', 'op=replace,path=/*/*/logging/loglevel,value=INFO', 'op=replace,path=/*/*/logging/dataTrace,value=true');
    expect(fixed.methodSettings['*/*']).toMatchObject({ throttlingRateLimit: 1000, throttlingBurstLimit: 2000, loggingLevel: 'INFO', dataTraceEnabled: true });
  });
});

describe.sequential('AWS CLI: the guide, domains, keys, usage plans, account', () => {
  it('create-domain-name: the guide passes --certificate-arn with REGIONAL, which AWS refuses; --regional-certificate-arn works', async () => {
    await fails('CreateDomainName', 'BadRequestException', 'Cannot import certificates for EDGE while REGIONAL is active.', 'create-domain-name', '--domain-name', 'api.example.com', '--certificate-arn', 'arn:aws:acm:us-east-1:123456789012:certificate/abc123', '--endpoint-configuration', 'types=REGIONAL', '--security-policy', 'TLS_1_2');
    const out = await ok('create-domain-name', '--domain-name', 'api.example.com', '--regional-certificate-arn', 'arn:aws:acm:us-east-1:123456789012:certificate/abc123', '--endpoint-configuration', 'types=REGIONAL', '--security-policy', 'TLS_1_2');
    expect(out).toMatchObject({ domainName: 'api.example.com', regionalHostedZoneId: 'Z1UJRXOUMOOFQ8', endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'TLS_1_2' });
    expect(out.regionalDomainName).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
  });

  it('create-base-path-mapping', async () => {
    expect(await ok('create-base-path-mapping', '--domain-name', 'api.example.com', '--rest-api-id', ids.api!, '--stage', 'production', '--base-path', 'v1')).toEqual({ basePath: 'v1', restApiId: ids.api, stage: 'production' });
  });

  it('create-api-key, create-usage-plan, create-usage-plan-key, get-usage', async () => {
    const key = await ok('create-api-key', '--name', 'my-api-key', '--description', 'API key for partner integration', '--enabled');
    expect(key).toMatchObject({ name: 'my-api-key', description: 'API key for partner integration', enabled: true });
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/);
    const plan = await ok('create-usage-plan', '--name', 'basic-plan', '--description', 'Basic usage plan', '--throttle', 'rateLimit=100,burstLimit=200', '--quota', 'limit=10000,period=MONTH', '--api-stages', `apiId=${ids.api},stage=production`);
    expect(plan).toMatchObject({ name: 'basic-plan', description: 'Basic usage plan', throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 10000, period: 'MONTH' }, apiStages: [{ apiId: ids.api, stage: 'production' }] });
    const upk = await ok('create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', key.id, '--key-type', 'API_KEY');
    expect(upk).toMatchObject({ id: key.id, type: 'API_KEY', name: 'my-api-key' });
    // No traffic passes through the emulator, so usage is empty.
    expect(await ok('get-usage', '--usage-plan-id', plan.id, '--key-id', key.id, '--start-date', '2025-11-01', '--end-date', '2025-11-30')).toEqual({
      usagePlanId: plan.id,
      startDate: '2025-11-01',
      endDate: '2025-11-30',
      items: {},
    });
    const m = await ok('update-method', '--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'GET', '--patch-operations', 'op=replace,path=/apiKeyRequired,value=true');
    expect(m).toMatchObject({ httpMethod: 'GET', apiKeyRequired: true });
  });

  it('update-account sets the CloudWatch role', async () => {
    const role = 'arn:aws:iam::123456789012:role/APIGatewayCloudWatchRole';
    expect(await ok('update-account', '--patch-operations', `op=replace,path=/cloudwatchRoleArn,value=${role}`)).toMatchObject({ cloudwatchRoleArn: role });
  });

  it('update-account adds the UsagePlans feature (the developer guide\'s migration), and refuses to remove it', async () => {
    const out = await ok('update-account', '--patch-operations', 'op=add,path=/features,value=UsagePlans');
    expect(out.features).toEqual(['UsagePlans']);
    expect((await ok('get-account')).features).toEqual(['UsagePlans']);
    await fails('UpdateAccount', 'BadRequestException', 'Usage plans cannot be disabled once enabled', 'update-account', '--patch-operations', 'op=remove,path=/features,value=UsagePlans');
  });
});

describe.sequential('AWS CLI: the guide, CORS and clean-up', () => {
  it('enables CORS with OPTIONS, a MOCK integration and header mappings', async () => {
    const base = ['--rest-api-id', ids.api!, '--resource-id', ids.userId!, '--http-method', 'OPTIONS'];
    await ok('put-method', ...base, '--authorization-type', 'NONE');
    await ok('put-integration', ...base, '--type', 'MOCK', '--request-templates', '{"application/json": "{\\"statusCode\\": 200}"}');
    const mr = await ok('put-method-response', ...base, '--status-code', '200', '--response-parameters', 'method.response.header.Access-Control-Allow-Headers=true,method.response.header.Access-Control-Allow-Methods=true,method.response.header.Access-Control-Allow-Origin=true');
    expect(mr.responseParameters).toEqual({
      'method.response.header.Access-Control-Allow-Headers': true,
      'method.response.header.Access-Control-Allow-Methods': true,
      'method.response.header.Access-Control-Allow-Origin': true,
    });
    const ir = await ok('put-integration-response', ...base, '--status-code', '200', '--response-parameters', JSON.stringify({
      'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
      'method.response.header.Access-Control-Allow-Methods': "'GET,POST,PUT,DELETE,OPTIONS'",
      'method.response.header.Access-Control-Allow-Origin': "'*'",
    }));
    expect(ir.responseParameters['method.response.header.Access-Control-Allow-Origin']).toBe("'*'");
  });

  it('delete-method, delete-resource (with its subtree) and delete-rest-api print nothing', async () => {
    const dm = await aws('delete-method', '--rest-api-id', ids.api!, '--resource-id', ids.users!, '--http-method', 'GET');
    expect([dm.code, dm.stdout]).toEqual([0, '']);
    const dr = await aws('delete-resource', '--rest-api-id', ids.api!, '--resource-id', ids.users!);
    expect([dr.code, dr.stdout]).toEqual([0, '']);
    expect((await ok('get-resources', '--rest-api-id', ids.api!)).items.map((r: any) => r.path)).toEqual(['/']);
    const crud = await ok('create-rest-api', '--name', 'crud-api');
    const items = await ok('create-resource', '--rest-api-id', crud.id, '--parent-id', crud.rootResourceId, '--path-part', 'items');
    expect((await ok('create-resource', '--rest-api-id', crud.id, '--parent-id', items.id, '--path-part', '{id}')).path).toBe('/items/{id}');
    const del = await aws('delete-rest-api', '--rest-api-id', crud.id);
    expect([del.code, del.stdout]).toEqual([0, '']);
  });
});

describe('AWS CLI: errors exit 255 with the type and message', () => {
  it.each([
    ['GetRestApi', 'NotFoundException', 'Invalid API identifier specified 123456789012:nope123456', ['get-rest-api', '--rest-api-id', 'nope123456']],
    ['CreateResource', 'NotFoundException', 'Invalid Resource identifier specified', () => ['create-resource', '--rest-api-id', ids.api!, '--parent-id', 'nope00', '--path-part', 'x']],
    ['PutMethod', 'ConflictException', 'Method already exists for this resource', () => ['put-method', '--rest-api-id', ids.api!, '--resource-id', ids.root!, '--http-method', 'GET', '--authorization-type', 'NONE']],
    ['CreateStage', 'ConflictException', 'Stage already exists', () => ['create-stage', '--rest-api-id', ids.api!, '--stage-name', 'production', '--deployment-id', ids.d1!]],
    ['CreateDeployment', 'BadRequestException', "The REST API doesn't contain any methods", () => ['create-deployment', '--rest-api-id', ids.emptyApi!]],
    ['UpdateRestApi', 'BadRequestException', 'Invalid patch path /version', () => ['update-rest-api', '--rest-api-id', ids.api!, '--patch-operations', 'op=replace,path=/version,value=2']],
  ] as [string, string, string, string[] | (() => string[])][])('%s %s', async (op, type, message, args) => {
    if (!ids.emptyApi) {
      ids.emptyApi = (await ok('create-rest-api', '--name', 'empty')).id;
      await ok('put-method', '--rest-api-id', ids.api!, '--resource-id', ids.root!, '--http-method', 'GET', '--authorization-type', 'NONE');
    }
    await fails(op, type, message, ...(typeof args === 'function' ? args() : args));
  });
});
