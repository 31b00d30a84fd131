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
    // Vitest's default is one worker fewer than the cores: on CI's 2 cores, one file at a time,
    // with a core idle while files wait on emulators, retries or AWS CLI processes. Two at a time
    // (docs/bench.md, Test run times); three overload two cores with the AWS CLI tests' processes.
    maxWorkers: 2,
    reporters: ['default', './specs/helpers/summary-reporter.ts'],
  },
});
