import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reading a file the tool did not write itself (a saved plan, an OpenAPI document, the local
 * emulator's state file) without trusting what the path names: only a regular file is read
 * (a FIFO would block forever, /dev/zero or a symlink to it never ends), never more than a limit
 * fixed per kind of file, and JSON is checked for absurd nesting before it is parsed (the parser
 * copes, but every later recursive walk over the data would overflow the stack).
 *
 * Shared by the CLI and the emulator; it imports nothing of either.
 */
export const MAX_PLAN_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_OPENAPI_FILE_BYTES = 16 * 1024 * 1024;
export const MAX_STATE_FILE_BYTES = 256 * 1024 * 1024;
/** `.gitignore` files (read to list spec sets below a directory) and the AWS shared config and credentials files. */
export const MAX_SMALL_FILE_BYTES = 1024 * 1024;
/** Arrays and objects inside each other; specs allow 100 levels, and nothing the tool writes comes near. */
export const MAX_JSON_DEPTH = 100;

export type BoundedRead = { ok: true; text: string } | { ok: false; reason: string; missing?: true };

export function describeBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} kB` : `${n} bytes`;
}

/**
 * Reads `path` as UTF-8 text if it is a regular file (after following symbolic links) of at most
 * `maxBytes`. The file is opened non-blocking (opening a FIFO that raced in after a check cannot
 * hang), its type and size are checked on the open descriptor, and at most `maxBytes + 1` bytes
 * are read whatever its size claims (files under /proc claim 0).
 */
export function readBoundedText(path: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'no such file', missing: true };
    if (code === 'EISDIR') return { ok: false, reason: 'it is a directory, not a file' };
    return { ok: false, reason: `it cannot be opened (${code ?? (err as Error).message})` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, reason: 'it is a directory, not a file' };
    if (!st.isFile()) return { ok: false, reason: `it is not a regular file (${kindOf(st)})` };
    if (st.size > maxBytes) return { ok: false, reason: `it is ${describeBytes(st.size)}, over the limit of ${describeBytes(maxBytes)}` };
    // Read in chunks up to one byte past the limit, whatever the size said (a file may grow).
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(st.size - total, 64 * 1024), maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (err) {
        return { ok: false, reason: `it cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { ok: false, reason: `it is over the limit of ${describeBytes(maxBytes)}` };
    }
    return decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
  } finally {
    closeSync(fd);
  }
}

function decode(bytes: Buffer): BoundedRead {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'it is not UTF-8 text' };
  }
}

/** What a path that is not a regular file is, in words. */
export function kindOf(st: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * The deepest nesting of arrays and objects in JSON text, counted without parsing (brackets inside
 * strings are skipped). Returns the offset where `maxDepth` is first exceeded, or -1.
 */
export function jsonTooDeepAt(text: string, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** JSON.parse, refusing nesting deeper than `maxDepth` first (with a message naming the limit). */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const at = jsonTooDeepAt(text, maxDepth);
  if (at >= 0) throw new Error(`arrays and objects are nested more than ${maxDepth} levels deep (at character ${at + 1})`);
  return JSON.parse(text);
}

/** The first `n` bytes of a regular file as text (lossy), or undefined when it is not a readable regular file. */
export function readHead(path: string, n: number): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
