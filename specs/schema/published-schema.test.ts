import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { publishedSchemas, serialise } from '../../src/schema/published.js';

/**
 * The JSON Schema files shipped for editors are generated from the TypeBox definitions; these
 * tests fail when someone changes the language without running `npm run schema`, and check that
 * the published form accepts the examples exactly as written (placeholders, includes, secrets).
 */
const root = join(import.meta.dirname, '../..');

describe('published JSON Schema', () => {
  it.each(publishedSchemas())('schema/$file is what `npm run schema` generates', ({ file, schema }) => {
    expect(readFileSync(join(root, 'schema', file), 'utf8')).toBe(serialise(schema));
  });

  const ajv = new Ajv({ allErrors: true, strict: false });
  const spec = ajv.compile(JSON.parse(readFileSync(join(root, 'schema/apigw-sync.schema.json'), 'utf8')));
  const rootSchema = ajv.compile(JSON.parse(readFileSync(join(root, 'schema/apigw-sync-root.schema.json'), 'utf8')));

  const exampleFiles = readdirSync(join(root, 'examples'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f))
    // CI workflow files live there too (examples/github-actions): not spec files.
    .filter((f) => !f.startsWith('github-actions'));
  it('covers the examples', () => expect(exampleFiles.length).toBeGreaterThanOrEqual(6));
  it.each(exampleFiles)('accepts examples/%s as written', (file) => {
    const validate = file.endsWith('apigw-sync.yaml') ? rootSchema : spec;
    const data: unknown = parse(readFileSync(join(root, 'examples', file), 'utf8'));
    expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('rejects a misspelt field and a literal API key value, as an editor would show', () => {
    expect(spec({ restApis: { shop: { descripton: 'x' } } })).toBe(false);
    expect(spec({ apiKeys: { partner: { value: 'abcdefghijklmnopqrstuvwxyz' } } })).toBe(false);
    expect(spec({ apiKeys: { partner: { value: '${env:PARTNER_KEY}' } } })).toBe(true);
  });

  it('gives every property a description (shown by yaml-language-server)', () => {
    const missing: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [name, sub] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof sub.description !== 'string' && typeof sub.$ref !== 'string') missing.push(`${path}.${name}`);
        visit(sub, `${path}/properties/${name}`);
      }
      // The map of properties is not a schema itself (a field may be called `properties`).
      for (const [k, v] of Object.entries(n)) if (k !== 'properties') visit(v, `${path}/${k}`);
    };
    for (const { schema } of publishedSchemas()) visit(schema, '#');
    expect(missing).toStrictEqual([]);
  });
});
