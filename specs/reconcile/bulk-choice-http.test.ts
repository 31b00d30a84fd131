import { describe, expect, it } from 'vitest';
import { chooseBulkWrites } from '../../src/reconcile/bulk.js';
import { httpApiDocument } from '../../src/reconcile/bulk-http.js';
import { OWNERSHIP_TAG } from '../../src/reconcile/model.js';
import { toModel } from '../../src/reconcile/rest-builder.js';
import { desiredV2Api } from '../../src/reconcile/v2/desired.js';
import type { HttpApiSpec } from '../../src/schema/index.js';
import { plan } from './helpers/builders.js';

const FN = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations';

/** An HTTP API of `n` routes over one Lambda integration per 10 routes (the bench's shape), a JWT authorizer and a route through a VPC link. */
function httpApi(n: number): HttpApiSpec {
  const integrations: Record<string, unknown> = {
    private: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/1/2', vpcLink: 'link' },
  };
  const routes: Record<string, unknown> = { 'ANY /private/{proxy+}': { integration: 'private' } };
  for (let i = 0; i < n; i++) {
    integrations[`fn${Math.floor(i / 10)}`] = { type: 'AWS_PROXY', uri: FN, payloadFormatVersion: '2.0' };
    routes[`GET /r${i}`] = i % 2 ? { integration: `fn${Math.floor(i / 10)}`, authorizer: 'jwt', authorizationScopes: ['read'] } : { integration: `fn${Math.floor(i / 10)}`, authorizationType: 'AWS_IAM' };
  }
  return {
    description: 'orders', tags: { team: 'checkout' }, cors: { allowOrigins: ['https://example.com'] },
    authorizers: { jwt: { type: 'JWT', identitySource: ['$request.header.Authorization'], jwt: { issuer: 'https://issuer.example.com', audience: ['web'] } } },
    integrations, routes, stages: { $default: { autoDeploy: true } },
  } as unknown as HttpApiSpec;
}

const desiredOf = (spec: HttpApiSpec) => toModel(desiredV2Api('HTTP', 'orders', spec));
const empty = toModel([]);

describe('bulk writes of HTTP APIs: which path an API takes', () => {
  it('a new API of many routes goes through ImportApi; routes through a VPC link, the stage and the deployment stay per call', () => {
    const desired = desiredOf(httpApi(100));
    const p = chooseBulkWrites({ plan: plan(desired, empty), desired, live: empty });
    expect(p.bulk).toHaveLength(1);
    const b = p.bulk![0]!;
    expect(b).toMatchObject({ key: 'http-api:orders', via: 'ImportApi', calls: 1, counts: { routes: 100, integrations: 10, authorizers: 1 } });
    expect(b.routes).not.toContain('http-api:orders / route:ANY /private/{proxy+}');
    expect(b.estimate.bulkSeconds).toBeLessThan(b.estimate.perCallSeconds);
    const carried = new Set(b.ops);
    const kinds = new Set(p.ops.filter((o) => carried.has(o.id)).map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['http-api', 'route', 'v2-authorizer', 'v2-integration']);
    expect(p.ops.find((o) => o.key === 'http-api:orders / integration:private' && carried.has(o.id))).toBeUndefined();
  });

  it('an apply that first records a list on the set\'s APIs makes the API per call (ImportApi would run ahead of the record)', () => {
    const desired = desiredOf(httpApi(100));
    const p = plan(desired, empty);
    const create = p.ops.find((o) => o.key === 'http-api:orders')!;
    create.calls = [{ service: 'apigateway', operation: 'TagResource', input: { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/r1', tags: { 'apigw-sync:lists': 'v2-apis' } } }, ...create.calls];
    expect(chooseBulkWrites({ plan: p, desired, live: empty }).bulk).toBeUndefined();
    // a delete that leaves a list out afterwards makes nothing: the import stays
    const q = plan(desired, empty);
    q.ops.push({ ...q.ops[0]!, id: 'op-999', key: 'api-key:old', kind: 'api-key', action: 'delete',
      calls: [{ service: 'apigateway', operation: 'TagResource', input: { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/r1', tags: { 'apigw-sync:lists': 'none' } } }] });
    expect(chooseBulkWrites({ plan: q, desired, live: empty }).bulk).toHaveLength(1);
  });

  it('a small new API stays per call: reading the API back costs more than its few writes', () => {
    const desired = desiredOf(httpApi(3));
    expect(chooseBulkWrites({ plan: plan(desired, empty), desired, live: empty }).bulk).toBeUndefined();
  });

  it('an existing API is never written in bulk (ReimportApi would delete what the document does not describe)', () => {
    const live = toModel(desiredV2Api('HTTP', 'orders', httpApi(0)).map((e) => ({ ...e, ids: { apiId: 'a1' } })));
    const desired = desiredOf(httpApi(200));
    const p = chooseBulkWrites({ plan: plan(desired, live), desired, live });
    expect(p.ops.filter((o) => o.kind === 'route').length).toBe(200);
    expect(p.bulk).toBeUndefined();
  });

  it('the document carries the ownership tag, each integration once by $ref, the authorizers, IAM and CORS', () => {
    const desired = desiredOf(httpApi(20));
    const b = chooseBulkWrites({ plan: plan(desired, empty), desired, live: empty }).bulk;
    const routes = b?.[0]?.routes ?? Object.values(desired.entities).filter((e) => e.kind === 'route' && !e.key.includes('private')).map((e) => e.key);
    const doc = JSON.parse(httpApiDocument(desired, 'http-api:orders', routes, { team: 'checkout', [OWNERSHIP_TAG]: 'shop' }));
    expect(doc.tags).toEqual([{ name: 'team', 'x-amazon-apigateway-tag-value': 'checkout' }, { name: OWNERSHIP_TAG, 'x-amazon-apigateway-tag-value': 'shop' }]);
    expect(doc.info).toEqual({ title: 'orders', description: 'orders' });
    expect(Object.keys(doc.components['x-amazon-apigateway-integrations'])).toHaveLength(2);
    expect(doc.paths['/r1'].get).toMatchObject({ security: [{ jwt: ['read'] }], 'x-amazon-apigateway-integration': { $ref: '#/components/x-amazon-apigateway-integrations/integration1' } });
    expect(doc.paths['/r0'].get.security).toEqual([{ sigv4: [] }]);
    expect(doc.components.securitySchemes.sigv4['x-amazon-apigateway-authtype']).toBe('awsSigv4');
    expect(doc.components.securitySchemes.jwt['x-amazon-apigateway-authorizer']).toMatchObject({ type: 'jwt', identitySource: '$request.header.Authorization' });
    expect(doc['x-amazon-apigateway-cors']).toEqual({ allowOrigins: ['https://example.com'] });
    expect(doc.paths['/private/{proxy+}']).toBeUndefined();
  });
});
