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
export const UNSAFE_TO_RETRY: Record<'apigateway' | 'apigatewayv2' | 'lambda' | 'route53', ReadonlySet<string>> = {
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
    // A private domain's name is not unique: a repeated CreateDomainName would make a second one.
    // (A public domain's repeat answers ConflictException, resolved by the next plan either way.)
    'CreateDomainName',
  ]),
  apigatewayv2: new Set(['CreateApi', 'ImportApi', 'CreateIntegration', 'CreateAuthorizer', 'CreateVpcLink']),
  // A repeated AddPermission answers ResourceConflictException (the statement id exists): the op
  // would fail on its own success. The next plan reads the statement instead.
  lambda: new Set(['AddPermission']),
  // A repeated batch whose first try went through fails on its own CREATEs (InvalidChangeBatch:
  // the record exists): the next plan reads the records instead.
  route53: new Set(['ChangeResourceRecordSets']),
};

interface RetryErrorInfo {
  errorType: string;
  error?: unknown;
}

/** The SDK's retry token (RetryToken), as far as the retry middleware uses it. */
interface RetryTokenLike {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/** The SDK's retry strategy interface (RetryStrategyV2), as far as it is used here. */
export interface RetryStrategyLike {
  mode?: string;
  acquireInitialRetryToken(scope: string): Promise<unknown>;
  refreshRetryTokenForRetry(token: unknown, info: RetryErrorInfo): Promise<unknown>;
  recordSuccess(token: unknown): void;
}

/**
 * API Gateway refuses a write to an API while another write to the same API is in flight:
 * `ConflictException: Unable to complete operation due to concurrent modification. Please try
 * again later.` Nothing was done, so any call, creates included, may be sent again. (Other
 * ConflictExceptions, "already exists" and the like, are answers, not retried.)
 */
export function isConcurrentModification(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { name?: unknown; message?: unknown };
  return e.name === 'ConflictException' && typeof e.message === 'string' && /concurrent modification/i.test(e.message);
}

/** How concurrent-modification conflicts are retried: full-jitter exponential backoff, bounded in time. */
export interface ConflictRetry {
  /** First backoff ceiling (ms); each retry doubles it. Default 100. */
  baseMs: number;
  /** Largest wait between two attempts (ms). Default 5,000. */
  maxDelayMs: number;
  /** No retry starts later than this after the call's first attempt (ms). Default 60,000. */
  budgetMs: number;
}

export const DEFAULT_CONFLICT_RETRY: ConflictRetry = { baseMs: 100, maxDelayMs: 5_000, budgetMs: 60_000 };

/** Wraps the SDK's token to carry the call's start and its count of conflict retries. */
class Token implements RetryTokenLike {
  constructor(
    readonly inner: RetryTokenLike,
    readonly started: number,
    readonly count: number,
    readonly conflicts: number,
    readonly delay: number,
  ) {}
  getRetryCount(): number {
    return this.count;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

export interface RetryOptions {
  /**
   * False for calls that could duplicate an object (UNSAFE_TO_RETRY): the SDK retries them only
   * when throttled, since a 429 means AWS did nothing.
   */
  retryFailures: boolean;
  conflict?: Partial<ConflictRetry>;
  /** Told of each retry after a concurrent-modification conflict (for the call counter). */
  onConflictRetry?: () => void;
  now?: () => number;
  random?: () => number;
}

/**
 * The SDK's own (adaptive) strategy, extended for API Gateway: a concurrent-modification conflict
 * is retried with full-jitter exponential backoff until `budgetMs` after the first attempt (the
 * SDK classes a 409 as a client error and would not retry it); for unsafe calls, anything except
 * throttling and conflicts fails at once. Sharing the inner strategy instance keeps one
 * client-side rate limiter for all calls.
 */
export function apiGatewayRetry(inner: () => Promise<RetryStrategyLike>, options: RetryOptions): RetryStrategyLike {
  const conflict = { ...DEFAULT_CONFLICT_RETRY, ...options.conflict };
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  return {
    mode: 'adaptive',
    acquireInitialRetryToken: async (scope) => new Token((await (await inner()).acquireInitialRetryToken(scope)) as RetryTokenLike, now(), 0, 0, 0),
    refreshRetryTokenForRetry: async (token, info) => {
      const t = token as Token;
      if (isConcurrentModification(info.error)) {
        const ceiling = Math.min(conflict.maxDelayMs, conflict.baseMs * 2 ** t.conflicts);
        const delay = Math.floor(random() * ceiling);
        // Throwing here makes the SDK give up and report the original error.
        if (now() + delay - t.started > conflict.budgetMs) throw new Error('concurrent-modification retries ran out of time');
        options.onConflictRetry?.();
        return new Token(t.inner, t.started, t.count + 1, t.conflicts + 1, delay);
      }
      if (!options.retryFailures && info.errorType !== 'THROTTLING') throw new Error('not retried: the call may have been carried out');
      const next = (await (await inner()).refreshRetryTokenForRetry(t.inner, info)) as RetryTokenLike;
      return new Token(next, t.started, t.count + 1, t.conflicts, next.getRetryDelay());
    },
    recordSuccess: (token) => {
      void inner().then((s) => s.recordSuccess((token as Token).inner));
    },
  };
}
