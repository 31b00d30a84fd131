import type { Diagnostic, ObjectPath, SourceLocation } from '../types.js';

/** Collects diagnostics; every problem is reported, not only the first. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];

  error(code: string, message: string, fix: string | undefined, location?: SourceLocation, path?: ObjectPath): void {
    this.list.push({ code, severity: 'error', message, ...(fix && { fix }), ...(location && { location }), ...(path && { path }) });
  }

  warning(code: string, message: string, fix: string | undefined, location?: SourceLocation, path?: ObjectPath): void {
    this.list.push({ code, severity: 'warning', message, ...(fix && { fix }), ...(location && { location }), ...(path && { path }) });
  }

  get errors(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }

  get warnings(): Diagnostic[] {
    return this.list.filter((d) => d.severity === 'warning');
  }

  hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }
}

/** Sorts by file, line and column so output is stable whatever order checks ran in. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => {
    const fa = a.location?.file ?? '';
    const fb = b.location?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0);
  });
}
