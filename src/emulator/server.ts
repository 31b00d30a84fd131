import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { AwsError } from './aws-error.js';
import { Router, type Route } from './router.js';
import { emptyState, type EmulatorState } from './state.js';
import { v1Routes } from './v1/index.js';
import { v2Routes } from './v2/index.js';

export interface EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  region?: string;
  accountId?: string;
  state?: EmulatorState;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4566 : give it to the SDK as `endpoint` or to the CLI as --endpoint-url. */
  url: string;
  state: EmulatorState;
  server: Server;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;

/** The API Gateway control plane, both services, on one HTTP listener. */
export function createRouter(extra: Route[] = []): Router {
  return new Router([...v1Routes, ...v2Routes, ...extra]);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = opts.state ?? emptyState();
  const router = createRouter();
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.accountId ?? '123456789012';
  const server = createServer((req, res) => {
    void handle(req, res, router, state, region, accountId);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`,
    state,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
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

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  router: Router,
  state: EmulatorState,
  region: string,
  accountId: string,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const found = router.match(req.method ?? 'GET', url.pathname, url.searchParams);
    if (!found.route) {
      throw new AwsError(
        found.methodNotAllowed ? 'BadRequestException' : 'NotFoundException',
        found.methodNotAllowed ? 400 : 404,
        `No operation matches ${req.method} ${url.pathname}`,
      );
    }
    const rawBody = await readBody(req);
    let body: unknown;
    const ct = String(req.headers['content-type'] ?? '');
    if (rawBody.length > 0 && (ct === '' || ct.includes('json'))) {
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        throw new AwsError('BadRequestException', 400, 'Invalid JSON in request body');
      }
    }
    const result = found.route.handler({
      operation: found.route.operation,
      params: found.params,
      query: url.searchParams,
      headers: req.headers,
      body,
      rawBody,
      state,
      region,
      accountId,
      now: () => new Date(),
    });
    send(res, result.status, result.body, { 'x-amzn-RequestId': requestId, ...result.headers });
  } catch (err) {
    if (err instanceof AwsError) {
      send(res, err.status, { message: err.message, ...err.extra.body }, {
        'x-amzn-RequestId': requestId,
        'x-amzn-ErrorType': err.type,
        ...err.extra.headers,
      });
    } else {
      send(res, 500, { message: `Internal emulator error: ${(err as Error).message}` }, {
        'x-amzn-RequestId': requestId,
        'x-amzn-ErrorType': 'InternalFailure',
      });
    }
  }
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
