/**
 * Errors that end a command with a known exit code and a message meant for a person.
 * The CLI's top-level handler prints `message` (and `hint`) without a stack trace; anything
 * that is not an ApigwError is a bug, reported with a request to file an issue.
 */
export const EXIT_OK = 0;
/** Invalid input or a failed operation. */
export const EXIT_FAILURE = 1;
/** Usage error (unknown flag, missing argument); `plan`/`drift --detailed-exitcode` use 2 for "changes". */
export const EXIT_USAGE = 2;
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
