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
 * `pattern`, each keyword applying to its own type), or one string schema whose `pattern` admits
 * both (an enum's values, a pattern's strings), not an `anyOf`: editors show an `anyOf` of an
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
  if (placeholder && !file && isEnumText(out)) return enumOrPlaceholder(titled, out.enum as string[]);
  if (placeholder && !file && isPatternText(out)) return patternOrPlaceholder(titled, out.pattern as string);
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

/** A string that is one of a list of values and nothing else (`enum` the only constraint). */
function isEnumText(out: Json): boolean {
  return out.type === 'string' && Array.isArray(out.enum) && out.enum.every((v) => typeof v === 'string') &&
    !STRING_KEYWORDS.some((k) => k !== 'enum' && k in out);
}

/** A string whose only constraint is a `pattern` (a status code, an ARN). */
function isPatternText(out: Json): boolean {
  return out.type === 'string' && typeof out.pattern === 'string' && !STRING_KEYWORDS.some((k) => k !== 'pattern' && k in out);
}

/** The same for a string of a pattern: one schema, its pattern or a placeholder's. */
function patternOrPlaceholder(titled: Json, pattern: string): Json {
  return {
    ...titled,
    pattern: `(?:${pattern})|${PLACEHOLDER.pattern}`,
    patternErrorMessage: `String does not match the pattern of "${pattern}", nor is it a placeholder (\${env:NAME}, \${values.NAME}).`,
  };
}

const escapeRegExp = (v: string): string => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One of a list of values, or a placeholder: one string schema whose `pattern` admits exactly the
 * values and the placeholders, not an `anyOf` of the two (yaml-language-server heads the hover of
 * an empty or wrong value with both titles joined by `||`, and of a placeholder with the
 * placeholder's title instead of the field's). The editor still suggests the values
 * (`defaultSnippets`), lists them in the hover (the description) and names them in the error
 * (`patternErrorMessage`, yaml-language-server's own keyword; other validators ignore it).
 */
function enumOrPlaceholder(titled: Json, values: string[]): Json {
  const { enum: _e, description, ...rest } = titled;
  const listed = values.map((v) => `"${v}"`).join(', ');
  return {
    ...rest,
    description: `${String(description ?? '').trim()} One of ${listed}, or \${env:NAME} / \${values.NAME}.`.trim(),
    pattern: `^(${values.map(escapeRegExp).join('|')})$|${PLACEHOLDER.pattern}`,
    patternErrorMessage: `Value is not accepted. Valid values: ${listed}, or a placeholder (\${env:NAME}, \${values.NAME}).`,
    defaultSnippets: values.map((v) => ({ label: v, body: v })),
  };
}

/**
 * Moves subschemas that occur more than once (a method under each of eight verbs, a throttle
 * in a dozen places) into `definitions`, so the file stays small enough for editors.
 *
 * A definition is named after its title (else the property it was found under). Where different
 * schemas would share a name, each of them is named after the objects holding it, nearest first,
 * until the names differ: a gateway response's `responseParameters` are
 * `GatewayResponseParameters`, a method response's `MethodResponseParameters`, an integration
 * response's `IntegrationResponseParameters`. Never a number: what a name says is what an editor
 * shows in its messages.
 */
function hoistRepeated(schema: Json): { body: Json; definitions: Json } {
  const counts = new Map<string, number>();
  const count = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (!Array.isArray(n)) counts.set(JSON.stringify(n), (counts.get(JSON.stringify(n)) ?? 0) + 1);
    for (const v of Object.values(n)) count(v);
  };
  count(schema);
  /** Each hoisted schema (by its JSON) with its own name and the objects holding it, outermost first. */
  const found = new Map<string, { base: string; owners: string[] }>();
  const names = new Map<string, string>();
  const definitions: Json = {};
  // Only schemas are hoisted, never the maps that hold them (`properties`) or keyword values.
  // The first walk finds them (`names` empty), the second, with the names chosen, rebuilds.
  const hoist = (n: unknown, top: boolean, hint: string, owners: string[] = []): unknown => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) return n;
    const rebuilt: Json = {};
    const self = n as Json;
    // An object with fields is the owner of the schemas below it.
    const inner = !top && self.properties ? [...owners, typeof self.title === 'string' ? pascal(self.title) : hint] : owners;
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties') {
        rebuilt[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, hoist(s, false, keyName(p, hint), inner)]));
      } else if (k === 'patternProperties') {
        rebuilt[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, hoist(s, false, singular(hint), inner)]));
      } else if (k === 'anyOf' || k === 'allOf' || k === 'oneOf') {
        rebuilt[k] = (v as unknown[]).map((s) => hoist(s, false, hint, owners));
      } else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) {
        rebuilt[k] = hoist(v, false, singular(hint), inner);
      } else {
        rebuilt[k] = v;
      }
    }
    const key = JSON.stringify(n);
    if (top || (counts.get(key) ?? 0) < 2 || key.length < 300) return rebuilt;
    if (!found.has(key)) found.set(key, { base: (typeof self.title === 'string' && !self.title.includes('$') ? pascal(self.title) : hint) || 'Definition', owners });
    const name = names.get(key);
    if (name === undefined) return rebuilt;
    if (!(name in definitions)) definitions[name] = rebuilt;
    return { $ref: `#/definitions/${name}` };
  };
  hoist(schema, true, 'Spec');
  for (const [key, name] of chooseNames(found)) names.set(key, name);
  return { body: hoist(schema, true, 'Spec') as Json, definitions };
}

/** `MethodResponse` + `ResponseParameters` -> `MethodResponseParameters`: the shared words once. */
function qualify(owner: string, name: string): string {
  if (name.startsWith(owner)) return name;
  const words = owner.match(/[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [owner];
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i).join('');
    if (name.startsWith(tail)) return `${words.slice(0, i).join('')}${name}`;
  }
  return `${owner}${name}`;
}

/** The names of the hoisted schemas: see hoistRepeated. Throws rather than number a name. */
function chooseNames(found: Map<string, { base: string; owners: string[] }>): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const [key, { base }] of found) byBase.set(base, [...(byBase.get(base) ?? []), key]);
  const chosen = new Map<string, string>();
  for (const [base, keys] of byBase) {
    if (keys.length === 1) {
      chosen.set(keys[0]!, base);
      continue;
    }
    // Each schema's names, ever more qualified: only the owners that change the name count.
    const ladders = keys.map((key) => {
      const out: string[] = [];
      let name = base;
      for (const owner of [...found.get(key)!.owners].reverse()) {
        const next = qualify(owner, name);
        if (next !== name) out.push((name = next));
      }
      return out;
    });
    const longest = Math.max(...ladders.map((l) => l.length));
    let done = false;
    for (let level = 0; level < longest && !done; level++) {
      const picked = ladders.map((l) => l[Math.min(level, l.length - 1)]);
      if (picked.some((p) => p === undefined) || new Set(picked).size !== picked.length) continue;
      keys.forEach((key, i) => chosen.set(key, picked[i]!));
      done = true;
    }
    if (!done) throw new Error(`Cannot name the schemas called ${base} apart by the objects holding them.`);
  }
  const all = [...chosen.values()];
  const twice = all.find((name, i) => all.indexOf(name) !== i);
  if (twice) throw new Error(`Two different schemas would both be named ${twice}.`);
  return chosen;
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
