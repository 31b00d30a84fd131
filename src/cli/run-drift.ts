import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApigwError, EXIT_CHANGES, EXIT_OK } from '../errors.js';
import { renderStats } from '../aws/call-counter.js';
import { detectDrift } from '../reconcile/drift.js';
import { OWNERSHIP_TAG } from '../reconcile/model.js';
import { wantsColour } from '../render/colour.js';
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from '../render/drift.js';
import { checkConnectFlags, type ConnectFlags } from './connect.js';
import type { CliIO } from './io.js';
import type { Pipeline } from './pipeline.js';
import { openSession } from './plan-session.js';
import { Redactor } from './redact.js';

/**
 * `apigw-sync drift`: read the models exactly as plan does (so plan and drift never disagree on
 * what differs), then report the differences as drift. Changes nothing in AWS.
 */
export interface DriftFlags extends ConnectFlags {
  env?: string;
  output: 'text' | 'json' | 'markdown';
  summaryFile?: string;
  stats?: boolean;
}

export async function runDrift(paths: string[], flags: DriftFlags, rawIO: CliIO, pipeline: Pipeline): Promise<number> {
  checkConnectFlags(flags);
  const redactor = new Redactor();
  const io = redactor.wrap(rawIO);
  const session = await openSession(
    { paths, command: 'drift', ...(flags.env ? { environment: flags.env } : {}), options: {}, connect: flags },
    io,
    pipeline,
    redactor,
  );
  try {
    const report = detectDrift({
      desired: session.desired,
      live: session.live,
      target: session.plan.target,
      checkedAt: session.plan.createdAt,
      liveFingerprint: session.plan.liveFingerprint,
      // Only what bears on drift: an API of a spec's name that the set does not own.
      notices: session.plan.notices.filter((n) => n.includes(OWNERSHIP_TAG)),
    });
    const text =
      flags.output === 'json' ? renderDriftJson(report)
      : flags.output === 'markdown' ? renderDriftMarkdown(report)
      : renderDriftText(report, { colour: wantsColour(io.stdout, io.env) });
    io.stdout.write(text);
    if (flags.summaryFile) {
      try {
        appendFileSync(resolve(io.cwd, flags.summaryFile), redactor.redact(renderDriftMarkdown(report)));
      } catch (err) {
        throw new ApigwError(`Cannot write the summary to ${flags.summaryFile}: ${(err as Error).message}`);
      }
    }
    if (flags.stats) io.stderr.write(renderStats(session.conn.counter));
    return report.items.length > 0 ? EXIT_CHANGES : EXIT_OK;
  } finally {
    await session.conn.close();
  }
}
