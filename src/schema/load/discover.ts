import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { ROOT_FILE } from '../lang/spec-set.js';
import type { Diagnostics } from './diagnostics.js';

/**
 * Finds the files of one spec set. A path may be a file or a directory (searched recursively for
 * *.yaml / *.yml, skipping hidden directories and node_modules). A symbolic link to a spec file
 * inside the directory is read like the file (once, if the file is in the set too); any other
 * link (to a directory, outside the directory, dangling, to a device) is skipped with a warning. The root file apigw-sync.yaml
 * is the one at the top of a directory given, or next to a file given; it names the set.
 */
export const MAX_SPEC_FILES = 1000;

export interface Discovered {
  /** Absolute path of apigw-sync.yaml, if the set has one. */
  rootFile?: string;
  /** The directory `$file` includes must stay in. */
  setRoot: string;
  /** Set name when there is no root file: the directory's or the single file's name. */
  fallbackName: string;
  /** What the fallback name was taken from. */
  fallbackFrom: 'directory' | 'file';
  specFiles: string[];
}

export function shownPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === '' ? '.' : rel.startsWith('..') ? abs : rel;
}

export function discoverSpecSet(paths: string[], cwd: string, diags: Diagnostics): Discovered | undefined {
  const roots = new Set<string>();
  const specFiles: string[] = [];
  let fallbackName = '';
  let fallbackFrom: 'directory' | 'file' = 'directory';
  const dirs: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) {
      diags.error('spec/path-not-found', `${p} does not exist${abs !== p ? ` (looked for ${abs})` : ''}.`, 'check the path; with no path, validate reads the current directory.');
      continue;
    }
    if (statSync(abs).isDirectory()) {
      dirs.push(abs);
      if (existsSync(join(abs, ROOT_FILE))) roots.add(join(abs, ROOT_FILE));
      const found = scan(abs, abs, diags);
      if (found.length === 0) {
        const where = p === '.' ? `the current directory (${abs})` : p;
        diags.error('spec/no-specs', `No spec files (*.yaml or *.yml) in ${where}.`, 'add a spec file, or name the directory that holds the specs.');
      }
      specFiles.push(...found);
      fallbackName = basename(abs);
      fallbackFrom = 'directory';
    } else {
      if (basename(abs) === ROOT_FILE) {
        roots.add(abs);
        continue;
      }
      if (existsSync(join(dirname(abs), ROOT_FILE))) roots.add(join(dirname(abs), ROOT_FILE));
      specFiles.push(abs);
      fallbackName = basename(abs, extname(abs));
      fallbackFrom = 'file';
      dirs.push(dirname(abs));
    }
  }
  if (diags.hasErrors()) return undefined;
  if (roots.size > 1) {
    diags.error('spec/multiple-roots', `The paths belong to different spec sets (${[...roots].map((r) => shownPath(r, cwd)).join(', ')}).`,
      'validate one spec set at a time.');
    return undefined;
  }
  // A link and the file it leads to are one file: the file itself is kept.
  const byReal = new Map<string, string>();
  for (const f of [...new Set(specFiles)].sort()) {
    let real = f;
    try {
      real = realpathSync(f);
    } catch {
      // reported when it is read
    }
    const seen = byReal.get(real);
    if (seen === undefined || (isLink(seen) && !isLink(f))) byReal.set(real, f);
  }
  const unique = [...byReal.values()].sort();
  if (unique.length === 0) {
    diags.error('spec/no-specs', 'No spec files were given.', 'name spec files or a directory holding them.');
    return undefined;
  }
  if (unique.length > MAX_SPEC_FILES) {
    diags.error('spec/too-many-files', `The spec set has ${unique.length} files; at most ${MAX_SPEC_FILES} are read.`, 'name a smaller directory.');
    return undefined;
  }
  const rootFile = [...roots][0];
  if (!rootFile && paths.length > 1) fallbackName = '';
  const setRoot = rootFile ? dirname(rootFile) : commonDir(dirs);
  return { ...(rootFile && { rootFile }), setRoot, fallbackName, fallbackFrom, specFiles: unique };
}

function scan(dir: string, top: string, diags: Diagnostics, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (existsSync(join(abs, ROOT_FILE))) {
        diags.error('spec/nested-spec-set', `${relative(top, abs)} has its own ${ROOT_FILE}: it is another spec set inside this one.`,
          'validate the two spec sets separately, or remove the inner apigw-sync.yaml.', { file: join(abs, ROOT_FILE), line: 1, column: 1 });
        continue;
      }
      scan(abs, top, diags, out);
    } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name) && !(dir === top && entry.name === ROOT_FILE)) {
      out.push(abs);
    } else if (entry.isSymbolicLink() && /\.ya?ml$/i.test(entry.name) && !(dir === top && entry.name === ROOT_FILE)) {
      const skipped = linkedSpecFile(abs, top);
      if (skipped === undefined) out.push(abs);
      else {
        linkSkipped(diags, abs, `${relative(top, abs)} is a symbolic link ${skipped}; it was skipped.`,
          'replace the link with the file itself, or link to a spec file inside this directory.');
      }
    } else if (entry.isSymbolicLink() && isDirectory(abs)) {
      linkSkipped(diags, abs, `${relative(top, abs)} is a symbolic link to a directory; directories reached through links are not searched.`,
        'move the spec files into the spec set, or name that directory separately.');
    }
    if (out.length > MAX_SPEC_FILES) break;
  }
  return out;
}

/**
 * A skipped link's warning is at the link, with no code frame: what it leads to lies outside the
 * spec set (another project's file, a secret), and is not shown.
 */
function linkSkipped(diags: Diagnostics, link: string, message: string, fix: string): void {
  diags.list.push({ code: 'spec/link-skipped', severity: 'warning', message, fix, location: { file: link, line: 1, column: 1 }, sensitive: true });
}

/** Undefined when the link at `abs` leads to a regular file inside `top`; else why it is skipped. */
function linkedSpecFile(abs: string, top: string): string | undefined {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch {
    return 'whose target does not exist';
  }
  const root = realpathSync(top);
  const rel = relative(root, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || resolve(root, rel) !== target) return `to ${target}, outside the spec set's directory`;
  if (!statSync(target).isFile()) return `to ${relative(root, target)}, which is not a regular file`;
  return undefined;
}

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function commonDir(dirs: string[]): string {
  let common = dirs[0] ?? '/';
  for (const d of dirs.slice(1)) {
    while (!(d === common || d.startsWith(common.endsWith('/') ? common : `${common}/`))) common = dirname(common);
  }
  return common;
}
