/**
 * Which calls the SDK may retry after a failure other than throttling.
 *
 * A retry after a 5xx or a dropped connection repeats a request that AWS may already have carried
 * out (the response was lost). For most calls that is harmless: Put* and Update* overwrite, and
 * creates of objects with a unique natural key (a resource path, a stage or model name) answer
 * ConflictException, which the next plan resolves by reading what is there. The calls below create
 * a new object with a new id every time, so a blind retry could make a duplicate. They are retried
 * only when throttled (a 429 means AWS did nothing); any other failure fails the step, and the next
 * run finds the object, if it was made, by its ownership tag or name.
 */
export const UNSAFE_TO_RETRY: Record<'apigateway' | 'apigatewayv2' | 'lambda', ReadonlySet<string>> = {
  apigateway: new Set([
    'CreateRestApi',
    'ImportRestApi',
    'CreateApiKey',
    'CreateUsagePlan',
    // Not CreateAuthorizer: AWS refuses a second authorizer of the same name in an API
    // ("Authorizer name must be unique"), so a repeated one cannot duplicate.
    'CreateRequestValidator',
    'CreateVpcLink',
    'GenerateClientCertificate',
  ]),
  apigatewayv2: new Set(['CreateApi', 'ImportApi', 'CreateIntegration', 'CreateAuthorizer', 'CreateVpcLink']),
  // A repeated AddPermission answers ResourceConflictException (the statement id exists): the op
  // would fail on its own success. The next plan reads the statement instead.
  lambda: new Set(['AddPermission']),
};

interface RetryErrorInfo {
  errorType: string;
}

/** The SDK's retry strategy interface (RetryStrategyV2), as far as it is used here. */
export interface RetryStrategyLike {
  mode?: string;
  acquireInitialRetryToken(scope: string): Promise<unknown>;
  refreshRetryTokenForRetry(token: unknown, info: RetryErrorInfo): Promise<unknown>;
  recordSuccess(token: unknown): void;
}

/**
 * The SDK's own (adaptive) strategy, but giving up on anything except throttling. Sharing the
 * strategy instance keeps one client-side rate limiter for all calls.
 */
export function throttlingOnly(inner: () => Promise<RetryStrategyLike>): RetryStrategyLike {
  return {
    mode: 'adaptive',
    acquireInitialRetryToken: async (scope) => (await inner()).acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: async (token, info) => {
      // Throwing here makes the SDK give up and report the original error.
      if (info.errorType !== 'THROTTLING') throw new Error('not retried: the call may have been carried out');
      return (await inner()).refreshRetryTokenForRetry(token, info);
    },
    recordSuccess: (token) => {
      void inner().then((s) => s.recordSuccess(token));
    },
  };
}
