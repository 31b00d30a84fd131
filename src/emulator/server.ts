import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { AwsError } from './aws-error.js';
import { Router, type EmulatorLimits, type Route } from './router.js';
import { emptyState, type EmulatorState } from './state.js';
import { EmulatorStateError, loadState, saveStateAtomic } from './persistence.js';
import { Throttler, type Service, type ThrottleOptions } from './throttle.js';
import { FaultInjector, type FaultConfig, type FaultDecision } from './faults.js';
import { CallLog, type CallSummary } from './call-log.js';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { v1Routes } from './v1/index.js';
import { v2Routes } from './v2/index.js';

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
  /** Quotas AWS lets an account raise, e.g. `{ resourcesPerApi: 1000 }`; default AWS's defaults. */
  limits?: EmulatorLimits;
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
  /** Empties the state (and the state file), the counters and the throttle buckets. */
  reset(): void;
}

const MAX_BODY = 10 * 1024 * 1024;

/** The API Gateway control plane, both services, on one HTTP listener. */
export function createRouter(extra: Route[] = []): Router {
  return new Router([...v1Routes, ...v2Routes, ...extra]);
}

interface Runtime {
  router: Router;
  state: EmulatorState;
  region: string;
  accountId: string;
  statePath?: string;
  throttle: Throttler;
  faults: FaultInjector;
  calls: CallLog;
  limits: EmulatorLimits;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = opts.statePath ? loadState(opts.statePath) : (opts.state ?? emptyState());
  if (opts.statePath && opts.state && isEmpty(state)) Object.assign(state, opts.state);
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
  };
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
  if (rt.statePath) {
    // Write once at start, so an unwritable location fails now rather than on the first call.
    try {
      saveStateAtomic(rt.statePath, state);
    } catch (err) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw new EmulatorStateError(rt.statePath, `cannot write it (${(err as Error).message})`);
    }
  }
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
    reset: () => resetRuntime(rt),
  };
}

function resetRuntime(rt: Runtime): void {
  rt.state.v1 = {};
  rt.state.v2 = {};
  rt.calls.reset();
  rt.throttle.configure({});
  if (rt.statePath) saveStateAtomic(rt.statePath, rt.state);
}

function isEmpty(s: EmulatorState): boolean {
  return Object.keys(s.v1).length === 0 && Object.keys(s.v2).length === 0;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new AwsError('BadRequestException', 413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseBody(rawBody: Buffer, contentType: string): unknown {
  if (rawBody.length === 0 || !(contentType === '' || contentType.includes('json'))) return undefined;
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 400, 'Invalid JSON in request body');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function handle(req: IncomingMessage, res: ServerResponse, rt: Runtime): Promise<void> {
  const requestId = randomUUID();
  const time = new Date().toISOString();
  const url = new URL(req.url ?? '/', 'http://emulator');
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith(ADMIN_PREFIX)) {
    let body: unknown;
    try {
      body = parseBody(await readBody(req), String(req.headers['content-type'] ?? ''));
    } catch {
      body = undefined;
    }
    const result = handleAdmin(req, url.pathname, body, {
      calls: rt.calls,
      faults: rt.faults,
      throttle: rt.throttle,
      region: rt.region,
      accountId: rt.accountId,
      stateSnapshot: () => rt.state,
      resetAll: () => resetRuntime(rt),
    });
    send(res, result.status, result.body, {});
    return;
  }
  const service: Service = url.pathname.startsWith('/v2/') ? 'apigatewayv2' : 'apigateway';
  let operation = 'Unknown';
  const log = (status: number, injected?: 'throttled' | 'fault') =>
    rt.calls.record({ time, service, operation, method, path: url.pathname, status, ...(injected ? { injected } : {}) });
  const fail = (err: AwsError, injected?: 'throttled' | 'fault') => {
    sendError(res, err, requestId);
    log(err.status, injected);
  };
  try {
    const found = rt.router.match(method, url.pathname, url.searchParams);
    if (!found.route) {
      // What API Gateway answers for a path or verb it does not serve.
      throw new AwsError('UnknownOperationException', 404, `No operation matches ${method} ${url.pathname}`);
    }
    const route = found.route;
    operation = route.operation;
    const rawBody = await readBody(req);
    const body = parseBody(rawBody, String(req.headers['content-type'] ?? ''));

    const fault = rt.faults.decide(operation);
    if (fault && fault.latencyMs > 0) await sleep(fault.latencyMs);
    const wait = rt.throttle.admit(service, operation, body, url.searchParams);
    if (wait !== undefined) {
      return fail(
        new AwsError('TooManyRequestsException', 429, 'Too Many Requests', {
          headers: { 'Retry-After': rt.throttle.retryAfterHeader(wait) },
        }),
        'throttled',
      );
    }
    if (fault?.kind && fault.when === 'before') return injectFault(res, fault, rt, requestId, log);

    let result;
    try {
      result = route.handler({
        operation,
        params: found.params,
        query: url.searchParams,
        headers: req.headers,
        body,
        rawBody,
        state: rt.state,
        region: rt.region,
        accountId: rt.accountId,
        now: () => new Date(),
        limits: rt.limits,
      });
    } finally {
      // Persist whatever a write call changed, even when it then failed validation part-way.
      if (method !== 'GET' && rt.statePath) saveStateAtomic(rt.statePath, rt.state);
    }
    if (fault?.kind && fault.when === 'after') return injectFault(res, fault, rt, requestId, log);
    send(res, result.status, result.body, { 'x-amzn-RequestId': requestId, ...result.headers });
    log(result.status);
  } catch (err) {
    if (err instanceof AwsError) return fail(err);
    fail(new AwsError('InternalFailure', 500, `Internal emulator error: ${(err as Error).message}`));
  }
}

function injectFault(
  res: ServerResponse,
  fault: FaultDecision,
  rt: Runtime,
  requestId: string,
  log: (status: number, injected?: 'throttled' | 'fault') => void,
): void {
  const retryAfter = rt.throttle.retryAfterHeader(1 * rt.throttle.settings.timeScale);
  switch (fault.kind) {
    case 'reset':
      log(0, 'fault');
      res.socket?.destroy();
      return;
    case 'throttle':
      sendError(res, new AwsError('TooManyRequestsException', 429, 'Too Many Requests', { headers: { 'Retry-After': retryAfter } }), requestId);
      return log(429, 'fault');
    case 'unavailable':
      sendError(res, new AwsError('ServiceUnavailableException', 503, 'Service Unavailable', { headers: { 'Retry-After': retryAfter } }), requestId);
      return log(503, 'fault');
    default:
      sendError(res, new AwsError('InternalFailure', 500, 'Internal server error'), requestId);
      return log(500, 'fault');
  }
}

function sendError(res: ServerResponse, err: AwsError, requestId: string): void {
  send(res, err.status, { message: err.message, ...err.extra.body }, {
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': err.type,
    ...err.extra.headers,
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  let payload: Buffer | string = '';
  const h: Record<string, string> = { ...headers };
  if (body === undefined || status === 204) {
    payload = '';
  } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
    payload = body;
  } else {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  h['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, h);
  res.end(payload);
}
