import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_ENV } from './v2-helpers.js';

export interface AwsCli {
  path: string;
  /** e.g. `aws-cli/1.45.11 Python/3.11.7 Linux/... botocore/1.43.11` */
  version: string;
}

export interface AwsResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, or undefined when there was no output. */
  json: any;
}

/** Finds the AWS CLI on PATH (`aws`, v1 or v2); undefined when there is none. */
export function findAwsCli(): AwsCli | undefined {
  let path: string;
  try {
    path = execFileSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
  if (!path) return undefined;
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', env: cliEnv() });
  // CLI v1 prints its version on stderr, v2 on stdout.
  const version = `${r.stdout}${r.stderr}`.trim();
  return r.status === 0 ? { path, version } : undefined;
}

/** Test credentials and region only: no profile, config file or pager from the machine. */
function cliEnv(): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'aws-cli-home-'));
  return {
    PATH: process.env.PATH,
    HOME: home,
    ...TEST_ENV,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
}

/**
 * Runs `aws apigatewayv2 <args> --endpoint-url <url> --output json` and parses the output. It must
 * be asynchronous: the emulator under test answers from this same process's event loop.
 */
export function runAws(cli: AwsCli, endpoint: string, args: string[]): Promise<AwsResult> {
  return new Promise((resolve) => {
    execFile(
      cli.path,
      ['apigatewayv2', ...args, '--endpoint-url', endpoint, '--output', 'json'],
      { encoding: 'utf8', env: cliEnv(), timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr, json: stdout.trim() ? JSON.parse(stdout) : undefined });
      },
    );
  });
}
