import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

let emu: RunningEmulator;
let client: A.APIGatewayClient;
let restApiId: string;
beforeAll(async () => {
  ({ emu, client } = await withEmulator({ accountId: '111111111111' }));
  restApiId = (await client.send(new A.CreateRestApiCommand({ name: 'objects' }))).id!;
});
afterAll(() => emu.close());

describe('Authorizer', () => {
  it('creates TOKEN and COGNITO authorizers with the default TTL, updates and deletes them', async () => {
    const token = await client.send(
      new A.CreateAuthorizerCommand({
        restApiId,
        name: 'my-authorizer',
        type: 'TOKEN',
        authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations',
        identitySource: 'method.request.header.Authorization',
      }),
    );
    expect(token).toMatchObject({ name: 'my-authorizer', type: 'TOKEN', authorizerResultTtlInSeconds: 300 });
    expect(token.id).toMatch(/^[a-z0-9]{6}$/);
    const cognito = await client.send(
      new A.CreateAuthorizerCommand({ restApiId, name: 'c', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC'], identitySource: 'method.request.header.Authorization' }),
    );
    expect(cognito.providerARNs).toEqual(['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC']);
    const upd = await client.send(
      new A.UpdateAuthorizerCommand({ restApiId, authorizerId: token.id, patchOperations: [{ op: 'replace', path: '/authorizerResultTtlInSeconds', value: '60' }] }),
    );
    expect(upd.authorizerResultTtlInSeconds).toBe(60);
    await client.send(new A.DeleteAuthorizerCommand({ restApiId, authorizerId: token.id }));
    expect((await sdkError(() => client.send(new A.GetAuthorizerCommand({ restApiId, authorizerId: token.id! })))).name).toBe('NotFoundException');
  });

  it('refuses to delete an authorizer a method uses, naming the method as AWS does', async () => {
    // GIVEN a method GET /guarded that uses the authorizer
    const a = await client.send(
      new A.CreateAuthorizerCommand({ restApiId, name: 'in-use', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC'], identitySource: 'method.request.header.Authorization' }),
    );
    const root = (await client.send(new A.GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === '/')!;
    const r = await client.send(new A.CreateResourceCommand({ restApiId, parentId: root.id, pathPart: 'guarded' }));
    const ids = { restApiId, resourceId: r.id!, httpMethod: 'GET' };
    await client.send(new A.PutMethodCommand({ ...ids, authorizationType: 'COGNITO_USER_POOLS', authorizerId: a.id }));
    // WHEN it is deleted THEN 409 with the verb, then the path
    expect(await sdkError(() => client.send(new A.DeleteAuthorizerCommand({ restApiId, authorizerId: a.id })))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: "Cannot delete authorizer 'in-use', is referenced in method: GET//guarded",
    });
    // WHEN the method no longer uses it THEN it can go
    await client.send(new A.UpdateMethodCommand({ ...ids, patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'NONE' }] }));
    await client.send(new A.DeleteAuthorizerCommand({ restApiId, authorizerId: a.id }));
    expect((await sdkError(() => client.send(new A.GetAuthorizerCommand({ restApiId, authorizerId: a.id! })))).name).toBe('NotFoundException');
  });

  it('reports a missing API on CreateAuthorizer as AWS does (a 409)', async () => {
    const e = await sdkError(() => client.send(new A.CreateAuthorizerCommand({ restApiId: 'test-fake-rest-id', name: 'x', type: 'TOKEN' })));
    expect(e).toEqual({ name: 'ConflictException', status: 409, message: 'Unable to complete operation due to concurrent modification. Please try again later.' });
  });
});

describe('Model', () => {
  it('creates, conflicts on a duplicate name, refuses deleting a model in use', async () => {
    const schema = JSON.stringify({ title: 'User', type: 'object', properties: { id: { type: 'string' } } });
    const m = await client.send(new A.CreateModelCommand({ restApiId, name: 'UserModel', contentType: 'application/json', schema }));
    expect(m).toMatchObject({ name: 'UserModel', contentType: 'application/json', schema });
    expect(await sdkError(() => client.send(new A.CreateModelCommand({ restApiId, name: 'UserModel', contentType: 'application/json', schema })))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: 'Model name already exists for this REST API',
    });
    expect((await sdkError(() => client.send(new A.CreateModelCommand({ restApiId, name: 'NoSchema', contentType: 'application/json' })))).message).toBe(
      'Model schema must have at least 1 property or array items defined',
    );
    const api = await client.send(new A.GetRestApiCommand({ restApiId }));
    await client.send(
      new A.PutMethodCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'ANY', authorizationType: 'NONE', requestModels: { 'application/json': 'UserModel' } }),
    );
    expect(await sdkError(() => client.send(new A.DeleteModelCommand({ restApiId, modelName: 'UserModel' })))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: "Cannot delete model 'UserModel', is referenced in method request: //ANY",
    });
    expect((await sdkError(() => client.send(new A.UpdateModelCommand({ restApiId, modelName: 'UserModel', patchOperations: [{ op: 'replace', path: '/name', value: 'X' }] })))).message).toBe(
      "Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]",
    );
    expect((await sdkError(() => client.send(new A.GetModelCommand({ restApiId, modelName: 'MySchema' })))).message).toBe('Invalid model name specified: MySchema');
  });
});

describe('RequestValidator', () => {
  it('lifecycle and the recorded errors', async () => {
    const rv = await client.send(new A.CreateRequestValidatorCommand({ restApiId, name: 'my-validator', validateRequestBody: true, validateRequestParameters: true }));
    expect(rv).toMatchObject({ name: 'my-validator', validateRequestBody: true, validateRequestParameters: true });
    const upd = await client.send(
      new A.UpdateRequestValidatorCommand({ restApiId, requestValidatorId: rv.id, patchOperations: [{ op: 'replace', path: '/validateRequestBody' }] }),
    );
    expect(upd.validateRequestBody).toBe(false);
    const err = (ops: A.PatchOperation[]) => sdkError(() => client.send(new A.UpdateRequestValidatorCommand({ restApiId, requestValidatorId: rv.id, patchOperations: ops })));
    expect((await err([{ op: 'add', path: '/validateRequestBody', value: 'true' }])).message).toBe(
      "Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose supported operations",
    );
    expect((await err([{ op: 'replace', path: '/name', value: '' }])).message).toBe('Request Validator name cannot be blank');
    expect(await sdkError(() => client.send(new A.CreateRequestValidatorCommand({ restApiId: 'nope', name: 'x' })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: 'Invalid REST API identifier specified',
    });
    await client.send(new A.DeleteRequestValidatorCommand({ restApiId, requestValidatorId: rv.id }));
    expect((await sdkError(() => client.send(new A.GetRequestValidatorCommand({ restApiId, requestValidatorId: rv.id! })))).message).toBe(
      'Invalid Request Validator identifier specified',
    );
  });
});

describe('GatewayResponse', () => {
  it('lists all 21 types unpaged, marks untouched ones default, and DELETE resets', async () => {
    const id = (await client.send(new A.CreateRestApiCommand({ name: 'gr' }))).id!;
    const all = await client.send(new A.GetGatewayResponsesCommand({ restApiId: id, limit: 5 }));
    expect(all.items).toHaveLength(21);
    expect(all.position).toBeUndefined();
    expect(all.items!.every((g) => g.defaultResponse)).toBe(true);
    expect(all.items![0]).toEqual({
      defaultResponse: true,
      responseParameters: {},
      responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
      responseType: 'ACCESS_DENIED',
      statusCode: '403',
    });
    await client.send(new A.PutGatewayResponseCommand({ restApiId: id, responseType: 'DEFAULT_5XX', statusCode: '599', responseParameters: { 'gatewayresponse.header.x': "'y'" } }));
    const inherited = await client.send(new A.GetGatewayResponseCommand({ restApiId: id, responseType: 'INTEGRATION_TIMEOUT' }));
    // Recorded: untouched 5xx types follow a customised DEFAULT_5XX and stay defaultResponse:true.
    expect(inherited).toMatchObject({ defaultResponse: true, statusCode: '599', responseParameters: { 'gatewayresponse.header.x': "'y'" } });
    const upd = await client.send(
      new A.UpdateGatewayResponseCommand({ restApiId: id, responseType: 'MISSING_AUTHENTICATION_TOKEN', patchOperations: [{ op: 'replace', path: '/statusCode', value: '404' }] }),
    );
    expect(upd).toMatchObject({ defaultResponse: false, statusCode: '404' });
    await client.send(new A.DeleteGatewayResponseCommand({ restApiId: id, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
    const reset = await client.send(new A.GetGatewayResponseCommand({ restApiId: id, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
    expect(reset).toMatchObject({ defaultResponse: true, statusCode: '403' });
    expect(await sdkError(() => client.send(new A.DeleteGatewayResponseCommand({ restApiId: id, responseType: 'THROTTLED' })))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Gateway response type not defined on api',
    });
    const wrong = await sdkError(() => client.send(new A.GetGatewayResponseCommand({ restApiId: id, responseType: 'FAKE' as A.GatewayResponseType })));
    expect(wrong.name).toBe('ValidationException');
    expect(wrong.message).toMatch(/^1 validation error detected: Value 'FAKE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: \[REQUEST_TOO_LARGE, /);
  });
});
