/*
 * One request's way through the emulator: admin endpoints aside, route it, apply fault latency,
 * throttling and faults, run the handler, persist a write before answering, record the call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerSts, isStsRequest } from './sts.js';
import { randomUUID } from 'node:crypto';
import { AwsError } from './aws-error.js';
import type { EmulatorLimits, RequestContext, Router } from './router.js';
import { createForeignAssociation } from './v1/access-associations.js';
import type { EmulatorState } from './state.js';
import { saveStateAtomic } from './persistence.js';
import type { Service, Throttler } from './throttle.js';
import type { FaultDecision, FaultInjector } from './faults.js';
import type { CallLog } from './call-log.js';
import type { ConflictModel } from './conflicts.js';
import type { ConsistencyModel } from './consistency.js';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { LAMBDA_PREFIX } from './lambda/policy.js';
import { createZone, ROUTE53_PREFIX } from './route53/index.js';
import { errorDocument } from './route53/xml.js';

const MAX_BODY = 10 * 1024 * 1024;

/** What serving a request needs: the routes, the state and the emulator's behaviour switches. */
export interface Runtime {
  router: Router;
  state: EmulatorState;
  region: string;
  accountId: string;
  statePath?: string;
  throttle: Throttler;
  faults: FaultInjector;
  calls: CallLog;
  limits: EmulatorLimits;
  conflicts: ConflictModel;
  consistency: ConsistencyModel;
  /** Route 53 zones the emulator was started with: made again after a reset. */
  hostedZones?: string[];
}

export function resetRuntime(rt: Runtime): void {
  rt.state.v1 = {};
  rt.state.v2 = {};
  delete rt.state.lambda;
  delete rt.state.route53;
  for (const name of rt.hostedZones ?? []) createZone(rt.state, { name, callerReference: `apigw-sync-local-${name}` });
  rt.calls.reset();
  rt.throttle.configure({});
  rt.conflicts.configure({});
  rt.consistency.reset();
  if (rt.statePath) saveStateAtomic(rt.statePath, rt.state);
}

/**
 * Another account's association with one of this account's private domains, as the domain's owner
 * sees it (GetDomainNameAccessAssociations resourceOwner=OTHER_ACCOUNTS, RejectDomainNameAccessAssociation).
 * The domain's managementPolicy must let that account create it, as AWS requires.
 */
function seedForeignAccessAssociation(rt: Runtime, input: Record<string, unknown>): { status: number; body?: unknown } {
  const accountId = String(input.accountId ?? '');
  if (!/^\d{12}$/.test(accountId) || accountId === rt.accountId) {
    return { status: 400, body: { message: `accountId must be another account's 12-digit id, got '${accountId}'` } };
  }
  const ctx: RequestContext = {
    operation: 'CreateDomainNameAccessAssociation', params: {}, query: new URLSearchParams(), headers: {}, body: input,
    rawBody: Buffer.alloc(0), state: rt.state, region: rt.region, accountId: rt.accountId, now: () => new Date(), limits: rt.limits,
  };
  try {
    const association = createForeignAssociation(ctx, input, accountId);
    if (rt.statePath) saveStateAtomic(rt.statePath, rt.state);
    return { status: 201, body: association };
  } catch (err) {
    if (err instanceof AwsError) return { status: err.status, body: { message: err.message, type: err.type } };
    throw err;
  }
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

export async function handle(req: IncomingMessage, res: ServerResponse, rt: Runtime): Promise<void> {
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
      conflicts: rt.conflicts,
      consistency: rt.consistency,
      region: rt.region,
      accountId: rt.accountId,
      stateSnapshot: () => rt.state,
      resetAll: () => resetRuntime(rt),
      seedForeignAccessAssociation: (input) => seedForeignAccessAssociation(rt, input),
    });
    send(res, result.status, result.body, {});
    return;
  }
  if (isStsRequest(method, url.pathname, req.headers)) {
    try {
      const sts = answerSts(await readBody(req), rt.accountId);
      send(res, sts.status, sts.body, sts.headers);
    } catch (err) {
      sendError(res, err instanceof AwsError ? err : new AwsError('InternalFailure', 500, (err as Error).message), requestId);
    }
    return;
  }
  const service: Service = url.pathname.startsWith('/v2/') ? 'apigatewayv2' : url.pathname.startsWith(LAMBDA_PREFIX) ? 'lambda'
    : url.pathname.startsWith(ROUTE53_PREFIX) ? 'route53' : 'apigateway';
  let operation = 'Unknown';
  const log = (status: number, injected?: 'throttled' | 'fault' | 'conflict') =>
    rt.calls.record({ time, service, operation, method, path: url.pathname, status, ...(injected ? { injected } : {}) });
  const fail = (err: AwsError, injected?: 'throttled' | 'fault' | 'conflict') => {
    sendError(res, err, requestId, service);
    log(sentStatus(err.status, service), injected);
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
    const body = route.rawBody ? undefined : parseBody(rawBody, String(req.headers['content-type'] ?? ''));

    const fault = rt.faults.decide(operation);
    if (fault && fault.latencyMs > 0) await sleep(fault.latencyMs);
    const wait = rt.throttle.admit(service, operation, body, url.searchParams);
    if (wait !== undefined) {
      return fail(throttled(service, rt.throttle.retryAfterHeader(wait)), 'throttled');
    }
    if (fault?.kind && fault.when === 'before') return injectFault(res, fault, rt, requestId, log, service);
    // A write to an API while another is in flight is refused; one that goes holds the API meanwhile.
    const hold = rt.conflicts.admit(method, found.params, rt.throttle.settings.timeScale);
    if (hold instanceof AwsError) return fail(hold, 'conflict');
    if (hold && hold.holdMs > 0) await sleep(hold.holdMs);

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
        consistency: { model: rt.consistency, timeScale: rt.throttle.settings.timeScale },
      });
    } finally {
      // Persist whatever a write call changed, even when it then failed validation part-way.
      if (method !== 'GET' && rt.statePath) saveStateAtomic(rt.statePath, rt.state);
      hold?.release();
    }
    if (fault?.kind && fault.when === 'after') return injectFault(res, fault, rt, requestId, log, service);
    send(res, result.status, result.body, { 'x-amzn-RequestId': requestId, ...result.headers });
    log(result.status);
  } catch (err) {
    if (err instanceof AwsError) return fail(err);
    fail(new AwsError('InternalFailure', 500, `Internal emulator error: ${(err as Error).message}`));
  }
}

/**
 * A call over its quota, as each service answers it: API Gateway 429 TooManyRequestsException
 * "Too Many Requests" with Retry-After; Route 53 400 with the code `Throttling` and the message
 * "Rate exceeded" (its throttling guide; no Retry-After is documented); Lambda 429
 * TooManyRequestsException (lambda.service-2.json: Retry-After, and `Reason`
 * CallerRateLimitExceeded for a caller over its rate) with the message "Rate exceeded".
 */
function throttled(service: Service, retryAfter: string): AwsError {
  if (service === 'route53') return new AwsError('TooManyRequestsException', 429, 'Rate exceeded');
  if (service === 'lambda') {
    return new AwsError('TooManyRequestsException', 429, 'Rate exceeded', {
      headers: { 'Retry-After': retryAfter },
      body: { Type: 'User', Message: 'Rate exceeded', Reason: 'CallerRateLimitExceeded' },
    });
  }
  return new AwsError('TooManyRequestsException', 429, 'Too Many Requests', { headers: { 'Retry-After': retryAfter } });
}

function injectFault(
  res: ServerResponse,
  fault: FaultDecision,
  rt: Runtime,
  requestId: string,
  log: (status: number, injected?: 'throttled' | 'fault' | 'conflict') => void,
  service: Service,
): void {
  const retryAfter = rt.throttle.retryAfterHeader(1 * rt.throttle.settings.timeScale);
  switch (fault.kind) {
    case 'reset':
      log(0, 'fault');
      res.socket?.destroy();
      return;
    case 'throttle':
      sendError(res, new AwsError('TooManyRequestsException', 429, 'Too Many Requests', { headers: { 'Retry-After': retryAfter } }), requestId, service);
      return log(sentStatus(429, service), 'fault');
    case 'unavailable':
      sendError(res, new AwsError('ServiceUnavailableException', 503, 'Service Unavailable', { headers: { 'Retry-After': retryAfter } }), requestId, service);
      return log(503, 'fault');
    default:
      sendError(res, new AwsError('InternalFailure', 500, 'Internal server error'), requestId, service);
      return log(500, 'fault');
  }
}

/** The status a refusal goes out with: Route 53 answers throttling with 400, not 429. */
const sentStatus = (status: number, service?: Service) => (service === 'route53' && status === 429 ? 400 : status);

function sendError(res: ServerResponse, err: AwsError, requestId: string, service?: Service): void {
  if (service === 'route53') {
    // Route 53 answers errors as XML documents (REST-XML), AWS's own codes for throttling and faults.
    const code = err.status === 429 ? 'Throttling' : err.status === 503 ? 'ServiceUnavailable' : err.type;
    const status = err.status === 429 ? 400 : err.status;
    send(res, status, errorDocument(code, err.message, requestId, status), { 'x-amzn-RequestId': requestId, 'Content-Type': 'text/xml', ...err.extra.headers });
    return;
  }
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
