import { Option, type Command } from 'commander';
import type { CliIO } from '../io.js';
import type { DriftFlags } from '../run-drift.js';
import { pipelineFor } from '../lazy-pipeline.js';
import type { SetExit } from './index.js';
import { addConnectOptions } from './plan.js';

/** `apigw-sync drift <paths...>`: what changed in AWS behind git's back; exit 2 when anything did. */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  const cmd = program
    .command('drift')
    .description('Report where AWS differs from the specs in git (for a schedule): exit 0 no drift, 2 drift, 1 error.')
    .argument('<paths...>', 'spec files or directories of one spec set')
    .option('--env <name>', 'environment of the spec set (default: its defaultEnvironment)')
    .addOption(new Option('--output <format>', 'how to print the report').choices(['text', 'json', 'markdown']).default('text'))
    .option('--summary-file <file>', 'append the Markdown report to this file (e.g. $GITHUB_STEP_SUMMARY)')
    .option('--stats', 'print the AWS calls made, by operation, to stderr');
  addConnectOptions(cmd).action(async (paths: string[], flags: DriftFlags) => {
    const { runDrift } = await import('../run-drift.js');
    setExit(await runDrift(paths, flags, io, await pipelineFor(io)));
  });
}
