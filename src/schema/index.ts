/** The spec language: its types, schema, loader and diagnostics renderer. */
export type * from './types.js';
export { SpecDocument, RootConfig, ROOT_FILE } from './lang/spec-set.js';
export { loadSpecSet } from './load/load-spec-set.js';
export { renderDiagnosticsText, diagnosticsToJson, shownFile } from './render.js';
export { corsMethod } from './load/expand-shorthands.js';
export { lambdaInvocationUri } from './check/arns.js';
