/**
 * The one set of ajv options for spec validation, shared by the run-time compile and the
 * build-time one (build-validators.ts), so both produce the same validators and errors.
 * `coerceTypes` lets `${env:TIMEOUT}` (always text) fill a number field; `verbose` puts the
 * schema in each error, which the messages use; `inlineRefs: false` keeps a referenced schema
 * (a schema the spec repeats, validator-schemas.ts) a function of its own.
 */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true, coerceTypes: true, inlineRefs: false } as const;
