import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Compares `actual` with a reviewed golden file. `UPDATE_GOLDEN=1 npx vitest run ...` rewrites the
 * file instead (review the git diff before committing). Volatile values (timestamps, fingerprints,
 * AWS ids) are replaced by placeholders by the caller before they get here.
 */
export function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI) throw new Error(`golden file ${file} is missing`);
    writeFileSync(file, actual);
    return;
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Placeholders for values that change from run to run. */
export function stabilise(text: string): string {
  return text
    .replace(/"createdAt": "[^"]+"/g, '"createdAt": "[createdAt]"')
    .replace(/"liveFingerprint": "[^"]+"/g, '"liveFingerprint": "[fingerprint]"')
    // Hosted zone ids the emulator made for this run (in record batches and domains' zone tags).
    .replace(/\bZ0[A-Z0-9]{20}\b/g, '[hosted zone id]');
}
