import type { Diagnostics } from '../load/diagnostics.js';
import type { SpecSourceMap } from '../load/source-map.js';
import type { ObjectPath } from '../types.js';

/** What every semantic check gets: where to report, and how to locate what it reports. */
export interface CheckContext {
  sources: SpecSourceMap;
  diags: Diagnostics;
  /** Paths removed because they failed the schema (JSON of the path); not reported again. */
  pruned: Set<string>;
}

/** Reports an error located at the key naming `path` (`at: 'key'`) or at its value. */
export function report(ctx: CheckContext, code: string, path: ObjectPath, message: string, fix: string, at: 'key' | 'value' = 'value'): void {
  const location = at === 'key' ? ctx.sources.locateKey(path) : ctx.sources.locate(path);
  ctx.diags.error(code, message, fix, location, path);
}

export function warn(ctx: CheckContext, code: string, path: ObjectPath, message: string, fix: string): void {
  ctx.diags.warning(code, message, fix, ctx.sources.locateKey(path), path);
}

/** True when the object at `path` was removed for a schema error (a reference to it is not news). */
export function wasPruned(ctx: CheckContext, path: ObjectPath): boolean {
  return ctx.pruned.has(JSON.stringify(path.map(String)));
}

export function entries<T>(map: Record<string, T> | undefined): [string, T][] {
  return map ? Object.entries(map).filter(([, v]) => v !== undefined && v !== null) : [];
}

export function names(map: Record<string, unknown> | undefined): string[] {
  return map ? Object.keys(map) : [];
}
