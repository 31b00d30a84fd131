import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Runs the CLI in-process with recorded output (stdin is not a TTY, as in CI). */
export async function cli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const io = bufferIO({ cwd: opts.cwd, env: { ...EMULATOR_ENV, ...opts.env } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** A scratch working directory holding a copy of the examples, to edit freely. */
export function scratchWithExamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-cli-'));
  cpSync(join(import.meta.dirname, '..', '..', 'examples'), join(dir, 'examples'), { recursive: true });
  return dir;
}
