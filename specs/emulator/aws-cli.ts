import { execFileSync, execFile } from 'node:child_process';

export interface AwsCli {
  path: string;
  /** e.g. `aws-cli/1.45.11 Python/3.11.7 Linux/... botocore/1.43.11` */
  version: string;
}

/** Finds the `aws` on PATH and says which it is; undefined when there is none. */
export function findAwsCli(): AwsCli | undefined {
  try {
    const path = execFileSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).trim();
    if (!path) return undefined;
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { path, version: out.trim() };
  } catch (err) {
    // AWS CLI v1 prints its version on stderr.
    const e = err as { stderr?: string; stdout?: string };
    const v = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
    return v.startsWith('aws-cli/') ? { path: 'aws', version: v } : undefined;
  }
}

export interface AwsResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, when it is JSON. */
  json: any;
}

/**
 * Runs `aws apigateway ...` (or `aws apigatewayv2`, `aws lambda` ...) against the emulator with throw-away
 * credentials and no user config, so a developer's profile can never be used by accident.
 */
export function runAws(
  cli: AwsCli,
  endpoint: string,
  args: string[],
  cwd?: string,
  service: 'apigateway' | 'apigatewayv2' | 'lambda' | 'route53' = 'apigateway',
): Promise<AwsResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: 'AKIDTESTEMULATOR',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
  return new Promise((resolve) => {
    execFile(cli.path, ['--endpoint-url', endpoint, '--output', 'json', service, ...args], { env, cwd, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      let json: unknown;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}
