import { realpathSync } from 'node:fs';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { jsonTooDeepAt } from '../../files/read-bounded.js';
import { CONTROL_CHAR, controlCharName, visibleLine } from '../../render/visible.js';
import type { ObjectPath, SourceLocation } from '../types.js';
import { subjectAndField } from './describe.js';
import type { Diagnostics } from './diagnostics.js';
import type { ParsedFile } from './parse-yaml.js';
import { readSourceText } from './read-source.js';
import { locationAt, Span, type SpecSourceMap } from './source-map.js';
import { SECRET_PLACEHOLDER, substitute, type SubstituteContext } from './substitute.js';

/**
 * Turns a parsed YAML document into plain data while recording where every value came from.
 * Done by hand rather than with `doc.toJS()` so that, in one bounded pass, it can: expand
 * aliases under a node budget (alias bombs), refuse prototype-polluting keys, substitute
 * `${env:}`/`${values.}` in keys and values, read `{ $file: path }` includes, and keep API key
 * values as `{ secretEnv }` references.
 */
export const MAX_ALIAS_NODES = 10_000;
export const MAX_DEPTH = 100;
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface WalkOptions {
  parsed: ParsedFile;
  sources: SpecSourceMap;
  diags: Diagnostics;
  subst: SubstituteContext;
  /** `$file` includes must stay inside this directory (the spec set's root). */
  setRoot: string;
  /** Prefix of every recorded path (the root file records under `$root`). */
  basePath?: ObjectPath;
  isSecret?: (path: ObjectPath) => boolean;
  /** Number scalars whose source text differs from String(value), e.g. `2.0`; see numberSources. */
  numberSources: Map<string, string>;
  /** Paths left out because of an error already reported (JSON of the path): not reported again. */
  failed?: Set<string>;
  /** Collects every `${env:NAME}` written (API key values included, as `secret: true`). */
  envUses?: EnvUse[];
}

/** Where a spec reads an environment variable: a key value's variable may be read nowhere else. */
export interface EnvUse {
  name: string;
  location: SourceLocation;
  path: ObjectPath;
  secret?: true;
}

export const ENV_REFERENCE = /\$\$\{|\$\{env:([A-Za-z_][A-Za-z0-9_]*)/g;

interface State extends WalkOptions {
  aliasNodes: number;
  aliasReported: boolean;
  depthReported: boolean;
  sizes: WeakMap<Node, number>;
}

export function walkDocument(opts: WalkOptions): unknown {
  const st: State = { ...opts, aliasNodes: 0, aliasReported: false, depthReported: false, sizes: new WeakMap() };
  const contents = opts.parsed.doc.contents;
  if (!contents) return null;
  return walk(contents as Node, opts.basePath ?? [], st, 0);
}

function loc(st: State, node: Node): SourceLocation {
  const r = node.range ?? [0, 0, 0];
  return locationAt(st.parsed.file, st.parsed.lineCounter, r[0], r[1]);
}

/** The same position for the source map, as offsets (line:column is worked out if it is ever shown). */
function span(st: State, node: Node): Span {
  const r = node.range ?? [0, 0, 0];
  return new Span(st.parsed.file, st.parsed.lineCounter, r[0], r[1]);
}

function walk(node: Node, path: ObjectPath, st: State, depth: number): unknown {
  if (depth > MAX_DEPTH) {
    if (!st.depthReported) {
      st.depthReported = true;
      st.diags.error('spec/too-deep', `Values are nested more than ${MAX_DEPTH} levels deep.`, 'flatten the structure.', loc(st, node), path);
    }
    return undefined;
  }
  if (isAlias(node)) return walkAlias(node, path, st, depth);
  st.sources.setValue(path, span(st, node));
  if (isScalar(node)) return scalar(node, path, st);
  if (isSeq(node)) return node.items.map((item, i) => (item == null ? null : walk(item as Node, [...path, i], st, depth + 1)));
  if (isMap(node)) return mapping(node, path, st, depth);
  st.diags.error('spec/unsupported-value', 'This YAML value is not supported.', 'use plain mappings, lists and scalars.', loc(st, node), path);
  return undefined;
}

function walkAlias(node: Node & { resolve(doc: unknown): Node | undefined }, path: ObjectPath, st: State, depth: number): unknown {
  const target = node.resolve(st.parsed.doc);
  if (!target) {
    st.diags.error('spec/yaml-syntax', 'This alias refers to no anchor.', 'define the anchor (&name) before the alias (*name).', loc(st, node), path);
    return undefined;
  }
  st.aliasNodes += size(target, st);
  if (st.aliasNodes > MAX_ALIAS_NODES) {
    if (!st.aliasReported) {
      st.aliasReported = true;
      st.diags.error('spec/alias-limit',
        `Aliases in ${st.parsed.shown} expand to more than ${MAX_ALIAS_NODES} values (an alias bomb?).`,
        'use fewer or smaller aliases; write repeated parts out, or move them to separate files.', loc(st, node), path);
    }
    return undefined;
  }
  const value = walk(target, path, st, depth + 1);
  st.sources.setValue(path, span(st, node));
  return value;
}

/** Number of values a node expands to, aliases included; memoised so this stays linear. */
function size(node: Node, st: State): number {
  const known = st.sizes.get(node);
  if (known !== undefined) return known;
  st.sizes.set(node, 1); // guards against alias cycles
  let n = 1;
  if (isAlias(node)) {
    const t = node.resolve(st.parsed.doc);
    n = t ? size(t as Node, st) : 1;
  } else if (isSeq(node)) {
    for (const i of node.items) n += i ? size(i as Node, st) : 1;
  } else if (isMap(node)) {
    for (const p of node.items) n += 1 + (p.value ? size(p.value as Node, st) : 0);
  }
  n = Math.min(n, Number.MAX_SAFE_INTEGER);
  st.sizes.set(node, n);
  return n;
}

function scalar(node: Node & { value: unknown; source?: string }, path: ObjectPath, st: State): unknown {
  const v = node.value;
  if (st.isSecret?.(path)) return secret(v, node, path, st);
  if (typeof v === 'number') {
    if (typeof node.source === 'string' && node.source !== String(v)) st.numberSources.set(JSON.stringify(path), node.source);
    return v;
  }
  if (typeof v === 'string') {
    const text = substituted(v, node, path, st);
    if (typeof text === 'string' && hasControlChar(text, node, path, st)) return undefined;
    return text;
  }
  if (v === null || typeof v === 'boolean') return v;
  st.diags.error('spec/unsupported-value', 'This YAML value (a binary or tagged value) is not supported.', 'write plain text, a number or true/false.', loc(st, node), path);
  return undefined;
}

function substituted(v: string, node: Node, path: ObjectPath, st: State): unknown {
  if (st.envUses && v.includes('${env:')) {
    for (const m of v.matchAll(ENV_REFERENCE)) if (m[1]) st.envUses.push({ name: m[1], location: loc(st, node), path });
  }
  const r = substitute(v, st.subst);
  if (r.ok) return r.value;
  for (const p of r.problems) st.diags.error(p.code, p.message, p.fix, loc(st, node), path);
  st.failed?.add(JSON.stringify(path.map(String)));
  return undefined;
}

function secret(v: unknown, node: Node, path: ObjectPath, st: State): unknown {
  const m = typeof v === 'string' ? v.match(SECRET_PLACEHOLDER) : null;
  if (m) {
    st.envUses?.push({ name: m[1]!, location: loc(st, node), path, secret: true });
    return m[2] ? { secretEnv: m[1], optional: true } : { secretEnv: m[1] };
  }
  st.diags.list.push({
    code: 'spec/secret-literal',
    severity: 'error',
    message: `API key ${String(path[1])}: "value" must be \${env:NAME} or \${env:NAME:-}; a key value is a secret and must not be written in the spec.`,
    fix: `write value: \${env:NAME} and set NAME where plan and apply run (\${env:NAME:-} lets AWS generate the value while NAME is unset), or remove "value" to let AWS generate the key.`,
    location: loc(st, node),
    path,
    sensitive: true,
  });
  st.failed?.add(JSON.stringify(path.map(String)));
  return undefined;
}

function mapping(node: Node & { items: { key: unknown; value: unknown }[] }, path: ObjectPath, st: State, depth: number): unknown {
  const first = node.items[0];
  if (node.items.length === 1 && isScalar(first?.key) && first.key.value === '$file') {
    return include(first.value as Node | null, node, path, st);
  }
  const out: Record<string, unknown> = {};
  const written = new Map<string, { raw: string; keyNode: Node }>();
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
      st.diags.error('spec/invalid-key', 'Mapping keys must be plain text.', 'write the key as text (quote it if needed).',
        keyNode ? loc(st, keyNode) : loc(st, node), path);
      continue;
    }
    const raw = String(keyNode.value);
    if (raw === '<<' && keyNode.type === 'PLAIN') {
      st.diags.error('spec/unsupported-value', 'YAML merge keys (<<) are not supported: each field of a spec is written where it applies.',
        'write the fields out, or share values through environments and ${values.NAME}.', loc(st, keyNode), path);
      continue;
    }
    if (FORBIDDEN_KEYS.has(raw)) {
      st.diags.error('spec/forbidden-key', `"${raw}" cannot be used as a key.`, 'rename the key.', loc(st, keyNode), path);
      continue;
    }
    const k = substituted(raw, keyNode, path, st);
    if (k === undefined) continue;
    if (typeof k !== 'string' || FORBIDDEN_KEYS.has(k)) {
      st.diags.error('spec/invalid-key', `The key "${raw}" must resolve to text, not ${JSON.stringify(k)}.`, 'use a value that is text.', loc(st, keyNode), path);
      continue;
    }
    if (hasControlChar(k, keyNode, path, st, 'key')) continue;
    const other = written.get(k);
    if (other) {
      st.diags.error('spec/duplicate-key', `Duplicate key "${k}" in this mapping: "${other.raw}" on line ${loc(st, other.keyNode).line} and "${raw}" here both become "${k}".`,
        'make the keys differ in every environment.', loc(st, keyNode), path);
      continue;
    }
    written.set(k, { raw, keyNode });
    const childPath = [...path, k];
    const keySpan = span(st, keyNode);
    st.sources.setKey(childPath, keySpan);
    const valueNode = pair.value as Node | null;
    if (valueNode) {
      const value = walk(valueNode, childPath, st, depth + 1);
      // `key: ${values.x}` with x set to null (~) leaves the key out in that environment.
      if (value === null && isScalar(valueNode) && typeof valueNode.value === 'string' && /^\$\{values\.[^}]*\}$/.test(valueNode.value)) continue;
      out[k] = value;
    } else {
      st.sources.setValue(childPath, keySpan);
      out[k] = null;
    }
  }
  return out;
}

/** `{ $file: path }`: JSON files become data, anything else text. Paths stay inside the set. */
function include(valueNode: Node | null, node: Node, path: ObjectPath, st: State): unknown {
  const value = readInclude(valueNode, node, path, st);
  if (value === undefined) st.failed?.add(JSON.stringify(path.map(String)));
  return value;
}

function readInclude(valueNode: Node | null, node: Node, path: ObjectPath, st: State): unknown {
  const rel = valueNode && isScalar(valueNode) ? valueNode.value : undefined;
  const r = readIncludeValue(rel, st.parsed.file, st.setRoot);
  if (r.ok) return r.value;
  st.diags.error(r.code, r.message, r.fix, valueNode ? loc(st, valueNode) : loc(st, node), path);
  return undefined;
}

export type IncludeResult = { ok: true; value: unknown } | { ok: false; code: string; message: string; fix: string };

/**
 * The value of `{ $file: rel }` written in `fromFile`: JSON files become data, anything else text.
 * Paths stay inside the set. Shared by the walker over yaml's nodes and the fast path (fast-yaml.ts).
 */
export function readIncludeValue(rel: unknown, fromFile: string, setRoot: string): IncludeResult {
  if (typeof rel !== 'string' || rel === '') {
    return { ok: false, code: 'spec/bad-include', message: '$file needs a relative file path.', fix: 'write { $file: templates/name.vtl }.' };
  }
  const abs = resolve(dirname(fromFile), rel);
  if (!isInside(setRoot, abs)) {
    return { ok: false, code: 'spec/bad-include', message: `$file ${rel} points outside the spec set's directory.`,
      fix: 'keep included files inside the spec set (next to apigw-sync.yaml or below it).' };
  }
  const read = readSourceText(abs, rel);
  if (!read.ok) {
    return { ok: false, code: read.code === 'spec/path-not-found' ? 'spec/bad-include' : read.code,
      message: `$file ${read.message.replace(/^\S+ /, `${rel} `)}`, fix: read.fix };
  }
  const fix = `remove it (\`cat -v ${rel}\` shows control characters, e.g. ESC as ^[).`;
  if (extname(abs).toLowerCase() !== '.json') {
    const bad = CONTROL_CHAR.exec(read.text);
    if (!bad) return { ok: true, value: read.text };
    const before = read.text.slice(0, bad.index);
    const line = before.split('\n').length;
    const col = bad.index - before.lastIndexOf('\n');
    return { ok: false, code: 'spec/control-character', message: `$file ${rel} contains the control character ${controlCharName(bad[0])} at line ${line}, column ${col}; ${ALLOWED}.`, fix };
  }
  let found: { at: string; ch: string } | undefined;
  const deepAt = jsonTooDeepAt(read.text, MAX_DEPTH);
  if (deepAt >= 0) {
    return { ok: false, code: 'spec/too-deep', message: `$file ${rel} nests arrays and objects more than ${MAX_DEPTH} levels deep (at character ${deepAt + 1}).`, fix: 'flatten the structure.' };
  }
  try {
    const data = JSON.parse(read.text, (k, v: unknown) => {
      if (FORBIDDEN_KEYS.has(k)) throw new Error(`the key "${k}" is not allowed`);
      const bad = CONTROL_CHAR.exec(k) ?? (typeof v === 'string' ? CONTROL_CHAR.exec(v) : null);
      if (bad && !found) found = { at: k, ch: bad[0] };
      return v;
    }) as unknown;
    if (!found) return { ok: true, value: data };
  } catch (err) {
    return { ok: false, code: 'spec/bad-include', message: `$file ${rel} is not valid JSON: ${(err as Error).message}.`, fix: 'fix the JSON in that file.' };
  }
  return { ok: false, code: 'spec/control-character', message: `$file ${rel} contains the control character ${controlCharName(found.ch)} (in the key "${visibleLine(found.at)}" or its value); ${ALLOWED}.`, fix };
}

const ALLOWED = 'a spec may hold tabs and line breaks, but no other control character';

/**
 * Reports the first control character of a value or a key (after substitution, so an environment
 * variable cannot bring one in either), located at the character itself when it is written raw in
 * the file, else at the value. Nothing legitimate in a spec holds one, and names and descriptions
 * reach the plan, a terminal and pull-request comments: ESC there starts a terminal sequence.
 */
function hasControlChar(text: string, node: Node, path: ObjectPath, st: State, what: 'value' | 'key' = 'value'): boolean {
  const bad = CONTROL_CHAR.exec(text);
  if (!bad) return false;
  const before = text.slice(0, bad.index);
  const line = before.split('\n').length;
  const col = bad.index - before.lastIndexOf('\n');
  const where = `${line > 1 ? `line ${line}, character ${col}` : `character ${col}`} of the ${what}`;
  const name = controlCharName(bad[0]);
  const { subject, field } = subjectAndField(path);
  const owner = field ? `${subject}: "${field}"` : subject;
  const message = what === 'key'
    ? `${owner} has the key "${visibleLine(text)}", which contains the control character ${name} (${where}); ${ALLOWED}.`
    : `${owner} contains the control character ${name} (${where}); ${ALLOWED}.`;
  const r = node.range ?? [0, 0, 0];
  const raw = st.parsed.text.slice(r[0], r[1]).search(CONTROL_CHAR);
  const location = raw >= 0 ? locationAt(st.parsed.file, st.parsed.lineCounter, r[0] + raw, r[0] + raw + 1) : loc(st, node);
  st.diags.error('spec/control-character', message,
    `remove it (\`cat -v ${st.parsed.shown}\` shows control characters, e.g. ESC as ^[); if it comes from \${env:NAME} or \${values.NAME}, clean that value.`,
    location, path);
  if (what === 'value') st.failed?.add(JSON.stringify(path.map(String)));
  return true;
}

/** Whether `file` lies inside `dir`, also after following symbolic links. */
function isInside(dir: string, file: string): boolean {
  const within = (d: string, f: string) => {
    const r = relative(d, f);
    return r !== '..' && !r.startsWith(`..${sep}`) && resolve(d, r) === f;
  };
  if (!within(dir, file)) return false;
  try {
    return within(realpathSync(dir), realpathSync(file));
  } catch {
    return true; // a missing file is reported when it is read
  }
}
