import type { Clock } from './clock.js';

/**
 * Spaces out calls so AWS's control-plane quotas are respected instead of being discovered as 429s.
 * The SDK's adaptive retry still handles any throttling that gets through; pacing just avoids it.
 *
 * Each limit is a GCRA bucket (a token bucket kept as one "theoretical arrival time"): a call may
 * go at `max(now, tat - tolerance)`, and reserving it pushes `tat` on by one interval. Reservations
 * are handed out synchronously, so concurrent callers get distinct slots in call order.
 */
export interface Rate {
  /** One call every `intervalMs`... */
  intervalMs: number;
  /** ...with up to `burst` calls at once after a quiet period. */
  burst: number;
}

/** AWS API Gateway control-plane quotas (per account and region, fixed). */
export const AWS_RATES: Record<string, Rate> = {
  '*': { intervalMs: 100, burst: 40 },
  CreateRestApi: { intervalMs: 3_000, burst: 1 },
  'CreateRestApi:EDGE': { intervalMs: 30_000, burst: 1 },
  ImportRestApi: { intervalMs: 3_000, burst: 1 },
  'ImportRestApi:EDGE': { intervalMs: 30_000, burst: 1 },
  DeleteRestApi: { intervalMs: 30_000, burst: 1 },
  CreateDeployment: { intervalMs: 5_000, burst: 1 },
  PutRestApi: { intervalMs: 1_000, burst: 1 },
  CreateResource: { intervalMs: 200, burst: 5 },
  DeleteResource: { intervalMs: 200, burst: 5 },
  CreateApiKey: { intervalMs: 200, burst: 5 },
  DeleteApiKey: { intervalMs: 200, burst: 5 },
  UpdateUsagePlan: { intervalMs: 20_000, burst: 1 },
  UpdateAccount: { intervalMs: 20_000, burst: 1 },
  CreateDocumentationVersion: { intervalMs: 20_000, burst: 1 },
  CreateDomainName: { intervalMs: 30_000, burst: 1 },
  UpdateDomainName: { intervalMs: 30_000, burst: 1 },
  DeleteDomainName: { intervalMs: 30_000, burst: 1 },
  ImportDocumentationParts: { intervalMs: 30_000, burst: 1 },
  'v2:CreateVpcLink': { intervalMs: 15_000, burst: 1 },
  'v2:DeleteVpcLink': { intervalMs: 30_000, burst: 1 },
  // Lambda's control plane (AddPermission, RemovePermission): 15 requests per second, its own quota.
  lambda: { intervalMs: 67, burst: 15 },
  // Route 53's API: 10 requests per second per account with a burst of 50 (its throttling guide,
  // since July 30, 2026; 5 per second before), its own quota.
  route53: { intervalMs: 100, burst: 50 },
};

/** A call held back by a quota right now: what a progress display shows while nothing moves. */
export interface PacerWait {
  /** The quota (`paceKey`): an operation, `CreateRestApi:EDGE`, `v2:CreateVpcLink`, or `*` for the account's. */
  key: string;
  /** When the call may go, on the pacer's clock. */
  until: number;
  /** AWS's quota, unscaled (`1 per 30 s`), whatever clock the pacer runs on. */
  rate: Rate;
}

export class Pacer {
  private readonly tat = new Map<string, number>();

  private readonly rates: Record<string, Rate>;

  private readonly unscaled: Record<string, Rate>;

  private readonly waiting = new Map<number, PacerWait>();

  private nextWait = 0;

  /**
   * `scale` multiplies every interval: an emulator that runs AWS's quotas on a scaled clock (0.01:
   * one call every 30 ms where AWS allows one every 3 s) is paced on the same scaled clock.
   */
  constructor(
    private readonly clock: Clock,
    rates: Record<string, Rate> = AWS_RATES,
    scale = 1,
    /**
     * Tokens of each burst left unused (only where the burst is larger), so that calls arriving a
     * little closer together than they left (network jitter) still find one: pacing exactly at
     * the quota gets some calls throttled, and each 429 makes the SDK's adaptive retry slow down.
     */
    reserve = 0,
  ) {
    this.unscaled = rates;
    this.rates = Object.fromEntries(
      Object.entries(rates).map(([k, r]) => [k, { intervalMs: r.intervalMs * scale, burst: r.burst > reserve ? r.burst - reserve : r.burst }]),
    );
  }

  /** Waits until a call of this kind may go. `key` comes from `paceKey`. */
  async acquire(key: string): Promise<void> {
    await this.wait(key);
    if (key === 'lambda' || key === 'route53') return; // another service: API Gateway's account-wide quota does not apply
    // The account-wide slot is taken only once the call's own quota lets it go, so a call
    // waiting 30 s for DeleteRestApi never holds up the others.
    await this.wait('*');
  }

  /**
   * Records `n` calls of this kind made just now without the pacer (planning's reads): they used
   * the same quota, so the first apply calls must not count on a full burst.
   */
  spent(key: string, n: number): void {
    const rate = this.rates[key];
    if (!rate) return;
    const now = this.clock.now();
    for (let i = 0; i < n; i++) this.reserve(key, rate, now);
  }

  /** The calls waiting for their quota now, the longest wait first. */
  pending(): PacerWait[] {
    return [...this.waiting.values()].sort((a, b) => b.until - a.until);
  }

  now(): number {
    return this.clock.now();
  }

  private async wait(key: string): Promise<void> {
    const rate = this.rates[key];
    if (!rate) return;
    const now = this.clock.now();
    const at = this.reserve(key, rate, now);
    if (at <= now) return;
    const id = this.nextWait++;
    this.waiting.set(id, { key, until: at, rate: this.unscaled[key] ?? rate });
    try {
      await this.clock.sleep(at - now);
    } finally {
      this.waiting.delete(id);
    }
  }

  private reserve(key: string, rate: Rate, notBefore: number): number {
    const tat = Math.max(this.tat.get(key) ?? notBefore, notBefore);
    const at = Math.max(notBefore, tat - (rate.burst - 1) * rate.intervalMs);
    this.tat.set(key, Math.max(tat, at) + rate.intervalMs);
    return at;
  }
}

/** What apply keeps back of each burst against jitter: 2 of the account's 40, 2 of CreateResource's 5. */
export const JITTER_RESERVE = 2;

/** No pacing at all: for the in-process emulator, which does not throttle. */
export const NO_RATES: Record<string, Rate> = {};

/** The quota a call counts against: edge-optimised APIs have their own, slower, CreateRestApi quota. */
export function paceKey(call: { service: string; operation: string; input: Record<string, unknown> }): string {
  if (call.service === 'apigatewayv2') return `v2:${call.operation}`;
  if (call.service === 'lambda') return 'lambda';
  if (call.service === 'route53') return 'route53';
  if (call.operation === 'CreateRestApi' || call.operation === 'ImportRestApi') {
    // AWS's default endpoint type is EDGE, for both.
    const types =
      call.operation === 'CreateRestApi'
        ? (call.input.endpointConfiguration as { types?: unknown } | undefined)?.types
        : [(call.input.parameters as Record<string, unknown> | undefined)?.endpointConfigurationTypes];
    const edge = !Array.isArray(types) || types.every((t) => t === undefined) || types.includes('EDGE');
    return edge ? `${call.operation}:EDGE` : call.operation;
  }
  return call.operation;
}

/** `CreateDomainName, 1 per 30 s`; `CreateResource, 5 per s`; `all calls, 10 per s`. */
export function describeQuota(w: { key: string; rate: Rate }): string {
  const name = w.key === '*' ? 'all calls' : w.key.replace(/^v2:/, '').replace(/:EDGE$/, ' (edge-optimized)');
  const perSecond = 1000 / w.rate.intervalMs;
  const rate = w.rate.intervalMs >= 1000 ? `1 per ${Math.round(w.rate.intervalMs / 1000)} s` : `${Math.round(perSecond)} per s`;
  return `${name}, ${rate}`;
}
