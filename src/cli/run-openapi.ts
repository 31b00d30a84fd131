import { basename, extname, resolve } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { ApigwError } from '../errors.js';
import { describeBytes, MAX_JSON_DEPTH, MAX_OPENAPI_FILE_BYTES, parseBoundedJson, readBoundedText } from '../files/read-bounded.js';
import { slug } from '../import/write-spec.js';
import { fromOpenApi } from '../openapi/from-openapi.js';
import { httpApiFromOpenApi, isHttpApiDocument } from '../openapi/http-api.js';
import type { CliIO } from './io.js';
import { finish, specSetName, type ImportFlags } from './run-import.js';

/** `apigw-sync import --openapi FILE`: an OpenAPI document -> a spec set with one REST API. No AWS call. */
export async function runOpenApiImport(file: string, flags: ImportFlags, io: CliIO): Promise<number> {
  const read = readBoundedText(resolve(io.cwd, file), MAX_OPENAPI_FILE_BYTES);
  if (!read.ok) {
    throw new ApigwError(`Cannot read ${file}: ${read.reason}.`, 1,
      `Give the path of an OpenAPI document (a JSON or YAML file of at most ${describeBytes(MAX_OPENAPI_FILE_BYTES)}).`, 'openapi/unreadable');
  }
  const text = read.text;
  let doc: unknown;
  try {
    doc = ['.json'].includes(extname(file).toLowerCase()) ? parseBoundedJson(text) : parseYaml(text);
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

/** YAML with the same bounds as JSON: nesting checked on the parsed nodes before they become data. */
function parseYaml(text: string): unknown {
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: false });
  } catch (err) {
    if (err instanceof RangeError) throw new Error(`values are nested more than ${MAX_JSON_DEPTH} levels deep`);
    throw err;
  }
  const first = doc.errors[0];
  if (first) throw /call stack/i.test(first.message) ? new Error(`values are nested more than ${MAX_JSON_DEPTH} levels deep`) : first;
  // Iterative, so the check itself cannot overflow the stack.
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > MAX_JSON_DEPTH) throw new Error(`values are nested more than ${MAX_JSON_DEPTH} levels deep`);
    for (const item of node.items as unknown[]) {
      if (isMap(node)) stack.push({ node: (item as { value: unknown }).value, depth: depth + 1 });
      else stack.push({ node: item, depth: depth + 1 });
    }
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    // Aliases can nest what each level keeps shallow.
    if (err instanceof RangeError) throw new Error(`values are nested more than ${MAX_JSON_DEPTH} levels deep (through aliases)`);
    throw err;
  }
}
