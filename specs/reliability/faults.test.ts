import { describe, it, type ExpectStatic } from 'vitest';
import type { FaultConfig, RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';
import { exampleSpecSets } from './examples.js';
import { duplicates } from './helpers.js';

/**
 * Faults: the emulator fails 10%, 30% and 50% of calls (429, 500, 503 and dropped connections,
 * before or after carrying them out) and adds latency. For each example the planner supports,
 * apply converges within a bounded number of runs, with no duplicate and nothing lost: the plan
 * is then empty and a further apply writes nothing.
 */
const examples = exampleSpecSets();
/** Runs allowed: at 50% some steps fail all of the SDK's attempts, or lose a create's reply, each run. */
const MAX_RUNS = 12;
/**
 * Faults stop after this many, so a case ends in bounded time: about a whole apply's calls
 * (~150) at 30-50% failure. Every call then pays the SDK's retry back-off (up to 8 attempts), and
 * without a cap a 50% case takes minutes of back-off for no more coverage.
 */
const MAX_FAULTS = 60;

const cases: { rate: number; when: FaultConfig['when'] }[] = [
  { rate: 0.1, when: 'before' },
  { rate: 0.3, when: 'after' },
  { rate: 0.5, when: 'before' },
  { rate: 0.5, when: 'after' },
];

/**
 * Every case has an emulator of its own, so the cases run at once (the reliability project's
 * maxConcurrency): a case spends most of its time in the SDK's retry back-off, not computing, and
 * one after the other they took 6 minutes.
 */
async function caseEmulator(): Promise<RunningEmulator> {
  // The account has the examples' Route 53 zones (helpers/emulator.ts).
  const emu = await startEmulator({ port: 0 });
  // Faults' Retry-After follows the time scale: 10 ms instead of 1 s.
  emu.setThrottle({ enabled: false, timeScale: 0.01 });
  return emu;
}

it('runs for every example spec set', ({ expect }) => {
  expect(examples).toEqual(['chat-websocket', 'custom-domain', 'orders-http', 'petstore', 'private-api', 'quick-create', 'routing-rules']);
});

describe.concurrent.each(examples)('example %s', (name) => {
  it.for(cases)('converges with $rate of calls failing ($when AWS acts)', { timeout: 300_000 }, async ({ rate, when }, { expect }) => {
    const emu = await caseEmulator();
    try {
      await converges(expect, emu, name, rate, when);
    } finally {
      await emu.close();
    }
  });
});

/** Applies until it succeeds (at most MAX_RUNS runs), then checks nothing is duplicated or left to do. */
async function converges(expect: ExpectStatic, emu: RunningEmulator, name: string, rate: number, when: FaultConfig['when']): Promise<void> {
  const cwd = scratchWithExamples();
  const args = [`examples/${name}`, '--endpoint-url', emu.url];
  emu.setFaults({ errorRate: rate, when, latencyMs: [0, 5], maxFaults: MAX_FAULTS, seed: Math.round(rate * 100) + (when === 'after' ? 1 : 0) });
  let runs = 0;
  let code = 1;
  const failures: string[] = [];
  while (code !== 0 && runs < MAX_RUNS) {
    runs++;
    const r = await cli(['apply', ...args, '--auto-approve'], { cwd });
    code = r.code;
    if (code !== 0) failures.push(`${r.out.split('\n').filter((l) => /^(Failed|  \w+:)/.test(l)).slice(0, 2).join(' | ')} ${r.err.split('\n')[0]}`);
  }
  const injected = emu.calls().log.filter((c) => c.injected === 'fault').length;
  emu.setFaults(undefined);
  expect(code, `not converged after ${runs} runs:\n${failures.join('\n')}`).toBe(0);
  // quick-create's apply is a handful of calls (one CreateApi and its reads): at 10 % one fault is what a seed gives.
  expect(injected).toBeGreaterThan(name === 'quick-create' || name === 'custom-domain' ? 0 : 3);
  expect(await duplicates(emu)).toEqual([]);
  const planned = await cli(['plan', ...args, '--detailed-exitcode'], { cwd });
  expect(planned.out).toBe('No changes. The live state matches the specs.\n');
  expect(planned.code).toBe(0);
  emu.resetCalls();
  expect((await cli(['apply', ...args, '--auto-approve'], { cwd })).code).toBe(0);
  expect(emu.calls().writes).toBe(0);
}
