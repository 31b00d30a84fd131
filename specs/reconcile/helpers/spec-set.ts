import type { RestApiSpec, SpecSet } from '../../../src/schema/index.js';

/** A loaded spec set named `shop` in us-east-1 holding the given REST APIs. */
export function specSet(restApis: Record<string, RestApiSpec>): SpecSet {
  return { name: 'shop', region: 'us-east-1', values: {}, restApis, httpApis: {}, webSocketApis: {}, apiKeys: {}, usagePlans: {}, domains: {}, files: [] };
}
