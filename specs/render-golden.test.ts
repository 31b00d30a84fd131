import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../src/reconcile/plan-types.js';
import { renderPlanJson } from '../src/render/plan-json.js';
import { renderPlanMarkdown } from '../src/render/plan-markdown.js';
import { renderPlanText } from '../src/render/plan-text.js';
import { expectGolden, stabilise } from './helpers/golden.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const scenarios = readdirSync(GOLDEN).filter((d) => /^\d{3}-/.test(d) && readdirSync(join(GOLDEN, d)).includes('input.json'));
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'plan.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

describe.each(scenarios)('rendered plan %s', (scenario) => {
  const dir = join(GOLDEN, scenario);
  const plan = JSON.parse(readFileSync(join(dir, 'input.json'), 'utf8')) as Plan;

  it('text equals plan.txt', () => {
    expectGolden(join(dir, 'plan.txt'), renderPlanText(plan));
  });

  it('Markdown equals plan.md', () => {
    expectGolden(join(dir, 'plan.md'), renderPlanMarkdown(plan));
  });

  it('JSON equals plan.json and is valid against schema/plan.schema.json', () => {
    const json = renderPlanJson(plan);
    expectGolden(join(dir, 'plan.json'), stabilise(json));
    const valid = validate(JSON.parse(json));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe('scenarios', () => {
  it('are all there (a missing folder would make the tests above vacuous)', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
  });
});
