import * as v1 from '@aws-sdk/client-api-gateway';
import * as v2 from '@aws-sdk/client-apigatewayv2';
import * as lambda from '@aws-sdk/client-lambda';
import * as route53 from '@aws-sdk/client-route-53';
import type { CallAws } from '../reconcile/apply/executor.js';
import { CallCounter } from './call-counter.js';
import { withCallContext, type RawResponse } from './call-context.js';
import { apiGatewayRetry, UNSAFE_TO_RETRY, type ConflictRetry, type RetryStrategyLike } from './unsafe-retry.js';

/**
 * Builds the two API Gateway clients for one run, and the Lambda client for the invoke permissions
 * of the functions the APIs call. Where they point:
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
  lambda: lambda.LambdaClient;
  /** Route 53, for the alias records of custom domains (global: the region only picks the endpoint). */
  route53: route53.Route53Client;
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
  // The SDK's own adaptive strategies, built by clients that never send: one per service, shared
  // (one client-side rate limiter) by the clients below, which extend them (unsafe-retry.ts).
  const base = { apigateway: new v1.APIGatewayClient(common), apigatewayv2: new v2.ApiGatewayV2Client(common), lambda: new lambda.LambdaClient(common), route53: new route53.Route53Client(common) };
  const strategyOf = (c: { config: unknown }) => () => (c.config as { retryStrategy: () => Promise<RetryStrategyLike> }).retryStrategy();
  const retry = (c: { config: unknown }, retryFailures: boolean) =>
    apiGatewayRetry(strategyOf(c), { retryFailures, conflict: config.conflictRetry, onConflictRetry: () => counter.recordConflictRetry() }) as never;
  const apigateway = new v1.APIGatewayClient({ ...common, retryStrategy: retry(base.apigateway, true) });
  const apigatewayv2 = new v2.ApiGatewayV2Client({ ...common, retryStrategy: retry(base.apigatewayv2, true) });
  const lambdaClient = new lambda.LambdaClient({ ...common, retryStrategy: retry(base.lambda, true) });
  const route53Client = new route53.Route53Client({ ...common, retryStrategy: retry(base.route53, true) });
  // Twins for calls that must not be retried blindly (see unsafe-retry.ts), sharing the retry state.
  const once = {
    apigateway: new v1.APIGatewayClient({ ...common, retryStrategy: retry(base.apigateway, false) }),
    apigatewayv2: new v2.ApiGatewayV2Client({ ...common, retryStrategy: retry(base.apigatewayv2, false) }),
    lambda: new lambda.LambdaClient({ ...common, retryStrategy: retry(base.lambda, false) }),
    route53: new route53.Route53Client({ ...common, retryStrategy: retry(base.route53, false) }),
  };
  for (const client of [apigateway, apigatewayv2, lambdaClient, route53Client, once.apigateway, once.apigatewayv2, once.lambda, once.route53]) {
    const stack = client.middlewareStack as unknown as MiddlewareStackLike;
    const service = client === apigatewayv2 || client === once.apigatewayv2 ? 'apigatewayv2' : client === lambdaClient || client === once.lambda ? 'lambda'
      : client === route53Client || client === once.route53 ? 'route53' : 'apigateway';
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

  const callAws: CallAws = async ({ service, operation, input }) => {
    const module = (service === 'apigatewayv2' ? v2 : service === 'lambda' ? lambda : service === 'route53' ? route53 : v1) as unknown as Record<string, unknown>;
    const Command = module[`${operation}Command`] as (new (input: unknown) => never) | undefined;
    if (typeof Command !== 'function') throw Object.assign(new Error(`${service} has no operation ${operation}`), { name: 'UnknownOperation' });
    const pool = UNSAFE_TO_RETRY[service].has(operation) ? once : { apigateway, apigatewayv2, lambda: lambdaClient, route53: route53Client };
    const client = pool[service];
    return (client as unknown as { send(c: unknown): Promise<unknown> }).send(new Command(input));
  };

  return {
    apigateway,
    apigatewayv2,
    lambda: lambdaClient,
    route53: route53Client,
    counter,
    callAws,
    destroy() {
      for (const c of [apigateway, apigatewayv2, lambdaClient, once.apigateway, once.apigatewayv2, once.lambda, route53Client, once.route53, base.apigateway, base.apigatewayv2, base.lambda, base.route53]) c.destroy();
    },
  };
}

type Handler = (args: unknown) => Promise<unknown>;
interface MiddlewareStackLike {
  add(
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: string; name: string; priority?: 'high' | 'normal' | 'low' },
  ): void;
}
