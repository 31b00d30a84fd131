import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CliIO } from '../io.js';
import { DEFAULT_PARALLELISM } from '../defaults.js';
import type { ApplyFlags } from '../run-apply.js';
import { pipelineFor } from '../lazy-pipeline.js';
import type { SetExit } from './index.js';
import { addConnectOptions } from './plan.js';

/**
 * `apigw-sync promote <paths...> --stage NAME`: each owned REST API stage NAME with a canary serves
 * the canary's deployment from now on (one UpdateStage `copy` per stage), after confirmation.
 * Nothing else of the plan is applied; the canary settings stay as the specs say.
 *
 * `apigw-sync promote <paths...> --from A --to B`: in each API (REST, HTTP, WebSocket) with both stages, the pinned
 * stage B (`deployment: pinned`) takes the deployment A runs, and stays on it.
 */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  const cmd = program
    .command('promote')
    .description("Promote canaries of REST APIs (--stage: the stage serves its canary's deployment) or pinned stages of REST, HTTP and WebSocket APIs (--from A --to B: B takes A's deployment), after confirmation.")
    .argument('<paths...>', 'spec files or directories of one spec set')
    .option('--stage <name>', 'the stage whose canary is promoted, in every REST API of the specs that has it')
    .option('--from <stage>', 'with --to: the stage whose deployment is promoted')
    .option('--to <stage>', 'with --from: the pinned stage (`deployment: pinned`) that takes it')
    .option('--auto-approve', 'do not ask for confirmation (needed when there is no terminal)')
    .option('--env <name>', 'environment of the spec set (default: its defaultEnvironment)')
    .option('--stats', 'print the AWS calls made, by operation, to stderr');
  addConnectOptions(cmd).action(async (args: string[], flags: ApplyFlags & { stage?: string; from?: string; to?: string }) => {
    const { stage, from, to, ...rest } = flags;
    const pair = from !== undefined || to !== undefined;
    if (stage !== undefined && pair) {
      throw new UsageError('promote takes either --stage NAME or --from A --to B, not both.', 'Use --stage to promote a canary, --from/--to to promote a pinned stage.');
    }
    if (pair && (from === undefined || to === undefined)) {
      throw new UsageError(`promote needs both --from and --to (got only ${from !== undefined ? '--from' : '--to'}).`, 'e.g. `apigw-sync promote examples/petstore --from dev --to production`.');
    }
    if (pair && from === to) throw new UsageError(`promote --from and --to name the same stage "${from}".`, 'Name two stages of the API.');
    if (!pair && stage === undefined) {
      throw new UsageError('promote needs --stage NAME, or --from A --to B.', 'e.g. `apigw-sync promote examples/petstore --stage prod` (a canary) or `--from dev --to production` (a pinned stage).');
    }
    const promote = pair ? { from: from!, to: to! } : stage!;
    const { runApply } = await import('../run-apply.js');
    setExit(await runApply(args, { ...rest, parallelism: String(DEFAULT_PARALLELISM), promote }, io, await pipelineFor(io), 'apply'));
  });
}
