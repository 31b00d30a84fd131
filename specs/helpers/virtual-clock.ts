import type { Clock } from '../../src/reconcile/apply/clock.js';

/**
 * A clock that never waits: sleepers wake one at a time in order of their wake-up time, and time
 * jumps to it. Each wake-up gets a macrotask turn so its continuation runs before the next.
 */
export class VirtualClock implements Clock {
  private t = 0;
  private sleepers: { at: number; wake: () => void }[] = [];
  private scheduled = false;

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.sleepers.push({ at: this.t + Math.max(0, ms), wake });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.wake();
      if (this.sleepers.length > 0) this.schedule();
    });
  }
}
