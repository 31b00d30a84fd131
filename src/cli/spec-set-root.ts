import { existsSync, readdirSync, statSync } from 'node:fs';
import { MAX_SMALL_FILE_BYTES, readBoundedText } from '../files/read-bounded.js';
import { dirname, join, relative, resolve } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ApigwError } from '../errors.js';
import { ROOT_FILE } from '../schema/index.js';

/**
 * What plan, apply, destroy and drift read: always a whole spec set. A path inside a set (one file
 * of a multi-file set, or a subdirectory) stands for the whole set, found by its apigw-sync.yaml
 * above the path: planning part of a set would delete what the other files describe. A directory
 * that is not in a set is refused, naming the sets below it, rather than read as one (a repository
 * or /tmp is not a spec set).
 */
export interface ResolvedPaths {
  paths: string[];
  /** Said on stderr when a path was widened to its set. */
  notes: string[];
}

/** How deep below a directory the refusal looks for spec sets to suggest. */
export const SUGGEST_DEPTH = 4;
const MAX_SUGGESTIONS = 20;

/** `command` (plan, apply, drift, destroy, validate, export --openapi) is the one named in suggestions. */
export function resolveSpecSetPaths(paths: string[], cwd: string, command = 'plan'): ResolvedPaths {
  const out: string[] = [];
  const notes: string[] = [];
  for (const p of paths.length > 0 ? paths : ['.']) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) {
      out.push(p); // the loader says it does not exist
      continue;
    }
    const isDir = statSync(abs).isDirectory();
    const root = enclosingSetRoot(isDir ? abs : dirname(abs));
    if (root === undefined) {
      if (isDir) throw noSpecSetHere(p, abs, cwd, command);
      out.push(p); // one file is a spec set of its own (named after the file)
      continue;
    }
    if (abs === root) {
      out.push(p);
      continue;
    }
    const shown = shownDir(root, cwd);
    if (!out.includes(shown)) out.push(shown);
    // The root file alone names the set: it stands for the set as the directory does, silently.
    if (abs === join(root, ROOT_FILE)) continue;
    notes.push(
      command === 'validate' || command.startsWith('export')
        ? `${p} is part of the spec set in ${shown} (its ${ROOT_FILE}): reading the whole set, so that references to its other files resolve.`
        : `${p} is part of the spec set in ${shown} (its ${ROOT_FILE}): reading the whole set, so nothing its other files describe is planned for deletion.`,
    );
  }
  return { paths: out, notes };
}

/**
 * validate's groups: a directory that is not in a set but holds sets (a repository's top,
 * examples/) is one group per set below it (up to VALIDATE_DEPTH levels, .gitignore respected);
 * a directory with none is refused as plan refuses it; anything else is one set, as plan reads it.
 */
export const VALIDATE_DEPTH = 8;

export function resolveValidateGroups(paths: string[], cwd: string): { groups: string[][]; notes: string[] } {
  if (paths.length <= 1) {
    const given = paths[0] ?? '.';
    const abs = resolve(cwd, given);
    if (existsSync(abs) && statSync(abs).isDirectory() && enclosingSetRoot(abs) === undefined) {
      const sets = findSetsBelow(abs, VALIDATE_DEPTH, Infinity);
      if (sets.length === 0) throw noSpecSetHere(given, abs, cwd, 'validate', VALIDATE_DEPTH);
      return { groups: sets.map((s) => [shownDir(s, cwd)]), notes: [] };
    }
  }
  const r = resolveSpecSetPaths(paths, cwd, 'validate');
  return { groups: [r.paths], notes: r.notes };
}

/** The nearest directory at or above `dir` holding apigw-sync.yaml, not crossing a repository's top. */
function enclosingSetRoot(dir: string): string | undefined {
  let d = dir;
  for (;;) {
    if (existsSync(join(d, ROOT_FILE))) return d;
    if (existsSync(join(d, '.git'))) return undefined;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

function noSpecSetHere(given: string, abs: string, cwd: string, command: string, depth = SUGGEST_DEPTH): ApigwError {
  const sets = findSetsBelow(abs, depth);
  const where = given === '.' ? `the current directory (${abs})` : given;
  const list = sets.map((s) => `  ${shownDir(s, cwd)}`);
  if (sets.length === MAX_SUGGESTIONS) list.push('  ...');
  return new ApigwError(
    `There is no ${ROOT_FILE} in ${where}, so it is not a spec set.` +
      (sets.length > 0 ? `\nSpec sets below it:\n${list.join('\n')}` : `\nNo spec set was found below it either (${depth} levels, skipping what .gitignore ignores).`),
    1,
    sets.length > 0
      ? `Name one of them, e.g. \`apigw-sync ${command} ${shownDir(sets[0]!, cwd)}\`.`
      : `Name the directory that holds ${ROOT_FILE}, or create one (name: and region:, see docs/spec.md).`,
    'spec/no-root-file',
  );
}

/** Directories holding apigw-sync.yaml up to SUGGEST_DEPTH below `top`, skipping what .gitignore files ignore. */
export function findSetsBelow(top: string, maxDepth = SUGGEST_DEPTH, limit = MAX_SUGGESTIONS): string[] {
  const found: string[] = [];
  const visit = (dir: string, depth: number, rules: { base: string; ig: Ignore }[]): void => {
    if (found.length >= limit) return;
    const here = [...rules];
    const gitignore = join(dir, '.gitignore');
    // Read only as a regular file of at most 1 MB (a FIFO would hang the listing, a link to
    // /dev/zero never end); any other .gitignore ignores nothing.
    const ignored = readBoundedText(gitignore, MAX_SMALL_FILE_BYTES);
    if (ignored.ok) here.push({ base: dir, ig: ignore().add(ignored.text) });
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue;
      const abs = join(dir, e.name);
      if (here.some((r) => r.ig.ignores(`${relative(r.base, abs)}/`))) continue;
      if (existsSync(join(abs, ROOT_FILE))) {
        found.push(abs);
        if (found.length >= limit) return;
        continue;
      }
      if (depth < maxDepth) visit(abs, depth + 1, here);
    }
  };
  visit(top, 1, []);
  return found;
}

function shownDir(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}
