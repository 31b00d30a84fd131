import type { Entity, EntityKey, Model } from './model.js';

/**
 * Passes over a model's entities. A model of 5,000 methods holds 21,000 entities in one plain
 * object, which V8 keeps in dictionary mode: every Object.values, Object.keys or for...in over it
 * collects and orders all its keys again, 10-20 ms each, and a plan makes some twenty such
 * passes (one per rule that looks for its kinds). While planning holds the models still
 * (`whileUnchanged`, around the synchronous part of planning, where nothing adds, replaces or
 * removes an entity of a model it is given), the keys and entities are listed once per model and
 * every pass reads those lists. Outside such a window, or for a model made inside it, the
 * helpers list the object as before. The lists are shared: callers never change them.
 */
const held = new WeakMap<Record<EntityKey, Entity>, { keys: EntityKey[]; values: Entity[] }>();

/** Object.values(model.entities). */
export function entitiesOf(model: Model): readonly Entity[] {
  return held.get(model.entities)?.values ?? Object.values(model.entities);
}

/** Object.keys(model.entities). */
export function entityKeysOf(model: Model): readonly EntityKey[] {
  return held.get(model.entities)?.keys ?? Object.keys(model.entities);
}

/** Runs `fn` (synchronous: no await inside) with each model's entities listed once. */
export function whileUnchanged<T>(models: Model[], fn: () => T): T {
  const added: Record<EntityKey, Entity>[] = [];
  for (const m of models) {
    if (held.has(m.entities)) continue;
    const keys = Object.keys(m.entities);
    held.set(m.entities, { keys, values: keys.map((k) => m.entities[k]!) });
    added.push(m.entities);
  }
  try {
    return fn();
  } finally {
    for (const e of added) held.delete(e);
  }
}
