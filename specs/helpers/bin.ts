import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_KEY_VALUE } from './cli.js';

/** The repository's root, where bin/apigw-sync.js (over the built dist/) lives. */
export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'apigw-sync.js');

export interface BinRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * The environment of a clean machine: no AWS configuration (HOME is a fresh directory), no
 * credentials unless given, and nothing of the test runner's own environment but PATH.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'apigw-home-')), AWS_EC2_METADATA_DISABLED: 'true', ...extra };
}

/** Emulator credentials, the example's key value, and quotas paced on a 100 times faster clock. */
export const EMULATOR_BIN_ENV = { AWS_ACCESS_KEY_ID: 'AKIDTESTBIN', AWS_SECRET_ACCESS_KEY: 'test-bin-secret', PETSTORE_PARTNER_KEY: EXAMPLE_KEY_VALUE, APIGW_SYNC_PACE_SCALE: '0.01' };

/**
 * Runs the built CLI (`node bin/apigw-sync.js ...`) as a user would, stdin not a terminal.
 * `onStart` gets the child process (to signal it); `timeoutMs` kills a run that hangs; `nodeArgs`
 * go to node before the script (`--import HOOK`).
 */
export function runBin(
  args: string[],
  opts: {
    cwd: string; env?: Record<string, string>; onStart?: (child: ReturnType<typeof spawn>, output: () => { out: string; err: string }) => void; timeoutMs?: number;
    nodeArgs?: string[];
  },
): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: opts.cwd, env: opts.env ?? cleanEnv(EMULATOR_BIN_ENV), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
    opts.onStart?.(child, () => ({ out, err }));
  });
}

/** The first ```sh block under `heading` in the README, as a user would copy it. */
export function readmeShBlock(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error(`README.md: no \`\`\`sh block under "${heading}"`);
  return block;
}
