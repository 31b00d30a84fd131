import { describe, expect, it } from 'vitest';
import { detectDrift } from '../../src/reconcile/drift.js';
import { toModel } from '../../src/reconcile/rest-builder.js';
import type { Model } from '../../src/reconcile/model.js';
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from '../../src/render/drift.js';
import { api, desiredOf, liveOf } from '../reconcile/helpers/builders.js';

/** The drift report from models alone: what is folded, what is hidden, how it reads. */
const target = { specSet: 'shop', region: 'us-east-1' };
const report = (desired: Model, live: Model) =>
  detectDrift({ desired, live, target, checkedAt: '2026-11-24T00:00:00.000Z', liveFingerprint: 'sha256:x' });

function shop(methods: number) {
  return api('shop').resource('/items', (r) => {
    for (let i = 0; i < methods; i++) r.method(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'][i] as string, {}, (m) => m.integration({ type: 'MOCK' }));
  });
}

describe('detectDrift', () => {
  it('reports a missing API once, naming a few of the objects missing with it', () => {
    const r = report(desiredOf(shop(8)), toModel([]));
    expect(r.items.map((i) => [i.status, i.address, i.includes?.length])).toEqual([['missing', 'rest-api shop', 18]]);
    expect(renderDriftText(r)).toContain('rest-api shop  (in git, missing in AWS; apply creates it; with resource /, resource /items, ' +
      'resource /items / method ANY, resource /items / method ANY / integration, resource /items / method DELETE, ' +
      'resource /items / method DELETE / integration, resource /items / method GET, resource /items / method GET / integration and 10 more)\n');
    expect(JSON.parse(renderDriftJson(r)).items[0].includes).toHaveLength(18);
  });

  it('reports no drift for equal models, in every output', () => {
    const r = report(desiredOf(shop(2)), liveOf(shop(2)));
    expect(r.items).toEqual([]);
    expect(renderDriftText(r)).toBe('No drift. AWS matches the specs in git.\n');
    expect(renderDriftMarkdown(r)).toBe('### apigw-sync drift: `shop` (us-east-1)\n\nNo drift. AWS matches the specs in git.\n');
    expect(JSON.parse(renderDriftJson(r))).toMatchObject({ drifted: false, items: [] });
  });

  it('never shows a secret: an API key whose value differs says so without either value', () => {
    const key = (value: string) => ({ kind: 'api-key' as const, key: 'api-key:partner', attrs: { enabled: true, value }, sensitive: ['value'] });
    const r = report(toModel([key('sha256:git')]), toModel([{ ...key('sha256:aws'), ids: { apiKeyId: 'k1' } }]));
    const outputs = [renderDriftText(r), renderDriftMarkdown(r), renderDriftJson(r)];
    for (const o of outputs) expect(o).not.toMatch(/sha256:(git|aws)/);
    expect(outputs[0]).toContain('    value: git (sensitive), AWS (sensitive) (the values differ)\n');
  });
});
