import type { Entity, EntityKey, EntityKind, Model } from './model.js';

/**
 * Passes over a model's entities. A model of 5,000 methods holds 21,000 entities in one plain
 * object, which V8 keeps in dictionary mode: every Object.values, Object.keys or for...in over it
 * collects and orders all its keys again, 10-20 ms each, and a plan makes some twenty such
 * passes (one per rule that looks for its kinds). While planning holds the models still
 * (`whileUnchanged`, around the synchronous part of planning, where nothing adds, replaces or
 * removes an entity of a model it is given), the keys and entities are listed once per model and
 * every pass reads those lists; a pass that wants a few kinds (entitiesOfKind) reads them grouped
 * by kind, grouped once. Outside such a window, or for a model made inside it, the helpers list
 * the object as before. The lists are shared: callers never change them.
 */
/** A kind's entities and their places in the model's list. */
interface KindGroup {
  list: Entity[];
  at: number[];
}

const held = new WeakMap<Record<EntityKey, Entity>, { keys: EntityKey[]; values: Entity[]; byKind?: Map<EntityKind, KindGroup> }>();

/** Object.values(model.entities). */
export function entitiesOf(model: Model): readonly Entity[] {
  return held.get(model.entities)?.values ?? Object.values(model.entities);
}

/** Object.keys(model.entities). */
export function entityKeysOf(model: Model): readonly EntityKey[] {
  return held.get(model.entities)?.keys ?? Object.keys(model.entities);
}

/**
 * The model's entities of the given kinds, in the model's order: most passes look for a few kinds
 * (stages, APIs, permissions) among tens of thousands of methods and responses. Inside a window
 * the entities are grouped by kind once per model, on the first call.
 */
export function entitiesOfKind(model: Model, ...kinds: EntityKind[]): readonly Entity[] {
  const h = held.get(model.entities);
  if (!h) return Object.values(model.entities).filter((e) => kinds.includes(e.kind));
  if (!h.byKind) {
    h.byKind = new Map();
    const values = h.values;
    for (let i = 0; i < values.length; i++) {
      const e = values[i]!;
      const group = h.byKind.get(e.kind);
      if (group) {
        group.list.push(e);
        group.at.push(i);
      } else h.byKind.set(e.kind, { list: [e], at: [i] });
    }
  }
  const groups = kinds.map((k) => h.byKind!.get(k)).filter((g) => g !== undefined);
  if (groups.length === 0) return [];
  if (groups.length === 1) return groups[0]!.list;
  // Several kinds: merged back into the model's order, as the filter outside a window gives them.
  return groups.flatMap((g) => g.list.map((e, j) => [g.at[j]!, e] as const)).sort((x, y) => x[0] - y[0]).map(([, e]) => e);
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
