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
    maxConcurrency: 2,
    reporters: ['default', './specs/helpers/summary-reporter.ts'],
  },
});
