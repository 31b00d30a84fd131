import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plan } from './helpers/builders.js';
import { scenarios } from './helpers/scenarios.js';

/**
 * The scenario plans, as the planner makes them, kept as reviewed fixtures in
 * specs/golden/0NN-plan-<name>/input.json: the renderers' golden tests render them.
 * `UPDATE_GOLDEN=1` rewrites them (review the diff); a missing one is written, except in CI.
 */
const GOLDEN = join(import.meta.dirname, '..', 'golden');

describe.each(scenarios())('golden plan $dir', (s) => {
  it('equals input.json', () => {
    const actual = `${JSON.stringify(plan(s.desired, s.live, s.allowDestroy ? { allowDestroy: true } : {}), null, 2)}\n`;
    const file = join(GOLDEN, s.dir, 'input.json');
    if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(file) && !process.env.CI)) {
      mkdirSync(join(GOLDEN, s.dir), { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
