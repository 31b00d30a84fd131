import { describe, expect, it } from 'vitest';
import { entitiesOf, entityKeysOf, whileUnchanged } from '../../src/reconcile/entity-list.js';
import type { Entity, Model } from '../../src/reconcile/model.js';

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
});
