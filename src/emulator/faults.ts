/**
 * Fault injection for reliability tests: a share of calls fails with a throttling error, a server
 * error, or a dropped connection, and/or gets extra latency. A seeded generator makes a run
 * reproducible: the same seed and the same sequence of calls give the same faults.
 */

export type FaultKind = 'throttle' | 'internal' | 'unavailable' | 'reset';

export interface FaultConfig {
  /** Share of matching calls that fail, 0..1. Default 0 (latency only). */
  errorRate?: number;
  /**
   * Failures to choose from, equally likely: `throttle` (429 TooManyRequestsException with
   * Retry-After), `internal` (500), `unavailable` (503 ServiceUnavailableException with Retry-After),
   * `reset` (the connection is destroyed without a response). Default all four.
   */
  kinds?: FaultKind[];
  /** Added latency per matching call in ms: a fixed value or a [min, max] range. */
  latencyMs?: number | [number, number];
  /** Only these operations (model names, e.g. `CreateDeployment`); default every operation. */
  operations?: string[];
  /**
   * `before` (default): the call fails before it reaches the service, nothing changes.
   * `after`: the call is carried out and then its response is replaced by the fault, as when a
   * response is lost on the way back: the change happened but the client does not know it.
   * Throttle faults always come before: AWS never answers 429 for a call it carried out.
   */
  when?: 'before' | 'after';
  /** Stop injecting errors after this many (latency continues). Default unlimited. */
  maxFaults?: number;
  /** Seed of the generator. Default 1. */
  seed?: number;
}

export interface FaultDecision {
  latencyMs: number;
  kind?: FaultKind;
  when: 'before' | 'after';
}

const ALL_KINDS: FaultKind[] = ['throttle', 'internal', 'unavailable', 'reset'];

export class FaultInjector {
  private config: FaultConfig | undefined;
  private random: () => number = mulberry32(1);
  private injected = 0;

  constructor(config?: FaultConfig) {
    this.configure(config);
  }

  get settings(): (FaultConfig & { injected: number }) | undefined {
    return this.config ? { ...this.config, injected: this.injected } : undefined;
  }

  /** Replaces the configuration and restarts the generator from its seed; undefined turns faults off. */
  configure(config: FaultConfig | undefined): void {
    if (config) validate(config);
    this.config = config ? { ...config } : undefined;
    this.random = mulberry32(config?.seed ?? 1);
    this.injected = 0;
  }

  decide(operation: string): FaultDecision | undefined {
    const c = this.config;
    if (!c) return undefined;
    if (c.operations && c.operations.length > 0 && !c.operations.includes(operation)) return undefined;
    let latencyMs = 0;
    if (typeof c.latencyMs === 'number') latencyMs = c.latencyMs;
    else if (Array.isArray(c.latencyMs)) latencyMs = c.latencyMs[0] + this.random() * (c.latencyMs[1] - c.latencyMs[0]);
    let kind: FaultKind | undefined;
    const budgetLeft = c.maxFaults === undefined || this.injected < c.maxFaults;
    if (budgetLeft && (c.errorRate ?? 0) > 0 && this.random() < (c.errorRate ?? 0)) {
      const kinds = c.kinds && c.kinds.length > 0 ? c.kinds : ALL_KINDS;
      kind = kinds[Math.floor(this.random() * kinds.length)]!;
      this.injected++;
    }
    if (!kind && latencyMs === 0) return undefined;
    // AWS throttles at the front door: a 429 means the call was not carried out (the SDK and
    // clients retry it on that promise, even calls that create a new object each time). So a
    // throttle fault always comes before the call; only the other kinds can be a lost reply.
    return { latencyMs, kind, when: kind === 'throttle' ? 'before' : (c.when ?? 'before') };
  }
}

function validate(c: FaultConfig): void {
  if (c.errorRate !== undefined && !(c.errorRate >= 0 && c.errorRate <= 1)) {
    throw new RangeError(`errorRate must be between 0 and 1, got ${c.errorRate}`);
  }
  for (const k of c.kinds ?? []) {
    if (!ALL_KINDS.includes(k)) throw new RangeError(`unknown fault kind '${k}', expected one of ${ALL_KINDS.join(', ')}`);
  }
  const l = c.latencyMs;
  if (l !== undefined && !(typeof l === 'number' ? l >= 0 : Array.isArray(l) && l.length === 2 && l[0] >= 0 && l[1] >= l[0])) {
    throw new RangeError('latencyMs must be a number >= 0 or a [min, max] range');
  }
  if (c.when !== undefined && c.when !== 'before' && c.when !== 'after') throw new RangeError(`when must be 'before' or 'after'`);
}

/** A small, fast, seedable PRNG (public domain); quality is ample for picking faults. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
