import { readFileSync } from 'node:fs';

/**
 * The version printed by `--version` and `version`: read from the package's own package.json
 * (two levels above dist/cli/), so a release bumps one place only.
 */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
