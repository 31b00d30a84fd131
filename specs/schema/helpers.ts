import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { loadSpecSet } from '../../src/schema/index.js';
import type { LoadResult } from '../../src/schema/index.js';

/** Writes a spec set into a fresh temporary directory and returns the directory. */
export function writeSet(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-sync-spec-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export const ROOT = 'name: shop\nregion: us-east-1\n';

export function load(files: Record<string, string | Buffer>, opts: { env?: NodeJS.ProcessEnv; environment?: string; paths?: string[] } = {}): { dir: string; result: LoadResult } {
  const dir = writeSet(files);
  const result = loadSpecSet(opts.paths ?? ['.'], { env: opts.env ?? {}, cwd: dir, ...(opts.environment !== undefined && { environment: opts.environment }) });
  return { dir, result };
}

/** Every error as `file:line:column code message`, files relative to the set. */
export function errorsOf(files: Record<string, string | Buffer>, opts: Parameters<typeof load>[1] = {}): string[] {
  const { dir, result } = load(files, opts);
  if (result.ok) return [];
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.location ? `${relative(dir, d.location.file)}:${d.location.line}:${d.location.column} ` : ''}${d.code} ${d.message}`);
}

/** The fix of the only error (to assert that every error says how to fix it). */
export function fixOf(files: Record<string, string | Buffer>): string | undefined {
  const { result } = load(files);
  return result.ok ? undefined : result.diagnostics[0]?.fix;
}

/** A minimal valid REST API to build invalid variants from. */
export const restApi = (body: string) => `restApis:\n  shop:\n${body}`;
