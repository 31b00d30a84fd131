import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { parse } from 'yaml';
import { ApigwError } from '../errors.js';
import { slug } from '../import/write-spec.js';
import { fromOpenApi } from '../openapi/from-openapi.js';
import { httpApiFromOpenApi, isHttpApiDocument } from '../openapi/http-api.js';
import type { CliIO } from './io.js';
import { finish, specSetName, type ImportFlags } from './run-import.js';

/** `apigw-sync import --openapi FILE`: an OpenAPI document -> a spec set with one REST API. No AWS call. */
export async function runOpenApiImport(file: string, flags: ImportFlags, io: CliIO): Promise<number> {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new ApigwError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}.`, 1,
      'Give the path of an OpenAPI document (JSON or YAML).', 'openapi/unreadable');
  }
  let doc: unknown;
  try {
    doc = ['.json'].includes(extname(file).toLowerCase()) ? JSON.parse(text) : parse(text);
  } catch (err) {
    throw new ApigwError(`${file} is not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`, 1,
      'Fix the document, or export it again from its source.', 'openapi/parse');
  }
  // fromOpenApi checks the document's shape (and names the API) for both kinds.
  const { name, spec, warnings } = fromOpenApi(doc as Record<string, unknown>, file);
  const http = isHttpApiDocument(doc as Record<string, unknown>);
  const outDir = resolve(io.cwd, flags.out ?? '.');
  const set = {
    name: specSetName(flags, outDir, slug(name)),
    ...(flags.region ? { region: flags.region } : {}),
    restApis: http ? {} : { [name]: spec },
    httpApis: http ? { [name]: httpApiFromOpenApi(doc as Record<string, unknown>) } : {},
    webSocketApis: {}, apiKeys: {}, usagePlans: {}, domains: {},
    keyVariables: new Map<string, string>(),
  };
  return finish(set, http ? [] : warnings, outDir, flags, io, `# Imported by apigw-sync from the OpenAPI document ${basename(file)}.`);
}
