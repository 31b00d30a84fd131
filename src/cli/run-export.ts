import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ApigwError, UsageError } from '../errors.js';
import { httpApiToOpenApi } from '../openapi/http-api.js';
import { toOpenApi } from '../openapi/to-openapi.js';
import { wantsColour } from '../render/colour.js';
import type { CliIO } from './io.js';
import type { Pipeline } from './pipeline.js';
import { resolveSpecSetPaths } from './spec-set-root.js';

export interface ExportFlags {
  openapi?: boolean;
  api?: string;
  out?: string;
  env?: string;
}

/** Loads and validates the specs (no AWS call), and writes one REST API as OpenAPI. */
export async function runExport(paths: string[], flags: ExportFlags, io: CliIO, pipeline: Pipeline): Promise<number> {
  if (!flags.openapi) throw new UsageError('Say which format to export.', 'Add --openapi (OpenAPI 3 with x-amazon-apigateway-* extensions).');
  // A path inside a set exports from the whole set (its references resolve), as plan reads it.
  const resolved = resolveSpecSetPaths(paths, io.cwd, 'export --openapi');
  for (const note of resolved.notes) io.stderr.write(`${note}\n`);
  const loaded = await pipeline.loadSpecSet(resolved.paths, { env: io.env, cwd: io.cwd, ...(flags.env ? { environment: flags.env } : {}) });
  if (!loaded.ok) {
    io.stderr.write(pipeline.renderDiagnostics(loaded.diagnostics, { colour: wantsColour(io.stderr, io.env) }));
    const n = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    throw new ApigwError(`The specs have ${n} error${n === 1 ? '' : 's'} (listed above); nothing was exported.`);
  }
  const apis = loaded.specSet.restApis as Record<string, Record<string, unknown>>;
  const httpApis = loaded.specSet.httpApis as Record<string, Record<string, unknown>>;
  const names = [...Object.keys(apis), ...Object.keys(httpApis)].sort();
  const name = flags.api ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined || (!apis[name] && !httpApis[name])) {
    throw new ApigwError(
      names.length === 0 ? 'The spec set has no REST or HTTP API to export.' : flags.api ? `The spec set has no REST or HTTP API "${flags.api}".` : `The spec set has ${names.length} APIs to export.`,
      1,
      names.length ? `Choose one with --api: ${names.join(', ')}.` : 'OpenAPI export covers REST and HTTP APIs.',
      'export/which-api',
    );
  }
  const doc = apis[name] ? toOpenApi(name, apis[name], loaded.specSet.region) : httpApiToOpenApi(name, httpApis[name] as Record<string, unknown>);
  const yaml = flags.out !== undefined && ['.yaml', '.yml'].includes(extname(flags.out).toLowerCase());
  const text = yaml ? stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }) : `${JSON.stringify(doc, null, 2)}\n`;
  if (flags.out === undefined) {
    io.stdout.write(text);
  } else {
    try {
      writeFileSync(resolve(io.cwd, flags.out), text);
    } catch (err) {
      throw new ApigwError(`Cannot write ${flags.out}: ${(err as Error).message}`);
    }
    io.stderr.write(`Wrote the OpenAPI document of ${apis[name] ? 'REST' : 'HTTP'} API "${name}" to ${flags.out}.\n`);
  }
  return 0;
}
