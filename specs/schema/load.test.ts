import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecSet } from '../../src/schema/index.js';
import type { LoadResult, SpecSet } from '../../src/schema/index.js';
import { load, ROOT, writeSet } from './helpers.js';

/** What a successful load guarantees: resolution, expansion, environments, positions. */
function ok(r: LoadResult): Extract<LoadResult, { ok: true }> {
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r;
}
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:users';
const INVOKE = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN}/invocations`;

describe('shorthands expand to what AWS stores', () => {
  it('lambda on a REST integration builds AWS_PROXY, POST and the invocation URI in the set\'s region', () => {
    const { result } = load({ 'apigw-sync.yaml': ROOT, 'api.yaml': `restApis:\n  shop:\n    resources:\n      /users:\n        GET: { integration: { lambda: "${FN}" } }\n` });
    expect(ok(result).specSet.restApis.shop!.resources!['/users']!.GET).toStrictEqual({
      authorizationType: 'NONE',
      integration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: INVOKE },
    });
  });

  it('the API region goes in the URI even when the function is elsewhere', () => {
    const fn = 'arn:aws:lambda:eu-west-1:123456789012:function:users';
    const { result } = load({ 'apigw-sync.yaml': 'name: shop\nregion: us-east-2\n', 'api.yaml': `restApis:\n  shop:\n    resources:\n      /u:\n        GET: { integration: { lambda: "${fn}" } }\n` });
    expect(ok(result).specSet.restApis.shop!.resources!['/u']!.GET!.integration.uri)
      .toBe(`arn:aws:apigateway:us-east-2:lambda:path/2015-03-31/functions/${fn}/invocations`);
  });

  it('cors adds exactly the OPTIONS + MOCK + headers setup of the guide to each resource', () => {
    const { result } = load({
      'apigw-sync.yaml': ROOT,
      'api.yaml': 'restApis:\n  shop:\n    cors: {}\n    resources:\n      /users:\n        GET: { integration: { type: MOCK } }\n        POST: { integration: { type: MOCK } }\n        PUT: { integration: { type: MOCK } }\n        DELETE: { integration: { type: MOCK } }\n',
    });
    const api = ok(result).specSet.restApis.shop!;
    expect(api.cors).toBeUndefined();
    expect(api.resources!['/users']!.OPTIONS).toStrictEqual({
      authorizationType: 'NONE',
      integration: {
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        responses: {
          '200': {
            responseParameters: {
              'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
              'method.response.header.Access-Control-Allow-Methods': "'GET,POST,PUT,DELETE,OPTIONS'",
              'method.response.header.Access-Control-Allow-Origin': "'*'",
            },
          },
        },
      },
      responses: {
        '200': {
          responseParameters: {
            'method.response.header.Access-Control-Allow-Headers': true,
            'method.response.header.Access-Control-Allow-Methods': true,
            'method.response.header.Access-Control-Allow-Origin': true,
          },
        },
      },
    });
  });

  it('authorizationType is derived from the authorizer; HTTP lambda integrations default to payload 2.0', () => {
    const { result } = load({
      'apigw-sync.yaml': ROOT,
      'api.yaml': [
        'restApis:', '  shop:', '    authorizers:', `      tok: { type: TOKEN, lambda: "${FN}", identitySource: method.request.header.Authorization }`,
        '    resources:', '      /a:', '        GET: { authorizer: tok, integration: { type: MOCK } }',
        'httpApis:', '  orders:', '    integrations:', `      fn: { lambda: "${FN}" }`, '    authorizers:',
        '      jwt: { type: JWT, identitySource: [$request.header.Authorization], jwt: { issuer: "https://issuer.example.com", audience: [a] } }',
        '    routes:', '      GET   /orders/: { integration: fn, authorizer: jwt }', '',
      ].join('\n'),
    });
    const s = ok(result).specSet;
    expect(s.restApis.shop!.resources!['/a']!.GET!.authorizationType).toBe('CUSTOM');
    expect(s.restApis.shop!.authorizers!.tok!.authorizerUri).toBe(INVOKE);
    expect(s.httpApis.orders!.integrations!.fn).toStrictEqual({ type: 'AWS_PROXY', uri: FN, httpMethod: 'POST', payloadFormatVersion: '2.0' });
    expect(s.httpApis.orders!.routes).toStrictEqual({ 'GET /orders': { integration: 'fn', authorizer: 'jwt', authorizationType: 'JWT' } });
  });
});

describe('values, environments, files and secrets', () => {
  const files = {
    'apigw-sync.yaml': 'name: shop\nregion: us-east-1\ndefaultEnvironment: dev\nenvironments:\n  dev: { stage: dev, rate: 10, canary: ~ }\n  prod: { stage: prod, rate: 1000, canary: { percentTraffic: 5 } }\n',
    'api.yaml': [
      'restApis:', '  shop:', '    description: ${env:TEAM:-pets} shop', '    resources:', '      /a:', '        GET:', '          integration:', '            type: MOCK',
      '            requestTemplates: { application/json: { $file: templates/a.vtl } }', '    stages:', '      ${values.stage}:',
      '        throttle: { rateLimit: "${values.rate}" }', '        canary: ${values.canary}', '        variables: { alias: "v-${values.stage}" }',
      'apiKeys:', '  partner: { value: "${env:PARTNER_KEY}" }', '',
    ].join('\n'),
    'templates/a.vtl': '{"statusCode": 200, "ref": "${env:NOT_SUBSTITUTED}"}\n',
  };

  it('the default environment, typed values, defaults of ${env:}, included text kept verbatim', () => {
    const s = ok(load(files).result).specSet;
    expect(s.environment).toBe('dev');
    expect(s.restApis.shop!.description).toBe('pets shop');
    expect(s.restApis.shop!.stages).toStrictEqual({ dev: { throttle: { rateLimit: 10 }, variables: { alias: 'v-dev' } } });
    expect(s.restApis.shop!.resources!['/a']!.GET!.integration.requestTemplates).toStrictEqual({
      'application/json': '{"statusCode": 200, "ref": "${env:NOT_SUBSTITUTED}"}\n',
    });
  });

  it('--env prod picks the other values', () => {
    const s = ok(load(files, { environment: 'prod', env: { TEAM: 'cats' } }).result).specSet;
    expect(s.restApis.shop!.description).toBe('cats shop');
    expect(s.restApis.shop!.stages).toStrictEqual({ prod: { throttle: { rateLimit: 1000 }, canary: { percentTraffic: 5 }, variables: { alias: 'v-prod' } } });
  });

  it('an API key value stays a reference: the secret never enters the model', () => {
    const s = ok(load(files, { env: { PARTNER_KEY: 'super-secret-value-123456' } }).result).specSet;
    expect(s.apiKeys).toStrictEqual({ partner: { value: { secretEnv: 'PARTNER_KEY' }, enabled: true } });
    expect(JSON.stringify(s)).not.toContain('super-secret');
  });

  it('${env:NAME:-} makes a key value optional: a reference marked optional, never the value', () => {
    const opt = { ...files, 'api.yaml': files['api.yaml'].replace('"${env:PARTNER_KEY}"', '"${env:PARTNER_KEY:-}"') };
    for (const env of [{}, { PARTNER_KEY: 'super-secret-value-123456' }]) {
      const s = ok(load(opt, { env }).result).specSet;
      expect(s.apiKeys).toStrictEqual({ partner: { value: { secretEnv: 'PARTNER_KEY', optional: true }, enabled: true } });
      expect(JSON.stringify(s)).not.toContain('super-secret');
    }
  });

  it('a variable only another environment uses need not be set', () => {
    const root = 'name: shop\ndefaultEnvironment: dev\nenvironments:\n  dev: { cert: dev-cert }\n  prod: { cert: "${env:PROD_CERT}" }\n';
    const dev = load({ 'apigw-sync.yaml': root, 'api.yaml': 'restApis:\n  r: { description: "${values.cert}" }\n' });
    expect(ok(dev.result).specSet.restApis.r!.description).toBe('dev-cert');
    const prod = load({ 'apigw-sync.yaml': root, 'api.yaml': 'restApis:\n  r: {}\n' }, { environment: 'prod' });
    expect(prod.result.ok ? [] : prod.result.diagnostics.map((d) => d.code)).toStrictEqual(['spec/unset-env']);
  });

  it('a number written 2.0 stays "2.0" where text is expected', () => {
    const { result } = load({ 'apigw-sync.yaml': ROOT, 'api.yaml': `httpApis:\n  h:\n    integrations:\n      fn: { type: AWS_PROXY, uri: "${FN}", payloadFormatVersion: 2.0 }\n` });
    expect(ok(result).specSet.httpApis.h!.integrations!.fn!.payloadFormatVersion).toBe('2.0');
  });
});

describe('spec sets: files, directories, names and positions', () => {
  it('merges the top-level maps of several files found recursively', () => {
    const dir = writeSet({ 'apigw-sync.yaml': ROOT, 'apis/a.yaml': 'restApis:\n  a: {}\n', 'apis/b.yml': 'restApis:\n  b: {}\napiKeys:\n  k: {}\n', '.hidden/x.yaml': 'nonsense: true\n' });
    const s = ok(loadSpecSet([dir], { env: {}, cwd: '/' })).specSet;
    expect(Object.keys(s.restApis)).toStrictEqual(['a', 'b']);
    expect(Object.keys(s.apiKeys)).toStrictEqual(['k']);
    expect(s.files).toStrictEqual([join(dir, 'apis/a.yaml'), join(dir, 'apis/b.yml')]);
    expect(s.name).toBe('shop');
  });

  it('a single file next to apigw-sync.yaml belongs to that set', () => {
    const dir = writeSet({ 'apigw-sync.yaml': 'name: billing\n', 'api.yaml': 'restApis:\n  a: {}\n', 'other.yaml': 'restApis:\n  b: {}\n' });
    const s = ok(loadSpecSet(['api.yaml'], { env: {}, cwd: dir })).specSet;
    expect(s.name).toBe('billing');
    expect(Object.keys(s.restApis)).toStrictEqual(['a']);
  });

  it('without apigw-sync.yaml the set is named after the directory, with a warning', () => {
    const dir = writeSet({ 'orders/api.yaml': 'restApis:\n  a: {}\n' });
    const r = ok(loadSpecSet(['orders'], { env: { AWS_REGION: 'eu-central-1' }, cwd: dir }));
    expect(r.specSet.name).toBe('orders');
    expect(r.specSet.region).toBe('eu-central-1');
    expect(r.warnings.map((w) => w.message)).toStrictEqual(['No apigw-sync.yaml: the spec set is named "orders" after the directory given.']);
  });

  it('a single file without apigw-sync.yaml names the set after the file', () => {
    const dir = writeSet({ 'billing.yaml': 'restApis:\n  a: {}\n' });
    const r = ok(loadSpecSet(['billing.yaml'], { env: {}, cwd: dir }));
    expect(r.specSet.name).toBe('billing');
    expect(r.warnings.map((w) => w.message)).toStrictEqual(['No apigw-sync.yaml: the spec set is named "billing" after the file given.']);
  });

  it('warns (without failing) when caching is enabled on a stage without a cache cluster', () => {
    const { dir, result } = load({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    stages:\n      prod:\n        caching: { enabled: true }\n' });
    expect(ok(result).warnings).toStrictEqual([{
      code: 'spec/cache-disabled',
      severity: 'warning',
      message: 'Stage prod (REST API shop) enables method caching, but cacheClusterEnabled is not true: nothing will be cached.',
      fix: 'add cacheClusterEnabled: true to the stage.',
      location: { file: join(dir, 'api.yaml'), line: 4, column: 7, endColumn: 11 },
      path: ['restApis', 'shop', 'stages', 'prod'],
    }]);
  });

  it('maps object paths back to file:line:column, also for generated and renamed objects', () => {
    const { dir, result } = load({ 'apigw-sync.yaml': ROOT, 'api.yaml': 'restApis:\n  shop:\n    cors: {}\n    resources:\n      /users/:\n        GET:\n          integration: { type: MOCK }\n' });
    const { sources } = ok(result);
    const file = join(dir, 'api.yaml');
    expect(sources.locate(['restApis', 'shop', 'resources', '/users', 'GET'])).toMatchObject({ file, line: 7, column: 11 });
    expect(sources.locateKey(['restApis', 'shop', 'resources', '/users', 'GET'])).toMatchObject({ file, line: 6, column: 9 });
    expect(sources.locate(['restApis', 'shop', 'resources', '/users', 'GET', 'integration', 'type'])).toMatchObject({ file, line: 7, column: 32 });
    expect(sources.locate(['restApis', 'shop', 'resources', '/users', 'OPTIONS'])).toMatchObject({ file, line: 3, column: 5 });
  });

  it('the examples load in every environment', () => {
    const root = join(import.meta.dirname, '../../examples');
    for (const [set, envs] of [['petstore', ['dev', 'prod']], ['orders-http', ['dev', 'prod']], ['chat-websocket', ['dev', 'prod']]] as const) {
      for (const environment of envs) {
        const r = loadSpecSet([join(root, set)], { env: {}, cwd: root, environment });
        expect(r.ok ? [] : r.diagnostics.map((d) => d.message), `${set} ${environment}`).toStrictEqual([]);
      }
    }
  });
});

export type { SpecSet };
