/**
 * Defaults that command definitions show in their help. Kept apart from the modules that run the
 * commands, so that defining the commands (every run, even `--version`) loads no AWS SDK.
 */

/** Steps apply runs at once by default (`--parallelism`): suits AWS's 10 calls per second (the pacer keeps the rate, this bounds calls in flight). */
export const DEFAULT_PARALLELISM = 4;
