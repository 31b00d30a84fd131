/**
 * Counts AWS calls by operation, from inside the SDK's middleware stack, so every call is counted
 * whoever makes it (the live reader, the executor): `calls` once per command, `attempts` once per
 * HTTP request (retries included).
 */
export class CallCounter {
  private readonly calls = new Map<string, number>();
  private attempts = 0;
  private conflictRetries = 0;

  recordCall(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  recordAttempt(): void {
    this.attempts++;
  }

  /** A retry after a concurrent-modification ConflictException (also counted in `retries`). */
  recordConflictRetry(): void {
    this.conflictRetries++;
  }

  /** Retries after concurrent-modification conflicts. */
  conflicts(): number {
    return this.conflictRetries;
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
  const lines = [`AWS calls: ${counter.total()}${retriedNote(counter.retries(), counter.conflicts())}`];
  for (const [op, n] of rows) lines.push(`  ${op.padEnd(width)}  ${String(n).padStart(5)}`);
  return `${lines.join('\n')}\n`;
}

/** ` (+5 retried, 3 of them after concurrent-modification conflicts)`, or nothing. */
export function retriedNote(retries: number, conflicts: number): string {
  if (retries <= 0) return '';
  const of = conflicts <= 0 ? '' : conflicts === retries ? ', all after concurrent-modification conflicts' : `, ${conflicts} of them after concurrent-modification conflicts`;
  return ` (+${retries} retried${of})`;
}
