import type { Action } from '../plan-types.js';
import type { ApplyEvent, OpResult } from './executor.js';
import { painter, type Paint } from '../../render/colour.js';
import { visibleLine } from '../../render/visible.js';
import { describeQuota, type PacerWait } from './pacer.js';
import { resultLine, seconds } from './report.js';

/**
 * Progress while apply runs, one line per finished step (as terraform prints them). On a TTY the
 * finished lines scroll above one live line, rewritten in place: steps done/total, elapsed time,
 * the step in progress, and what is held back by a quota (`waiting 25 s: CreateDomainName, 1 per
 * 30 s`), so a 30-second pause never looks like a hang. Elsewhere (CI logs) the finished lines,
 * and after 10 s without one a line saying what is still running and what it waits for, every
 * 10 s (as terraform's "Still creating... [10s elapsed]").
 */
export interface ProgressStream {
  write(chunk: string): unknown;
}

export interface Progress {
  onEvent(event: ApplyEvent): void;
  /** Clears the live line (call before printing the final report). */
  stop(): void;
}

const ING: Record<Action, string> = {
  create: 'creating',
  deploy: 'deploying',
  update: 'updating',
  adopt: 'adopting',
  replace: 'replacing',
  delete: 'deleting',
};

/** How often the live line's elapsed time moves while a step waits (pacing can wait 30 s). */
const TICK_MS = 1000;
/** Without a terminal: how long without a line before saying what is still running. */
export const STILL_MS = 10_000;

export interface ProgressOptions {
  /** The calls waiting for a quota now, and the clock their `until` is on (the pacer's). */
  waits?: () => { now: number; waits: PacerWait[] };
  /** Colour the finished lines (a TTY without NO_COLOR / --no-color). */
  colour?: boolean;
}

const STYLE: Record<OpResult['status'], Parameters<Paint>[0]> = { done: 'green', failed: 'red', skipped: 'yellow' };

export function createProgress(stream: ProgressStream, tty: boolean, now: () => number = () => performance.now(), opts: ProgressOptions = {}): Progress {
  const finished = (e: Extract<ApplyEvent, { type: 'finish' }>, paint: Paint): string =>
    `[${e.done}/${e.total}] ${seconds(e.elapsedMs)} ${paint(STYLE[e.result.status], resultLine(e.result))}`;
  /** The longest wait for a quota, in whole seconds still to go (none under a second). */
  const waiting = (): string => {
    const w = opts.waits?.();
    const first = w?.waits[0];
    if (!w || !first) return '';
    const ms = first.until - w.now;
    if (ms < 1000) return '';
    return `waiting ${Math.ceil(ms / 1000)} s: ${describeQuota(first)}${w.waits.length > 1 ? ` (+${w.waits.length - 1} more waiting)` : ''} \u00b7 `;
  };
  if (!tty) return plainProgress(stream, now, waiting, (e) => finished(e, painter(false)));
  const paint = painter(opts.colour === true);
  const current = new Map<string, string>();
  let line = '';
  let last = { done: 0, total: 0, elapsedMs: 0, at: 0 };
  let timer: NodeJS.Timeout | undefined;
  const draw = (done: number, total: number, elapsedMs: number): void => {
    // What waits comes first: a narrow terminal cuts the end of the line.
    line = visibleLine(`[${done}/${total}] ${seconds(elapsedMs)} ${waiting()}${inProgress(current)}`);
    // A terminal of unknown size reports 0 columns (a pseudo-terminal nobody sized, such as
    // `script` or `docker exec -t` in CI): cut at 100 then, never at -1.
    const columns = (stream as { columns?: number }).columns;
    const width = columns !== undefined && columns > 0 ? columns : 100;
    stream.write(`\r\x1b[K${line.slice(0, width - 1)}`);
  };
  return {
    onEvent(e) {
      if (e.type === 'start') current.set(e.op.id, `${ING[e.op.action]} ${e.op.address}`);
      else if (e.type === 'wait') {
        current.set(e.op.id, waitLine(e));
        draw(last.done, last.total, last.elapsedMs + (now() - last.at));
        return;
      } else {
        current.delete(e.result.op.id);
        // Every finished step stays on screen, above the live line.
        stream.write(`\r\x1b[K${finished(e, paint)}\n`);
      }
      last = { done: e.done, total: e.total, elapsedMs: e.elapsedMs, at: now() };
      draw(e.done, e.total, e.elapsedMs);
      if (!timer) {
        timer = setInterval(() => draw(last.done, last.total, last.elapsedMs + (now() - last.at)), TICK_MS);
        timer.unref();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      if (line !== '') stream.write('\r\x1b[K');
    },
  };
}

/**
 * Without a terminal (CI logs): each finished step on a line; after STILL_MS with no line, what is
 * still running and what it waits for (`still running [3/7] 21.0s: waiting 18 s: CreateDeployment,
 * 1 per 5 s \u00b7 deploying rest-api shop`), again every STILL_MS while nothing else is printed.
 */
function plainProgress(stream: ProgressStream, now: () => number, waiting: () => string, finished: (e: Extract<ApplyEvent, { type: 'finish' }>) => string): Progress {
  const current = new Map<string, string>();
  let last = { done: 0, total: 0, elapsedMs: 0, at: now() };
  let printedAt = now();
  let timer: NodeJS.Timeout | undefined;
  const print = (text: string): void => {
    stream.write(`${text}\n`);
    printedAt = now();
  };
  const still = (): void => {
    if (now() - printedAt < STILL_MS || current.size === 0) return;
    print(visibleLine(`still running [${last.done}/${last.total}] ${seconds(last.elapsedMs + (now() - last.at))}: ${waiting()}${inProgress(current)}`));
  };
  return {
    onEvent(e) {
      if (e.type === 'wait') {
        current.set(e.op.id, waitLine(e));
        print(waitLine(e));
        return;
      }
      if (e.type === 'start') current.set(e.op.id, `${ING[e.op.action]} ${e.op.address}`);
      else {
        current.delete(e.result.op.id);
        print(finished(e));
      }
      last = { done: e.done, total: e.total, elapsedMs: e.elapsedMs, at: now() };
      if (!timer) {
        timer = setInterval(still, TICK_MS);
        timer.unref();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}

/** The newest step in progress, and how many more run beside it: `creating rest-api shop (+2 more)`. */
function inProgress(current: Map<string, string>): string {
  const step = [...current.values()].at(-1) ?? '';
  return current.size > 1 ? `${step} (+${current.size - 1} more)` : step;
}

/** `waiting for vpc-link nlb: PENDING after 14.0s, next read in 8.0s (gives up after 20 minutes)` */
function waitLine(e: Extract<ApplyEvent, { type: 'wait' }>): string {
  return visibleLine(
    `waiting for ${e.op.address}: ${e.state} after ${seconds(e.waitedMs)}, next read in ${seconds(e.nextInMs)} (gives up after ${Math.round(e.limitMs / 60_000)} minutes)`,
  );
}
