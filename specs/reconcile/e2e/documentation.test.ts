import { GetDocumentationPartsCommand, GetDocumentationVersionsCommand, GetRestApisCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { UpdateDocumentationPartCommand } from '@aws-sdk/client-api-gateway';
import { restApiToSpec } from '../../../src/import/rest-to-spec.js';
import { detectDrift } from '../../../src/reconcile/drift.js';
import { addressOf, keyOfAddress, rootOf } from '../../../src/reconcile/keys.js';
import type { RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { specSet } from '../helpers/spec-set.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';

/**
 * Documentation parts (identified by location), versions and a stage's documentationVersion,
 * planned and applied against the emulator through the real SDK.
 */
function shop(): RestApiSpec {
  return {
    endpointType: 'REGIONAL',
    models: { Pet: { schema: { type: 'object' } } },
    resources: {
      '/pets': { GET: { integration: { type: 'MOCK' } }, POST: { integration: { type: 'MOCK' } } },
      '/pets/{petId}': { GET: { integration: { type: 'MOCK' } } },
    },
    documentation: {
      parts: [
        { location: { type: 'API' }, properties: { info: { description: 'The pet shop.' } } },
        { location: { type: 'METHOD', path: '/pets', method: 'GET' }, properties: { summary: 'List pets', tags: ['pets'] } },
        { location: { type: 'PATH_PARAMETER', path: '/pets/{petId}', name: 'petId' }, properties: { description: 'The pet.' } },
        { location: { type: 'RESPONSE', statusCode: '200' }, properties: '{"description": "Success"}' },
        { location: { type: 'MODEL', name: 'Pet' }, properties: { title: 'A pet' } },
      ],
      versions: { '1.0.0': { description: 'First release' } },
    },
    stages: { prod: { documentationVersion: '1.0.0' } },
  };
}

const base = (api = shop()): SpecSet => specSet({ shop: api });
const planner = emulatorPlanner();

const summary = (ops: { address: string; calls: { operation: string }[] }[]) => ops.map((o) => [o.address, o.calls.map((c) => c.operation)]);

describe('documentation parts and versions', () => {
  it('apply on an empty account, plan empty, re-apply with zero writes, import round trip', async () => {
    const { emu, client, plan, apply, compute } = await planner();
    const first = await plan(base());
    const ops = summary(first.ops);
    // The version is created after every part it snapshots, and the stage that publishes it after it.
    const at = (address: string) => ops.findIndex(([a]) => a === address);
    const version = at('rest-api shop / documentation-version 1.0.0');
    for (const [a] of ops.filter(([a]) => String(a).includes('documentation-part'))) expect(at(String(a))).toBeLessThan(version);
    expect(version).toBeLessThan(at('rest-api shop / stage prod'));
    expect(ops.filter(([a]) => String(a).includes('documentation-part')).map(([a]) => a)).toStrictEqual([
      'rest-api shop / documentation-part API',
      'rest-api shop / documentation-part METHOD path=/pets method=GET',
      'rest-api shop / documentation-part MODEL name=Pet',
      'rest-api shop / documentation-part PATH_PARAMETER path=/pets/{petId} method=* name=petId',
      'rest-api shop / documentation-part RESPONSE path=/ method=* statusCode=200',
    ]);
    // A part's address reads back as its key (what --target relies on), the root path's too.
    for (const op of first.ops.filter((o) => o.kind === 'documentation-part')) {
      expect(keyOfAddress(addressOf(op.key))).toBe(op.key);
      expect(op.key.split(' / ')).toHaveLength(2);
      expect(rootOf(op.key)).toBe('rest-api:shop');
    }
    await apply(first);

    const restApiId = (await client.send(new GetRestApisCommand({}))).items![0]!.id!;
    const parts = (await client.send(new GetDocumentationPartsCommand({ restApiId }))).items!;
    expect(parts).toHaveLength(5);
    expect(parts.find((p) => p.location?.type === 'METHOD')).toMatchObject({ location: { path: '/pets', method: 'GET' } });
    expect(JSON.parse(parts.find((p) => p.location?.type === 'RESPONSE')!.properties!)).toStrictEqual({ description: 'Success' });
    expect((await client.send(new GetDocumentationVersionsCommand({ restApiId }))).items!.map((v) => [v.version, v.description])).toStrictEqual([['1.0.0', 'First release']]);
    expect((await client.send(new GetStagesCommand({ restApiId }))).item![0]!.documentationVersion).toBe('1.0.0');

    expect((await plan(base())).ops).toStrictEqual([]);
    emu.resetCalls();
    await apply(base());
    expect(emu.calls().writes).toBe(0);

    // Import writes the documentation back; planning what it wrote finds nothing to do.
    const live = (await compute(base())).live;
    const imported = restApiToSpec('shop', live, 'us-east-1');
    expect(imported.warnings).toStrictEqual([]);
    expect(imported.spec.documentation.versions).toStrictEqual({ '1.0.0': { description: 'First release' } });
    expect(imported.spec.documentation.parts).toContainEqual({ location: { type: 'RESPONSE', statusCode: '200' }, properties: { description: 'Success' } });
    expect(imported.spec.stages.prod.documentationVersion).toBe('1.0.0');
    expect((await plan(base(imported.spec as RestApiSpec))).ops).toStrictEqual([]);
  });

  it("a part's changed properties are one UpdateDocumentationPart, and no deployment", async () => {
    const { plan, apply } = await planner();
    await apply(base());
    const changed = shop();
    changed.documentation!.parts![1]!.properties = { summary: 'List all pets', tags: ['pets'] };
    const p = await plan(base(changed));
    expect(p.ops.map((o) => [o.address, o.calls.map((c) => [c.operation, (c.input as any).patchOperations])])).toStrictEqual([
      ['rest-api shop / documentation-part METHOD path=/pets method=GET', [['UpdateDocumentationPart', [
        { op: 'replace', path: '/properties', value: JSON.stringify({ summary: 'List all pets', tags: ['pets'] }) },
      ]]]],
    ]);
    // The stage's version keeps the snapshot it took: the plan says how to publish the change.
    expect(p.notices.some((n) => n.includes('documentation version 1.0.0 already exists and keeps the parts it snapshot'))).toBe(true);
    await apply(p);
    expect((await plan(base(changed))).ops).toStrictEqual([]);
  });

  it('a new version publishes added parts: part, then version, then the stage; a removed part is deleted', async () => {
    const { plan, apply } = await planner();
    await apply(base());
    const next = shop();
    next.documentation!.parts = next.documentation!.parts!.filter((x) => x.location.type !== 'MODEL');
    next.documentation!.parts!.push({ location: { type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'page' }, properties: { description: 'Page number.' } });
    next.documentation!.versions!['1.1.0'] = { description: 'Paging' };
    next.stages!.prod!.documentationVersion = '1.1.0';
    const p = await plan(base(next));
    expect(summary(p.ops)).toStrictEqual([
      ['rest-api shop / documentation-part QUERY_PARAMETER path=/pets method=GET name=page', ['CreateDocumentationPart']],
      ['rest-api shop / documentation-part MODEL name=Pet', ['DeleteDocumentationPart']],
      ['rest-api shop / documentation-version 1.1.0', ['CreateDocumentationVersion']],
      ['rest-api shop / stage prod', ['UpdateStage']],
    ]);
    expect(p.notices.filter((n) => n.includes('documentation'))).toStrictEqual([]);
    await apply(p);
    expect((await plan(base(next))).ops).toStrictEqual([]);

    // A version no spec names any more is deleted, after the stage lets go of it.
    const later = base(next);
    delete later.restApis.shop!.documentation!.versions!['1.0.0'];
    expect(summary((await plan(later)).ops)).toStrictEqual([['rest-api shop / documentation-version 1.0.0', ['DeleteDocumentationVersion']]]);
  });

  it('the same location written with and without its defaults is one part', async () => {
    const { plan, apply } = await planner();
    await apply(base());
    const explicit = shop();
    explicit.documentation!.parts![1]!.location = { type: 'METHOD', path: '/pets/', method: 'get' };
    explicit.documentation!.parts![3]!.location = { type: 'RESPONSE', path: '/', method: '*', statusCode: '200' };
    expect((await plan(base(explicit))).ops).toStrictEqual([]);
  });

  it('drift names a part changed outside apigw-sync, and apply puts it back with one update', async () => {
    const { client, plan, apply, compute } = await planner();
    await apply(base());
    const restApiId = (await client.send(new GetRestApisCommand({}))).items![0]!.id!;
    const part = (await client.send(new GetDocumentationPartsCommand({ restApiId, type: 'METHOD' }))).items![0]!;
    await client.send(new UpdateDocumentationPartCommand({ restApiId, documentationPartId: part.id!, patchOperations: [{ op: 'replace', path: '/properties', value: '{"summary":"edited in the console"}' }] }));
    const { desired, live, plan: p } = await compute(base());
    const report = detectDrift({ desired, live, target: p.target, checkedAt: p.createdAt, liveFingerprint: p.liveFingerprint });
    expect(report.items.map((i) => [i.address, i.status, i.fields.map((f) => f.path)])).toStrictEqual([
      ['rest-api shop / documentation-part METHOD path=/pets method=GET', 'changed', ['/properties/summary', '/properties/tags']],
    ]);
    expect(summary(p.ops)).toStrictEqual([['rest-api shop / documentation-part METHOD path=/pets method=GET', ['UpdateDocumentationPart']]]);
    await apply(p);
    expect((await plan(base())).ops).toStrictEqual([]);
  });
});
