import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import type { ImportFlags } from '../run-import.js';
import type { SetExit } from './index.js';
import { addConnectOptions } from './plan.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `apigw-sync import`: write a spec set from live APIs, or from an OpenAPI document. */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  const cmd = program
    .command('import')
    .description('Write a spec set (YAML) from APIs that exist in AWS, or from an OpenAPI document; changes nothing in AWS.')
    .option('--rest-api <name|id>', 'a REST API to import (repeatable)', collect)
    .option('--http-api <name|id>', 'an HTTP API to import (repeatable)', collect)
    .option('--websocket-api <name|id>', 'a WebSocket API to import (repeatable)', collect)
    .option('--all', 'every API, API key, usage plan and custom domain that no spec set owns')
    .option('--openapi <file>', 'import an OpenAPI 3 (or Swagger 2) document with x-amazon-apigateway-* extensions instead of live APIs')
    .option('--out <dir>', 'directory to write the spec set to (default: the working directory); must not hold one already')
    .option('--name <name>', 'name of the spec set (the ownership tag value; default: the --out directory\'s name)');
  addConnectOptions(cmd).action(async (flags: ImportFlags & { openapi?: string }) => {
    setExit(flags.openapi !== undefined
      ? await (await import('../run-openapi.js')).runOpenApiImport(flags.openapi, flags, io)
      : await (await import('../run-import.js')).runImport(flags, io));
  });
}
