import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

let emu: RunningEmulator;
let client: A.APIGatewayClient;
beforeAll(async () => ({ emu, client } = await withEmulator()));
afterAll(() => emu.close());

/** A fresh API with /pets, for tests that need a resource. */
async function petsApi() {
  const api = await client.send(new A.CreateRestApiCommand({ name: 'm' }));
  const pets = await client.send(new A.CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'pets' }));
  const ids = { restApiId: api.id!, resourceId: pets.id! };
  return { api, pets, ids };
}

describe('Method and MethodResponse', () => {
  it('PutMethod defaults apiKeyRequired and answers 409 for an existing method', async () => {
    const { ids } = await petsApi();
    const m = await client.send(
      new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE', requestParameters: { 'method.request.querystring.limit': false } }),
    );
    expect(m.$metadata.httpStatusCode).toBe(201);
    expect(m).toMatchObject({ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, requestParameters: { 'method.request.querystring.limit': false } });
    expect(await sdkError(() => client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' })))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: 'Method already exists for this resource',
    });
  });

  it.each([
    { input: { httpMethod: 'FETCH', authorizationType: 'NONE' }, message: 'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY' },
    {
      input: { httpMethod: 'GET', authorizationType: 'CUSTOM' },
      message: 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
    },
    { input: { httpMethod: 'GET', authorizationType: 'NONE', requestValidatorId: 'nope00' }, message: 'Invalid Request Validator identifier specified' },
    { input: { httpMethod: 'GET', authorizationType: 'NONE', requestModels: { 'application/json': 'petModel' } }, message: 'Invalid model identifier specified: petModel' },
  ])('PutMethod rejects: $message', async ({ input, message }) => {
    const { ids } = await petsApi();
    expect(await sdkError(() => client.send(new A.PutMethodCommand({ ...ids, ...input })))).toEqual({ name: 'BadRequestException', status: 400, message });
  });

  it('UpdateMethod accepts its paths and rejects others with the recorded messages', async () => {
    const { api, ids } = await petsApi();
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'ANY', authorizationType: 'NONE' }));
    const auth = await client.send(
      new A.CreateAuthorizerCommand({ restApiId: api.id, name: 'a', type: 'TOKEN', authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/fn', identitySource: 'method.request.header.Authorization' }),
    );
    const upd = (ops: A.PatchOperation[]) => client.send(new A.UpdateMethodCommand({ ...ids, httpMethod: 'ANY', patchOperations: ops }));
    const added = await upd([
      { op: 'add', path: '/requestParameters/method.request.querystring.optional', value: 'true' },
      { op: 'add', path: '/requestModels/application~1json', value: 'Empty' },
    ]);
    expect(added).toMatchObject({ requestModels: { 'application/json': 'Empty' }, requestParameters: { 'method.request.querystring.optional': true } });
    const replaced = await upd([
      { op: 'replace', path: '/apiKeyRequired', value: 'true' },
      { op: 'replace', path: '/authorizationType', value: 'CUSTOM' },
      { op: 'replace', path: '/authorizerId', value: auth.id },
      { op: 'replace', path: '/operationName', value: 'ListPets' },
    ]);
    expect(replaced).toMatchObject({ apiKeyRequired: true, authorizationType: 'CUSTOM', authorizerId: auth.id, operationName: 'ListPets' });
    const removed = await upd([{ op: 'remove', path: '/requestModels/application~1json' }]);
    expect(removed.requestModels).toBeUndefined();
    const msg = async (ops: A.PatchOperation[]) => (await sdkError(() => upd(ops))).message;
    expect(await msg([{ op: 'add', path: '/apiKeyRequired', value: 'true' }])).toBe('Invalid patch operation specified. Must be one of: [replace]');
    expect(await msg([{ op: 'replace', path: '/httpMethod', value: 'GET' }])).toBe('Invalid patch path /httpMethod');
    expect(await msg([{ op: 'add', path: '/requestModels/application/json', value: 'Empty' }])).toBe('Invalid patch path /requestModels/application/json');
    expect(await msg([{ op: 'replace', path: '/authorizerId', value: 'nope00' }])).toBe(
      'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
    );
  });

  it('GetMethod of a missing method, and DeleteMethod dropping integration and responses', async () => {
    const { ids } = await petsApi();
    expect(await sdkError(() => client.send(new A.GetMethodCommand({ ...ids, httpMethod: 'GET' })))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Method identifier specified',
    });
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new A.PutIntegrationCommand({ ...ids, httpMethod: 'GET', type: 'MOCK' }));
    const del = await client.send(new A.DeleteMethodCommand({ ...ids, httpMethod: 'GET' }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' }));
    expect((await client.send(new A.GetMethodCommand({ ...ids, httpMethod: 'GET' }))).methodIntegration).toBeUndefined();
  });

  it('MethodResponse: put overwrites, update answers 201, missing entries are 404s', async () => {
    const { ids } = await petsApi();
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' }));
    const k = { ...ids, httpMethod: 'GET', statusCode: '200' };
    const put = await client.send(new A.PutMethodResponseCommand({ ...k, responseModels: { 'application/json': 'Empty' } }));
    expect(put).toMatchObject({ statusCode: '200', responseModels: { 'application/json': 'Empty' } });
    const upd = await client.send(
      new A.UpdateMethodResponseCommand({ ...k, patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.my-header', value: 'true' }] }),
    );
    expect(upd.$metadata.httpStatusCode).toBe(201);
    expect(upd.responseParameters).toEqual({ 'method.response.header.my-header': true });
    const err = (ops: A.PatchOperation[]) => sdkError(() => client.send(new A.UpdateMethodResponseCommand({ ...k, patchOperations: ops })));
    expect(await err([{ op: 'remove', path: '/responseParameters/method.response.header.nope' }])).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid parameter name specified',
    });
    expect((await err([{ op: 'remove', path: '/responseModels/text~1xml' }])).message).toBe('Content-Type specified was not found');
    expect(await sdkError(() => client.send(new A.GetMethodResponseCommand({ ...k, statusCode: '404' })))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Response status code specified',
    });
    const bad = await sdkError(() => client.send(new A.GetMethodResponseCommand({ ...k, statusCode: 'wrong' })));
    expect([bad.name, bad.message]).toEqual([
      'ValidationException',
      "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
    ]);
  });
});

describe('Integration and IntegrationResponse', () => {
  it('PutIntegration fills in the recorded defaults per type and sends integrationHttpMethod as httpMethod', async () => {
    const { ids } = await petsApi();
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' }));
    const http = await client.send(
      new A.PutIntegrationCommand({ ...ids, httpMethod: 'GET', type: 'HTTP', integrationHttpMethod: 'POST', uri: 'http://example.com' }),
    );
    expect(http.$metadata.httpStatusCode).toBe(201);
    const { $metadata, ...shape } = http;
    void $metadata;
    expect(shape).toEqual({
      type: 'HTTP',
      httpMethod: 'POST',
      uri: 'http://example.com',
      connectionType: 'INTERNET',
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
      cacheNamespace: ids.resourceId,
      cacheKeyParameters: [],
    });
    // PutIntegration overwrites, including the type; MOCK has no connectionType (recorded).
    const mock = await client.send(new A.PutIntegrationCommand({ ...ids, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    expect(mock.connectionType).toBeUndefined();
    expect(mock.requestTemplates).toEqual({ 'application/json': '{"statusCode": 200}' });
  });

  it.each([
    { input: { type: 'HTTP', uri: 'http://example.com' }, message: 'Enumeration value for HttpMethod must be non-empty' },
    { input: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'not a url' }, message: 'Invalid HTTP endpoint specified for URI' },
    { input: { type: 'AWS', integrationHttpMethod: 'POST', uri: 'not-an-arn' }, message: 'Invalid ARN specified in the request' },
    { input: { type: 'AWS', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:s3:b/k' }, message: 'AWS ARN for integration must contain path or action' },
    {
      input: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:s3:path/b/k' },
      message: "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
    },
  ])('PutIntegration rejects: $message', async ({ input, message }) => {
    const { ids } = await petsApi();
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' }));
    const e = await sdkError(() => client.send(new A.PutIntegrationCommand({ ...ids, httpMethod: 'GET', ...(input as { type: A.IntegrationType }) })));
    expect(e).toEqual({ name: 'BadRequestException', status: 400, message });
  });

  it('UpdateIntegration and integration responses, visible through GetMethod', async () => {
    const { ids } = await petsApi();
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new A.PutIntegrationCommand({ ...ids, httpMethod: 'GET', type: 'HTTP', integrationHttpMethod: 'GET', uri: 'https://a.example' }));
    const upd = await client.send(
      new A.UpdateIntegrationCommand({
        ...ids,
        httpMethod: 'GET',
        patchOperations: [
          { op: 'replace', path: '/timeoutInMillis', value: '1000' },
          { op: 'add', path: '/requestTemplates/application~1json', value: '{}' },
          { op: 'add', path: '/cacheKeyParameters/method.request.path.id' },
        ],
      }),
    );
    expect(upd).toMatchObject({ timeoutInMillis: 1000, requestTemplates: { 'application/json': '{}' }, cacheKeyParameters: ['method.request.path.id'] });
    const ir = await client.send(
      new A.PutIntegrationResponseCommand({ ...ids, httpMethod: 'GET', statusCode: '200', selectionPattern: '2\\d{2}', responseTemplates: { 'application/json': '' } }),
    );
    expect(ir).toMatchObject({ statusCode: '200', selectionPattern: '2\\d{2}', responseTemplates: { 'application/json': null } });
    const m = await client.send(new A.GetMethodCommand({ ...ids, httpMethod: 'GET' }));
    expect(m.methodIntegration?.integrationResponses?.['200']?.selectionPattern).toBe('2\\d{2}');
    expect(await sdkError(() => client.send(new A.GetIntegrationResponseCommand({ ...ids, httpMethod: 'GET', statusCode: '500' })))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Response status code specified',
    });
    await client.send(new A.DeleteIntegrationCommand({ ...ids, httpMethod: 'GET' }));
    expect((await sdkError(() => client.send(new A.GetIntegrationCommand({ ...ids, httpMethod: 'GET' })))).message).toBe('Invalid Integration identifier specified');
  });
});

describe('IntegrationResponse selection patterns', () => {
  it('409s a second response with the same selection pattern (none is the default pattern)', async () => {
    const { ids } = await petsApi();
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new A.PutIntegrationCommand({ ...ids, httpMethod: 'GET', type: 'MOCK' }));
    await client.send(new A.PutIntegrationResponseCommand({ ...ids, httpMethod: 'GET', statusCode: '200' }));
    await client.send(new A.PutIntegrationResponseCommand({ ...ids, httpMethod: 'GET', statusCode: '400', selectionPattern: '4\\d{2}' }));
    expect(await sdkError(() => client.send(new A.PutIntegrationResponseCommand({ ...ids, httpMethod: 'GET', statusCode: '500' })))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: 'Integration response with selection pattern default already exists',
    });
    // Putting the same status again overwrites it.
    const again = await client.send(new A.PutIntegrationResponseCommand({ ...ids, httpMethod: 'GET', statusCode: '200', selectionPattern: '2\\d{2}' }));
    expect(again.$metadata.httpStatusCode).toBe(201);
  });
});

describe('input validation', () => {
  it('answers an enum violation with a ValidationException naming the member', async () => {
    const { ids } = await petsApi();
    await client.send(new A.PutMethodCommand({ ...ids, httpMethod: 'GET', authorizationType: 'NONE' }));
    const e = await sdkError(() =>
      client.send(new A.PutIntegrationCommand({ ...ids, httpMethod: 'GET', type: 'HTTPS_PROXY' as A.IntegrationType, connectionType: 'WIRED' as A.ConnectionType })),
    );
    expect(e).toEqual({
      name: 'ValidationException',
      status: 400,
      message:
        "2 validation errors detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]; " +
        "Value 'WIRED' at 'putIntegrationInput.connectionType' failed to satisfy constraint: Member must satisfy enum value set: [INTERNET, VPC_LINK]",
    });
  });
});
