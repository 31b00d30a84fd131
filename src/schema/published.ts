import type { TSchema } from '@sinclair/typebox';
import { RootConfig, SpecDocument } from './lang/spec-set.js';

/**
 * The JSON Schemas published for editors (yaml-language-server), derived from the same TypeBox
 * schemas the loader validates with. The loader validates *resolved* data; an editor sees the
 * file as written, so the published form also accepts what resolves later:
 * - `${values.NAME}` / `${env:NAME}` in place of any non-text value (a number, a list, ...);
 * - `{ $file: path }` where long text or a JSON document is expected (`x-file`);
 * - `${env:NAME}` or `${env:NAME:-}` (only those) for a secret such as an API key value (`x-secret`).
 */
/** Where the schemas are served as JSON (the raw files of the repository), so `$id` fetches itself. */
export const SCHEMA_BASE_URL = 'https://raw.githubusercontent.com/apigw-sync/apigw-sync/main/schema/';

const PLACEHOLDER = {
  type: 'string',
  pattern: '^\\$\\{(env:[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?|values\\.[^}]+)\\}$',
  description: 'A value from the environment (${env:NAME}) or from the chosen environment\'s values (${values.NAME}).',
};

const FILE_REF = {
  type: 'object',
  properties: { $file: { type: 'string', description: 'Path of a file whose contents are used here, relative to this file (JSON files become data).' } },
  required: ['$file'],
  additionalProperties: false,
};

type Json = Record<string, unknown>;

/** `integration` -> `Integration`, `method-responses` -> `MethodResponses`; an HTTP verb -> `Method`. */
function pascal(name: string): string {
  if (/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY)$/.test(name)) return 'Method';
  return name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
}

/**
 * The name for the schema of property `key` of an object named `owner`: the key in PascalCase,
 * but a fixed-key entry such as a gateway response type (`DEFAULT_4XX`) is named after its map.
 */
function keyName(key: string, owner: string | undefined): string {
  return /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(key) && owner ? singular(owner) : pascal(key);
}

/** The name of one entry of a map or list called `name`: `resources` -> `Resource`. */
function singular(name: string): string {
  if (/ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(ss|us)$/.test(name)) return `${name}Entry`;
  if (/s$/.test(name)) return name.slice(0, -1);
  return `${name}Entry`;
}

/** Keywords that constrain strings only: a schema with one of them cannot also take a placeholder string by `pattern`. */
const STRING_KEYWORDS = ['pattern', 'minLength', 'maxLength', 'format', 'enum', 'const'];

/**
 * `key`: the property this schema describes (absent for map values and list items); `name`: a
 * type name for it (`Integration`; `Resource` for an entry of `resources`). Each property gets a
 * `title` (an object its type name, anything else its key), which yaml-language-server shows as
 * the one heading of a hover and names types by in its messages (`Expected "Integration"`),
 * instead of generated definition names or the file's title.
 *
 * A value that may also be a placeholder or a `$file` include is, where JSON Schema allows, one
 * schema of two types (`type: [object, string]` with the object's keywords and the placeholder's
 * `pattern`, each keyword applying to its own type), not an `anyOf`: editors show an `anyOf` of an
 * empty value as two titles joined by `||`.
 */
function transform(node: unknown, root = false, name?: string, key?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => transform(n, false, name));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  if (src['x-secret']) {
    return {
      ...(key !== undefined && { title: key }),
      type: 'string',
      pattern: '^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*(:-)?\\}$',
      description: `${String(src.description ?? '')} Write \${env:NAME} (NAME must be set) or \${env:NAME:-} (AWS generates the value while NAME is unset): the value is read from the environment when plan/apply run.`.trim(),
    };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'x-file' || k === 'x-secret') continue;
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, transform(s, false, keyName(p, name), p)]));
    else if (k === 'patternProperties') out[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, transform(s, false, name && singular(name))]));
    else if (k === 'items' || k === 'additionalProperties') out[k] = transform(v, false, name && singular(name));
    else out[k] = transform(v, false, name);
  }
  const title = key === undefined && out.type !== 'object' ? undefined : out.type === 'object' ? name : key;
  const titled: Json = title !== undefined && out.title === undefined && !root ? { title, ...out } : out;
  const isPlainText = out.type === 'string' && out.enum === undefined && out.pattern === undefined;
  const placeholder = !root && out.type !== undefined && !isPlainText;
  const file = src['x-file'] === true;
  if (!placeholder && !file) return titled;
  const type = out.type;
  if (placeholder && !file && typeof type === 'string' && type !== 'string' && !STRING_KEYWORDS.some((k) => k in out)) {
    return { ...titled, type: [type, 'string'], pattern: PLACEHOLDER.pattern };
  }
  if (file && !placeholder && isPlainText && !['properties', 'required', 'additionalProperties'].some((k) => k in out)) {
    return { ...titled, type: ['string', 'object'], properties: FILE_REF.properties, required: FILE_REF.required, additionalProperties: false };
  }
  const { description, title: _t, ...rest } = titled;
  const alternatives: unknown[] = [
    { ...(title !== undefined && { title }), ...rest },
    ...(placeholder ? [{ title: '${env:NAME} or ${values.NAME}', ...PLACEHOLDER }] : []),
    ...(file ? [{ title: '$file', ...FILE_REF }] : []),
  ];
  return { ...(title !== undefined && { title }), ...(description !== undefined && { description }), anyOf: alternatives };
}

/**
 * Moves subschemas that occur more than once (a method under each of eight verbs, a throttle
 * in a dozen places) into `definitions`, so the file stays small enough for editors.
 */
function hoistRepeated(schema: Json): { body: Json; definitions: Json } {
  const counts = new Map<string, number>();
  const count = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (!Array.isArray(n)) counts.set(JSON.stringify(n), (counts.get(JSON.stringify(n)) ?? 0) + 1);
    for (const v of Object.values(n)) count(v);
  };
  count(schema);
  const names = new Map<string, string>();
  const definitions: Json = {};
  const taken = new Set<string>();
  /** A definition's name: the schema's title, else the property it was first found under. */
  const nameFor = (n: Json, hint: string, parent: string): string => {
    const base = (typeof n.title === 'string' && !n.title.includes('$') ? pascal(n.title) : hint) || 'Definition';
    // A name taken by another schema is qualified by the object holding this one: an
    // integration's responses (`IntegrationResponses`) are not a method's.
    let name = taken.has(base) && parent && !base.startsWith(parent) ? `${parent}${base}` : base;
    for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
    taken.add(name);
    return name;
  };
  // Only schemas are hoisted, never the maps that hold them (`properties`) or keyword values.
  const hoist = (n: unknown, top: boolean, hint: string, parent = ''): unknown => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) return n;
    const rebuilt: Json = {};
    // The object whose fields these are names them when a name is taken (`IntegrationResponses`).
    const self = n as Json;
    const owner = top ? '' : self.properties ? (typeof self.title === 'string' ? pascal(self.title) : hint) : parent;
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties') {
        rebuilt[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, hoist(s, false, keyName(p, hint), owner)]));
      } else if (k === 'patternProperties') {
        rebuilt[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, hoist(s, false, singular(hint), owner)]));
      } else if (k === 'anyOf' || k === 'allOf' || k === 'oneOf') {
        rebuilt[k] = (v as unknown[]).map((s) => hoist(s, false, hint, parent));
      } else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) {
        rebuilt[k] = hoist(v, false, singular(hint), owner);
      } else {
        rebuilt[k] = v;
      }
    }
    const key = JSON.stringify(n);
    if (top || (counts.get(key) ?? 0) < 2 || key.length < 300) return rebuilt;
    let name = names.get(key);
    if (!name) {
      name = nameFor(n as Json, hint, parent);
      names.set(key, name);
      definitions[name] = rebuilt;
    }
    return { $ref: `#/definitions/${name}` };
  };
  return { body: hoist(schema, true, 'Spec') as Json, definitions };
}

/**
 * No `title` at the root: yaml-language-server shows the nearest title above a field on hover,
 * so a root title would head every hover (twice where a value may be a placeholder). The name of
 * the file type is the start of the description instead.
 */
function publish(schema: TSchema, file: string, title: string): Json {
  const { body, definitions } = hoistRepeated(transform(JSON.parse(JSON.stringify(schema)), true) as Json);
  const { description, ...rest } = body;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${SCHEMA_BASE_URL}${file}`,
    description: `${title}: ${String(description ?? '')}`.replace(/: $/, '.'),
    ...rest,
    ...(Object.keys(definitions).length && { definitions }),
  };
}

export function publishedSchemas(): { file: string; schema: Json }[] {
  return [
    { file: 'apigw-sync.schema.json', schema: publish(SpecDocument, 'apigw-sync.schema.json', 'apigw-sync spec file') },
    { file: 'apigw-sync-root.schema.json', schema: publish(RootConfig, 'apigw-sync-root.schema.json', 'apigw-sync.yaml (spec set root)') },
  ];
}

export function serialise(schema: Json): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
