import { escapeHtml, escapeMd, visibleLine } from '../render/visible.js';
import type { CliIO } from './io.js';

/**
 * The ways a renderer may write a string: JSON-quoted (text, Markdown and JSON plans and drift
 * reports quote values as JSON strings; a saved plan nests JSON in JSON), with control characters
 * escaped, and Markdown/HTML-escaped. A secret holding `"`, `\`, `<` or `|` appears in output only in
 * such forms, never as written.
 */
const ENCODINGS: ((s: string) => string)[] = [
  (s) => JSON.stringify(s).slice(1, -1),
  visibleLine,
  escapeHtml,
  escapeMd,
];
/** Encodings applied on top of each other, as deep as output nests them (JSON of escaped text of JSON). */
const ENCODING_DEPTH = 3;

/**
 * The last line of defence for secrets: every write to stdout and stderr has the values of the
 * secrets this run knows (the environment variables the plan reads secrets from, the sensitive
 * values read from live state) replaced by `(sensitive)`, whatever printed them (an AWS error
 * message echoing a request, a bug in a renderer).
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** The secrets' forms, longest first (a form may contain a shorter one); undefined when stale. */
  private ordered: string[] | undefined;

  /** Values shorter than this are not secrets worth hiding, and hiding them would garble output. */
  static readonly MIN_LENGTH = 6;

  add(value: unknown): void {
    if (typeof value !== 'string' || value.length < Redactor.MIN_LENGTH || this.secrets.has(value)) return;
    let forms = new Set([value]);
    for (let depth = 0; depth < ENCODING_DEPTH; depth++) {
      const next = new Set(forms);
      for (const f of forms) for (const encode of ENCODINGS) next.add(encode(f));
      forms = next;
    }
    for (const f of forms) this.secrets.add(f);
    this.ordered = undefined;
  }

  redact(text: string): string {
    let out = text;
    this.ordered ??= [...this.secrets].sort((a, b) => b.length - a.length);
    for (const s of this.ordered) if (out.includes(s)) out = out.split(s).join('(sensitive)');
    return out;
  }

  /** The same IO, with both output streams redacted. */
  wrap(io: CliIO): CliIO {
    const wrapStream = <S extends CliIO['stdout']>(s: S): S =>
      ({ write: (chunk: string) => s.write(this.redact(String(chunk))), isTTY: s.isTTY, columns: (s as { columns?: number }).columns }) as unknown as S;
    return { ...io, stdout: wrapStream(io.stdout), stderr: wrapStream(io.stderr) };
  }
}
