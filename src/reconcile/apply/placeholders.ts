import type { EntityKey } from '../model.js';
import type { IdRef, Plan, ProducedIds, SecretRef } from '../plan-types.js';

/**
 * Turns a planned call's input into what the SDK gets: `{ $ref, id }` becomes the AWS id of that
 * entity (from live state or from the output of a creating call earlier in this run), and
 * `{ $secret: 'env:NAME' }` becomes the variable's value, read at the moment of the call and kept
 * nowhere else.
 */
export type IdTable = Map<EntityKey, Record<string, string>>;

export class PlaceholderError extends Error {}

export function isIdRef(v: unknown): v is IdRef {
  return v !== null && typeof v === 'object' && typeof (v as IdRef).$ref === 'string' && typeof (v as IdRef).id === 'string';
}

export function isSecretRef(v: unknown): v is SecretRef {
  return v !== null && typeof v === 'object' && typeof (v as SecretRef).$secret === 'string';
}

export function resolveInput(value: unknown, ids: IdTable, env: Record<string, string | undefined>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveInput(v, ids, env));
  if (isIdRef(value)) {
    const id = ids.get(value.$ref)?.[value.id];
    if (id === undefined) {
      throw new PlaceholderError(
        `the ${value.id} of ${value.$ref} is not known: it is not in the live state and no earlier step produced it`,
      );
    }
    return value.format === undefined ? id : value.format.split('{}').join(id);
  }
  if (isSecretRef(value)) {
    const name = secretVariable(value);
    const secret = env[name];
    if (secret === undefined || secret === '') {
      throw new PlaceholderError(`the environment variable ${name} is not set; it holds a secret value this step needs`);
    }
    return secret;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveInput(v, ids, env);
    return out;
  }
  return value;
}

function secretVariable(ref: SecretRef): string {
  const m = /^env:(.+)$/.exec(ref.$secret);
  if (!m) throw new PlaceholderError(`unsupported secret source "${ref.$secret}" (expected env:NAME)`);
  return m[1]!;
}

/** Records the ids a creating call made, so later steps can refer to them. */
export function recordProduced(produces: ProducedIds | ProducedIds[] | undefined, output: unknown, ids: IdTable): void {
  if (!produces) return;
  for (const p of Array.isArray(produces) ? produces : [produces]) {
    const known = { ...ids.get(p.key) };
    for (const [name, field] of Object.entries(p.ids)) {
      const v = dig(output, field);
      if (typeof v === 'string' || typeof v === 'number') known[name] = String(v);
    }
    ids.set(p.key, known);
  }
}

function dig(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Names of the environment variables the plan's calls read secrets from. */
export function secretVariables(plan: Plan): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isSecretRef(v)) {
      const m = /^env:(.+)$/.exec(v.$secret);
      if (m) names.add(m[1]!);
    } else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const op of plan.ops) for (const call of op.calls) walk(call.input);
  return [...names].sort();
}
