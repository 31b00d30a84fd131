import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import type { ExportFlags } from '../run-export.js';
import { pipelineFor } from '../lazy-pipeline.js';
import type { SetExit } from './index.js';

/** `apigw-sync export --openapi <paths...>`: an OpenAPI 3 document of a REST API of the specs. */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('export')
    .description('Write an OpenAPI 3 document (with x-amazon-apigateway-* extensions) of a REST API of the specs; nothing is sent to AWS.')
    .argument('<paths...>', 'spec files or directories of one spec set')
    .option('--openapi', 'write OpenAPI 3 (the only format so far; required)')
    .option('--api <name>', 'the REST API to export (needed when the spec set has several)')
    .option('--out <file>', 'write to this file (.json, or .yaml/.yml for YAML) instead of stdout')
    .option('--env <name>', 'environment of the spec set (default: its defaultEnvironment)')
    .action(async (paths: string[], flags: ExportFlags) => {
      const { runExport } = await import('../run-export.js');
      setExit(await runExport(paths, flags, io, await pipelineFor(io)));
    });
}
