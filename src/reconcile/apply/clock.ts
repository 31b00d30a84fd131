/**
 * The executor's time source. Injectable so tests of pacing run on a virtual clock and never wait.
 */
export interface Clock {
  /** Milliseconds, monotonic enough for pacing and elapsed time. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
