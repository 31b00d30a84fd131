import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { DEFAULT_PARALLELISM } from '../defaults.js';
import type { ApplyFlags } from '../run-apply.js';
import { pipelineFor } from '../lazy-pipeline.js';
import type { SetExit } from './index.js';
import { addConnectOptions } from './plan.js';

/** `apigw-sync apply <paths...> | PLANFILE`: plan (or load a saved plan), confirm, and run it. */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  const cmd = program
    .command('apply')
    .description('Change AWS to match the specs (or run a plan saved with plan --out), after confirmation.')
    .argument('<paths...>', 'spec files or directories of one spec set, or one saved plan file')
    .option('--auto-approve', 'do not ask for confirmation (needed when there is no terminal)')
    .option('--parallelism <n>', `operations in flight at once, 1-64 (default ${DEFAULT_PARALLELISM})`)
    .option('--allow-destroy', 'allow deleting APIs, stages, domains, API keys and usage plans')
    .option('--adopt', 'take over an API that has a spec\'s name but not the ownership tag')
    .option('--allow-duplicate-name', 'create an API, API key or usage plan even though one of its name exists without the ownership tag')
    .option('--env <name>', 'environment of the spec set (default: its defaultEnvironment)')
    .option('--target <address>', 'apply only this API or subtree')
    .option('--no-bulk', 'write every object with its own call (no ImportRestApi/PutRestApi/ImportApi bulk writes)')
    .option('--stats', 'print the AWS calls made, by operation, to stderr')
    .option('--lock-timeout <seconds>', 'wait this long for another apply of the spec set to finish (default 0)');
  addConnectOptions(cmd).action(async (args: string[], flags: ApplyFlags) => {
    const { runApply } = await import('../run-apply.js');
    setExit(await runApply(args, flags, io, await pipelineFor(io), 'apply'));
  });
}
