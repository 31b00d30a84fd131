/**
 * Errors that end a command with a known exit code and a message meant for a person.
 * The CLI's top-level handler prints `message` (and `hint`) without a stack trace; anything
 * that is not an ApigwError is a bug, reported with a request to file an issue.
 */
export const EXIT_OK = 0;
/** Invalid input, a usage error or a failed operation. */
export const EXIT_FAILURE = 1;
/**
 * Usage error (unknown flag, bad value, missing argument): an error like any other, as terraform
 * and decK have it, so that 2 means only "there are changes" (plan --detailed-exitcode) or
 * "there is drift" (drift), which CI reads.
 */
export const EXIT_USAGE = 1;
export const EXIT_CHANGES = 2;

export class ApigwError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    /** How to fix it, printed on its own line after the message. */
    readonly hint?: string,
    /** A stable code, for JSON output and documentation (e.g. `spec/unknown-field`). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApigwError';
  }
}

export class UsageError extends ApigwError {
  constructor(message: string, hint?: string) {
    super(message, EXIT_USAGE, hint, 'usage');
    this.name = 'UsageError';
  }
}
