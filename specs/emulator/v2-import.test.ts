import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStageCommand, GetApiCommand, GetApisCommand, GetAuthorizersCommand, GetIntegrationsCommand, GetRoutesCommand, GetStagesCommand,
  ImportApiCommand, ReimportApiCommand,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findAwsCli, runAws, type AwsCli } from './aws-cli.js';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

/**
 * apigatewayv2 ImportApi and ReimportApi: an OpenAPI 3 document with the HTTP API extensions
 * becomes an API with its routes, integrations (shared ones once) and authorizers; ReimportApi
 * overwrites the definition, deleting what the document does not describe.
 */
let h: V2Harness;
beforeAll(async () => {
  h = await startV2();
});
afterAll(() => stopV2(h));
beforeEach(() => h.emu.reset());

const FN = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations';

const doc = (extra: Record<string, unknown> = {}) => JSON.stringify({
  openapi: '3.0.1',
  info: { title: 'orders', description: 'Orders', version: '2.0' },
  tags: [{ name: 'team', 'x-amazon-apigateway-tag-value': 'checkout' }, { name: 'empty' }],
  'x-amazon-apigateway-cors': { allowOrigins: ['https://example.com'], allowMethods: ['GET'], maxAge: 600 },
  'x-amazon-apigateway-importexport-version': '1.0',
  paths: {
    '/orders': {
      get: { operationId: 'ListOrders', security: [{ jwt: ['orders/read'] }], 'x-amazon-apigateway-integration': { $ref: '#/components/x-amazon-apigateway-integrations/fn' } },
      post: { security: [{ sigv4: [] }], 'x-amazon-apigateway-integration': { $ref: '#/components/x-amazon-apigateway-integrations/fn' } },
    },
    '/track/{id}': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://example.com/{id}', payloadFormatVersion: '1.0', timeoutInMillis: 5000 } } },
    $default: { 'x-amazon-apigateway-any-method': { security: [{ partner: [] }] } },
  },
  components: {
    securitySchemes: {
      jwt: { type: 'oauth2', flows: {}, 'x-amazon-apigateway-authorizer': { type: 'jwt', identitySource: '$request.header.Authorization', jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['web'] } } },
      partner: { type: 'apiKey', name: 'Unused', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'request', identitySource: '$request.header.X-Token', authorizerUri: FN, authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true } },
      sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
    },
    'x-amazon-apigateway-integrations': { fn: { type: 'aws_proxy', httpMethod: 'POST', uri: FN, payloadFormatVersion: '2.0' } },
  },
  ...extra,
});

describe('ImportApi', () => {
  it('makes the API, its routes, one integration per shared definition and the authorizers, tags included', async () => {
    const api = await h.client.send(new ImportApiCommand({ Body: doc() }));
    expect(api.$metadata.httpStatusCode).toBe(201);
    expect(api).toMatchObject({
      Name: 'orders', Description: 'Orders', Version: '2.0', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.method $request.path',
      CorsConfiguration: { AllowOrigins: ['https://example.com'], AllowMethods: ['GET'], MaxAge: 600 }, Tags: { team: 'checkout', empty: '' },
    });
    expect(api.ImportInfo).toBeUndefined();
    const ApiId = api.ApiId!;
    const integrations = (await h.client.send(new GetIntegrationsCommand({ ApiId }))).Items!;
    expect(integrations).toHaveLength(2);
    const fn = integrations.find((i) => i.IntegrationUri === FN)!;
    expect(fn).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0', ConnectionType: 'INTERNET', TimeoutInMillis: 30000 });
    const authorizers = (await h.client.send(new GetAuthorizersCommand({ ApiId }))).Items!;
    const jwt = authorizers.find((a) => a.Name === 'jwt')!;
    const partner = authorizers.find((a) => a.Name === 'partner')!;
    expect(jwt).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: ['web'] } });
    expect(partner).toMatchObject({ AuthorizerType: 'REQUEST', AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true });
    const routes = Object.fromEntries((await h.client.send(new GetRoutesCommand({ ApiId }))).Items!.map((r) => [r.RouteKey, r]));
    expect(Object.keys(routes).sort()).toEqual(['$default', 'GET /orders', 'GET /track/{id}', 'POST /orders']);
    expect(routes['GET /orders']).toMatchObject({ Target: `integrations/${fn.IntegrationId}`, AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['orders/read'], OperationName: 'ListOrders' });
    expect(routes['POST /orders']).toMatchObject({ Target: `integrations/${fn.IntegrationId}`, AuthorizationType: 'AWS_IAM' });
    expect(routes.$default).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: partner.AuthorizerId });
    expect(routes.$default!.Target).toBeUndefined();
  });

  it('places paths by basepath, reports what it skips, and with failOnWarnings makes nothing', async () => {
    const servers = [{ url: 'https://example.com/{basePath}', variables: { basePath: { default: 'v1/shop' } } }];
    const withRest = doc({ servers, 'x-amazon-apigateway-binary-media-types': ['image/png'] });
    const prepended = await h.client.send(new ImportApiCommand({ Body: withRest, Basepath: 'prepend' }));
    expect(prepended.ImportInfo).toEqual(['x-amazon-apigateway-binary-media-types is not supported for HTTP APIs, ignoring.']);
    const keys = (await h.client.send(new GetRoutesCommand({ ApiId: prepended.ApiId }))).Items!.map((r) => r.RouteKey).sort();
    expect(keys).toEqual(['$default', 'GET /v1/shop/orders', 'GET /v1/shop/track/{id}', 'POST /v1/shop/orders']);
    const split = await h.client.send(new ImportApiCommand({ Body: withRest, Basepath: 'split' }));
    expect((await h.client.send(new GetRoutesCommand({ ApiId: split.ApiId }))).Items!.map((r) => r.RouteKey)).toContain('GET /shop/orders');

    const refused = await rejection(h.client.send(new ImportApiCommand({ Body: withRest, FailOnWarnings: true })));
    expect(refused.name).toBe('BadRequestException');
    expect(refused.message).toContain('x-amazon-apigateway-binary-media-types is not supported for HTTP APIs');
    expect((await h.client.send(new GetApisCommand({}))).Items).toHaveLength(2);

    const bad = await rejection(h.client.send(new ImportApiCommand({ Body: '{"not": "openapi"}' })));
    expect(bad.message).toBe('Invalid OpenAPI input.');
    const badRef = await rejection(h.client.send(new ImportApiCommand({ Body: doc({ components: {} }) })));
    expect(badRef.name).toBe('BadRequestException');
    // One transaction: the document with an error left no API behind.
    expect((await h.client.send(new GetApisCommand({}))).Items).toHaveLength(2);
  });
});

describe('ReimportApi', () => {
  it('overwrites routes, integrations and authorizers with the document; id, stages and tags stay', async () => {
    const api = await h.client.send(new ImportApiCommand({ Body: doc() }));
    const ApiId = api.ApiId!;
    await h.client.send(new CreateStageCommand({ ApiId, StageName: 'prod' }));
    const small = JSON.stringify({ openapi: '3.0.1', info: { title: 'orders-v2', version: '3' }, paths: {
      '/ping': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://example.com/ping', payloadFormatVersion: '1.0' } } },
    } });
    const re = await h.client.send(new ReimportApiCommand({ ApiId, Body: small }));
    expect(re).toMatchObject({ ApiId, Name: 'orders-v2', Version: '3', Tags: { team: 'checkout', empty: '' } });
    expect(re.CorsConfiguration).toBeUndefined();
    expect((await h.client.send(new GetRoutesCommand({ ApiId }))).Items!.map((r) => r.RouteKey)).toEqual(['GET /ping']);
    expect((await h.client.send(new GetIntegrationsCommand({ ApiId }))).Items).toHaveLength(1);
    expect((await h.client.send(new GetAuthorizersCommand({ ApiId }))).Items).toEqual([]);
    expect((await h.client.send(new GetStagesCommand({ ApiId }))).Items!.map((s) => s.StageName)).toEqual(['prod']);
    expect((await h.client.send(new GetApiCommand({ ApiId }))).Description).toBeUndefined();
    const missing = await rejection(h.client.send(new ReimportApiCommand({ ApiId: 'nope', Body: small })));
    expect(missing.name).toBe('NotFoundException');
  });
});

const cli = findAwsCli();
describe.skipIf(!cli)(`ImportApi with the AWS CLI (${cli?.version ?? 'not found on PATH'})`, () => {
  it('import-api and reimport-api take a YAML document from a file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'apigw-v2-import-cli-'));
    writeFileSync(join(cwd, 'api.yaml'), [
      'openapi: 3.0.1',
      'info: { title: cli-http, version: "1" }',
      'paths:',
      '  /hello:',
      '    x-amazon-apigateway-any-method:',
      '      x-amazon-apigateway-integration:',
      '        type: aws_proxy',
      '        httpMethod: POST',
      `        uri: ${FN}`,
      '        payloadFormatVersion: "2.0"',
    ].join('\n'));
    const imported = await runAws(cli as AwsCli, h.emu.url, ['import-api', '--body', 'file://api.yaml'], cwd, 'apigatewayv2');
    expect(imported.stderr).toBe('');
    expect(imported.json).toMatchObject({ Name: 'cli-http', ProtocolType: 'HTTP', Version: '1' });
    const routes = await runAws(cli as AwsCli, h.emu.url, ['get-routes', '--api-id', imported.json.ApiId], cwd, 'apigatewayv2');
    expect(routes.json.Items.map((r: any) => r.RouteKey)).toEqual(['ANY /hello']);
    const re = await runAws(cli as AwsCli, h.emu.url, ['reimport-api', '--api-id', imported.json.ApiId, '--body', 'file://api.yaml', '--fail-on-warnings'], cwd, 'apigatewayv2');
    expect(re.stderr).toBe('');
    expect(re.json.ApiId).toBe(imported.json.ApiId);
  }, 180_000);
});
