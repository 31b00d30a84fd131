import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Vitest global setup: builds the CLI (dist/, which bin/apigw-sync.js runs) once before any file
 * runs, for the tests that run the built CLI as a user does: `npx vitest run FILE` gets a CLI
 * built from the current sources too. tsc is incremental, so an up-to-date build costs seconds.
 * Each vitest project runs its global setup; the variable keeps it to one build per run.
 */
export default function setup(): void {
  if (process.env.APIGW_SYNC_TESTS_BUILT === '1') return;
  execFileSync('npm', ['run', 'build'], { cwd: resolve(import.meta.dirname, '../..'), stdio: 'inherit' });
  process.env.APIGW_SYNC_TESTS_BUILT = '1';
}
