import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { describeBytes, kindOf, MAX_SMALL_FILE_BYTES } from '../files/read-bounded.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../emulator/index.js';
import { createAwsClients, type AwsClients } from '../aws/clients.js';
import { ApigwError, UsageError } from '../errors.js';
import { callerAccount } from '../aws/caller-account.js';

/**
 * Where a command's AWS calls go, decided from its flags and environment (first match wins):
 * 1. `--local`: an emulator started in this process, its state kept in `.apigw-sync/` under the
 *    working directory, so separate runs (`apply --local`, then `plan --local`) see the same state;
 *    the Route 53 zones the specs name (`dns.hostedZone` by name) exist in it;
 * 2. `--endpoint-url URL`, then AWS_ENDPOINT_URL_API_GATEWAY / AWS_ENDPOINT_URL_APIGATEWAYV2 /
 *    AWS_ENDPOINT_URL: any endpoint speaking the API Gateway API (an emulator, a proxy);
 * 3. AWS, resolved by the SDK (profile, credential chain).
 * The region: `--region`, else the spec set's region, else AWS_REGION / AWS_DEFAULT_REGION, else
 * the SDK's own resolution (the profile's region).
 */
export interface ConnectFlags {
  local?: boolean;
  endpointUrl?: string;
  region?: string;
}

export interface Connection extends AwsClients {
  region?: string;
  /** Set when calls do not go to AWS: shown in the plan's heading and recorded in the plan. */
  endpoint?: string;
  /** True for the in-process emulator: it does not throttle, so apply need not pace its calls. */
  local: boolean;
  /**
   * The account the credentials belong to, from STS GetCallerIdentity at the same endpoint; undefined
   * when it cannot be learnt (no permission, an endpoint without STS, no network). Never throws.
   */
  accountId(): Promise<string | undefined>;
  close(): Promise<void>;
}

export const LOCAL_STATE_DIR = '.apigw-sync';
export const LOCAL_STATE_FILE = 'local-emulator-state.json';
/** Credentials for endpoints that do not check them (emulators). */
const DUMMY_CREDENTIALS = { accessKeyId: 'apigw-sync-local', secretAccessKey: 'apigw-sync-local' };

/** Flag checks that need no I/O: run them before loading specs or calling anything. */
export function checkConnectFlags(flags: ConnectFlags): void {
  if (flags.local && flags.endpointUrl !== undefined) {
    throw new UsageError('--local and --endpoint-url cannot be used together.', 'Use --local for the built-in emulator, or --endpoint-url for another endpoint.');
  }
  if (flags.endpointUrl !== undefined) checkUrl(flags.endpointUrl, '--endpoint-url');
  if (flags.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(flags.region)) {
    throw new UsageError(`--region "${flags.region}" is not an AWS region name.`, 'Use a region such as us-east-1 or eu-west-2.');
  }
}

function checkUrl(url: string, what: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UsageError(`${what} "${url}" is not an http:// or https:// URL.`, 'Give the full URL, for example http://127.0.0.1:4566.');
  }
}

/**
 * Where a command with these flags and this environment sends its calls, without connecting:
 * 'local' for --local, the endpoint URL for another endpoint, undefined for AWS itself. The same
 * rules as connect(), which records the same value as the connection's `endpoint`.
 */
export function endpointOf(flags: ConnectFlags, env: NodeJS.ProcessEnv): string | undefined {
  if (flags.local) return 'local';
  return flags.endpointUrl ?? nonEmpty(env.AWS_ENDPOINT_URL_API_GATEWAY) ?? nonEmpty(env.AWS_ENDPOINT_URL_APIGATEWAYV2) ?? nonEmpty(env.AWS_ENDPOINT_URL);
}

export async function connect(flags: ConnectFlags, ctx: { env: NodeJS.ProcessEnv; cwd: string; specRegion?: string; hostedZones?: string[] }): Promise<Connection> {
  const env = ctx.env;
  const region = flags.region ?? ctx.specRegion ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (flags.local) {
    const dir = join(ctx.cwd, LOCAL_STATE_DIR);
    let emulator: RunningEmulator;
    // Loaded only for --local: a plan against AWS never compiles the emulator.
    const { startEmulator } = await import('../emulator/index.js');
    try {
      mkdirSync(dir, { recursive: true });
      // The zones the specs name exist locally (made once, kept in the state file), so `dns:` plans.
      emulator = await startEmulator({ host: '127.0.0.1', port: 0, region: region ?? 'us-east-1', statePath: join(dir, LOCAL_STATE_FILE),
        ...(ctx.hostedZones?.length ? { hostedZones: ctx.hostedZones } : {}) });
    } catch (err) {
      throw new ApigwError(
        `--local cannot keep its state in ${dir}: ${(err as Error).message}`,
        1,
        `Run from a directory you can write to, or delete ${join(LOCAL_STATE_DIR, LOCAL_STATE_FILE)} if it is damaged (it holds only the local emulator's APIs).`,
      );
    }
    const clients = createAwsClients({ region: region ?? 'us-east-1', endpoint: emulator.url, credentials: DUMMY_CREDENTIALS });
    return {
      ...clients,
      accountId: () => callerAccount({ region: region ?? 'us-east-1', endpoint: emulator.url, credentials: DUMMY_CREDENTIALS }),
      region: region ?? 'us-east-1',
      endpoint: 'local',
      local: true,
      close: async () => {
        clients.destroy();
        await emulator.close();
      },
    };
  }
  checkSharedAwsFiles(env);
  const endpoint = endpointOf(flags, env);
  if (endpoint !== undefined && flags.endpointUrl === undefined) checkUrl(endpoint, 'AWS_ENDPOINT_URL');
  const config = {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...credentialsFrom(env, endpoint !== undefined),
  };
  const clients = createAwsClients(config);
  return {
    ...clients,
    accountId: () => callerAccount(config),
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    local: false,
    close: async () => clients.destroy(),
  };
}

/**
 * The AWS SDK reads the shared config and credentials files itself, whole and without a check:
 * one that is a FIFO would hang every command, a link to /dev/zero fill memory. Each that exists
 * must be a regular file of at most 1 MB (a stat, never a read: the SDK reads it). /dev/null, the
 * usual way to say "no such file", reads as empty and is fine.
 */
export function checkSharedAwsFiles(env: NodeJS.ProcessEnv): void {
  const home = nonEmpty(env.HOME) ?? homedir();
  const files = [
    ['AWS_CONFIG_FILE', nonEmpty(env.AWS_CONFIG_FILE) ?? join(home, '.aws', 'config')],
    ['AWS_SHARED_CREDENTIALS_FILE', nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? join(home, '.aws', 'credentials')],
  ] as const;
  for (const [variable, file] of files) {
    let st;
    try {
      if (realpathSync(file) === '/dev/null') continue;
      st = statSync(file);
    } catch {
      continue; // missing or unreadable: the SDK does without it
    }
    const problem = st.isFile()
      ? st.size > MAX_SMALL_FILE_BYTES ? `it is ${describeBytes(st.size)}, over the limit of ${describeBytes(MAX_SMALL_FILE_BYTES)}` : undefined
      : `it is not a regular file (${kindOf(st)})`;
    if (problem) {
      throw new ApigwError(
        `The AWS SDK would read ${file} (its shared ${variable === 'AWS_CONFIG_FILE' ? 'config' : 'credentials'} file), but ${problem}.`,
        1,
        nonEmpty(env[variable]) ? `Point ${variable} at a regular file, or unset it.` : `Replace ${file} with a regular file, or point ${variable} at one.`,
      );
    }
  }
}

/**
 * Credentials given in the command's environment are used as they are (the SDK would otherwise
 * read the process's). With another endpoint and no credentials anywhere (no variables, profile
 * or shared credentials file), dummy ones: emulators do not check them.
 */
function credentialsFrom(env: NodeJS.ProcessEnv, customEndpoint: boolean): { credentials?: typeof DUMMY_CREDENTIALS & { sessionToken?: string } } {
  const id = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secret = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if (id && secret) {
    const token = nonEmpty(env.AWS_SESSION_TOKEN);
    return { credentials: { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) } };
  }
  const sharedFile = nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? join(homedir(), '.aws', 'credentials');
  if (customEndpoint && !nonEmpty(env.AWS_PROFILE) && !existsSync(sharedFile)) return { credentials: DUMMY_CREDENTIALS };
  return {};
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
