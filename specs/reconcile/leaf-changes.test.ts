import { describe, expect, it } from 'vitest';
import { leafChanges } from '../../src/reconcile/diff.js';

// Stage and usage-plan changes are listed leaf by leaf, as their patch operations are made.
describe('leafChanges', () => {
  it.each([
    {
      name: 'a new method setting becomes one change per field',
      input: [{ path: '/methodSettings', to: { 'GET /users': { cachingEnabled: true, cacheTtlInSeconds: 600 } } }],
      want: [
        { path: '/methodSettings/GET ~1users/cacheTtlInSeconds', to: 600 },
        { path: '/methodSettings/GET ~1users/cachingEnabled', to: true },
      ],
    },
    {
      name: 'a removed quota lists what goes',
      input: [{ path: '/quota', from: { limit: 10, period: 'DAY' } }],
      want: [{ path: '/quota/limit', from: 10 }, { path: '/quota/period', from: 'DAY' }],
    },
    {
      name: 'values, lists and unchanged fields are left as they are',
      input: [{ path: '/canarySettings', from: { percentTraffic: 10, useStageCache: false }, to: { percentTraffic: 20, useStageCache: false } },
        { path: '/binaryMediaTypes', from: ['a'], to: ['b'] }],
      want: [{ path: '/canarySettings/percentTraffic', from: 10, to: 20 }, { path: '/binaryMediaTypes', from: ['a'], to: ['b'] }],
    },
    {
      name: 'a sensitive change stays whole and sensitive',
      input: [{ path: '/value', from: '(sensitive)', to: '(sensitive)', sensitive: true }],
      want: [{ path: '/value', from: '(sensitive)', to: '(sensitive)', sensitive: true }],
    },
  ])('$name', ({ input, want }) => {
    expect(leafChanges(input)).toStrictEqual(want);
  });
});
