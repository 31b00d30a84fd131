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
export const SCHEMA_BASE_URL = 'https://github.com/apigw-sync/apigw-sync/blob/main/schema/';

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

function transform(node: unknown, root = false): unknown {
  if (Array.isArray(node)) return node.map((n) => transform(n));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  if (src['x-secret']) {
    return {
      type: 'string',
      pattern: '^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*(:-)?\\}$',
      description: `${String(src.description ?? '')} Write \${env:NAME} (NAME must be set) or \${env:NAME:-} (AWS generates the value while NAME is unset): the value is read from the environment when plan/apply run.`.trim(),
    };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'x-file' || k === 'x-secret') continue;
    out[k] = k === 'properties' || k === 'patternProperties'
      ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, transform(s)]))
      : transform(v);
  }
  const alternatives: unknown[] = [];
  const isPlainText = out.type === 'string' && out.enum === undefined && out.pattern === undefined;
  if (!root && out.type !== undefined && !isPlainText) alternatives.push(PLACEHOLDER);
  if (src['x-file']) alternatives.push(FILE_REF);
  if (alternatives.length === 0) return out;
  const { description, ...rest } = out;
  return { ...(description !== undefined && { description }), anyOf: [rest, ...alternatives] };
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
  // Only schemas are hoisted, never the maps that hold them (`properties`) or keyword values.
  const hoist = (n: unknown, top: boolean): unknown => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) return n;
    const rebuilt: Json = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties' || k === 'patternProperties') {
        rebuilt[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, hoist(s, false)]));
      } else if (k === 'anyOf' || k === 'allOf' || k === 'oneOf') {
        rebuilt[k] = (v as unknown[]).map((s) => hoist(s, false));
      } else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) {
        rebuilt[k] = hoist(v, false);
      } else {
        rebuilt[k] = v;
      }
    }
    const key = JSON.stringify(n);
    if (top || (counts.get(key) ?? 0) < 2 || key.length < 300) return rebuilt;
    let name = names.get(key);
    if (!name) {
      name = `d${names.size + 1}`;
      names.set(key, name);
      definitions[name] = rebuilt;
    }
    return { $ref: `#/definitions/${name}` };
  };
  return { body: hoist(schema, true) as Json, definitions };
}

function publish(schema: TSchema, file: string, title: string): Json {
  const { body, definitions } = hoistRepeated(transform(JSON.parse(JSON.stringify(schema)), true) as Json);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `${SCHEMA_BASE_URL}${file}`,
    title,
    ...body,
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
