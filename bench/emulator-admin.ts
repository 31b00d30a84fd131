/**
 * The emulator's admin endpoints (docs/emulator.md), from a process that did not start it: reset,
 * call counters and throttle settings over HTTP.
 */
export interface PhaseCalls {
  total: number;
  writes: number;
  /** Calls answered 429 by the emulator's throttling (from the log, which keeps the last 10,000). */
  throttled: number;
  /** Calls the emulator refused with 409 "concurrent modification". */
  conflicts: number;
  byOperation: Record<string, number>;
}

export class Emulator {
  constructor(private readonly url: string) {}

  async reset(): Promise<void> {
    await this.admin('POST', 'reset');
  }

  async resetCalls(): Promise<void> {
    await this.admin('DELETE', 'calls');
  }

  async calls(): Promise<PhaseCalls> {
    const c = (await this.admin('GET', 'calls')) as { total: number; writes: number; byOperation: Record<string, number>; log: { injected?: string }[] };
    return { total: c.total, writes: c.writes, byOperation: c.byOperation, throttled: c.log.filter((r) => r.injected === 'throttled').length, conflicts: c.log.filter((r) => r.injected === 'conflict').length };
  }

  /** Setting the throttle empties nothing but refills every bucket (they are made anew). */
  async refillBuckets(timeScale: number): Promise<void> {
    await this.admin('PUT', 'throttle', { enabled: true, timeScale });
  }

  private async admin(method: string, path: string, body?: unknown): Promise<unknown> {
    const send = () =>
      fetch(`${this.url}/_emulator/${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
    // Every admin call may be repeated. The one retry covers a kept-alive connection that the
    // server closed while it sat idle through a long phase ("fetch failed: other side closed").
    const res = await send().catch(() => send());
    if (!res.ok) throw new Error(`emulator admin ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  }
}
