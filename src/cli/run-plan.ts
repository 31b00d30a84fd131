import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApigwError, EXIT_CHANGES, EXIT_OK, UsageError } from '../errors.js';
import { wantsColour } from '../render/colour.js';
import { renderPlanJson } from '../render/plan-json.js';
import { renderPlanMarkdown } from '../render/plan-markdown.js';
import { renderPlanText } from '../render/plan-text.js';
import { renderStats } from '../aws/call-counter.js';
import { checkConnectFlags, type ConnectFlags } from './connect.js';
import type { CliIO } from './io.js';
import type { Pipeline } from './pipeline.js';
import { openSession } from './plan-session.js';
import { Redactor } from './redact.js';
import { writePlanFile } from './saved-plan.js';

/** `apigw-sync plan`: compute the plan, print it, optionally save it. Exit 2 for changes with --detailed-exitcode. */
export type OutputFormat = 'text' | 'json' | 'markdown';

export interface PlanFlags extends ConnectFlags {
  env?: string;
  output: OutputFormat;
  out?: string;
  detailedExitcode?: boolean;
  target?: string;
  adopt?: boolean;
  allowDestroy?: boolean;
  allowDuplicateName?: boolean;
  stats?: boolean;
  summaryFile?: string;
  /** false with --no-bulk. */
  bulk?: boolean;
}

export function checkPlanFlags(flags: PlanFlags): void {
  checkConnectFlags(flags);
  checkTargetFlag(flags.target);
}

/** An empty --target (an unset variable in a script) would plan everything: a usage error instead. */
export function checkTargetFlag(target: string | undefined): void {
  if (target !== undefined && target.trim() === '') {
    throw new UsageError('--target is empty.', 'Give an address such as "rest-api petstore", or leave --target out to plan everything.');
  }
}

export async function runPlan(paths: string[], flags: PlanFlags, rawIO: CliIO, pipeline: Pipeline): Promise<number> {
  checkPlanFlags(flags);
  const redactor = new Redactor();
  const io = redactor.wrap(rawIO);
  const options = {
    ...(flags.adopt ? { adopt: true } : {}),
    ...(flags.allowDestroy ? { allowDestroy: true } : {}),
    ...(flags.allowDuplicateName ? { allowDuplicateName: true } : {}),
    ...(flags.target ? { target: flags.target } : {}),
    ...(flags.bulk === false ? { noBulk: true } : {}),
  };
  const session = await openSession(
    { paths, ...(flags.env ? { environment: flags.env } : {}), options, connect: flags },
    io,
    pipeline,
    redactor,
  );
  try {
    const { plan } = session;
    io.stdout.write(render(plan, flags.output, wantsColour(io.stdout, io.env)));
    if (flags.out) {
      writePlanFile(resolve(io.cwd, flags.out), plan, session.live, { paths, ...options }, (text) => redactor.redact(text));
      // The endpoint as connected, also when AWS_ENDPOINT_URL* gave it: the hint works in another shell.
      io.stderr.write(`Saved the plan to ${flags.out}. Apply exactly this plan with: ${applyCommand(flags.out, connectionFlags(session.conn.endpoint, flags.region), destroys(plan, flags))}\n`);
    }
    if (flags.summaryFile) {
      try {
        appendFileSync(resolve(io.cwd, flags.summaryFile), redactor.redact(renderPlanMarkdown(plan)));
      } catch (err) {
        throw new ApigwError(`Cannot write the summary to ${flags.summaryFile}: ${(err as Error).message}`);
      }
    }
    if (flags.stats) io.stderr.write(renderStats(session.conn.counter));
    return flags.detailedExitcode && plan.ops.length > 0 ? EXIT_CHANGES : EXIT_OK;
  } finally {
    await session.conn.close();
  }
}

/**
 * The command that applies a saved plan against what it was planned against: the connection
 * flags given to plan go along (without them, apply would go to AWS and refuse the plan).
 */
export function applyCommand(file: string, flags: ConnectFlags, allowDestroy = false): string {
  const args = ['apigw-sync', 'apply', file];
  if (allowDestroy) args.push('--allow-destroy');
  if (flags.local) args.push('--local');
  if (flags.endpointUrl !== undefined) args.push('--endpoint-url', flags.endpointUrl);
  if (flags.region !== undefined) args.push('--region', flags.region);
  return args.map(shellWord).join(' ');
}

/** The flags that send a command to an endpoint as recorded in a plan ('local', a URL, or AWS when undefined). */
export function connectionFlags(endpoint: string | undefined, region?: string): ConnectFlags {
  return {
    ...(endpoint === 'local' ? { local: true } : endpoint !== undefined ? { endpointUrl: endpoint } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

/** A plan made with --allow-destroy that deletes or replaces something needs the flag on its apply too. */
function destroys(plan: { ops: { action: string }[] }, flags: { allowDestroy?: boolean }): boolean {
  return flags.allowDestroy === true && plan.ops.some((op) => op.action === 'delete' || op.action === 'replace');
}

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function render(plan: Parameters<typeof renderPlanText>[0], output: OutputFormat, colour: boolean): string {
  if (output === 'json') return renderPlanJson(plan);
  if (output === 'markdown') return renderPlanMarkdown(plan);
  return renderPlanText(plan, { colour });
}
