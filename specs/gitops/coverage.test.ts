import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageRows, renderCoverage } from '../../src/schema/coverage.js';

/** docs/coverage.md: the writable members of the service models and where the language has them. */
const FILE = join(import.meta.dirname, '..', '..', 'docs', 'coverage.md');

describe('coverage of the writable surface', () => {
  const rows = coverageRows();

  it('docs/coverage.md is what `npm run coverage` writes now', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(renderCoverage(rows));
  });

  it('counts the request members of both services, deployments and portals aside', () => {
    expect(rows.some((r) => r.operation === 'CreateRestApi' && r.member === 'securityPolicy' && r.covered)).toBe(true);
    expect(rows.some((r) => r.operation === 'GenerateClientCertificate' && r.covered)).toBe(true);
    expect(rows.some((r) => /Deployment|Portal/.test(r.operation))).toBe(false);
    expect(rows.some((r) => r.member === 'patchOperations' || (r.operation === 'CreateStage' && r.member === 'restApiId'))).toBe(false);
    expect(rows.length).toBeGreaterThan(250);
  });

  it('every member left out names its reason, and coverage does not fall below what it is', () => {
    for (const r of rows.filter((x) => !x.covered)) expect(r.note, `${r.operation}.${r.member}`).not.toBe('not in the language');
    const covered = rows.filter((r) => r.covered).length / rows.length;
    expect(covered).toBeGreaterThanOrEqual(0.95);
  });
});
