/**
 * Counts AWS calls by operation, from inside the SDK's middleware stack, so every call is counted
 * whoever makes it (the live reader, the executor): `calls` once per command, `attempts` once per
 * HTTP request (retries included).
 */
export class CallCounter {
  private readonly calls = new Map<string, number>();
  private attempts = 0;

  recordCall(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  recordAttempt(): void {
    this.attempts++;
  }

  total(): number {
    let n = 0;
    for (const v of this.calls.values()) n += v;
    return n;
  }

  /** Retried attempts: HTTP requests beyond one per call. */
  retries(): number {
    return Math.max(0, this.attempts - this.total());
  }

  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** A snapshot, to tell apart the calls of one phase (planning) from the next (applying). */
  snapshot(): number {
    return this.total();
  }
}

/** The `--stats` table. */
export function renderStats(counter: CallCounter): string {
  const rows = Object.entries(counter.byOperation());
  const width = Math.max(9, ...rows.map(([op]) => op.length));
  const lines = [`AWS calls: ${counter.total()}${counter.retries() > 0 ? ` (+${counter.retries()} retried)` : ''}`];
  for (const [op, n] of rows) lines.push(`  ${op.padEnd(width)}  ${String(n).padStart(5)}`);
  return `${lines.join('\n')}\n`;
}
