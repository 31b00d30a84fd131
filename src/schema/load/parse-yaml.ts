import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Diagnostics } from './diagnostics.js';
import { locationAt } from './source-map.js';

export { locationAt };

/** yaml's options for a spec file (the fast path's positions come from the same parse: fast-yaml.ts). */
export const PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: true, merge: false } as const;

/** A parsed YAML file and what is needed to turn offsets into line:column. */
export interface ParsedFile {
  file: string;
  shown: string;
  text: string;
  doc: Document;
  lineCounter: LineCounter;
}

/**
 * Parses one YAML document. Duplicate keys in a mapping are errors (found with a set per mapping:
 * the parser's own `uniqueKeys` check compares each key with every earlier one, which made a
 * mapping of 60,000 keys take over a minute); aliases are
 * not expanded here (the walker expands them under a budget); parser exceptions such as a stack
 * overflow on absurd nesting become a located diagnostic instead of a crash.
 */
export function parseYamlFile(text: string, file: string, shown: string, diags: Diagnostics): ParsedFile | undefined {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = withPlainEnv(() => parseDocument(text, { lineCounter, ...PARSE_OPTIONS }));
  } catch (err) {
    const why = err instanceof RangeError ? 'it is nested too deeply' : (err as Error).message;
    diags.error('spec/yaml-syntax', `${shown} cannot be parsed as YAML: ${why}.`, 'fix the YAML syntax.', { file, line: 1, column: 1 });
    return undefined;
  }
  let ok = true;
  const duplicates = duplicateKeyOffsets(doc);
  for (const e of [...syntaxErrors(doc, text), ...doc.warnings, ...duplicates.map((at) => ({ code: 'DUPLICATE_KEY', pos: [at, at] as [number, number], message: '' }))]) {
    ok = false;
    const loc = locationAt(file, lineCounter, e.pos[0], e.pos[1]);
    if (e.code === 'DUPLICATE_KEY') {
      const line = text.slice(e.pos[0]).split('\n', 1)[0] ?? '';
      const key = (line.match(/^("[^"]*"|'[^']*'|[^:]*?)\s*:(\s|$)/)?.[1] ?? line).trim();
      diags.error('spec/duplicate-key', `Duplicate key "${key}" in this mapping: each key may appear once.`,
        'remove or rename one of the two entries.', loc);
    } else if (e.code === 'MULTIPLE_DOCS') {
      diags.error('spec/yaml-syntax', `${shown} holds several YAML documents (separated by ---); a spec file holds one.`,
        'split the documents into separate files.', loc);
    } else {
      const why = /call stack/i.test(e.message) ? 'values are nested too deeply' : e.message.replace(/\.$/, '');
      const tab = isTab(e);
      diags.error('spec/yaml-syntax', `Invalid YAML: ${why}.`, tab ? 'indent with spaces: YAML does not allow tabs in indentation.' : 'fix the YAML syntax at this position.', loc);
    }
  }
  return ok ? { file, shown, text, doc, lineCounter } : undefined;
}

const isTab = (e: { code: string; message: string }) => e.code === 'TAB_AS_INDENT' || /\btabs?\b/i.test(e.message);

/**
 * The parser's errors, without those that only follow from an earlier one: after a syntax error
 * the parser recovers by guessing, and each later line it cannot place (one tab made 7 to 19 errors
 * in one file) is another error that goes away with the first. So: every tab used as indentation
 * (one per line, each a fix of its own), else the first error; the count of the rest is said.
 */
function syntaxErrors(doc: Document, text: string): { code: string; pos: [number, number]; message: string }[] {
  const errors = doc.errors;
  if (errors.length <= 1) return errors;
  const lineOf = (at: number) => text.slice(0, at).split('\n').length;
  const tabLines = new Set<number>();
  const kept = errors.filter((e) => {
    if (!isTab(e)) return false;
    const line = lineOf(e.pos[0]);
    if (tabLines.has(line)) return false;
    tabLines.add(line);
    return true;
  });
  if (kept.length === 0) kept.push(errors[0]!);
  const rest = errors.length - kept.length;
  if (rest === 0) return kept;
  const last = kept[kept.length - 1]!;
  const more = `${rest} later syntax error${rest === 1 ? '' : 's'} in this file, most likely caused by ${kept.length === 1 ? 'it' : 'these'}, not listed`;
  return [...kept.slice(0, -1), { ...last, message: `${last.message.replace(/\.$/, '')} (${more})` }];
}

/**
 * yaml's parser reads `process.env.LOG_TOKENS` once per token (yaml 2.9, parse/parser.js `next`),
 * and process.env is not a plain object: each read goes through a native interceptor. A spec of
 * 5,000 methods has about 490,000 tokens, and those reads cost 90-250 ms of its parse. The parse
 * is synchronous, so no other code can observe the plain copy put in place for its duration.
 */
export function withPlainEnv<T>(fn: () => T): T {
  const env = process.env;
  process.env = { ...env };
  try {
    return fn();
  } finally {
    process.env = env;
  }
}

/**
 * Start offsets of scalar keys that repeat an earlier key of the same mapping, in document order.
 * A plain recursion over the nodes: yaml's generic `visit` builds a path array per node and cost
 * about 100 ms on a spec of 5,000 methods.
 */
function duplicateKeyOffsets(doc: Document): number[] {
  const out: number[] = [];
  const scan = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        if (seen.has(value)) out.push(pair.key.range?.[0] ?? 0);
        else seen.add(value);
      }
      for (const pair of node.items) scan(pair);
    } else if (isSeq(node)) {
      for (const item of node.items) scan(item);
    } else if (isPair(node)) {
      scan(node.key);
      scan(node.value);
    }
  };
  scan(doc.contents);
  return out;
}
