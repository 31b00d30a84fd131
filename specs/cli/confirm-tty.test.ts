import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { createProgress, STILL_MS } from '../../src/reconcile/apply/progress.js';
import { EMULATOR_ENV, scratchWithExamples } from '../helpers/cli.js';
import { op, planOf, call } from '../helpers/plan-builder.js';

// On a terminal: apply asks before changing anything, and shows one live progress line.

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

function ttyIO(answer: string, cwd: string): CliIO & { out(): string; err(): string } {
  let out = '';
  let err = '';
  const stdin = Object.assign(Readable.from([answer]), { isTTY: true });
  return {
    stdout: { write: (c: string) => (out += c), isTTY: true },
    stderr: { write: (c: string) => (err += c), isTTY: true },
    stdin,
    env: { ...EMULATOR_ENV, NO_COLOR: '1' },
    cwd,
    out: () => out,
    err: () => err,
  };
}

describe('confirmation on a terminal', () => {
  it('anything but "yes" cancels, with no write call', async () => {
    const io = ttyIO('y\n', scratchWithExamples());
    expect(await main(['apply', 'examples/petstore', '--endpoint-url', emu.url], io)).toBe(1);
    expect(io.err()).toContain("Do you want to apply these changes?\n  Only 'yes' will be accepted: Apply cancelled; nothing was changed.\n");
    expect(emu.calls().writes).toBe(0);
  });

  it('"yes" applies, with a live progress line', async () => {
    const io = ttyIO('yes\n', scratchWithExamples());
    expect(await main(['apply', 'examples/petstore', '--endpoint-url', emu.url], io)).toBe(0);
    expect(io.out()).toMatch(/^Apply complete: /m);
    expect(io.err()).toMatch(/\r\x1b\[K\[0\/\d+\] \d+\.\ds creating \S+/);
    expect(emu.calls().writes).toBeGreaterThan(0);
  });
});

describe('progress', () => {
  it('on a TTY keeps each finished step as a line above one live line; elsewhere prints one line per step', () => {
    const a = op('create', 'rest-api:a', [call('CreateRestApi')], { id: 'op-1' });
    const b = op('create', 'rest-api:b', [call('CreateRestApi')], { id: 'op-2' });
    planOf(a, b);
    let tty = '';
    const p = createProgress({ write: (c: string) => (tty += c) }, true);
    p.onEvent({ type: 'start', op: a, done: 0, total: 2, elapsedMs: 0 });
    p.onEvent({ type: 'finish', result: { op: a, status: 'failed', calls: 1, error: { type: 'BadRequestException', message: 'bad', operation: 'CreateRestApi' } }, done: 1, total: 2, elapsedMs: 1200 });
    p.stop();
    expect(tty).toBe(
      '\r\x1b[K[0/2] 0.0s creating rest-api a' +
        '\r\x1b[K[1/2] 1.2s FAILED rest-api a: CreateRestApi: BadRequestException: bad\n' +
        '\r\x1b[K[1/2] 1.2s ' +
        '\r\x1b[K',
    );
    let plain = '';
    const q = createProgress({ write: (c: string) => (plain += c) }, false);
    q.onEvent({ type: 'start', op: b, done: 0, total: 2, elapsedMs: 0 });
    q.onEvent({ type: 'finish', result: { op: b, status: 'done', calls: 1 }, done: 2, total: 2, elapsedMs: 300 });
    expect(plain).toBe('[2/2] 0.3s created rest-api b\n');
  });

  it('on a TTY the live line shows the longest wait for a quota first, in AWS\'s terms, and colours finished steps', () => {
    const a = op('create', 'domain-name:a.example.com', [call('CreateDomainName')], { id: 'op-1' });
    const b = op('create', 'domain-name:b.example.com', [call('CreateDomainName')], { id: 'op-2' });
    planOf(a, b);
    let tty = '';
    const waits = [{ key: 'CreateDomainName', until: 25_000, rate: { intervalMs: 30_000, burst: 1 } }];
    const p = createProgress({ write: (c: string) => (tty += c) }, true, () => 0, { colour: true, waits: () => ({ now: 400, waits }) });
    p.onEvent({ type: 'start', op: a, done: 0, total: 2, elapsedMs: 0 });
    p.onEvent({ type: 'finish', result: { op: a, status: 'done', calls: 1 }, done: 1, total: 2, elapsedMs: 500 });
    p.onEvent({ type: 'start', op: b, done: 1, total: 2, elapsedMs: 500 });
    p.stop();
    expect(tty.split('\r\x1b[K')).toEqual([
      '',
      '[0/2] 0.0s waiting 25 s: CreateDomainName, 1 per 30 s \u00b7 creating domain-name a.example.com',
      '[1/2] 0.5s \x1b[32mcreated domain-name a.example.com\x1b[39m\n',
      '[1/2] 0.5s waiting 25 s: CreateDomainName, 1 per 30 s \u00b7 ',
      '[1/2] 0.5s waiting 25 s: CreateDomainName, 1 per 30 s \u00b7 creating domain-name b.example.com',
      '',
    ]);
  });

  it('without a terminal, a step held up 10 s prints what is still running and what it waits for, every 10 s of silence', () => {
    vi.useFakeTimers();
    try {
      const a = op('create', 'domain-name:a.example.com', [call('CreateDomainName')], { id: 'op-1' });
      const b = op('create', 'domain-name:b.example.com', [call('CreateDomainName')], { id: 'op-2' });
      planOf(a, b);
      let log = '';
      let t = 0;
      const waits = [{ key: 'CreateDomainName', until: 30_500, rate: { intervalMs: 30_000, burst: 1 } }];
      const p = createProgress({ write: (c: string) => (log += c) }, false, () => t, { waits: () => ({ now: t, waits: t < 30_500 ? waits : [] }) });
      p.onEvent({ type: 'start', op: a, done: 0, total: 2, elapsedMs: 0 });
      t = 500;
      p.onEvent({ type: 'finish', result: { op: a, status: 'done', calls: 1 }, done: 1, total: 2, elapsedMs: 500 });
      p.onEvent({ type: 'start', op: b, done: 1, total: 2, elapsedMs: 500 });
      // Silence under 10 s prints nothing more.
      for (; t < 500 + STILL_MS - 1000; t += 1000) vi.advanceTimersByTime(1000);
      expect(log).toBe('[1/2] 0.5s created domain-name a.example.com\n');
      for (; t <= 500 + 2 * STILL_MS; t += 1000) vi.advanceTimersByTime(1000);
      t = 30_600;
      p.onEvent({ type: 'finish', result: { op: b, status: 'done', calls: 1 }, done: 2, total: 2, elapsedMs: 30_600 });
      vi.advanceTimersByTime(STILL_MS * 3);
      p.stop();
      expect(log.split('\n')).toEqual([
        '[1/2] 0.5s created domain-name a.example.com',
        'still running [1/2] 10.5s: waiting 20 s: CreateDomainName, 1 per 30 s \u00b7 creating domain-name b.example.com',
        'still running [1/2] 20.5s: waiting 10 s: CreateDomainName, 1 per 30 s \u00b7 creating domain-name b.example.com',
        '[2/2] 30.6s created domain-name b.example.com',
        '',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
