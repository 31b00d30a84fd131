import * as v1 from '@aws-sdk/client-api-gateway';
import * as v2 from '@aws-sdk/client-apigatewayv2';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { CallAws } from '../reconcile/apply/executor.js';
import { CallCounter } from './call-counter.js';
import { withCallContext, type RawResponse } from './call-context.js';
import { apiGatewayRetry, UNSAFE_TO_RETRY, type ConflictRetry, type RetryStrategyLike } from './unsafe-retry.js';

/**
 * Builds the two API Gateway clients for one run, and on first use the Lambda client (for the
 * invoke permissions of the functions the APIs call) and the Route 53 one (for the alias records
 * of custom domains): their packages cost about 0.1 s of CPU to load, which a spec set without
 * Lambda functions or `dns:` never pays. Where they point:
 * - `endpoint` given (from --local, --endpoint-url or AWS_ENDPOINT_URL*): that endpoint;
 * - otherwise AWS itself, found the SDK's usual way (region, profile, credential chain).
 *
 * Retrying throttled (429) and failed (5xx) calls is left to the SDK's adaptive retry mode, which
 * also honours Retry-After and slows the client down under throttling; creates that could
 * duplicate an object are retried only when throttled (unsafe-retry.ts). A concurrent-modification
 * ConflictException (AWS did nothing) is retried for every call, with backoff and jitter, within a
 * bounded time (unsafe-retry.ts, apiGatewayRetry). The SDK logs nothing
 * (SILENT_LOGGER), so no request or response (and no API key value) reaches a log.
 */
export interface ClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
  /** How concurrent-modification conflicts are retried (defaults: DEFAULT_CONFLICT_RETRY). */
  conflictRetry?: Partial<ConflictRetry>;
}

export interface AwsClients {
  apigateway: v1.APIGatewayClient;
  apigatewayv2: v2.ApiGatewayV2Client;
  /** The Lambda client, made (and its package loaded) on the first call; the same one after. */
  lambda: () => Promise<LambdaClient>;
  /**
   * Route 53, for the alias records of custom domains (global: the region only picks the endpoint),
   * made on the first call like `lambda`.
   */
  route53: () => Promise<Route53Client>;
  counter: CallCounter;
  /** Sends one planned call (`{ service, operation, input }`) as the matching SDK command. */
  callAws: CallAws;
  destroy(): void;
}

/** Enough for AWS's throttling to pass (the adaptive limiter slows down after the first 429s). */
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * A logger without `info`. The SDK's own default (a no-op logger) has one, and the SDK then
 * builds a redacted copy of every response for it to ignore (its logger middleware calls
 * `logger?.info?.(...)` with the copy as argument): 90 MB of garbage for the pages of a
 * 5,000-method API. Without `info` that copy is never made; nothing is logged either way.
 */
const SILENT_LOGGER = { trace() {}, debug() {}, warn() {}, error() {} } as unknown as v1.APIGatewayClientConfig['logger'];

export function createAwsClients(config: ClientConfig): AwsClients {
  // apigw-sync supports Node 20 (package.json engines); the SDK's notice that its future releases
  // will not would otherwise end up in every command's output. Set the variable to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const counter = new CallCounter();
  const common = {
    ...(config.region ? { region: config.region } : {}),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    retryMode: 'adaptive',
    logger: SILENT_LOGGER,
    maxAttempts: config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  // Per service, the SDK's own adaptive strategy is built by a base client that never sends, and
  // shared (one client-side rate limiter) by the two that do, which extend it (unsafe-retry.ts).
  const strategyOf = (c: { config: unknown }) => () => (c.config as { retryStrategy: () => Promise<RetryStrategyLike> }).retryStrategy();
  const retry = (c: { config: unknown }, retryFailures: boolean) =>
    apiGatewayRetry(strategyOf(c), { retryFailures, conflict: config.conflictRetry, onConflictRetry: () => counter.recordConflictRetry() }) as never;
  // One service's three clients: the base, the one that retries, and its twin for calls that must
  // not be retried blindly (see unsafe-retry.ts), sharing the retry state.
  const trio = <C extends SdkClient>(service: Service, make: (cfg: object) => C): ServiceClients<C> => {
    const base = make(common);
    const clients = { base, client: make({ ...common, retryStrategy: retry(base, true) }), once: make({ ...common, retryStrategy: retry(base, false) }) };
    instrument(clients.client, service, counter);
    instrument(clients.once, service, counter);
    return clients;
  };
  const apigateway = trio('apigateway', (c) => new v1.APIGatewayClient(c));
  const apigatewayv2 = trio('apigatewayv2', (c) => new v2.ApiGatewayV2Client(c));
  // Lambda and Route 53: loaded and made on the first call, the same way.
  let destroyed = false;
  const later = <M, C extends SdkClient>(service: Service, load: () => Promise<M>, make: (m: M, cfg: object) => C) => {
    let made: ServiceClients<C> | undefined;
    let pending: Promise<{ module: M } & ServiceClients<C>> | undefined;
    return {
      get: () => (pending ??= load().then((module) => {
        made = trio(service, (cfg) => make(module, cfg));
        if (destroyed) destroyAll(made); // made after the run ended: its sockets close at once
        return { module, ...made };
      })),
      destroy: () => made && destroyAll(made),
    };
  };
  const lambda = later('lambda', () => import('@aws-sdk/client-lambda'), (m, c) => new m.LambdaClient(c));
  const route53 = later('route53', () => import('@aws-sdk/client-route-53'), (m, c) => new m.Route53Client(c));

  const loaded = { apigateway: { module: v1, ...apigateway }, apigatewayv2: { module: v2, ...apigatewayv2 } };
  const callAws: CallAws = async ({ service, operation, input }) => {
    const { module, client, once } = service === 'lambda' ? await lambda.get() : service === 'route53' ? await route53.get() : loaded[service];
    const Command = (module as unknown as Record<string, unknown>)[`${operation}Command`] as (new (input: unknown) => never) | undefined;
    if (typeof Command !== 'function') throw Object.assign(new Error(`${service} has no operation ${operation}`), { name: 'UnknownOperation' });
    const chosen = UNSAFE_TO_RETRY[service].has(operation) ? once : client;
    return (chosen as unknown as { send(c: unknown): Promise<unknown> }).send(new Command(input));
  };

  return {
    apigateway: apigateway.client,
    apigatewayv2: apigatewayv2.client,
    lambda: async () => (await lambda.get()).client,
    route53: async () => (await route53.get()).client,
    counter,
    callAws,
    destroy() {
      destroyed = true;
      destroyAll(apigateway);
      destroyAll(apigatewayv2);
      lambda.destroy();
      route53.destroy();
    },
  };
}

type Service = keyof typeof UNSAFE_TO_RETRY;
interface SdkClient {
  config: unknown;
  middlewareStack: unknown;
  destroy(): void;
}
interface ServiceClients<C extends SdkClient> {
  base: C;
  client: C;
  once: C;
}

function destroyAll(c: ServiceClients<SdkClient>): void {
  c.client.destroy();
  c.once.destroy();
  c.base.destroy();
}

/**
 * The middleware every client that sends carries: the failing call named in errors, the raw
 * response kept for them, and the call and attempt counts.
 */
function instrument(client: SdkClient, service: Service, counter: CallCounter): void {
  const stack = client.middlewareStack as MiddlewareStackLike;
  // Every failure says which operation of which service failed and what answered (see
  // call-context.ts), so that an endpoint that is not API Gateway can be told apart from AWS's errors.
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        throw withCallContext(err, service, String(context.commandName ?? 'Unknown').replace(/Command$/, ''), (context as { apigwResponse?: RawResponse }).apigwResponse);
      }
    },
    { step: 'initialize', name: 'apigwSyncCallContext', priority: 'high' },
  );
  // Innermost in the deserialize step: the raw HTTP response, before the SDK parses it.
  stack.add(
    (next, context) => async (args) => {
      const out = (await next(args)) as { response?: { statusCode?: number; headers?: Record<string, string> } };
      (context as { apigwResponse?: RawResponse }).apigwResponse = { status: out.response?.statusCode, headers: out.response?.headers ?? {} };
      return out;
    },
    { step: 'deserialize', name: 'apigwSyncRawResponse', priority: 'low' },
  );
  stack.add(
    (next, context) => async (args) => {
      counter.recordCall(String(context.commandName ?? 'Unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'apigwSyncCallCounter' },
  );
  // Inside the retry loop: one per HTTP attempt.
  stack.add(
    (next) => async (args) => {
      counter.recordAttempt();
      return next(args);
    },
    { step: 'deserialize', name: 'apigwSyncAttemptCounter' },
  );
}

type Handler = (args: unknown) => Promise<unknown>;
interface MiddlewareStackLike {
  add(
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: string; name: string; priority?: 'high' | 'normal' | 'low' },
  ): void;
}
