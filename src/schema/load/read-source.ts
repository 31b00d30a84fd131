import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

/**
 * Reads a spec file or an included file as UTF-8 text, refusing anything that could exhaust
 * memory or produce garbage: the size is checked on the open descriptor BEFORE reading (a 50 MB
 * file costs one fstat, not 50 MB), and bytes that are not valid UTF-8 are rejected rather than
 * replaced with U+FFFD.
 */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; code: string; message: string; fix: string };

export function readSourceText(absPath: string, shownPath: string): ReadResult {
  // Opening a FIFO would block until something writes to it: only regular files are opened.
  try {
    const st = statSync(absPath);
    if (st.isDirectory()) return { ok: false, code: 'spec/not-a-file', message: `${shownPath} is a directory, not a file.`, fix: 'name a file.' };
    if (!st.isFile()) return { ok: false, code: 'spec/not-a-file', message: `${shownPath} is not a regular file.`, fix: 'name a regular file.' };
  } catch {
    // Reported below with the error of open().
  }
  let fd: number;
  try {
    // Non-blocking: a FIFO swapped in after the check above cannot hang the open.
    fd = openSync(absPath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return { ok: false, code: 'spec/path-not-found', message: `${shownPath} does not exist.`, fix: 'check the path (it is resolved relative to the including file or the current directory).' };
    }
    return { ok: false, code: 'spec/unreadable', message: `${shownPath} cannot be read (${code ?? 'error'}).`, fix: 'check the file\'s permissions.' };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      return { ok: false, code: 'spec/not-a-file', message: `${shownPath} is a directory, not a file.`, fix: 'name a file.' };
    }
    if (!stat.isFile()) return { ok: false, code: 'spec/not-a-file', message: `${shownPath} is not a regular file.`, fix: 'name a regular file.' };
    if (stat.size > MAX_FILE_BYTES) {
      const mb = (stat.size / 1024 / 1024).toFixed(1);
      return {
        ok: false,
        code: 'spec/file-too-large',
        message: `${shownPath} is ${mb} MB; spec files and included files may be at most 5 MB.`,
        fix: 'split the spec into several files, or keep large documents out of the spec set.',
      };
    }
    const buf = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buf, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, read));
    } catch {
      return {
        ok: false,
        code: 'spec/not-utf8',
        message: `${shownPath} is not valid UTF-8 text.`,
        fix: 'save the file as UTF-8 (for example `iconv -f LATIN1 -t UTF-8`).',
      };
    }
    // TextDecoder already drops a leading BOM.
    return { ok: true, text };
  } finally {
    closeSync(fd);
  }
}
