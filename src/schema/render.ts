import { relative } from 'node:path';
import { visibleLine, visibleText } from '../render/visible.js';
import { readSourceText } from './load/read-source.js';
import type { Diagnostic } from './types.js';

/**
 * Renders diagnostics for people (file:line:col, code, message, a code frame, the fix) and for
 * machines (JSON with the same fields). Shared by validate, plan and apply.
 *
 *   specs/shop.yaml:14:9  error  spec/unknown-field
 *     Method GET /orders (REST API shop) has an unknown field "authorizor". Did you mean "authorizer"?
 *       13 |     GET:
 *     > 14 |       authorizor: cognito
 *          |       ^^^^^^^^^^
 *     Fix: rename or remove it (allowed: ...).
 */
export interface RenderOptions {
  cwd: string;
  /** Source text of a file, for code frames; default reads it (size-limited, UTF-8 only). */
  readSource?: (file: string) => string | undefined;
}

export function shownFile(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], opts: RenderOptions): string {
  const cache = new Map<string, string[] | undefined>();
  const lines = (file: string) => {
    if (!cache.has(file)) {
      const text = opts.readSource ? opts.readSource(file) : readDefault(file);
      cache.set(file, text?.split(/\r?\n/));
    }
    return cache.get(file);
  };
  const out: string[] = [];
  for (const d of diagnostics) {
    const l = d.location;
    const where = l ? `${shownFile(l.file, opts.cwd)}:${l.line}:${l.column}` : 'apigw-sync';
    out.push(`${where}  ${d.severity}  ${d.code}`);
    out.push(`  ${visibleText(d.message)}`);
    if (l && !d.sensitive) {
      const src = lines(l.file);
      if (src && src[l.line - 1] !== undefined) {
        const width = String(l.line).length;
        const pad = (n: number | string) => String(n).padStart(width);
        if (l.line > 1 && src[l.line - 2] !== undefined) out.push(`    ${pad(l.line - 1)} | ${clip(src[l.line - 2]!, 0).text}`);
        const shown = clip(src[l.line - 1]!, l.column - 1);
        out.push(`  > ${pad(l.line)} | ${shown.text}`);
        const span = Math.min(MAX_FRAME - 1, Math.max(1, (l.endColumn ?? l.column + 1) - l.column));
        out.push(`    ${' '.repeat(width)} | ${' '.repeat(shown.caret)}${'^'.repeat(span)}`);
      }
    }
    if (d.fix) out.push(`  Fix: ${visibleText(d.fix)}`);
    out.push('');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

const MAX_FRAME = 100;

/**
 * A window of a long line around the column, so a minified line does not flood the terminal.
 * Control characters are shown as `\u001b` (the caret moves along): a frame must not make the
 * terminal act on the very character an error is about.
 */
function clip(raw: string, rawCol: number): { text: string; caret: number } {
  const line = visibleLine(raw);
  const col = line.length === raw.length ? rawCol : visibleLine(raw.slice(0, rawCol)).length;
  if (line.length <= MAX_FRAME) return { text: line, caret: col };
  const start = Math.max(0, Math.min(col - 20, line.length - MAX_FRAME));
  const text = `${start > 0 ? '...' : ''}${line.slice(start, start + MAX_FRAME)}${start + MAX_FRAME < line.length ? '...' : ''}`;
  return { text, caret: col - start + (start > 0 ? 3 : 0) };
}

function readDefault(file: string): string | undefined {
  const r = readSourceText(file, file);
  return r.ok ? r.text : undefined;
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  fix?: string;
  file?: string;
  line?: number;
  column?: number;
  path?: (string | number)[];
}

export function diagnosticsToJson(diagnostics: readonly Diagnostic[], cwd: string): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.fix && { fix: d.fix }),
    ...(d.location && { file: shownFile(d.location.file, cwd), line: d.location.line, column: d.location.column }),
    ...(d.path && { path: [...d.path] }),
  }));
}
