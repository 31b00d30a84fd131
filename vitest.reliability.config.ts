import { defineConfig } from 'vitest/config';

/** `npm run test:reliability`: faults, crashes, hostile input and concurrency, through the real CLI. */
export default defineConfig({
  test: {
    include: ['specs/reliability/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each file starts CLI processes of its own; two files at a time suit a 2-core machine.
    maxWorkers: 2,
    // Tests marked concurrent run up to 8 at once: the fault cases (each with an emulator of its own)
    // mostly wait in retry back-off. bad-input.test.ts keeps its CLI children two at a time itself.
    maxConcurrency: 8,
    reporters: ['default', './specs/helpers/summary-reporter.ts'],
  },
});
