import { configDefaults, defineConfig } from 'vitest/config';
import LongestFirst from './specs/helpers/longest-first.js';

/**
 * `npm test` runs both projects in one vitest run, so the two workers stay busy from the first
 * file to the last: `unit` (every spec but the reliability suites) and `reliability` (faults,
 * crashes, hostile input and concurrency through the real CLI; `npm run test:reliability` runs
 * it alone). One run builds the CLI once (specs/helpers/build-once.ts) and starts the slowest
 * files first (specs/helpers/longest-first.ts); docs/bench.md, Test run times.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on CI's 2 cores, one file at a time,
    // with a core idle while files wait on emulators, retries or AWS CLI processes. Two at a time
    // (docs/bench.md, Test run times); three overload two cores with the AWS CLI tests' processes.
    maxWorkers: 2,
    // The CLI tests and the reliability suites run the built CLI (bin/, dist/): built once per run.
    globalSetup: ['./specs/helpers/build-once.ts'],
    sequence: { sequencer: LongestFirst },
    reporters: ['default', './specs/helpers/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['specs/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'specs/reliability/**'],
          // End-to-end tests start emulators and CLI subprocesses; give them room on a 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A worker runs file after file without a fresh process and module graph for each: the
          // files import the same CLI, SDK and emulator, and re-importing them per file was a
          // quarter of the run's CPU. No spec mocks modules or leaves process-wide state behind.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          include: ['specs/reliability/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // Tests marked concurrent run up to 8 at once: the fault cases (each with an emulator of
          // its own) mostly wait in retry back-off. bad-input.test.ts keeps its CLI children two at
          // a time itself.
          maxConcurrency: 8,
        },
      },
    ],
  },
});
