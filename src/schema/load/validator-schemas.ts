import type { TSchema } from '@sinclair/typebox';

/**
 * The spec schemas as ajv compiles them. Some object schemas appear many times in a spec schema:
 * a REST method once per HTTP verb of a resource (eight copies), a gateway response once per
 * response type (21). Inlined, they made the spec validator one function of 1.5 MB, which V8
 * never optimises (past its size limit) and every CLI run parsed. Here each repeated object
 * schema is compiled once, as a function of its own (ajv `inlineRefs: false`, AJV_OPTIONS), and
 * every occurrence refers to it: the validator module is a third smaller and the method check,
 * which a spec of 5,000 methods runs 5,000 times, is small enough to be optimised. The checks,
 * and so the diagnostics, are the same: errors keep their instance path; the schema path of an
 * error inside a shared schema starts at that schema.
 */
export interface CompiledSchemas {
  /** The schema with each repeated object schema replaced by a $ref. */
  schema: TSchema;
  /** The shared schemas, by the name the $refs use (register each with ajv.addSchema). */
  shared: Map<string, TSchema>;
}

/** An object schema that occurs this often, and is at least this large (JSON), is shared. */
const MIN_COPIES = 3;
const MIN_SIZE = 500;

export function sharedSchemas(schema: TSchema, prefix: string): CompiledSchemas {
  // Object schemas are the same when ajv would see the same JSON (TypeBox's Optional makes a
  // shallow copy of a schema whose only difference is a symbol-keyed marker ajv ignores).
  const count = new Map<string, number>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') {
      const text = JSON.stringify(o);
      if (text.length >= MIN_SIZE) count.set(text, (count.get(text) ?? 0) + 1);
    }
    for (const k of Object.keys(o)) visit(o[k]);
  };
  visit(schema);
  const names = new Map<string, string>();
  const shared = new Map<string, TSchema>();
  const copy = (v: unknown, inside?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => copy(x, inside));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const text = o.properties ? JSON.stringify(o) : undefined;
    if (text !== undefined && text !== inside && (count.get(text) ?? 0) >= MIN_COPIES) {
      let name = names.get(text);
      if (name === undefined) {
        name = `${prefix}-${names.size + 1}`;
        names.set(text, name);
        shared.set(name, copy(o, text) as TSchema);
      }
      return { $ref: name };
    }
    // A plain copy: TypeBox's symbol-keyed markers, which ajv ignores, are left out.
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = copy(o[k], inside);
    return out;
  };
  return { schema: copy(schema) as TSchema, shared };
}
