import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import type { SetExit } from './index.js';
import { ApigwError, UsageError } from '../../errors.js';
import type { ConflictOptions, ConsistencyOptions, FaultConfig, RunningEmulator } from '../../emulator/index.js';

interface LocalOptions {
  host: string;
  port: string;
  state?: string;
  throttle?: boolean;
  timeScale?: string;
  region: string;
  maxResourcesPerApi?: string;
  maxIntegrationTimeout?: string;
  faults?: string;
  conflicts?: boolean;
  conflictHoldMs?: string;
  vpcLinkPendingMs?: string;
  readAfterCreateMs?: string;
  hostedZone?: string[];
  dnsChangeSyncMs?: string;
}

/** `apigw-sync local`: serves the API Gateway control-plane emulator until SIGINT or SIGTERM. */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('local')
    .description('Run the built-in API Gateway emulator (REST, HTTP and WebSocket control plane) as a local server')
    .option('--host <host>', 'address to listen on (loopback by default)', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4566')
    .option('--state <file>', 'keep the state in FILE (loaded at start, written atomically after every change)')
    .option('--throttle', "apply AWS's control-plane rate limits (429 TooManyRequestsException)")
    .option('--time-scale <n>', 'scale throttling time, e.g. 0.01 = 100x faster with the same ratios', undefined)
    .option('--region <region>', 'region the emulator answers as', 'us-east-1')
    .option('--max-resources-per-api <n>', 'resources per REST API (AWS default 300, raised on request)')
    .option('--conflicts', 'refuse a write to an API while another is in flight (409 ConflictException); on with --throttle')
    .option('--no-conflicts', 'with --throttle: never answer concurrent-modification conflicts')
    .option('--conflict-hold-ms <ms>', 'how long a write to an API is in flight, before --time-scale (default 100)')
    .option('--vpc-link-pending-ms <ms>', 'keep new VPC links PENDING this long before AVAILABLE, before --time-scale (default 0)')
    .option('--read-after-create-ms <ms>', 'hide a new VPC link (and a new REST API from GetRestApis) this long after its create, before --time-scale (default 0)')
    .option('--max-integration-timeout <ms>', 'longest buffered integration timeout of regional and private REST APIs (AWS default 29000, raised on request up to 300000)')
    .option('--hosted-zone <name>', 'a Route 53 public hosted zone to have at start, e.g. example.com (repeatable; kept if --state already has it)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--dns-change-sync-ms <ms>', 'keep Route 53 changes PENDING this long before INSYNC, before --time-scale (default 0)')
    .option('--faults <json>', 'inject faults, e.g. \'{"errorRate":0.1,"kinds":["throttle","reset"],"seed":1}\' (docs/emulator.md)')
    .action(async (opts: LocalOptions) => {
      const port = parseInteger(opts.port, '--port', 0, 65535);
      const timeScale = opts.timeScale === undefined ? undefined : parsePositive(opts.timeScale, '--time-scale');
      if (timeScale !== undefined && !opts.throttle) throw new UsageError('--time-scale only applies with --throttle', 'add --throttle');
      const resourcesPerApi = opts.maxResourcesPerApi === undefined ? undefined : parseInteger(opts.maxResourcesPerApi, '--max-resources-per-api', 1, 1_000_000);
      const integrationTimeoutMillis = opts.maxIntegrationTimeout === undefined ? undefined
        : parseInteger(opts.maxIntegrationTimeout, '--max-integration-timeout', 29_000, 300_000);
      const faults = opts.faults === undefined ? undefined : parseFaults(opts.faults);
      const holdMs = opts.conflictHoldMs === undefined ? undefined : parseInteger(opts.conflictHoldMs, '--conflict-hold-ms', 0, 60_000);
      const conflicts = opts.conflicts ?? Boolean(opts.throttle);
      if (holdMs !== undefined && !conflicts) throw new UsageError('--conflict-hold-ms only applies when conflicts are on', 'add --throttle or --conflicts');
      const consistency = {
        ...(opts.vpcLinkPendingMs !== undefined ? { vpcLinkPendingMs: parseInteger(opts.vpcLinkPendingMs, '--vpc-link-pending-ms', 0, 3_600_000) } : {}),
        ...(opts.readAfterCreateMs !== undefined ? { readAfterCreateMs: parseInteger(opts.readAfterCreateMs, '--read-after-create-ms', 0, 3_600_000) } : {}),
        ...(opts.dnsChangeSyncMs !== undefined ? { dnsChangeSyncMs: parseInteger(opts.dnsChangeSyncMs, '--dns-change-sync-ms', 0, 3_600_000) } : {}),
      };
      for (const z of opts.hostedZone ?? []) {
        if (!/^(?=.{1,253}\.?$)([a-z0-9_-]{1,63}\.)*[a-z0-9_-]{1,63}\.?$/i.test(z)) throw new UsageError(`--hosted-zone ${z} is not a domain name`, 'give a zone name such as example.com');
      }
      const emu = await start(opts, port, timeScale, { resourcesPerApi, integrationTimeoutMillis }, faults, { enabled: conflicts, ...(holdMs !== undefined ? { holdMs } : {}) }, consistency);
      printBanner(io, emu, opts);
      await waitForSignal();
      io.stderr.write('Stopping the emulator...\n');
      await emu.close();
      setExit(0);
    });
}

async function start(
  opts: LocalOptions,
  port: number,
  timeScale: number | undefined,
  limits: { resourcesPerApi: number | undefined; integrationTimeoutMillis: number | undefined },
  faults: FaultConfig | undefined,
  conflicts: ConflictOptions,
  consistency: ConsistencyOptions,
): Promise<RunningEmulator> {
  // Loaded here: every other command would pay for compiling the whole emulator.
  const { EmulatorStateError, startEmulator } = await import('../../emulator/index.js');
  try {
    return await startEmulator({
      host: opts.host,
      port,
      region: opts.region,
      statePath: opts.state,
      throttle: { enabled: Boolean(opts.throttle), timeScale },
      limits: limits.resourcesPerApi || limits.integrationTimeoutMillis
        ? Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined))
        : undefined,
      faults,
      conflicts,
      consistency,
      ...(opts.hostedZone?.length ? { hostedZones: opts.hostedZone } : {}),
    });
  } catch (err) {
    if (err instanceof EmulatorStateError) {
      const hint =
        err.kind === 'load'
          ? `move ${err.path} aside (or point --state at another file) to start with an empty state`
          : 'make sure the directory exists and is writable, or point --state elsewhere';
      throw new ApigwError(err.message, 1, hint, 'local/state-file');
    }
    if (err instanceof RangeError) throw new UsageError(`--faults: ${err.message}`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new ApigwError(`Port ${port} on ${opts.host} is already in use`, 1, 'choose another --port, or --port 0 for a free one', 'local/port-in-use');
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new ApigwError(`Cannot listen on ${opts.host}: no such local address`, 1, 'use --host 127.0.0.1 (the default) or an address of this machine', 'local/bad-host');
    }
    throw err;
  }
}

function printBanner(io: CliIO, emu: RunningEmulator, opts: LocalOptions): void {
  const url = emu.url;
  io.stdout.write(
    [
      `API Gateway emulator listening on ${url}`,
      ...(opts.hostedZone?.length ? [`  Route 53 hosted zones: ${opts.hostedZone.join(', ')}`] : []),
      `  region ${emu.region}, account ${emu.accountId}; state ${opts.state ? `in ${opts.state}` : 'in memory (lost on exit)'}; throttling ${opts.throttle ? 'on' : 'off'}; concurrent-modification conflicts ${(opts.conflicts ?? Boolean(opts.throttle)) ? 'on' : 'off'}${opts.faults ? '; fault injection on' : ''}`,
      '',
      'Point the AWS CLI and apigw-sync at it (any credentials work):',
      `  export AWS_ENDPOINT_URL=${url} AWS_DEFAULT_REGION=${emu.region} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test`,
      '  aws apigateway get-rest-apis',
      '  apigw-sync plan examples/petstore        # or any spec set; --endpoint-url URL for one command',
      ...(opts.hostedZone?.length ? [] : ['Domains with dns: need their Route 53 zone here: start with --hosted-zone NAME (examples/petstore: petstore.example.com).']),
      `Call counts and request log: ${url}/_emulator/calls (docs/emulator.md lists the admin endpoints)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

function parseInteger(raw: string, flag: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got '${raw}'`);
  return n;
}

function parseFaults(raw: string): FaultConfig {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new UsageError(`--faults must be a JSON object, got '${raw}'`, 'for example --faults \'{"errorRate":0.1,"seed":1}\'');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError(`--faults must be a JSON object, got '${raw}'`);
  return v as FaultConfig;
}

function parsePositive(raw: string, flag: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got '${raw}'`);
  return n;
}
