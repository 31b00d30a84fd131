import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { bufferIO } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The value of the example's API key (examples/petstore/access.yaml reads it from the environment). */
export const EXAMPLE_KEY_VALUE = 'Example-Partner-Key-Value-0123456789';

/** Credentials for the emulator (it does not check them); set so the SDK never looks elsewhere. */
export const EMULATOR_ENV: Record<string, string> = { AWS_ACCESS_KEY_ID: 'AKIDTESTCLI', AWS_SECRET_ACCESS_KEY: 'test-cli-secret', PETSTORE_PARTNER_KEY: EXAMPLE_KEY_VALUE,
  // AWS's quotas on a clock 100 times faster: the example's two custom domains would otherwise
  // take a minute (one CreateDomainName per 30 s).
  APIGW_SYNC_PACE_SCALE: '0.01',
};

/** Variables whose values are secrets in the tests: API key values (and the fake credentials). */
const SECRET_NAME = /KEY|SECRET|TOKEN/i;

/**
 * Every CLI run of the tests is also a leak check: no value of a secret variable may appear in
 * what the run printed, nor in the plan or summary file it wrote. A leak fails the test that
 * made it, naming the variable (never the value).
 */
export function findSecretLeaks(texts: Record<string, string>, env: NodeJS.ProcessEnv): string[] {
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!SECRET_NAME.test(name) || value === undefined || value.length < 8) continue;
    for (const [where, text] of Object.entries(texts)) if (text.includes(value)) leaks.push(`the value of ${name} appears in ${where}`);
  }
  return leaks;
}

/** Runs the CLI in-process with recorded output (stdin is not a TTY, as in CI). */
export async function cli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const env = { ...EMULATOR_ENV, ...opts.env };
  const io = bufferIO({ cwd: opts.cwd, env });
  const code = await main(args, io);
  const run = { code, out: io.out(), err: io.err() };
  const texts: Record<string, string> = { stdout: run.out, stderr: run.err };
  for (const flag of ['--out', '--summary-file']) {
    const i = args.indexOf(flag);
    const file = i >= 0 ? args[i + 1] : undefined;
    if (file && existsSync(resolve(opts.cwd, file))) texts[file] = readFileSync(resolve(opts.cwd, file), 'utf8');
  }
  const leaks = findSecretLeaks(texts, env);
  if (leaks.length > 0) throw new Error(`apigw-sync ${args[0] ?? ''} leaked a secret: ${leaks.join('; ')}`);
  return run;
}

/** A scratch working directory holding a copy of the examples, to edit freely. */
export function scratchWithExamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-cli-'));
  cpSync(join(import.meta.dirname, '..', '..', 'examples'), join(dir, 'examples'), { recursive: true });
  return dir;
}
