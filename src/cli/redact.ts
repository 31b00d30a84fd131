import type { CliIO } from './io.js';

/**
 * The last line of defence for secrets: every write to stdout and stderr has the values of the
 * secrets this run knows (the environment variables the plan reads secrets from, the sensitive
 * values read from live state) replaced by `(sensitive)`, whatever printed them (an AWS error
 * message echoing a request, a bug in a renderer).
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Values shorter than this are not secrets worth hiding, and hiding them would garble output. */
  static readonly MIN_LENGTH = 6;

  add(value: unknown): void {
    if (typeof value === 'string' && value.length >= Redactor.MIN_LENGTH) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('(sensitive)');
    return out;
  }

  /** The same IO, with both output streams redacted. */
  wrap(io: CliIO): CliIO {
    const wrapStream = <S extends CliIO['stdout']>(s: S): S =>
      ({ write: (chunk: string) => s.write(this.redact(String(chunk))), isTTY: s.isTTY, columns: (s as { columns?: number }).columns }) as unknown as S;
    return { ...io, stdout: wrapStream(io.stdout), stderr: wrapStream(io.stderr) };
  }
}
