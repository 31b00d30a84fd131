import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';

/**
 * OpenAPI in and out: a document as API Gateway exports it (every x-amazon-apigateway-integration
 * setting there is) is imported into the spec language, validates, exports again without losing
 * any integration setting, and applies to the emulator and plans to nothing.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'shop-openapi.yaml');
let emu: RunningEmulator;
let cwd: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  cwd = scratchWithExamples();
});
afterAll(() => emu?.close());

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'x-amazon-apigateway-any-method'];

function integrations(doc: any): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
    for (const verb of VERBS) if (item[verb]) out[`${verb} ${path}`] = item[verb]['x-amazon-apigateway-integration'];
  }
  return out;
}

describe('OpenAPI import and export', () => {
  it('imports a document into a spec that validates, applies and plans to nothing', async () => {
    const res = await cli(['import', '--openapi', FIXTURE, '--out', 'shop', '--region', 'us-east-1'], { cwd });
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toBe(
      'Imported 1 REST API, 0 HTTP APIs, 0 WebSocket APIs, 0 API keys, 0 usage plans and 0 domains into shop as spec set "shop":\n' +
        '  apigw-sync.yaml\n  policies/shop.json\n  models/shop/Item.schema.json\n  models/shop/Items.schema.json\n  shop.yaml\n  settings.yaml\n\n' +
        'Next: apigw-sync validate shop, then apigw-sync plan shop --adopt (it should only add the ownership tags), then apigw-sync apply shop --adopt.\n',
    );
    const spec = parse(readFileSync(join(cwd, 'shop', 'shop.yaml'), 'utf8')).restApis.shop;
    expect(spec.resources['/items'].GET).toMatchObject({ operationName: 'ListItems', authorizer: 'cognito', authorizationScopes: ['items/read'],
      requestParameters: { 'method.request.querystring.limit': false } });
    expect(spec.resources['/items/{id}'].GET).toMatchObject({ authorizer: 'token', apiKeyRequired: true,
      requestParameters: { 'method.request.path.id': true, 'method.request.header.Accept': true } });
    expect(spec.resources['/legacy/{proxy+}'].ANY.authorizationType).toBe('AWS_IAM');
    expect(spec.resources['/items'].POST.integration.responses).toEqual({
      200: { responseParameters: { 'method.response.header.Location': "'/items'" }, responseTemplates: { 'application/json': '{"created": true}' } },
      400: { selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '#set($err = $input.path(\'$\'))\n{"message": "$util.escapeJavaScript($err.message)"}\n' }, contentHandling: 'CONVERT_TO_TEXT' },
    });
    // The documentation parts come along, and the snapshot they were exported from becomes a version.
    expect(spec.documentation.versions).toStrictEqual({ '1.0': {} });
    expect(spec.documentation.parts).toContainEqual({ location: { type: 'METHOD', path: '/items', method: 'GET' }, properties: { summary: 'List the items', tags: ['items'] } });
    expect((await cli(['validate', 'shop'], { cwd })).code).toBe(0);

    const applied = await cli(['apply', 'shop', '--auto-approve', '--endpoint-url', emu.url], { cwd });
    expect(applied.err).not.toMatch(/Error/);
    expect(applied.code).toBe(0);
    const again = await cli(['plan', 'shop', '--detailed-exitcode', '--endpoint-url', emu.url], { cwd });
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
  });

  it('exports it again without losing any x-amazon-apigateway-integration setting (nor authorizer, validator, gateway response or API setting)', async () => {
    const res = await cli(['export', '--openapi', 'shop', '--out', 'shop.openapi.json'], { cwd });
    expect(res.code).toBe(0);
    expect(res.err).toBe('Wrote the OpenAPI document of REST API "shop" to shop.openapi.json.\n');
    const original = parse(readFileSync(FIXTURE, 'utf8'));
    const exported = JSON.parse(readFileSync(join(cwd, 'shop.openapi.json'), 'utf8'));
    expect(Object.keys(integrations(exported)).sort()).toEqual(Object.keys(integrations(original)).sort());
    expect(integrations(exported)).toEqual(integrations(original));
    for (const ext of ['x-amazon-apigateway-request-validators', 'x-amazon-apigateway-binary-media-types', 'x-amazon-apigateway-minimum-compression-size',
      'x-amazon-apigateway-api-key-source', 'x-amazon-apigateway-policy', 'x-amazon-apigateway-endpoint-configuration', 'x-amazon-apigateway-importexport-version']) {
      expect(exported[ext], ext).toEqual(original[ext]);
    }
    expect(exported['x-amazon-apigateway-documentation']).toEqual(original['x-amazon-apigateway-documentation']);
    expect(exported['x-amazon-apigateway-gateway-responses']).toEqual({ UNAUTHORIZED: { ...original['x-amazon-apigateway-gateway-responses'].UNAUTHORIZED, statusCode: '401' } });
    expect(exported.components.securitySchemes).toEqual(original.components.securitySchemes);
    expect(exported.components.schemas).toEqual(original.components.schemas);
    for (const [path, item] of Object.entries(original.paths as Record<string, any>)) {
      for (const verb of VERBS) {
        if (!item[verb]) continue;
        expect(exported.paths[path][verb].security, `${verb} ${path}`).toEqual(item[verb].security);
        expect(exported.paths[path][verb].operationId).toEqual(item[verb].operationId);
        expect(exported.paths[path][verb]['x-amazon-apigateway-request-validator']).toEqual(item[verb]['x-amazon-apigateway-request-validator']);
      }
    }

    // ... and importing the export gives the same spec.
    const back = await cli(['import', '--openapi', 'shop.openapi.json', '--out', 'shop2', '--name', 'shop'], { cwd });
    expect(back.code).toBe(0);
    expect(readFileSync(join(cwd, 'shop2', 'shop.yaml'), 'utf8')).toBe(readFileSync(join(cwd, 'shop', 'shop.yaml'), 'utf8'));
  });

  it('exports the petstore example to stdout as JSON, and says which API when there are several', async () => {
    const several = await cli(['export', '--openapi', 'examples/petstore'], { cwd });
    expect(several.code).toBe(1);
    expect(several.err).toBe('Error: The spec set has 2 APIs to export.\n  Fix: Choose one with --api: petstore, petstore-internal.\n');
    const one = await cli(['export', '--openapi', 'examples/petstore', '--api', 'petstore'], { cwd });
    expect(one.code).toBe(0);
    const doc = JSON.parse(one.out);
    expect(doc.paths['/orders'].post['x-amazon-apigateway-integration']).toMatchObject({ type: 'aws', passthroughBehavior: 'never',
      responses: { default: { statusCode: '200' }, '4\\d{2}': { statusCode: '400' } } });
    expect(doc.paths['/users'].get['x-amazon-apigateway-integration'].uri).toBe(
      'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:users:${stageVariables.lambdaAlias}/invocations');
    const noFormat = await cli(['export', 'examples/petstore'], { cwd });
    expect(noFormat.code).toBe(1);
  });

  it('imports a Swagger 2 document too (definitions, securityDefinitions, body parameters)', async () => {
    const swagger = {
      swagger: '2.0',
      info: { title: 'legacy', version: '1' },
      paths: {
        '/pets': {
          post: {
            consumes: ['application/json'],
            produces: ['application/json'],
            parameters: [{ in: 'body', name: 'pet', schema: { $ref: '#/definitions/Pet' } }, { in: 'header', name: 'X-Trace', required: false, type: 'string' }],
            responses: { 200: { description: 'ok', schema: { $ref: '#/definitions/Pet' } } },
            security: [{ api_key: [] }],
            'x-amazon-apigateway-integration': { type: 'http', httpMethod: 'POST', uri: 'https://pets.example.com/pets', passthroughBehavior: 'when_no_templates',
              responses: { default: { statusCode: '200' } } },
          },
        },
      },
      securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
      definitions: { Pet: { type: 'object', properties: { name: { type: 'string' } } } },
    };
    writeFileSync(join(cwd, 'legacy.json'), JSON.stringify(swagger));
    const res = await cli(['import', '--openapi', 'legacy.json', '--out', 'legacy'], { cwd });
    expect(res.code).toBe(0);
    expect(parse(readFileSync(join(cwd, 'legacy', 'legacy.yaml'), 'utf8')).restApis.legacy.resources['/pets'].POST).toEqual({
      apiKeyRequired: true,
      requestParameters: { 'method.request.header.X-Trace': false },
      requestModels: { 'application/json': 'Pet' },
      integration: { type: 'HTTP', httpMethod: 'POST', uri: 'https://pets.example.com/pets', passthroughBehavior: 'WHEN_NO_TEMPLATES', responses: { 200: {} } },
      responses: { 200: { responseModels: { 'application/json': 'Pet' } } },
    });
    expect((await cli(['validate', 'legacy'], { cwd })).code).toBe(0);
  });

  it('an HTTP API (the orders example) exports with x-amazon-apigateway-cors and its integrations, and round-trips through import', async () => {
    const first = await cli(['export', '--openapi', 'examples/orders-http', '--out', 'orders.openapi.yaml'], { cwd });
    expect(first.err).toBe('Wrote the OpenAPI document of HTTP API "orders" to orders.openapi.yaml.\n');
    const doc = parse(readFileSync(join(cwd, 'orders.openapi.yaml'), 'utf8'));
    expect(doc['x-amazon-apigateway-cors']).toMatchObject({ allowCredentials: true, maxAge: 600, allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'] });
    expect(doc.paths['/events'].post['x-amazon-apigateway-integration']).toEqual({ type: 'aws_proxy', integrationSubtype: 'SQS-SendMessage',
      payloadFormatVersion: '1.0', credentials: 'arn:aws:iam::123456789012:role/orders-apigateway-sqs',
      requestParameters: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/order-events', MessageBody: '$request.body' } });
    expect(doc.paths.$default['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'].payloadFormatVersion).toBe('1.0');

    const imported = await cli(['import', '--openapi', 'orders.openapi.yaml', '--out', 'orders', '--region', 'eu-west-1'], { cwd });
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported 0 REST APIs, 1 HTTP API, /);
    expect((await cli(['validate', 'orders'], { cwd })).code).toBe(0);
    expect((await cli(['export', '--openapi', 'orders', '--out', 'orders2.json'], { cwd })).code).toBe(0);
    const again = JSON.parse(readFileSync(join(cwd, 'orders2.json'), 'utf8'));
    expect(integrations(again)).toEqual(integrations(doc));
    expect(again['x-amazon-apigateway-cors']).toEqual(doc['x-amazon-apigateway-cors']);
    expect(again.components).toEqual(doc.components);
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>)) {
      for (const verb of VERBS) if (item[verb]) expect(again.paths[path][verb].security, `${verb} ${path}`).toEqual(item[verb].security);
    }
  });

  it('rejects what is not an OpenAPI document, with exit 1', async () => {
    const res = await cli(['import', '--openapi', 'examples/petstore/apigw-sync.yaml', '--out', 'x'], { cwd });
    expect(res.code).toBe(1);
    expect(res.err).toBe('Error: examples/petstore/apigw-sync.yaml is not an OpenAPI document: it has neither "openapi" nor "swagger" at the top.\n' +
      '  Fix: Give an OpenAPI 3 (openapi: 3.x) or Swagger 2 (swagger: "2.0") document.\n');
  });
});
