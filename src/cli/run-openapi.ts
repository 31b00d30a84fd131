import type { CliIO } from './io.js';
import type { ImportFlags } from './run-import.js';
import { UsageError } from '../errors.js';

export async function runOpenApiImport(_file: string, _flags: ImportFlags, _io: CliIO): Promise<number> {
  throw new UsageError('not yet');
}
