import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApigwError, UsageError } from '../errors.js';
import { parseBoundedJson, readBoundedText } from '../files/read-bounded.js';

/**
 * A lock that keeps two applies (or destroys) of one spec set, against one endpoint and region,
 * from running at once on this machine. Without it both plan "create API petstore" from the same
 * live state and AWS makes two: API names are not unique. It is a file created atomically in
 * `<tmpdir>/apigw-sync-locks/`, holding the holder's pid; a lock whose process is gone (killed)
 * is taken over. It does not reach other machines: CI jobs need a concurrency group (docs/cli.md).
 */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  cwd: string;
}

export interface ApplyLock {
  path: string;
  release(): void;
}

export const LOCK_DIR = 'apigw-sync-locks';
const POLL_MS = 200;

export function lockPath(where: { specSet: string; region?: string; endpoint?: string; account?: string }, dir = join(tmpdir(), LOCK_DIR)): string {
  const id = createHash('sha256').update(`${lockTarget(where)}|${where.specSet}`).digest('hex').slice(0, 20);
  return join(dir, `${where.specSet.replace(/[^A-Za-z0-9_-]/g, '_')}-${id}.lock`);
}

/**
 * What the lock is keyed on: where the calls go, written one way for every way of spelling it.
 * An endpoint URL: its scheme, host and port (the default port of the scheme dropped), and path
 * without trailing slashes, all lower case but the path (`http://LOCALHOST:80/` is
 * `http://localhost`). Every loopback spelling of the host is one host (`localhost`, `127.0.0.1`,
 * any 127.x.y.z, `[::1]`, `0.0.0.0`: a server on this machine, which the others may all reach);
 * other names are not resolved. AWS's own API Gateway endpoint given as a URL
 * (`https://apigateway.us-east-1.amazonaws.com`) is AWS itself. AWS itself: its partition, region
 * and (when STS GetCallerIdentity answers) account; without the account, two accounts in one
 * region share a lock (one waits for the other). Two spellings wrongly taken as one only make an
 * apply wait; one endpoint taken as two would let two applies create duplicates.
 */
export function lockTarget(where: { region?: string; endpoint?: string; account?: string }): string {
  const region = where.region ?? '';
  const aws = (r: string): string => `aws|${partitionOf(r)}|${r}${where.account ? `|${where.account}` : ''}`;
  if (where.endpoint === undefined) return aws(region);
  if (where.endpoint.startsWith('local:')) return where.endpoint;
  const awsRegion = awsEndpointRegion(where.endpoint);
  if (awsRegion !== undefined) return aws(awsRegion);
  let url: URL;
  try {
    url = new URL(where.endpoint);
  } catch {
    return `${where.endpoint}|${region}`;
  }
  // URL already lower-cases the scheme and host, drops the default port and writes IPv4 addresses
  // in dotted decimal (http://2130706433 is http://127.0.0.1).
  const host = isLoopback(url.hostname) ? 'loopback' : url.hostname.replace(/\.$/, '');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}${path}|${region}`;
}

/**
 * Two spellings of one endpoint (`$E` and `$E/`, `127.0.0.1` and `localhost`), by the rules the apply
 * lock keys on: a plan saved with one may be applied with the other. `local` (the built-in emulator) and
 * undefined (AWS) equal only themselves.
 */
export function sameEndpoint(a: string | undefined, b: string | undefined): boolean {
  if ((a ?? '') === (b ?? '')) return true;
  if (a === undefined || b === undefined || a === 'local' || b === 'local') return false;
  return lockTarget({ endpoint: a }) === lockTarget({ endpoint: b });
}

function isLoopback(host: string): boolean {
  const h = host.replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '[::1]' || h === '0.0.0.0' || h === '[::]' || h === '[::ffff:7f00:1]';
}

/** The region of AWS's own API Gateway endpoint (`https://apigateway.REGION.amazonaws.com[.cn]`), else undefined. */
export function awsEndpointRegion(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.pathname.replace(/\/+$/, '') !== '') return undefined;
  return /^apigateway(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\.?$/.exec(url.hostname)?.[1];
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** `--lock-timeout SECONDS`: how long to wait for another apply to finish (default 0: do not wait). */
export function parseLockTimeout(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new UsageError(`Invalid --lock-timeout value "${value}".`, 'Give a whole number of seconds to wait for another apply of the spec set (default 0).');
  }
  return n;
}

export async function acquireApplyLock(
  where: { specSet: string; region?: string; endpoint?: string; account?: string; description: string },
  opts: { cwd: string; timeoutSeconds: number; onWait?: (holder: LockHolder | undefined) => void },
): Promise<ApplyLock> {
  const path = lockPath(where);
  mkdirSync(join(path, '..'), { recursive: true });
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), cwd: opts.cwd };
  const deadline = Date.now() + opts.timeoutSeconds * 1000;
  let told = false;
  for (;;) {
    // Written whole under a private name, then linked into place: link() fails if the lock
    // exists, and a lock file is never seen half written.
    const mine = `${path}.${process.pid}`;
    try {
      writeFileSync(mine, JSON.stringify(me));
      linkSync(mine, path);
      return lockOf(path, me);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ApigwError(`Cannot create the apply lock ${path}: ${(err as Error).message}`, 1, 'Make the system temporary directory writable.');
    } finally {
      try {
        unlinkSync(mine);
      } catch {
        // not written
      }
    }
    const holder = readHolder(path);
    if (!holder || !alive(holder)) {
      // Killed without releasing it (or unreadable, half written): take it over.
      removeIf(path, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new ApigwError(
        `Another apply of spec set "${where.specSet}" is running against ${where.description} (pid ${holder.pid}, since ${holder.startedAt}, in ${holder.cwd}). Nothing was changed.`,
        1,
        `Wait for it to finish, or give --lock-timeout SECONDS to wait for it. If no apply is running, delete ${path}.`,
      );
    }
    if (!told) opts.onWait?.(holder);
    told = true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function lockOf(path: string, me: LockHolder): ApplyLock {
  const release = (): void => removeIf(path, me);
  // A second Ctrl-C exits at once; the lock goes with the process.
  process.once('exit', release);
  return {
    path,
    release: () => {
      process.off('exit', release);
      release();
    },
  };
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const read = readBoundedText(path, 64 * 1024);
    if (!read.ok) return undefined;
    const h = parseBoundedJson(read.text) as LockHolder;
    return typeof h.pid === 'number' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Only a holder on this machine can be checked; one elsewhere (a shared /tmp) is taken as alive. */
function alive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock file if it still holds `holder` (or any holder, when undefined). */
function removeIf(path: string, holder: LockHolder | undefined): void {
  const now = readHolder(path);
  if (holder && now && (now.pid !== holder.pid || now.startedAt !== holder.startedAt)) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
