import type { Action } from '../plan-types.js';
import type { ApplyEvent } from './executor.js';
import { visibleLine } from '../../render/visible.js';
import { resultLine, seconds } from './report.js';

/**
 * Progress while apply runs. On a TTY one live line, rewritten in place: steps done/total, elapsed
 * time and the step in progress. Elsewhere (CI logs) one plain line per finished step.
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

export function createProgress(stream: ProgressStream, tty: boolean, now: () => number = () => performance.now()): Progress {
  if (!tty) {
    return {
      onEvent(e) {
        if (e.type === 'finish') stream.write(`[${e.done}/${e.total}] ${seconds(e.elapsedMs)} ${resultLine(e.result)}\n`);
        else if (e.type === 'wait') stream.write(`${waitLine(e)}\n`);
      },
      stop() {},
    };
  }
  const current = new Map<string, string>();
  let line = '';
  let last = { done: 0, total: 0, elapsedMs: 0, at: 0 };
  let timer: NodeJS.Timeout | undefined;
  const draw = (done: number, total: number, elapsedMs: number): void => {
    const step = [...current.values()].at(-1) ?? '';
    const more = current.size > 1 ? ` (+${current.size - 1} more)` : '';
    line = visibleLine(`[${done}/${total}] ${seconds(elapsedMs)} ${step}${more}`);
    const width = (stream as { columns?: number }).columns ?? 100;
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
        // Failures stay on screen above the live line.
        if (e.result.status === 'failed') stream.write(`\r\x1b[K${resultLine(e.result)}\n`);
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
