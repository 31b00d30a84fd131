/**
 * Control-plane throttling as API Gateway applies it: token buckets per account and region, one for all
 * operations together (10 requests per second, burst 40) and one per operation that has a quota of its
 * own (developer guide, "Amazon API Gateway quotas", control-plane table). A call needs a token from
 * both; when either is empty the call fails with 429 TooManyRequestsException and a Retry-After header.
 * Route 53 and Lambda have buckets of their own (below), answered as those services answer
 * (dispatch.ts: Route 53's 400 `Throttling` "Rate exceeded", Lambda's 429 TooManyRequestsException).
 */

export interface ThrottleOptions {
  enabled: boolean;
  /**
   * Multiplies every time span: 0.01 makes "one every 3 s" one every 30 ms and 10 per second 1,000 per
   * second, so tests run fast while the ratios between the quotas stay those of AWS. Default 1.
   */
  timeScale?: number;
}

export interface Quota {
  /** Tokens added per (unscaled) second. */
  rate: number;
  /** Bucket size: how many calls may come at once. */
  burst: number;
}

/** `n` calls every `seconds` seconds, all of which may come at once. */
const every = (n: number, seconds: number): Quota => ({ rate: n / seconds, burst: n });

export const ACCOUNT_QUOTA: Quota = { rate: 10, burst: 40 };

/** Per-operation quotas, keyed `service:Operation`; ops that share a quota share a key. */
const QUOTAS: Record<string, Quota> = {
  'rest-api-create-edge': every(1, 30),
  'rest-api-create-regional': every(1, 3),
  'apigateway:DeleteRestApi': every(1, 30),
  'apigateway:CreateDeployment': every(1, 5),
  'apigateway:PutRestApi': every(1, 1),
  'apigateway:GetResources': every(5, 2),
  'apigateway:CreateResource': every(5, 1),
  'apigateway:DeleteResource': every(5, 1),
  'apigateway:CreateApiKey': every(5, 1),
  'apigateway:DeleteApiKey': every(5, 1),
  'apigateway:UpdateUsagePlan': every(1, 20),
  'apigateway:UpdateAccount': every(1, 20),
  'apigateway:CreateDocumentationVersion': every(1, 20),
  'apigateway:ImportDocumentationParts': every(1, 30),
  // One domain-name namespace serves both APIs, so both services draw from the same buckets.
  'domain:CreateDomainName': every(1, 30),
  'domain:UpdateDomainName': every(1, 30),
  'domain:DeleteDomainName': every(1, 30),
  'apigatewayv2:CreateVpcLink': every(1, 15),
  'apigatewayv2:DeleteVpcLink': every(1, 30),
};

/**
 * Route 53's request-rate buckets (developer guide, "Throttling for Amazon Route 53 API requests",
 * the limits in force since July 30, 2026): one for all the account's calls (burst 50, 10 a
 * second) and one per operation (the same, unless listed). Its change-throughput bucket (DNS
 * record changes per second) is not modelled: no source gives its size. Per account, not region:
 * Route 53 is global.
 */
export const ROUTE53_ACCOUNT_QUOTA: Quota = { rate: 10, burst: 50 };
const ROUTE53_OPERATION_QUOTA: Quota = { rate: 10, burst: 50 };
const ROUTE53_QUOTAS: Record<string, Quota> = {
  CreateHostedZone: { rate: 2, burst: 40 },
  DeleteHostedZone: { rate: 5, burst: 40 },
};

/**
 * Lambda's control-plane quotas for the calls the emulator serves (the Lambda developer guide's
 * quotas page, "Lambda API requests", as transcribed: GetPolicy 15 requests per second, the other
 * control-plane calls together 15 per second; neither can be increased). No burst is given: a
 * bucket of one second's worth.
 */
const LAMBDA_QUOTAS: Record<string, Quota> = {
  GetPolicy: every(15, 1),
  control: every(15, 1),
};

export type Service = 'apigateway' | 'apigatewayv2' | 'lambda' | 'route53';

/** Which per-operation bucket a call draws from, if any. */
export function quotaKey(service: Service, operation: string, body: unknown, query: URLSearchParams): string | undefined {
  if (service === 'apigateway' && (operation === 'CreateRestApi' || operation === 'ImportRestApi')) {
    // Edge-optimized APIs (the default endpoint type) have the stricter quota.
    const types: unknown =
      operation === 'CreateRestApi'
        ? (body as { endpointConfiguration?: { types?: unknown } } | undefined)?.endpointConfiguration?.types
        : query.get('endpointConfigurationTypes')?.split(',');
    const edge = !Array.isArray(types) || types.length === 0 || types.includes('EDGE');
    return edge ? 'rest-api-create-edge' : 'rest-api-create-regional';
  }
  if (operation.endsWith('DomainName') && /^(Create|Update|Delete)DomainName$/.test(operation)) return `domain:${operation}`;
  const key = `${service}:${operation}`;
  return QUOTAS[key] ? key : undefined;
}

class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly quota: Quota,
    now: number,
  ) {
    this.tokens = quota.burst;
    this.last = now;
  }

  /** Seconds (real time) until one token is available; 0 when one is available now. */
  waitFor(now: number, timeScale: number): number {
    this.refill(now, timeScale);
    if (this.tokens >= 1) return 0;
    return ((1 - this.tokens) / this.quota.rate) * timeScale;
  }

  take(): void {
    this.tokens -= 1;
  }

  private refill(now: number, timeScale: number): void {
    const elapsed = (now - this.last) / 1000 / timeScale;
    this.tokens = Math.min(this.quota.burst, this.tokens + elapsed * this.quota.rate);
    this.last = now;
  }
}

export class Throttler {
  private options: Required<ThrottleOptions>;
  private buckets = new Map<string, TokenBucket>();

  constructor(
    options: ThrottleOptions = { enabled: false },
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.options = normalise(options);
  }

  get settings(): Required<ThrottleOptions> {
    return { ...this.options };
  }

  configure(options: Partial<ThrottleOptions>): void {
    this.options = normalise({ ...this.options, ...options });
    this.buckets.clear();
  }

  /**
   * Takes a token from the account bucket and from the operation's bucket, or from neither. Returns
   * undefined when the call may proceed, else the real-time seconds after which it would succeed.
   */
  admit(service: Service, operation: string, body: unknown, query: URLSearchParams): number | undefined {
    if (!this.options.enabled) return undefined;
    const now = this.clock();
    const scale = this.options.timeScale;
    // Each service its own quotas: other services' calls never draw from API Gateway's.
    const buckets: TokenBucket[] = [];
    if (service === 'route53') {
      buckets.push(this.bucket('route53', ROUTE53_ACCOUNT_QUOTA, now), this.bucket(`route53:${operation}`, ROUTE53_QUOTAS[operation] ?? ROUTE53_OPERATION_QUOTA, now));
    } else if (service === 'lambda') {
      const key = operation === 'GetPolicy' ? 'GetPolicy' : 'control';
      buckets.push(this.bucket(`lambda:${key}`, LAMBDA_QUOTAS[key]!, now));
    } else {
      buckets.push(this.bucket('account', ACCOUNT_QUOTA, now));
      const key = quotaKey(service, operation, body, query);
      if (key) buckets.push(this.bucket(key, QUOTAS[key]!, now));
    }
    const wait = Math.max(...buckets.map((b) => b.waitFor(now, scale)));
    if (wait > 0) return wait;
    for (const b of buckets) b.take();
    return undefined;
  }

  /** The Retry-After value: whole seconds as AWS sends them, fractions when time is scaled. */
  retryAfterHeader(waitSeconds: number): string {
    if (this.options.timeScale === 1) return String(Math.max(1, Math.ceil(waitSeconds)));
    return String(Math.max(0.001, Math.ceil(waitSeconds * 1000) / 1000));
  }

  private bucket(key: string, quota: Quota, now: number): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(quota, now);
      this.buckets.set(key, b);
    }
    return b;
  }
}

function normalise(o: ThrottleOptions): Required<ThrottleOptions> {
  const timeScale = o.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError(`timeScale must be a positive number, got ${o.timeScale}`);
  return { enabled: Boolean(o.enabled), timeScale };
}
