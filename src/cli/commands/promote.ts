import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { defaultPipeline } from '../default-pipeline.js';
import type { CliIO } from '../io.js';
import { DEFAULT_PARALLELISM, runApply, type ApplyFlags } from '../run-apply.js';
import type { SetExit } from './index.js';
import { addConnectOptions } from './plan.js';

/**
 * `apigw-sync promote <paths...> --stage NAME`: each owned REST API stage NAME with a canary serves
 * the canary's deployment from now on (one UpdateStage `copy` per stage), after confirmation.
 * Nothing else of the plan is applied; the canary settings stay as the specs say.
 */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  const cmd = program
    .command('promote')
    .description("Promote canaries: the named stage serves its canary's deployment (REST APIs), after confirmation.")
    .argument('<paths...>', 'spec files or directories of one spec set')
    .option('--stage <name>', 'the stage whose canary is promoted, in every REST API of the specs that has it')
    .option('--auto-approve', 'do not ask for confirmation (needed when there is no terminal)')
    .option('--env <name>', 'environment of the spec set (default: its defaultEnvironment)')
    .option('--stats', 'print the AWS calls made, by operation, to stderr');
  addConnectOptions(cmd).action(async (args: string[], flags: ApplyFlags & { stage?: string }) => {
    if (!flags.stage) throw new UsageError('promote needs --stage NAME.', 'Name the stage whose canary to promote, e.g. `apigw-sync promote examples/petstore --stage prod`.');
    setExit(await runApply(args, { ...flags, parallelism: String(DEFAULT_PARALLELISM), promote: flags.stage }, io, defaultPipeline(io), 'apply'));
  });
}
