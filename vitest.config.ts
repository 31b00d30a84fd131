import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['specs/**/*.test.ts'],
    // The reliability suites (faults, crashes, hostile input, concurrency) take minutes: they run
    // with `npm run test:reliability` (vitest.reliability.config.ts), which CI runs too.
    exclude: [...configDefaults.exclude, 'specs/reliability/**'],
    // End-to-end tests start emulators and CLI subprocesses; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './specs/helpers/summary-reporter.ts'],
  },
});
