import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

/**
 * ImportRestApi and PutRestApi against the emulator with the real SDK, checked against what AWS
 * returned for the same kinds of documents (shared/aws-recorded/apigateway-import.json).
 */
// What AWS answered (apigateway-import.json; the step named in each comment).
const RECORDED = {
  // test_import_swagger_api / import-swagger
  importKeys: ['apiKeySource', 'createdDate', 'description', 'disableExecuteApiEndpoint', 'endpointConfiguration', 'id', 'name', 'rootResourceId', 'version'],
  // test_import_swagger_api / get-authorizers
  authorizerKeys: ['authType', 'authorizerCredentials', 'authorizerResultTtlInSeconds', 'authorizerUri', 'id', 'identitySource', 'identityValidationExpression', 'name', 'type'],
  // test_import_swagger_api / method-pets-get
  methodKeys: ['apiKeyRequired', 'authorizationType', 'authorizerId', 'httpMethod', 'methodIntegration', 'methodResponses', 'requestParameters'],
  methodRequestParameters: { 'method.request.querystring.page': false, 'method.request.querystring.type': false },
  methodResponse200: { responseModels: { 'application/json': 'Pets' }, responseParameters: { 'method.response.header.Access-Control-Allow-Origin': false }, statusCode: '200' },
  // test_import_swagger_api / integration-pets-get
  integrationKeys: ['cacheKeyParameters', 'cacheNamespace', 'connectionType', 'httpMethod', 'integrationResponses', 'passthroughBehavior', 'requestParameters', 'timeoutInMillis', 'type', 'uri'],
  integrationResponses: { '200': { responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" }, statusCode: '200' } },
  // test_import_rest_api_with_base_path_oas30[prepend] / get-resources-oas30-srv-var
  prependPaths: ['/', '/base-var', '/base-var/test'],
  // test_put_rest_api_mode_binary_media_types[merge|overwrite] / put-api
  putKeys: ['apiKeySource', 'binaryMediaTypes', 'createdDate', 'disableExecuteApiEndpoint', 'endpointConfiguration', 'id', 'name', 'rootResourceId', 'tags', 'version'],
  binaryAfter: { merge: ['image/heif', 'image/png', 'image/jpg'], overwrite: ['image/png', 'image/jpg'] },
  // test_import_with_circular_models_and_request_validation / request-validators
  validator: { name: 'basic', validateRequestBody: true, validateRequestParameters: true },
  // test_import_api_bad_file / import-api-bad-*-file, put-rest-api-bad-*-file
  badFile: { name: 'BadRequestException', status: 400, message: 'Invalid OpenAPI input.' },
};
const enc = (doc: unknown) => new TextEncoder().encode(typeof doc === 'string' ? doc : JSON.stringify(doc));
const strip = <T extends object>(o: T) => {
  const { $metadata: _m, ...rest } = o as T & { $metadata?: unknown };
  return rest;
};

const petstore = {
  swagger: '2.0',
  info: { title: 'PetStore', version: '1.0', description: 'pets' },
  basePath: '/petstore',
  securityDefinitions: {
    'test-authorizer': {
      type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'oauth2',
      'x-amazon-apigateway-authorizer': {
        type: 'token', authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations',
        authorizerCredentials: 'arn:aws:iam::123456789012:role/auth', identityValidationExpression: '^x-[a-z]+', authorizerResultTtlInSeconds: 60,
      },
    },
  },
  definitions: {
    Pets: { type: 'array', items: { $ref: '#/definitions/Pet' } },
    Pet: { type: 'object', properties: { petid: { type: 'integer' } } },
  },
  paths: {
    '/pets': {
      get: {
        security: [{ 'test-authorizer': [] }],
        parameters: [{ name: 'type', in: 'query', type: 'string' }, { name: 'page', in: 'query', type: 'string' }],
        produces: ['application/json'],
        responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Pets' }, headers: { 'Access-Control-Allow-Origin': { type: 'string' } } } },
        'x-amazon-apigateway-integration': {
          type: 'http', httpMethod: 'GET', uri: 'http://petstore.example.com/petstore/pets', passthroughBehavior: 'when_no_match',
          requestParameters: { 'integration.request.querystring.page': 'method.request.querystring.page', 'integration.request.querystring.type': 'method.request.querystring.type' },
          responses: { default: { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } } },
        },
      },
    },
    '/pets/{petId}': {
      get: {
        operationId: 'GetPet',
        parameters: [{ name: 'petId', in: 'path', required: true, type: 'string' }],
        responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Pet' } } },
        'x-amazon-apigateway-integration': {
          type: 'http', httpMethod: 'GET', uri: 'http://petstore.example.com/petstore/pets/{petId}',
          requestParameters: { 'integration.request.path.petId': 'method.request.path.petId' },
          responses: { default: { statusCode: '200' } },
        },
      },
    },
  },
};

describe('emulator: ImportRestApi and PutRestApi', () => {
  let emu: RunningEmulator;
  let client: A.APIGatewayClient;
  beforeAll(async () => ({ emu, client } = await withEmulator()));
  afterAll(async () => emu.close());

  it('imports a Swagger document as AWS does: the API, authorizers, models with rewritten $refs, resources and methods', async () => {
    const api = await client.send(new A.ImportRestApiCommand({ body: enc(petstore) }));
    expect(api.$metadata.httpStatusCode).toBe(201);
    expect(Object.keys(strip(api)).sort()).toEqual(RECORDED.importKeys);
    expect(strip(api)).toMatchObject({ apiKeySource: 'HEADER', name: 'PetStore', version: '1.0', endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' } });

    const auths = await client.send(new A.GetAuthorizersCommand({ restApiId: api.id! }));
    expect(Object.keys(auths.items![0]!).sort()).toEqual(RECORDED.authorizerKeys);
    expect(auths.items![0]).toMatchObject({ authType: 'oauth2', type: 'TOKEN', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60 });

    // Imported models only (no default Empty/Error), their $refs made absolute model URLs.
    const models = await client.send(new A.GetModelsCommand({ restApiId: api.id! }));
    expect(models.items!.map((m) => m.name).sort()).toEqual(['Pet', 'Pets']);
    const pets = models.items!.find((m) => m.name === 'Pets')!;
    expect(JSON.parse(pets.schema!).items.$ref).toBe(`https://apigateway.amazonaws.com/restapis/${api.id}/models/Pet`);
    expect(pets.contentType).toBe('application/json');

    // basePath is ignored by default.
    const resources = await client.send(new A.GetResourcesCommand({ restApiId: api.id! }));
    expect(resources.items!.map((r) => r.path).sort()).toEqual(['/', '/pets', '/pets/{petId}']);
    const petsRes = resources.items!.find((r) => r.path === '/pets')!;
    const method = strip(await client.send(new A.GetMethodCommand({ restApiId: api.id!, resourceId: petsRes.id!, httpMethod: 'GET' })));
    expect(Object.keys(method).sort()).toEqual(RECORDED.methodKeys);
    expect(method).toMatchObject({
      authorizationType: 'CUSTOM', authorizerId: auths.items![0]!.id, apiKeyRequired: false,
      requestParameters: RECORDED.methodRequestParameters,
      methodResponses: { '200': RECORDED.methodResponse200 },
    });
    const integ = strip(method.methodIntegration!);
    expect(Object.keys(integ).sort()).toEqual(RECORDED.integrationKeys);
    expect(integ).toMatchObject({ type: 'HTTP', connectionType: 'INTERNET', passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000, cacheNamespace: petsRes.id, cacheKeyParameters: [], integrationResponses: RECORDED.integrationResponses });

    const byId = resources.items!.find((r) => r.path === '/pets/{petId}')!;
    const get = await client.send(new A.GetMethodCommand({ restApiId: api.id!, resourceId: byId.id!, httpMethod: 'GET' }));
    expect(get).toMatchObject({ operationName: 'GetPet', requestParameters: { 'method.request.path.petId': true } });
  });

  it('places paths by basepath: ignore, prepend, split (Swagger basePath and OpenAPI 3 server variables)', async () => {
    const doc = (base: string) => ({
      openapi: '3.0.1',
      info: { title: 'based', version: '2.0' },
      servers: [{ url: 'https://example.com/{basePath}', variables: { basePath: { default: base } } }],
      paths: { '/test': { get: { 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } } } } },
    });
    const paths = async (basepath: string, base: string) => {
      const created = await client.send(new A.CreateRestApiCommand({ name: `b-${basepath}` }));
      const put = await client.send(new A.PutRestApiCommand({ restApiId: created.id!, mode: 'overwrite', body: enc(doc(base)), parameters: { basepath } }));
      expect(put).toMatchObject({ version: '2.0', tags: {} });
      const rs = await client.send(new A.GetResourcesCommand({ restApiId: created.id! }));
      return rs.items!.map((r) => r.path).sort();
    };
    // The recorded runs: /base-var/test with prepend, /test with split and ignore; a two-part base keeps its tail with split.
    expect(await paths('prepend', 'base-var')).toEqual(RECORDED.prependPaths);
    expect(await paths('split', 'base-var')).toEqual(['/', '/test']);
    expect(await paths('ignore', 'base-var')).toEqual(['/', '/test']);
    expect(await paths('split', 'base-url/part')).toEqual(['/', '/part', '/part/test']);
  });

  it('merge adds binary media types and keeps what the document does not name; overwrite replaces', async () => {
    const body = enc({ swagger: '2.0', info: { title: 'renamed', version: '1.0.0' }, 'x-amazon-apigateway-binary-media-types': ['image/png', 'image/jpg'], paths: {} });
    for (const mode of ['merge', 'overwrite'] as const) {
      const created = await client.send(new A.CreateRestApiCommand({ name: 'bin', binaryMediaTypes: ['image/heif'] }));
      const put = strip(await client.send(new A.PutRestApiCommand({ restApiId: created.id!, mode, body })));
      expect(put.binaryMediaTypes).toEqual(RECORDED.binaryAfter[mode]);
      expect(Object.keys(put).sort()).toEqual(RECORDED.putKeys);
      expect(put).toMatchObject({ name: 'renamed', version: '1.0.0' });
    }
  });

  it('merge replaces the methods the document names, whole, and leaves the others', async () => {
    const integration = (uri: string) => ({ type: 'http', httpMethod: 'GET', uri, responses: { default: { statusCode: '200' } } });
    const api = await client.send(new A.ImportRestApiCommand({
      parameters: { endpointConfigurationTypes: 'REGIONAL' },
      body: enc({ openapi: '3.0.1', info: { title: 'm' }, paths: {
        '/a': { get: { responses: { '200': { description: 'a' }, '206': { description: 'b' } }, 'x-amazon-apigateway-integration': integration('https://a.example.com') },
                post: { responses: { '200': { description: 'a' } }, 'x-amazon-apigateway-integration': integration('https://a.example.com') } },
      } }),
    }));
    expect(api.endpointConfiguration).toEqual({ types: ['REGIONAL'], ipAddressType: 'ipv4' });
    await client.send(new A.PutRestApiCommand({ restApiId: api.id!, mode: 'merge', body: enc({ openapi: '3.0.1', info: { title: 'm' }, paths: {
      '/a': { get: { responses: { '200': { description: 'a' }, '400': { description: 'c' } }, 'x-amazon-apigateway-integration': integration('https://b.example.com') } },
      '/a/b': { get: { responses: { '200': { description: 'a' } }, 'x-amazon-apigateway-integration': integration('https://b.example.com') } },
    } }) }));
    const rs = await client.send(new A.GetResourcesCommand({ restApiId: api.id!, embed: ['methods'] }));
    const a = rs.items!.find((r) => r.path === '/a')!;
    // The developer guide's example: the merged GET /a answers what the document says; POST /a is kept.
    expect(Object.keys(a.resourceMethods!.GET!.methodResponses!).sort()).toEqual(['200', '400']);
    expect(a.resourceMethods!.GET!.methodIntegration!.uri).toBe('https://b.example.com');
    expect(a.resourceMethods!.POST!.methodIntegration!.uri).toBe('https://a.example.com');
    expect(rs.items!.map((r) => r.path).sort()).toEqual(['/', '/a', '/a/b']);
  });

  it('sets tags, validators, gateway responses and API key and IAM security from the extensions', async () => {
    const api = await client.send(new A.ImportRestApiCommand({ body: enc({
      openapi: '3.0.1', info: { title: 'ext' },
      tags: [{ name: 'owner', 'x-amazon-apigateway-tag-value': 'team-a' }, { name: 'plain' }],
      'x-amazon-apigateway-request-validators': { basic: { validateRequestBody: true, validateRequestParameters: true } },
      'x-amazon-apigateway-gateway-responses': { DEFAULT_4XX: { statusCode: 400, responseTemplates: { 'application/json': '{"m":$context.error.messageString}' } } },
      'x-amazon-apigateway-api-key-source': 'AUTHORIZER',
      components: { securitySchemes: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' }, sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } } },
      paths: { '/k': { get: { security: [{ api_key: [], sigv4: [] }], 'x-amazon-apigateway-request-validator': 'basic', responses: {}, 'x-amazon-apigateway-integration': { type: 'mock' } } } },
    }) }));
    expect(api).toMatchObject({ apiKeySource: 'AUTHORIZER', tags: { owner: 'team-a' } });
    const validators = await client.send(new A.GetRequestValidatorsCommand({ restApiId: api.id! }));
    expect(validators.items).toEqual([expect.objectContaining(RECORDED.validator)]);
    const rs = await client.send(new A.GetResourcesCommand({ restApiId: api.id!, embed: ['methods'] }));
    const m = rs.items!.find((r) => r.path === '/k')!.resourceMethods!.GET!;
    expect(m).toMatchObject({ apiKeyRequired: true, authorizationType: 'AWS_IAM', requestValidatorId: validators.items![0]!.id });
    const gr = await client.send(new A.GetGatewayResponseCommand({ restApiId: api.id!, responseType: 'DEFAULT_4XX' }));
    expect(gr).toMatchObject({ statusCode: '400', defaultResponse: false });
  });

  it('reports what it skips as warnings, and with failonwarnings refuses and changes nothing', async () => {
    const body = enc({ openapi: '3.0.1', info: { title: 'warn' }, paths: { '/w': { get: { responses: {} } } } });
    const ok = await client.send(new A.ImportRestApiCommand({ body }));
    expect(ok.warnings).toEqual(['No integration defined for method GET /w']);
    const before = (await client.send(new A.GetRestApisCommand({ limit: 500 }))).items!.length;
    const e = await sdkError(() => client.send(new A.ImportRestApiCommand({ body, failOnWarnings: true })));
    expect(e).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(e.message).toContain('No integration defined for method GET /w');
    expect((await client.send(new A.GetRestApisCommand({ limit: 500 }))).items!.length).toBe(before);
    // PutRestApi too: the API stays as it was.
    const put = await sdkError(() => client.send(new A.PutRestApiCommand({ restApiId: ok.id!, body: enc({ openapi: '3.0.1', info: { title: 'x' }, paths: { '/z': { get: { responses: {} } } } }), failOnWarnings: true })));
    expect(put.status).toBe(400);
    expect((await client.send(new A.GetResourcesCommand({ restApiId: ok.id! }))).items!.map((r) => r.path).sort()).toEqual(['/', '/w']);
  });

  it('answers a document that is neither OpenAPI nor Swagger as AWS does', async () => {
    for (const body of ['{"not": "openapi"}', 'just: [yaml', '[1,2]']) {
      expect(await sdkError(() => client.send(new A.ImportRestApiCommand({ body: enc(body) })))).toEqual(RECORDED.badFile);
    }
    const created = await client.send(new A.CreateRestApiCommand({ name: 'bad' }));
    expect(await sdkError(() => client.send(new A.PutRestApiCommand({ restApiId: created.id!, body: enc('swagger: [') })))).toEqual(RECORDED.badFile);
  });

  it('accepts YAML and refuses a reference to an undefined security scheme without creating anything', async () => {
    const yaml = 'openapi: 3.0.1\ninfo:\n  title: yaml-api\npaths:\n  /y:\n    get:\n      security:\n        - nope: []\n      x-amazon-apigateway-integration:\n        type: mock\n';
    const e = await sdkError(() => client.send(new A.ImportRestApiCommand({ body: enc(yaml) })));
    expect(e.status).toBe(400);
    expect(e.message).toContain("Unable to find security definition 'nope'");
    const ok = await client.send(new A.ImportRestApiCommand({ body: enc(yaml.replace('      security:\n        - nope: []\n', '')) }));
    expect(ok.name).toBe('yaml-api');
  });
});
