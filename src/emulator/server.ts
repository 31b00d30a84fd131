import { migrateDomainStore } from './domains.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router, type EmulatorLimits, type Route } from './router.js';
import { emptyState, type EmulatorState } from './state.js';
import { EmulatorStateError, loadState, saveStateAtomic } from './persistence.js';
import { Throttler, type Service, type ThrottleOptions } from './throttle.js';
import { FaultInjector, type FaultConfig } from './faults.js';
import { CallLog, type CallSummary } from './call-log.js';
import { ConflictModel, type ConflictOptions } from './conflicts.js';
import { ConsistencyModel, type ConsistencyOptions } from './consistency.js';
import { handle, resetRuntime, type Runtime } from './dispatch.js';
import { v1Routes } from './v1/index.js';
import { v2Routes } from './v2/index.js';
import { lambdaRoutes } from './lambda/policy.js';
import { createZone, normaliseName, route53Routes, type Route53State } from './route53/index.js';

export interface EmulatorOptions {
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  region?: string;
  accountId?: string;
  /** Start from this state (tests); ignored when statePath names an existing file. */
  state?: EmulatorState;
  /**
   * Load the state from this file at start (missing: start empty) and write it back atomically after
   * every successful mutating call, before the response is sent.
   */
  statePath?: string;
  /** Control-plane throttling as AWS applies it; off by default. */
  throttle?: ThrottleOptions;
  faults?: FaultConfig;
  /**
   * Concurrent-modification conflicts (409 ConflictException for a write to an API while another
   * write to it is in flight); off unless given. `apigw-sync local --throttle` turns them on.
   */
  conflicts?: ConflictOptions;
  /** Opt-in eventual consistency: VPC links PENDING for a while, reads that miss a new object. */
  consistency?: ConsistencyOptions;
  /** Quotas AWS lets an account raise, e.g. `{ resourcesPerApi: 1000 }`; default AWS's defaults. */
  limits?: EmulatorLimits;
  /**
   * Route 53 public hosted zones to have at start (`example.com`), each made as CreateHostedZone
   * makes it (SOA and NS records) unless the state already holds a zone of that name.
   */
  hostedZones?: string[];
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4566 : give it to the SDK as `endpoint` or to the AWS CLI as --endpoint-url. */
  url: string;
  host: string;
  port: number;
  region: string;
  accountId: string;
  state: EmulatorState;
  server: Server;
  close(): Promise<void>;
  /** Call counter per operation (`apigateway:CreateResource`) and the request log. */
  calls(): CallSummary;
  /** Calls of one operation; without a service both services' operations of that name are summed. */
  callCount(operation: string, service?: Service): number;
  resetCalls(): void;
  /** Replaces the fault configuration; undefined turns fault injection off. */
  setFaults(config: FaultConfig | undefined): void;
  setThrottle(options: Partial<ThrottleOptions>): void;
  setConflicts(options: Partial<ConflictOptions>): void;
  setConsistency(options: Partial<ConsistencyOptions>): void;
  /** Empties the state (and the state file), the counters and the throttle buckets; the `hostedZones` are made again. */
  reset(): void;
  /** Makes a Route 53 hosted zone (public, or private to a VPC) as CreateHostedZone does; returns its id. */
  addHostedZone(name: string, opts?: { private?: boolean }): string;
}


/** The API Gateway control plane, both services, Lambda's policy calls and Route 53 on one HTTP listener. */
export function createRouter(extra: Route[] = []): Router {
  return new Router([...v1Routes, ...v2Routes, ...lambdaRoutes, ...route53Routes, ...extra]);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = opts.statePath ? loadState(opts.statePath) : (opts.state ?? emptyState());
  if (opts.statePath && opts.state && isEmpty(state)) Object.assign(state, opts.state);
  migrateDomainStore(state);
  const rt: Runtime = {
    router: createRouter(),
    state,
    region: opts.region ?? 'us-east-1',
    accountId: opts.accountId ?? '123456789012',
    statePath: opts.statePath,
    throttle: new Throttler(opts.throttle ?? { enabled: false }),
    faults: new FaultInjector(opts.faults),
    calls: new CallLog(),
    limits: { ...opts.limits },
    conflicts: new ConflictModel(opts.conflicts ?? { enabled: false }),
    consistency: new ConsistencyModel(opts.consistency),
    ...(opts.hostedZones?.length ? { hostedZones: opts.hostedZones } : {}),
  };
  for (const name of opts.hostedZones ?? []) {
    const zones = Object.values((state.route53 as Route53State | undefined)?.zones ?? {});
    if (!zones.some((z) => z.name === normaliseName(name))) createZone(state, { name, callerReference: `apigw-sync-local-${name}` });
  }
  if (rt.statePath) {
    // Write once before listening, so an unwritable location fails now rather than on the first call.
    try {
      saveStateAtomic(rt.statePath, state);
    } catch (err) {
      throw new EmulatorStateError(rt.statePath, (err as Error).message, 'write');
    }
  }
  const server = createServer((req, res) => {
    void handle(req, res, rt);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.address === '0.0.0.0' || addr.address === '::' ? '127.0.0.1' : addr.address;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`,
    host,
    port: addr.port,
    region: rt.region,
    accountId: rt.accountId,
    state,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
    calls: () => rt.calls.summary(),
    callCount: (operation, service) => rt.calls.count(operation, service),
    resetCalls: () => rt.calls.reset(),
    setFaults: (config) => rt.faults.configure(config),
    setThrottle: (options) => rt.throttle.configure(options),
    setConflicts: (options) => rt.conflicts.configure(options),
    setConsistency: (options) => rt.consistency.configure(options),
    reset: () => resetRuntime(rt),
    addHostedZone: (name, o = {}) => {
      const zone = createZone(state, { name, callerReference: `emulator-${Date.now()}-${Math.random()}`,
        ...(o.private ? { vpc: { VPCRegion: rt.region, VPCId: 'vpc-0123456789abcdef0' } } : {}) });
      if (rt.statePath) saveStateAtomic(rt.statePath, state);
      return zone.id;
    },
  };
}

function isEmpty(s: EmulatorState): boolean {
  return Object.keys(s.v1).length === 0 && Object.keys(s.v2).length === 0 && Object.keys(s.lambda ?? {}).length === 0 && Object.keys(s.route53 ?? {}).length === 0;
}
