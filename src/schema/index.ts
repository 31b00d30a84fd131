/** The spec language: its types and schema. `loadSpecSet` reads and validates a spec set. */
export type * from './types.js';
export { SpecDocument, RootConfig, ROOT_FILE } from './lang/spec-set.js';
