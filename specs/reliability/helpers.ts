import { spawn, type ChildProcess } from 'node:child_process';
import { GetApiKeysCommand, GetRestApisCommand, GetUsagePlansCommand, GetVpcLinksCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, GetVpcLinksCommand as GetV2VpcLinksCommand } from '@aws-sdk/client-apigatewayv2';
import { join, resolve } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { TEST_CREDENTIALS, v1Client } from '../emulator/helpers.js';
import { EMULATOR_ENV } from '../helpers/cli.js';

export const REPO = resolve(import.meta.dirname, '../..');

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the CLI process, kB (undefined if it was killed). */
  maxRssKb?: number;
}

/**
 * Runs the real CLI in a child process. `onSpawn` gets the process (to kill it from outside);
 * `timeoutMs` kills a run that hangs, which the caller then sees as a signal.
 */
export function runCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void }): Promise<ChildRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(REPO, 'specs/reliability/cli-with-rss.mjs'), ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH, ...EMULATOR_ENV, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let rss = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (rss += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    opts.onSpawn?.(child);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ...(rss ? { maxRssKb: Number(rss) } : {}) });
    });
  });
}

/** Names that appear more than once among the REST APIs, API keys, usage plans and VPC links: duplicates. */
export async function duplicates(emu: RunningEmulator): Promise<string[]> {
  const client = v1Client(emu);
  const v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const names = [
    ...((await client.send(new GetRestApisCommand({ limit: 500 }))).items ?? []).map((a) => `rest-api ${a.name}`),
    ...((await client.send(new GetApiKeysCommand({ limit: 500 }))).items ?? []).map((k) => `api-key ${k.name}`),
    ...((await client.send(new GetUsagePlansCommand({ limit: 500 }))).items ?? []).map((p) => `usage-plan ${p.name}`),
    ...((await client.send(new GetVpcLinksCommand({ limit: 500 }))).items ?? []).map((l) => `vpc-link ${l.name}`),
    ...((await v2.send(new GetV2VpcLinksCommand({ MaxResults: '500' }))).Items ?? []).map((l) => `v2-vpc-link ${l.Name}`),
  ];
  return names.filter((n, i) => names.indexOf(n) !== i);
}

/** Write calls (not GET) in the emulator's request log, admin endpoints excluded. */
export function isWrite(method: string | undefined, url: string | undefined): boolean {
  return method !== undefined && method !== 'GET' && !(url ?? '').startsWith('/_emulator/');
}
