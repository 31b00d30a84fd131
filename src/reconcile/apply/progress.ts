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
 * 30 s`), so a 30-second pause never looks like a hang. Elsewhere (CI logs) only the lines.
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
  if (!tty) {
    const plain = painter(false);
    return {
      onEvent(e) {
        if (e.type === 'finish') stream.write(`${finished(e, plain)}\n`);
        else if (e.type === 'wait') stream.write(`${waitLine(e)}\n`);
      },
      stop() {},
    };
  }
  const paint = painter(opts.colour === true);
  /** The longest wait for a quota, in whole seconds still to go (none under a second). */
  const waiting = (): string => {
    const w = opts.waits?.();
    const first = w?.waits[0];
    if (!w || !first) return '';
    const ms = first.until - w.now;
    if (ms < 1000) return '';
    return `waiting ${Math.ceil(ms / 1000)} s: ${describeQuota(first)}${w.waits.length > 1 ? ` (+${w.waits.length - 1} more waiting)` : ''} \u00b7 `;
  };
  const current = new Map<string, string>();
  let line = '';
  let last = { done: 0, total: 0, elapsedMs: 0, at: 0 };
  let timer: NodeJS.Timeout | undefined;
  const draw = (done: number, total: number, elapsedMs: number): void => {
    const step = [...current.values()].at(-1) ?? '';
    const more = current.size > 1 ? ` (+${current.size - 1} more)` : '';
    // What waits comes first: a narrow terminal cuts the end of the line.
    line = visibleLine(`[${done}/${total}] ${seconds(elapsedMs)} ${waiting()}${step}${more}`);
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

/** `waiting for vpc-link nlb: PENDING after 14.0s, next read in 8.0s (gives up after 20 minutes)` */
function waitLine(e: Extract<ApplyEvent, { type: 'wait' }>): string {
  return visibleLine(
    `waiting for ${e.op.address}: ${e.state} after ${seconds(e.waitedMs)}, next read in ${seconds(e.nextInMs)} (gives up after ${Math.round(e.limitMs / 60_000)} minutes)`,
  );
}
