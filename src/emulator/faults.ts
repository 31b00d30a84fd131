import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

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

/**
 * The JSON Schema of a FaultConfig: `--faults`, `PUT /_emulator/faults` and `startEmulator({ faults })`
 * are checked against it, so a misspelt field (`errorRat`) is refused rather than silently ignored.
 */
export const FAULT_CONFIG_SCHEMA = {
  $id: 'apigw-sync-emulator-faults',
  type: 'object',
  additionalProperties: false,
  properties: {
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
    kinds: { type: 'array', items: { enum: ALL_KINDS } },
    latencyMs: {
      anyOf: [
        { type: 'number', minimum: 0 },
        { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 2, maxItems: 2 },
      ],
    },
    operations: { type: 'array', items: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]+$' } },
    when: { enum: ['before', 'after'] },
    maxFaults: { type: 'integer', minimum: 0 },
    seed: { type: 'integer' },
  },
} as const;

let schemaCheck: ValidateFunction | undefined;

function validate(c: FaultConfig): void {
  schemaCheck ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(FAULT_CONFIG_SCHEMA);
  if (!schemaCheck(c)) {
    const fields = Object.keys(FAULT_CONFIG_SCHEMA.properties);
    const problems = (schemaCheck.errors ?? []).map((e) => describe(e, fields));
    throw new RangeError([...new Set(problems)].join('; '));
  }
  const l = c.latencyMs;
  if (Array.isArray(l) && l[1] < l[0]) throw new RangeError('latencyMs must be a number >= 0 or a [min, max] range');
}

function describe(e: ErrorObject, fields: string[]): string {
  const at = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'additionalProperties') {
    const field = String((e.params as { additionalProperty: string }).additionalProperty);
    const near = closestField(field, fields);
    return `unknown field '${field}'${near ? ` (did you mean '${near}'?)` : ''}; the fields are ${fields.join(', ')}`;
  }
  if (at === 'errorRate' && (e.keyword === 'minimum' || e.keyword === 'maximum')) return `errorRate must be between 0 and 1, got ${String(e.data)}`;
  if (at.startsWith('kinds.') && e.keyword === 'enum') return `unknown fault kind '${String(e.data)}', expected one of ${ALL_KINDS.join(', ')}`;
  if (at.startsWith('latencyMs')) return 'latencyMs must be a number >= 0 or a [min, max] range';
  if (at === 'when') return `when must be 'before' or 'after'`;
  return `${at || 'the configuration'} ${e.message ?? 'is invalid'}`;
}

/** The field a misspelling most likely meant (edit distance at most a third of its length). */
function closestField(word: string, fields: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const f of fields) {
    const d = distance(word.toLowerCase(), f.toLowerCase());
    if (d < bestD) [best, bestD] = [f, d];
  }
  return bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
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
