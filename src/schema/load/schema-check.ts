import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import { RootConfig, SpecDocument } from '../lang/spec-set.js';
import type { ObjectPath } from '../types.js';
import { AJV_OPTIONS } from './ajv-options.js';
import { sharedSchemas } from './validator-schemas.js';
import { subjectAndField } from './describe.js';
import type { Diagnostics } from './diagnostics.js';
import { didYouMean } from './did-you-mean.js';
import type { SpecSourceMap } from './source-map.js';

/**
 * Validates data against a TypeBox schema with ajv and rewrites each raw error into a located
 * diagnostic in domain words ("Method GET /users (REST API shop) has an unknown field ...").
 * `coerceTypes` lets `${env:TIMEOUT}` (always text) fill a number field; the loader restores
 * the source text of numbers that were coerced to text (`payloadFormatVersion: 2.0`).
 *
 * The spec schemas' validators are compiled at build time (build-validators.ts) into
 * validators.generated.js next to this module; where that file is absent (the TypeScript sources
 * run by the tests), they are compiled here on first use, with the same options.
 */
type Prebuilt = { spec: ValidateFunction; root: ValidateFunction };
const GENERATED = './validators.generated.js';
const prebuilt = (await import(GENERATED).catch((e: { code?: string }) => {
  if (e.code === 'ERR_MODULE_NOT_FOUND') return undefined;
  throw e;
})) as Prebuilt | undefined;
const compiled = new WeakMap<TSchema, ValidateFunction>(
  prebuilt ? [[SpecDocument, prebuilt.spec], [RootConfig, prebuilt.root]] : [],
);
let ajv: Ajv | undefined;
/** Schemas compiled at run time so far: each one's shared schemas get names of their own. */
let compiledCount = 0;

export function checkSchema(
  schema: TSchema, data: unknown, prefix: ObjectPath, sources: SpecSourceMap, diags: Diagnostics,
  failed: Set<string> = new Set(), afterCoercion?: () => boolean,
): boolean {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= new Ajv(AJV_OPTIONS);
    const split = sharedSchemas(schema, `apigw-sync-${++compiledCount}`);
    for (const [name, s] of split.shared) ajv.addSchema(s, name);
    validate = ajv.compile(split.schema);
    compiled.set(schema, validate);
  }
  let valid = validate(data);
  // Coercion happened in the first pass; when it got something wrong (a number written `2.0`
  // made text), fix that and judge the result again. Most specs have nothing to fix, and a
  // second pass over 5,000 methods costs 25-30 ms.
  if (afterCoercion?.()) valid = validate(data);
  if (valid) return true;
  for (const e of dropUnionNoise(validate.errors ?? [])) {
    if (!alreadyReported(e, prefix, failed)) report(e, prefix, sources, diags);
  }
  return false;
}

/** An anyOf failure also reports each branch's error; keep only the anyOf itself. */
function dropUnionNoise(errors: ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  return errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf'
    || !unions.some((u) => e.schemaPath.startsWith(`${u.schemaPath}/`) && e.instancePath.startsWith(u.instancePath)));
}

/** A value that failed to resolve (unset variable, missing include) is not reported as missing too. */
function alreadyReported(e: ErrorObject, prefix: ObjectPath, failed: Set<string>): boolean {
  if (failed.size === 0) return false;
  const path = [...prefix, ...segments(e.instancePath)].map(String);
  if (e.keyword === 'required') path.push((e.params as { missingProperty: string }).missingProperty);
  for (let n = path.length; n > 0; n--) if (failed.has(JSON.stringify(path.slice(0, n)))) return true;
  return false;
}

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping', array: 'a list', string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', null: 'empty',
};

export function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

function report(e: ErrorObject, prefix: ObjectPath, sources: SpecSourceMap, diags: Diagnostics): void {
  const path = [...prefix, ...segments(e.instancePath)];
  const { subject, field } = subjectAndField(path);
  const at = (f: string) => (f ? `${subject}: "${f}"` : subject);
  const parent = (e.parentSchema ?? {}) as { properties?: Record<string, { description?: string }>; minimum?: number; maximum?: number; description?: string };
  const loc = sources.locate(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(parent.properties ?? {});
      const keyPath = [...path, prop];
      const fieldPath = field ? `${field}.${prop}` : prop;
      let message: string;
      if (path.length === prefix.length && prefix.length === 0) {
        message = `Unknown top-level section "${prop}".${didYouMean(prop, allowed)}`;
      } else if (allowed.includes('ANY') && allowed.includes('GET')) {
        message = `${subject} has an unknown HTTP method "${prop}".${didYouMean(prop, allowed)}`;
      } else if (allowed.includes('DEFAULT_4XX')) {
        message = `${subject} has an unknown gateway response type "${prop}".${didYouMean(prop, allowed)}`;
      } else {
        message = `${subject} has an unknown field "${fieldPath}".${didYouMean(prop, allowed)}`;
      }
      const list = allowed.length <= 25 ? `allowed: ${allowed.join(', ')}` : 'see docs/spec.md';
      diags.error('spec/unknown-field', message, `rename or remove it (${list}).`, sources.locateKey(keyPath), keyPath);
      return;
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const desc = parent.properties?.[missing]?.description;
      diags.error('spec/missing-field', `${at(field)} is missing the required field "${missing}".`,
        `add "${missing}"${desc ? `: ${desc}` : '.'}`, sources.locateKey(path), path);
      return;
    }
    case 'type': {
      const want = String((e.params as { type: string }).type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      diags.error('spec/wrong-type', `${at(field)} must be ${want}, not ${showValue(e.data)}.`, `write ${want} here.`, loc, path);
      return;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      diags.error('spec/invalid-value', `${at(field)} must be one of ${allowed.join(', ')}, not ${showValue(e.data)}.${didYouMean(String(e.data), allowed)}`,
        'use one of the allowed values.', loc, path);
      return;
    }
    case 'minimum':
    case 'maximum': {
      const bound = (e.params as { limit: number }).limit;
      const range = parent.minimum !== undefined && parent.maximum !== undefined
        ? `a value from ${parent.minimum} to ${parent.maximum} (AWS's limits)`
        : parent.minimum !== undefined ? `a value of at least ${parent.minimum}` : `a value of at most ${parent.maximum}`;
      diags.error('spec/out-of-range', `${at(field)} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${bound}, not ${showValue(e.data)}.`,
        `use ${range}.`, loc, path);
      return;
    }
    case 'pattern':
      diags.error('spec/invalid-value', `${at(field)} has an invalid value ${showValue(e.data)}.`,
        parent.description ? `${parent.description}` : `match ${(e.params as { pattern: string }).pattern}.`, loc, path);
      return;
    case 'minItems':
      diags.error('spec/invalid-value', `${at(field)} must list at least ${(e.params as { limit: number }).limit} item(s).`, 'add the missing item(s).', loc, path);
      return;
    case 'minProperties': {
      const fields = Object.keys(parent.properties ?? {});
      diags.error('spec/empty-value', `${at(field)} must set at least one field.`,
        `set ${fields.map((f) => `\`${f}\``).join(' or ')}, or remove it.`, loc, path);
      return;
    }
    case 'minLength':
      diags.error('spec/empty-value', `${at(field)} must not be empty.`,
        'AWS rejects an empty value here (or, in an update, takes it as "remove this entry"): write a value, or remove the entry.', loc, path);
      return;
    case 'maxLength':
      diags.error('spec/invalid-value', `${at(field)} is longer than ${(e.params as { limit: number }).limit} characters.`, 'shorten it.', loc, path);
      return;
    case 'anyOf':
      diags.error('spec/wrong-type', `${at(field)} must be a mapping (a JSON document), JSON text, or { $file: path }, not ${showValue(e.data)}.`,
        'write the document as YAML, as a JSON string, or include it from a file.', loc, path);
      return;
    default:
      diags.error('spec/invalid-value', `${at(field)} ${e.message ?? 'is invalid'}.`, parent.description, loc, path);
  }
}
