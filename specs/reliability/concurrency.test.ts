import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';
import type { ChildProcess } from 'node:child_process';
import { acquireApplyLock } from '../../src/cli/apply-lock.js';
import { duplicates, runCli } from './helpers.js';

/**
 * Concurrency: two applies of the same spec set start at the same time against one emulator
 * (two processes of the real CLI). They must end with the specs' state and no duplicate.
 */
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

describe('two applies of one spec set at the same time', () => {
  it.each([1, 2, 3])('round %i: one applies, the other is refused before reading or writing anything; no duplicate', async () => {
    emu.reset();
    const cwd = scratchWithExamples();
    const args = ['apply', 'examples/petstore', '--endpoint-url', emu.url, '--auto-approve'];
    const runs = await Promise.all([runCli(args, { cwd }), runCli(args, { cwd })]);
    expect(await duplicates(emu)).toEqual([]);
    expect(runs.map((r) => r.code)).toContain(0);
    for (const r of runs.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`^Error: Another apply of spec set "petstore" is running against ${emu.url.replace(/[.]/g, '\\.')} \\(pid \\d+, since \\S+, in ${cwd}\\)\\. Nothing was changed\\.\n  Fix: Wait for it to finish, or give --lock-timeout SECONDS to wait for it\\. If no apply is running, delete \\S+petstore-\\w+\\.lock\\.\n$`),
      );
    }
    const planned = await cli(['plan', 'examples/petstore', '--endpoint-url', emu.url, '--detailed-exitcode'], { cwd });
    expect(planned.out + planned.err).toBe('No changes. The live state matches the specs.\n');
  });

  it.each([
    { name: '$E and $E/', other: () => `${emu.url}/` },
    { name: 'http://127.0.0.1:PORT and http://localhost:PORT', other: () => emu.url.replace('127.0.0.1', 'localhost') },
  ])('the same endpoint spelt two ways ($name) shares one lock: no duplicate', async ({ other }) => {
    emu.reset();
    const cwd = scratchWithExamples();
    expect(other()).not.toBe(emu.url);
    const runs = await Promise.all([
      runCli(['apply', 'examples/petstore', '--endpoint-url', emu.url, '--auto-approve'], { cwd }),
      runCli(['apply', 'examples/petstore', '--endpoint-url', other(), '--auto-approve'], { cwd }),
    ]);
    expect(await duplicates(emu)).toEqual([]);
    expect(runs.map((r) => r.code)).toContain(0);
    for (const r of runs.filter((x) => x.code !== 0)) expect(r.stderr).toMatch(/^Error: Another apply of spec set "petstore" is running against /);
  });

  it('with --lock-timeout both wait for the holder, then one applies and the other finds nothing to do', async () => {
    emu.reset();
    const cwd = scratchWithExamples();
    // The test holds the lock itself, so both applies must wait however the machine schedules them.
    const held = await acquireApplyLock({ specSet: 'petstore', region: 'us-east-1', endpoint: emu.url, description: emu.url }, { cwd, timeoutSeconds: 0 });
    const args = ['apply', 'examples/petstore', '--endpoint-url', emu.url, '--auto-approve', '--lock-timeout', '120'];
    let waiting = 0;
    let release!: () => void;
    const bothWaiting = new Promise<void>((r) => (release = r));
    const onSpawn = (child: ChildProcess) => {
      let told = false;
      child.stderr!.on('data', (d: Buffer) => {
        if (!told && /Waiting for another apply of spec set "petstore" to finish \(pid \d+; --lock-timeout 120 s\)\.\.\./.test(d.toString())) {
          told = true;
          if (++waiting === 2) release();
        }
      });
    };
    const running = Promise.all([runCli(args, { cwd, onSpawn }), runCli(args, { cwd, onSpawn })]);
    await bothWaiting;
    expect(emu.calls().total).toBe(0);
    held.release();
    const runs = await running;
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
    expect(await duplicates(emu)).toEqual([]);
    // One of them made everything; the other, waiting again, then found it made.
    const outs = runs.map((r) => r.stdout);
    expect(outs.filter((o) => o.includes('Apply complete: '))).toHaveLength(1);
    expect(outs.filter((o) => o === 'No changes. The live state matches the specs.\n')).toHaveLength(1);
  });
});
