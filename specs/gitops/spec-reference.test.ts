import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReference } from '../../src/schema/reference.js';

/** docs/spec-reference.md is generated from the schema: it must be what `npm run docs` writes now. */
const FILE = join(import.meta.dirname, '..', '..', 'docs', 'spec-reference.md');

describe('docs/spec-reference.md', () => {
  const committed = readFileSync(FILE, 'utf8');

  it('is up to date with the schema (run `npm run docs` after changing src/schema/lang)', () => {
    expect(committed).toBe(renderReference());
  });

  it('links only to sections it has', () => {
    const anchors = new Set([...committed.matchAll(/^## (.+)$/gm)].map((m) =>
      (m[1] ?? '').toLowerCase().replace(/[^a-z0-9 _-]/g, '').trim().replace(/\s+/g, '-')));
    const links = [...committed.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(40);
    expect(links.filter((l) => !anchors.has(l ?? ''))).toEqual([]);
  });

  it('describes every field, with the schema\'s own words', () => {
    expect(committed).toContain('| `timeoutInMillis` | integer 50..30000 | Integration timeout in milliseconds, 50 to 30000 (AWS default 30000). |');
    expect(committed).toContain('| `value` | secret: `${env:NAME}` |');
    expect(committed).not.toMatch(/\| `[^`]+`[^|]*\| [^|]+ \|  \|/); // no empty description
  });
});
