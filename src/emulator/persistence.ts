import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describeBytes, MAX_STATE_FILE_BYTES, parseBoundedJson, readBoundedText } from '../files/read-bounded.js';
import { emptyState, type EmulatorState } from './state.js';
import { migrateDomainStore } from './domains.js';

/** The state file cannot be read, is not an emulator state, or cannot be written: the emulator refuses to start. */
export class EmulatorStateError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    readonly kind: 'load' | 'write' = 'load',
  ) {
    super(kind === 'load' ? `Cannot load the emulator state from ${path}: ${reason}` : `Cannot write the emulator state to ${path}: ${reason}`);
    this.name = 'EmulatorStateError';
  }
}

/**
 * Reads the state file, or returns an empty state when it does not exist yet (a dangling symbolic link
 * counts as not existing: saving replaces the link). Anything else that is
 * wrong with the file (unreadable, not JSON, not a version-1 state) is an EmulatorStateError: we never
 * silently start empty over a file that holds someone's data.
 */
export function loadState(path: string): EmulatorState {
  removeStaleTempFiles(path);
  // Only a regular file of at most 256 MB is read (a FIFO or /dev/zero, named or linked, is refused).
  const read = readBoundedText(path, MAX_STATE_FILE_BYTES);
  if (!read.ok) {
    if (read.missing) return emptyState();
    throw new EmulatorStateError(path, `${read.reason} (a state file is a regular file of at most ${describeBytes(MAX_STATE_FILE_BYTES)})`);
  }
  let data: unknown;
  try {
    data = parseBoundedJson(read.text);
  } catch (err) {
    throw new EmulatorStateError(path, `the file is not valid JSON (${(err as Error).message})`);
  }
  if (!isState(data)) {
    throw new EmulatorStateError(path, 'the file is not an apigw-sync emulator state (expected {"version":1,"v1":{...},"v2":{...}})');
  }
  // A file written while each service kept its own custom domains: one store now.
  migrateDomainStore(data);
  return data;
}

function isState(data: unknown): data is EmulatorState {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return d.version === 1 && isObj(d.v1) && isObj(d.v2);
}

/**
 * Writes the state so that a crash at any instant leaves either the previous complete file or the new
 * complete file: write a temporary file in the same directory (rename is only atomic within one file
 * system), fsync it so its bytes are on disk before the rename makes it visible, rename it over the
 * target, then fsync the directory so the rename itself survives a power loss.
 */
export function saveStateAtomic(path: string, state: EmulatorState): void {
  const dir = dirname(path);
  const tmp = join(dir, `${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw err;
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

/** A kill between writing and renaming leaves a temp file behind; it never holds the only copy of anything. */
function removeStaleTempFiles(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) {
      try {
        unlinkSync(join(dir, name));
      } catch {
        /* another process may own it; leave it */
      }
    }
  }
}
