/**
 * Concurrent modification as API Gateway answers it: AWS serialises the writes to one API, and a
 * write that arrives while another write to the same API is still in flight is refused with
 * `409 ConflictException: Unable to complete operation due to concurrent modification. Please try
 * again later.` (the exact text in the errors reported to terraform-provider-aws #776, #3174,
 * #16439 and #27027 for REST APIs, #18018 for HTTP/WebSocket routes and integrations). AWS did
 * nothing for a refused call, so a client may retry it.
 *
 * Modelled as a per-API lock: every write (any call but a GET) under `/restapis/{id}/...` or
 * `/v2/apis/{id}/...` is in flight for `holdMs` (its response is sent after that time), and a
 * second write to the same API inside that window gets the 409 at once. Writes to different APIs,
 * and writes outside any API (keys, usage plans, domain names), never conflict.
 */
import { AwsError } from './aws-error.js';

export interface ConflictOptions {
  enabled: boolean;
  /**
   * How long a write to an API stays in flight (real ms, before the time scale). Default 100:
   * a typical control-plane write takes about that long on AWS (not a published figure).
   */
  holdMs?: number;
}

export const CONCURRENT_MODIFICATION = 'Unable to complete operation due to concurrent modification. Please try again later.';

export const DEFAULT_HOLD_MS = 100;

export class ConflictModel {
  private options: Required<ConflictOptions>;
  /** API lock key -> when (performance.now()) its write in flight ends. */
  private readonly busyUntil = new Map<string, number>();
  private refused = 0;

  constructor(
    options: ConflictOptions = { enabled: false },
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.options = normalise(options);
  }

  get settings(): Required<ConflictOptions> & { refused: number } {
    return { ...this.options, refused: this.refused };
  }

  configure(options: Partial<ConflictOptions>): void {
    this.options = normalise({ ...this.options, ...options });
    this.busyUntil.clear();
    this.refused = 0;
  }

  /**
   * For a write to an API: undefined when it may go (the API is now held for the returned hold, in
   * real ms, already scaled), or the ConflictException to answer. Reads and writes outside an API
   * are never held.
   */
  admit(method: string, params: Record<string, string>, timeScale: number): { holdMs: number; release(): void } | AwsError | undefined {
    if (!this.options.enabled || method === 'GET') return undefined;
    const key = lockKey(params);
    if (!key) return undefined;
    const now = this.clock();
    if ((this.busyUntil.get(key) ?? 0) > now) {
      this.refused++;
      return new AwsError('ConflictException', 409, CONCURRENT_MODIFICATION);
    }
    const holdMs = this.options.holdMs * timeScale;
    const until = now + holdMs;
    this.busyUntil.set(key, until);
    return {
      holdMs,
      // Called once the answer is going out: the write is no longer in flight (a timer may fire
      // a little before `until`, and the next write must not be refused for that).
      release: () => {
        if (this.busyUntil.get(key) === until) this.busyUntil.delete(key);
      },
    };
  }
}

/** The API a request writes to: the REST API of a v1 path, the HTTP/WebSocket API of a v2 path. */
export function lockKey(params: Record<string, string>): string | undefined {
  if (params.restapi_id !== undefined) return `apigateway:${params.restapi_id}`;
  if (params.apiId !== undefined) return `apigatewayv2:${params.apiId}`;
  return undefined;
}

function normalise(o: ConflictOptions): Required<ConflictOptions> {
  const holdMs = o.holdMs ?? DEFAULT_HOLD_MS;
  if (!(holdMs >= 0) || !Number.isFinite(holdMs)) throw new RangeError(`holdMs must be a number of milliseconds >= 0, got ${o.holdMs}`);
  return { enabled: Boolean(o.enabled), holdMs };
}
