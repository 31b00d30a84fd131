import { describe, expect, it } from 'vitest';
import { errorsOf, ROOT } from './helpers.js';
import { duplicateCases, referenceCases, schemaCases, syntaxCases, valueCases } from './invalid-corpus.js';

/** Each case of the invalid-spec corpus gives exactly its messages, at file:line:column. */
describe.each([
  ['schema', schemaCases],
  ['references', referenceCases],
  ['duplicates', duplicateCases],
  ['syntax and semantics', syntaxCases],
  ['values, secrets and files', valueCases],
])('%s', (_group, cases) => {
  it.each(cases)('$name', ({ files, want }) => {
    expect(errorsOf({ 'apigw-sync.yaml': ROOT, ...files })).toStrictEqual(want);
  });
});

describe('every error says how to fix it', () => {
  it('each diagnostic of the corpus has a fix', async () => {
    const { load } = await import('./helpers.js');
    for (const c of [...schemaCases, ...referenceCases, ...duplicateCases, ...syntaxCases, ...valueCases]) {
      const { result } = load({ 'apigw-sync.yaml': ROOT, ...c.files });
      expect(result.ok).toBe(false);
      if (!result.ok) for (const d of result.diagnostics) expect(d.fix, `${c.name}: ${d.message}`).toMatch(/\S/);
    }
  });
});
