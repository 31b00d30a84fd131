import { describe, expect, it } from 'vitest';
import { entitiesOf, entitiesOfKind, entityKeysOf, whileUnchanged } from '../../src/reconcile/entity-list.js';
import type { Entity, EntityKind, Model } from '../../src/reconcile/model.js';

const entity = (key: string): Entity => ({ kind: 'resource', key, attrs: {} });
const model = (...keys: string[]): Model => ({ entities: Object.fromEntries(keys.map((k) => [k, entity(k)])) });

describe('entity lists: a model listed once while planning holds it still', () => {
  it('inside a window every pass reads one list, in the object\'s own order', () => {
    const m = model('rest-api:a', 'rest-api:a / resource:/', 'rest-api:b');
    whileUnchanged([m], () => {
      expect(entitiesOf(m)).toBe(entitiesOf(m));
      expect(entityKeysOf(m)).toBe(entityKeysOf(m));
      expect(entityKeysOf(m)).toStrictEqual(Object.keys(m.entities));
      expect(entitiesOf(m)).toStrictEqual(Object.values(m.entities));
    });
  });

  it('outside a window (and for a model made inside one) the object is listed as it is now', () => {
    const m = model('a');
    const before = entitiesOf(m);
    m.entities.b = entity('b');
    expect(entityKeysOf(m)).toStrictEqual(['a', 'b']);
    expect(entitiesOf(m)).not.toBe(before);
    whileUnchanged([m], () => {
      const copy: Model = { entities: { ...m.entities, c: entity('c') } };
      expect(entityKeysOf(copy)).toStrictEqual(['a', 'b', 'c']);
    });
  });

  it('the window closes when its work ends, thrown or not, and an inner window leaves an outer one\'s lists', () => {
    const m = model('a');
    expect(() => whileUnchanged([m], () => { throw new Error('boom'); })).toThrow('boom');
    m.entities.b = entity('b');
    expect(entityKeysOf(m)).toStrictEqual(['a', 'b']);
    whileUnchanged([m], () => {
      const outer = entitiesOf(m);
      whileUnchanged([m], () => expect(entitiesOf(m)).toBe(outer));
      expect(entitiesOf(m)).toBe(outer);
    });
    m.entities.c = entity('c');
    expect(entityKeysOf(m)).toStrictEqual(['a', 'b', 'c']);
  });

  it('entities of some kinds come in the model\'s order, inside a window and outside it', () => {
    const kinds: EntityKind[] = ['stage', 'method', 'v2-stage', 'rest-api'];
    const m: Model = { entities: {} };
    for (let i = 0; i < 40; i++) {
      const kind = kinds[(i * 7) % kinds.length]!;
      m.entities[`k${i}`] = { kind, key: `k${i}`, attrs: {} };
    }
    const filtered = (...ks: EntityKind[]) => Object.values(m.entities).filter((e) => ks.includes(e.kind));
    const asked: EntityKind[][] = [['stage'], ['stage', 'v2-stage'], ['v2-stage', 'stage', 'rest-api'], ['route'], ['route', 'method'], []];
    for (const ks of asked) expect(entitiesOfKind(m, ...ks)).toStrictEqual(filtered(...ks));
    whileUnchanged([m], () => {
      for (const ks of asked) expect(entitiesOfKind(m, ...ks)).toStrictEqual(filtered(...ks));
      expect(entitiesOfKind(m, 'stage')).toBe(entitiesOfKind(m, 'stage'));
    });
  });
});
