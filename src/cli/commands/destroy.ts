import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { DEFAULT_PARALLELISM } from '../defaults.js';
import type { ApplyFlags } from '../run-apply.js';
import { pipelineFor } from '../lazy-pipeline.js';
import type { SetExit } from './index.js';
import { addConnectOptions } from './plan.js';

/** `apigw-sync destroy <paths...>`: delete everything the spec set owns, after confirmation. */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  const cmd = program
    .command('destroy')
    .description('Delete everything the spec set owns (its ownership tag), children first, after confirmation.')
    .argument('<paths...>', 'spec files or directories of one spec set')
    .option('--auto-approve', 'do not ask for confirmation (needed when there is no terminal)')
    .option('--parallelism <n>', `operations in flight at once, 1-64 (default ${DEFAULT_PARALLELISM})`)
    .option('--env <name>', 'environment of the spec set (default: its defaultEnvironment)')
    .option('--stats', 'print the AWS calls made, by operation, to stderr')
    .option('--lock-timeout <seconds>', 'wait this long for another apply of the spec set to finish (default 0)');
  addConnectOptions(cmd).action(async (args: string[], flags: ApplyFlags) => {
    const { runApply } = await import('../run-apply.js');
    setExit(await runApply(args, { ...flags, allowDestroy: true }, io, await pipelineFor(io), 'destroy'));
  });
}
