import { Option, type Command } from 'commander';
import type { CliIO } from '../io.js';
import type { PlanFlags } from '../run-plan.js';
import { pipelineFor } from '../lazy-pipeline.js';
import type { SetExit } from './index.js';

/** `apigw-sync plan <paths...>`: what apply would do, as text, Markdown or JSON; optionally saved. */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  const cmd = program
    .command('plan')
    .description('Show what apply would change in AWS to match the specs (changes nothing).')
    .argument('<paths...>', 'spec files or directories of one spec set')
    .option('--env <name>', 'environment of the spec set (default: its defaultEnvironment)')
    .addOption(new Option('--output <format>', 'how to print the plan').choices(['text', 'json', 'markdown']).default('text'))
    .option('--out <file>', 'also save the plan, with a fingerprint of the live state, for `apply FILE`')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .option('--target <address>', 'plan only this API or subtree, e.g. "rest-api petstore / resource /users"')
    .option('--adopt', 'take over an API that has a spec\'s name but not the ownership tag')
    .option('--allow-duplicate-name', 'create an API, API key or usage plan even though one of its name exists without the ownership tag')
    .option('--allow-destroy', 'plan deletions of APIs, stages, domains, API keys and usage plans as runnable')
    .option('--no-bulk', 'plan every write as its own call (no ImportRestApi/PutRestApi/ImportApi bulk writes)')
    .option('--stats', 'print the AWS calls made, by operation, to stderr')
    .option('--summary-file <file>', 'append the Markdown plan to this file (e.g. $GITHUB_STEP_SUMMARY)');
  addConnectOptions(cmd).action(async (paths: string[], flags: PlanFlags) => {
    const { runPlan } = await import('../run-plan.js');
    setExit(await runPlan(paths, flags, io, await pipelineFor(io)));
  });
}

/** --local, --endpoint-url, --region: shared by plan, apply and destroy. */
export function addConnectOptions(cmd: Command): Command {
  return cmd
    .option('--local', 'use the built-in emulator, its state kept in .apigw-sync/ under the working directory')
    .option('--endpoint-url <url>', 'send API Gateway calls to this endpoint (default: AWS_ENDPOINT_URL, else AWS)')
    .option('--region <region>', 'AWS region (default: the spec set\'s region, else AWS_REGION)');
}
