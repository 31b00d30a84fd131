import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { mulberry32 } from '../../src/emulator/faults.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';
import { duplicates, isWrite, runCli } from './helpers.js';

/**
 * Crash: the real CLI applying the petstore example is killed with SIGKILL the moment the
 * emulator receives its Nth write call (the call may or may not then be carried out, and its
 * reply is lost), for N drawn by seed in each twelfth of the plan's writes. The next apply converges with no
 * duplicate, and plan is then empty.
 */
const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

let emu: RunningEmulator;
let writesOfFullApply = 0;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  // How many writes a whole apply makes, to draw N from.
  const cwd = scratchWithExamples();
  const r = await cli(['apply', 'examples/petstore', '--endpoint-url', emu.url, '--auto-approve'], { cwd });
  expect(r.code, r.out + r.err).toBe(0);
  writesOfFullApply = emu.calls().writes;
});
afterAll(() => emu.close());

/** Kills `child` when the emulator receives its nth write. */
function killAtWrite(n: number): { arm(child: ChildProcess): void; killedAt(): number | undefined; dispose(): void } {
  let child: ChildProcess | undefined;
  let seen = 0;
  let killedAt: number | undefined;
  const listener = (req: IncomingMessage): void => {
    if (!isWrite(req.method, req.url)) return;
    seen++;
    if (seen === n && child) {
      child.kill('SIGKILL');
      killedAt = seen;
    }
  };
  emu.server.prependListener('request', listener);
  return { arm: (c) => (child = c), killedAt: () => killedAt, dispose: () => emu.server.off('request', listener) };
}

describe('apply killed with SIGKILL at a random write', () => {
  it.each(SEEDS)('seed %i: the next apply converges with no duplicate', async (seed) => {
    emu.reset();
    // One seed per stretch of the plan, at a random write within it: early, middle and late.
    const n = 1 + Math.floor(((seed - 1 + mulberry32(seed)()) * writesOfFullApply) / SEEDS.length);
    const cwd = scratchWithExamples();
    const args = ['examples/petstore', '--endpoint-url', emu.url];
    const killer = killAtWrite(n);
    const crashed = await runCli(['apply', ...args, '--auto-approve'], { cwd, onSpawn: (c) => killer.arm(c) });
    killer.dispose();
    expect(crashed.signal, `write ${n} of ${writesOfFullApply}: ${crashed.stdout.slice(-300)}`).toBe('SIGKILL');
    expect(killer.killedAt()).toBe(n);

    const next = await runCli(['apply', ...args, '--auto-approve'], { cwd });
    expect(next.code, next.stdout.slice(-1500) + next.stderr).toBe(0);
    expect(await duplicates(emu)).toEqual([]);
    const planned = await cli(['plan', ...args, '--detailed-exitcode'], { cwd });
    expect(planned.out + planned.err).toBe('No changes. The live state matches the specs.\n');
  });
});
