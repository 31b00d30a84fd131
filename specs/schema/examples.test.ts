import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GATEWAY_RESPONSE_TYPES } from '../../src/schema/lang/rest-api.js';
import { RootConfig, SpecDocument } from '../../src/schema/lang/spec-set.js';

/**
 * The examples are the language's showcase and the later issues' test data: between them they
 * must use every field the schema defines, so a new field without an example fails here.
 */
const root = join(import.meta.dirname, '../../examples');

/** Fields that need no example: each of the 21 gateway response types, and internal shapes. */
const NOT_NEEDED = new Set<string>([
  ...GATEWAY_RESPONSE_TYPES.filter((t) => !['DEFAULT_4XX', 'DEFAULT_5XX', 'UNAUTHORIZED', 'THROTTLED', 'QUOTA_EXCEEDED'].includes(t)),
  'secretEnv', // written as ${env:NAME}
  'optional', // written as ${env:NAME:-}
  'OPTIONS', // a hand-written OPTIONS method: the examples use the cors shorthand instead
  'productCode', // a usage plan sold as an AWS Marketplace SaaS product: none of the examples is one
]);

function schemaFields(): Set<string> {
  const out = new Set<string>();
  const visit = (s: unknown): void => {
    if (!s || typeof s !== 'object') return;
    const n = s as Record<string, unknown>;
    for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, unknown>)) {
      out.add(k);
      visit(v);
    }
    for (const v of Object.values((n.patternProperties ?? {}) as Record<string, unknown>)) visit(v);
    visit(n.items);
    for (const v of (n.anyOf ?? []) as unknown[]) visit(v);
  };
  visit(SpecDocument);
  visit(RootConfig);
  return out;
}

describe('examples', () => {
  it('use every field of the language between them', () => {
    const used = new Set<string>();
    const walk = (d: unknown): void => {
      if (!d || typeof d !== 'object') return;
      for (const [k, v] of Object.entries(d)) {
        used.add(k);
        walk(v);
      }
    };
    for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('github-actions'))) {
      walk(parse(readFileSync(join(root, f), 'utf8')));
    }
    const unused = [...schemaFields()].filter((f) => !used.has(f) && !NOT_NEEDED.has(f));
    expect(unused).toStrictEqual([]);
  });
});
