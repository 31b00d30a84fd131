import { SpecDocument } from '../lang/spec-set.js';
import type { Diagnostic, LoadOptions, LoadResult, ObjectPath, SpecDocument as SpecDocumentT, SpecSet } from '../types.js';
import { runChecks } from '../check/index.js';
import { expandShorthands } from './expand-shorthands.js';
import { Diagnostics, sortDiagnostics } from './diagnostics.js';
import { discoverSpecSet, shownPath } from './discover.js';
import { fastWalk } from './fast-yaml.js';
import { parseYamlFile } from './parse-yaml.js';
import { readSourceText } from './read-source.js';
import { readRootConfig } from './root-config.js';
import { checkSchema } from './schema-check.js';
import { SpecSourceMap } from './source-map.js';
import { walkDocument, type EnvUse } from './walk.js';
import { subjectAndField } from './describe.js';

export const SECTIONS = ['restApis', 'httpApis', 'webSocketApis', 'apiKeys', 'usagePlans', 'domains', 'vpcLinks', 'clientCertificates'] as const;
const SECTION_WORDS: Record<string, string> = {
  restApis: 'REST API', httpApis: 'HTTP API', webSocketApis: 'WebSocket API', apiKeys: 'API key', usagePlans: 'usage plan', domains: 'domain', vpcLinks: 'VPC link', clientCertificates: 'client certificate',
};

/** Top-level settings of the whole set (not maps of named objects): each may be written in one file only. */
const SET_SETTINGS = new Set(['lambdaPermissions', 'account']);

const isSecretPath = (p: ObjectPath) => p.length === 3 && p[0] === 'apiKeys' && p[2] === 'value';

/**
 * Reads a spec set (files, a directory, or both), resolves includes, environment values and
 * secrets references, validates it against the schema and the semantic rules, and expands the
 * shorthands. Returns the typed SpecSet with a source map, or every diagnostic found.
 */
export function loadSpecSet(paths: string[], opts: LoadOptions): LoadResult {
  const diags = new Diagnostics();
  const sources = new SpecSourceMap();
  const fail = (): LoadResult => ({ ok: false, diagnostics: sortDiagnostics(diags.list) });

  const found = discoverSpecSet(paths.length ? paths : ['.'], opts.cwd, diags);
  if (!found) return fail();
  const envUses: EnvUse[] = [];
  const identity = readRootConfig(found.rootFile, { name: found.fallbackName, from: found.fallbackFrom }, found.setRoot, opts, sources, diags, envUses);
  if (!identity) return fail();

  const merged: Record<string, unknown> = {};
  const numberSources = new Map<string, string>();
  const failed = new Set<string>();
  // A file with YAML syntax errors contributes nothing, so checks across files would report what
  // it defines as missing: only its syntax errors are reported until they are fixed.
  let unparsed = false;
  // Whether any value could be a non-finite number, now or after the schema check's coercion:
  // the fast path tells for what it read; anything else is checked.
  let mayBeNonFinite = false;
  for (const file of found.specFiles) {
    const shown = shownPath(file, opts.cwd);
    const read = readSourceText(file, shown);
    if (!read.ok) {
      diags.error(read.code, read.message, read.fix, { file, line: 1, column: 1 });
      continue;
    }
    const subst = { env: opts.env, values: identity.values, ...(identity.environment !== undefined && { environment: identity.environment }) };
    let fileSources: SpecSourceMap;
    // The fast path reads what it can exactly as the full path would, and nothing else: for
    // anything it does not take (and every diagnostic), yaml's document and the walker.
    const fast = opts.fullYaml ? undefined : fastWalk({ text: read.text, file, subst, setRoot: found.setRoot, isSecret: isSecretPath });
    let data: unknown;
    if (fast) {
      // Its positions are recorded only if one is asked for (a diagnostic): see SpecSourceMap.
      fileSources = SpecSourceMap.deferred(fast.recordPositions);
      data = fast.data;
      if (fast.mayBeNonFinite) mayBeNonFinite = true;
      for (const [k, v] of fast.numberSources) numberSources.set(k, v);
      envUses.push(...fast.envUses);
    } else {
      const parsed = parseYamlFile(read.text, file, shown, diags);
      if (!parsed) {
        unparsed = true;
        continue;
      }
      fileSources = new SpecSourceMap();
      mayBeNonFinite = true;
      data = walkDocument({ parsed, sources: fileSources, diags, setRoot: found.setRoot, isSecret: isSecretPath, numberSources, failed, envUses, subst });
    }
    if (data === null || data === undefined) continue; // an empty file contributes nothing
    if (typeof data !== 'object' || Array.isArray(data)) {
      diags.error('spec/wrong-type', `${shown} must hold a mapping of sections (restApis, httpApis, ...), not ${Array.isArray(data) ? 'a list' : 'a single value'}.`,
        'start the file with a section such as `restApis:`.', fileSources.locate([]));
      continue;
    }
    mergeInto(merged, data as Record<string, unknown>, fileSources, sources, diags, opts.cwd);
    sources.addAll(fileSources);
  }

  refuseSecretReuse(envUses, diags, opts.cwd);

  // Before the schema check: a .nan is one error where it is written, not also "not a whole
  // number" and "out of range" from the schema.
  if (mayBeNonFinite) refuseNonFinite(merged, [], sources, diags, failed);

  const schemaErrorsBefore = diags.errors.length;
  const schemaOk = checkSchema(SpecDocument, merged, [], sources, diags, failed, () => restoreNumberSources(merged, numberSources));
  const pruned = new Set<string>();
  for (const f of failed) pruned.add(f);
  if (!schemaOk || failed.size) {
    // Removing an invalid field can leave its object without a required field: repeat until
    // what remains matches the schema, so the semantic checks can rely on the types.
    let errors = diags.list.slice(schemaErrorsBefore);
    for (let round = 0; round < 20 && errors.length; round++) {
      pruneInvalid(merged, errors, pruned);
      const again = new Diagnostics();
      checkSchema(SpecDocument, merged, [], sources, again);
      errors = again.list;
    }
  }

  // Numbers coerced from text by the schema check (a variable holding "1e400") are checked again.
  if (mayBeNonFinite) refuseNonFinite(merged, [], sources, diags, pruned);

  const doc = merged as SpecDocumentT;
  const specSet: SpecSet = {
    name: identity.name,
    ...(identity.region && { region: identity.region }),
    ...(identity.environment !== undefined && { environment: identity.environment }),
    values: identity.values,
    restApis: doc.restApis ?? {},
    httpApis: doc.httpApis ?? {},
    webSocketApis: doc.webSocketApis ?? {},
    apiKeys: doc.apiKeys ?? {},
    usagePlans: doc.usagePlans ?? {},
    domains: doc.domains ?? {},
    vpcLinks: doc.vpcLinks ?? {},
    clientCertificates: doc.clientCertificates ?? {},
    ...(doc.lambdaPermissions !== undefined ? { lambdaPermissions: doc.lambdaPermissions } : {}),
    ...(doc.account !== undefined ? { account: doc.account } : {}),
    files: found.specFiles,
  };
  // What is left after pruning matches the schema, so the checks can rely on the types (a
  // property test feeds them mutated examples to keep it so).
  if (!unparsed) runChecks(specSet, { sources, diags, pruned });
  if (diags.hasErrors()) return fail();
  expandShorthands(specSet, sources);
  return { ok: true, specSet, sources, warnings: diags.warnings };
}

/**
 * The variable that gives an API key its value is a secret wherever it is read: used in a
 * description, a tag or a stage variable it would reach plans, drift reports, logs and AWS fields
 * anyone with read access sees. Every other use is refused where it is written.
 */
function refuseSecretReuse(uses: EnvUse[], diags: Diagnostics, cwd: string): void {
  const keyOf = new Map<string, EnvUse>();
  for (const u of uses) if (u.secret && !keyOf.has(u.name)) keyOf.set(u.name, u);
  if (keyOf.size === 0) return;
  for (const u of uses) {
    const key = keyOf.get(u.name);
    if (u.secret || !key) continue;
    const where = `${shownPath(key.location.file, cwd)}:${key.location.line}:${key.location.column}`;
    diags.error('spec/secret-reused', `\${env:${u.name}} is the value of API key ${String(key.path[1])} (${where}); a key's value is a secret and may be used nowhere else.`,
      `use another variable here, or write the text itself; ${u.name} may only appear as the value of an API key.`, u.location, u.path);
  }
}

/**
 * YAML's .inf and .nan, and numbers too large for a double (1e400), read as Infinity or NaN: JSON
 * Schema has no words for them, AWS's JSON cannot carry them, and the SDK would send null (the
 * setting silently dropped). Refused where they are written (also when coerced from text).
 */
function refuseNonFinite(node: unknown, path: (string | number)[], sources: SpecSourceMap, diags: Diagnostics, pruned: Set<string>): void {
  // One path array, pushed and popped on the way down (the data is at most MAX_DEPTH deep):
  // a copy of it is made only for a value that is reported, not for each of the spec's values.
  const at = [...path];
  const visit = (value: unknown, parent?: Record<string, unknown> | unknown[]): void => {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) return;
      const where = [...at];
      const { subject, field } = subjectAndField(where);
      diags.error('spec/invalid-number', `${field ? `${subject}: "${field}"` : subject} is ${Number.isNaN(value) ? 'not a number (.nan)' : 'infinite (.inf, or too large for a number such as 1e400)'}.`,
        'write a finite number within the range AWS takes (whole numbers up to 2147483647 for limits and bursts).', sources.locate(where), where);
      pruned.add(JSON.stringify(where.map(String)));
      if (parent && !Array.isArray(parent)) delete parent[String(where[where.length - 1])];
      return;
    }
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        at.push(i);
        visit(value[i], value);
        at.pop();
      }
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      at.push(k);
      visit(v, value as Record<string, unknown>);
      at.pop();
    }
  };
  visit(node);
}

function mergeInto(merged: Record<string, unknown>, data: Record<string, unknown>, fileSources: SpecSourceMap, sources: SpecSourceMap, diags: Diagnostics, cwd: string): void {
  for (const [section, value] of Object.entries(data)) {
    const target = merged[section];
    const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
    if (SET_SETTINGS.has(section) && target !== undefined) {
      // A set-wide setting is written once: two files that disagree would depend on file order.
      const first = sources.locateKey([section]);
      const at = first ? `${shownPath(first.file, cwd)}:${first.line}:${first.column}` : 'another file';
      diags.error('spec/duplicate-setting', `${section} is set twice in the spec set: here and at ${at}.`,
        `keep one \`${section}:\` (it applies to the whole spec set).`, fileSources.locateKey([section]), [section]);
      continue;
    }
    if (!SECTION_WORDS[section] || !isMap(value) || (target !== undefined && !isMap(target))) {
      if (target === undefined) merged[section] = value;
      continue;
    }
    const into = (merged[section] ??= {}) as Record<string, unknown>;
    for (const [name, item] of Object.entries(value)) {
      if (Object.hasOwn(into, name)) {
        const first = sources.locateKey([section, name]);
        const second = fileSources.locateKey([section, name]);
        const at = first ? `${shownPath(first.file, cwd)}:${first.line}:${first.column}` : 'another file';
        diags.error('spec/duplicate-name', `${SECTION_WORDS[section]} ${name} is defined twice: here and at ${at}.`,
          'keep one definition (each name may appear in only one file of the spec set).', second, [section, name]);
        continue;
      }
      into[name] = item;
    }
  }
}

/**
 * ajv coerced numbers to text where text is wanted; use what was written (`2.0`, not `2`).
 * Returns whether anything was put back.
 */
function restoreNumberSources(root: Record<string, unknown>, numberSources: Map<string, string>): boolean {
  let changed = false;
  for (const [key, source] of numberSources) {
    const path = JSON.parse(key) as string[];
    const parent = getAt(root, path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (parent && typeof parent === 'object' && typeof (parent as Record<string, unknown>)[last] === 'string') {
      (parent as Record<string, unknown>)[last] = source;
      changed = true;
    }
  }
  return changed;
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let cur = root;
  for (const p of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(p)];
  }
  return cur;
}

/**
 * Removes what failed the schema so the semantic checks can still run (all errors in one run)
 * on data that matches the types. A missing required field removes its whole object; the
 * removed paths are remembered so references to them are not reported a second time.
 */
function pruneInvalid(root: Record<string, unknown>, errors: Diagnostic[], pruned: Set<string>): void {
  const paths = errors
    .filter((d) => d.path && d.path.length > 0)
    .map((d) => {
      // An item of a list goes with its whole list, so lists never hold holes.
      const i = d.path!.findIndex((seg, n) => n > 0 && Array.isArray(getAt(root, d.path!.slice(0, n))));
      return i > 0 ? d.path!.slice(0, i) : d.path!;
    })
    .sort((a, b) => a.length - b.length);
  for (const path of paths) {
    const parent = getAt(root, path.slice(0, -1));
    if (!parent || typeof parent !== 'object' || Array.isArray(parent)) continue;
    delete (parent as Record<string, unknown>)[String(path[path.length - 1])];
    pruned.add(JSON.stringify(path.map(String)));
  }
}
