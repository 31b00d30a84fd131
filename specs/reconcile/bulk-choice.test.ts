import { describe, expect, it } from 'vitest';
import { AWS_DOCUMENT_LIMIT, bulkDocuments, chooseBulkWrites } from '../../src/reconcile/bulk.js';
import type { RestApiBuilder } from '../../src/reconcile/rest-builder.js';
import { api, desiredOf, liveOf, plan } from './helpers/builders.js';

/** An API of `n` MOCK methods, four per resource, with a stage: the bench's shape. */
function wide(n: number, name = 'wide', from = 0): RestApiBuilder {
  const a = api(name, { endpointConfiguration: { types: ['REGIONAL'] } }).stage('prod');
  for (let i = from; i < from + n; i++) {
    a.resource(`/g${Math.floor(i / 100)}/r${Math.floor(i / 4)}`, (r) =>
      r.method(['GET', 'POST', 'PUT', 'DELETE'][i % 4]!, { operationName: `op${i}` }, (m) =>
        m.integration({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, (ir) => ir.response('200', {})).response('200', {}),
      ),
    );
  }
  return a;
}

const choose = (desired: ReturnType<typeof desiredOf>, live: ReturnType<typeof liveOf>) => chooseBulkWrites({ plan: plan(desired, live), desired, live });

describe('bulk writes: which path an API takes', () => {
  it('a new API of many methods goes through ImportRestApi, with the estimate that decided it', () => {
    const desired = desiredOf(wide(200));
    const p = choose(desired, desiredOf());
    expect(p.bulk).toHaveLength(1);
    const b = p.bulk![0]!;
    expect(b).toMatchObject({ key: 'rest-api:wide', via: 'ImportRestApi', endpointType: 'REGIONAL', calls: 1 });
    expect(b.methods).toHaveLength(200);
    expect(b.estimate.bulkSeconds).toBeLessThan(b.estimate.perCallSeconds);
    // The ops it carries are the API, its resources, methods and their children; not the stage or the deployment.
    const carried = new Set(b.ops);
    const kinds = new Set(p.ops.filter((o) => carried.has(o.id)).map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['integration', 'integration-response', 'method', 'method-response', 'resource', 'rest-api']);
  });

  it('one method added to an existing API stays per call: one PutRestApi and the read-back cost more', () => {
    const live = liveOf(wide(40));
    const desired = desiredOf(wide(41));
    const p = choose(desired, live);
    expect(p.ops.length).toBeGreaterThan(0);
    expect(p.bulk).toBeUndefined();
  });

  it('many methods added to an existing API go through PutRestApi (merge), the unchanged ones left out of the document', () => {
    const live = liveOf(wide(100));
    const desired = desiredOf(wide(300));
    const b = choose(desired, live).bulk![0]!;
    expect(b.via).toBe('PutRestApi');
    expect(b.methods).toHaveLength(200);
  });

  it('never takes an API being adopted', () => {
    const live = liveOf(wide(10));
    const desired = desiredOf(wide(300));
    const p = chooseBulkWrites({ plan: plan(desired, live, { adopted: ['rest-api:wide'] }), desired, live });
    expect(p.bulk).toBeUndefined();
  });

  it('batches documents under the size given, each path in exactly one, and keeps the first under AWS\'s 6 MB limit', () => {
    const desired = desiredOf(wide(400));
    const methods = Object.values(desired.entities).filter((e) => e.kind === 'method').map((e) => e.key);
    const docs = bulkDocuments(desired, 'rest-api:wide', methods, { create: { name: 'wide', tags: { 'apigw-sync:owner': 'set' } }, maxBytes: 40_000 });
    expect(docs.length).toBeGreaterThan(3);
    const paths = docs.flatMap((d) => Object.keys(JSON.parse(d).paths));
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toHaveLength(100);
    for (const d of docs) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(40_000);
    // The ownership tag rides on the document that creates the API, and only there.
    expect(JSON.parse(docs[0]!).tags).toEqual([{ name: 'apigw-sync:owner', 'x-amazon-apigateway-tag-value': 'set' }]);
    expect(JSON.parse(docs[1]!).tags).toBeUndefined();
    expect(Buffer.byteLength(bulkDocuments(desired, 'rest-api:wide', methods)[0]!)).toBeLessThan(AWS_DOCUMENT_LIMIT);
  });
});
