import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { duplicateCases, referenceCases, schemaCases, syntaxCases, valueCases } from '../schema/invalid-corpus.js';
import { writeSet } from '../schema/helpers.js';
import { runCli } from './helpers.js';
import { hostileCases, HOSTILE_ROOT } from './hostile-specs.js';

/**
 * Bad input through the real CLI (`plan` and `apply` against the emulator): the invalid-spec
 * corpus of the language rules, plus hostile and huge spec sets. Each exits 1 with located
 * errors and no stack trace, makes no AWS call (the emulator's counter stays at 0), and stays
 * within a generous memory bound (the child's peak RSS). Time is bounded by a kill, not asserted.
 */
/** Generous: the largest file the loader accepts (5 MB, 60,000 methods) peaks near 850 MB. */
const MAX_RSS_MB = 1024;
const KILL_AFTER_MS = 60_000;
const STACK = /\n\s+at /;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

/** CLI children at once: each may take a core and (the 4.5 MB spec) 850 MB. */
const AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function oneOfTwo<T>(fn: () => Promise<T>): Promise<T> {
  while (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

// Cases run two at a time: none may make a call, so the shared counter must stay at 0 whichever
// case is running.
async function refused(dir: string, command: 'plan' | 'apply') {
  const args = command === 'plan' ? ['plan', '.', '--endpoint-url', emu.url] : ['apply', '.', '--endpoint-url', emu.url, '--auto-approve'];
  const r = await oneOfTwo(() => runCli(args, { cwd: dir, timeoutMs: KILL_AFTER_MS }));
  expect(r.signal, 'killed: it did not finish in time').toBeNull();
  expect(r.code, r.stderr.slice(0, 2000)).toBe(1);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).toMatch(/The specs have \d+ errors? \(listed above\); nothing was sent to AWS\./);
  expect(emu.calls().total).toBe(0);
  expect(r.maxRssKb! / 1024).toBeLessThan(MAX_RSS_MB);
  return r;
}

const corpus = [...schemaCases, ...referenceCases, ...duplicateCases, ...syntaxCases, ...valueCases];

describe.concurrent('the invalid-spec corpus through the CLI', () => {
  it.each(corpus.map((c, i) => ({ ...c, command: i % 4 === 0 ? ('apply' as const) : ('plan' as const) })))('$name ($command)', async ({ files, want, command }) => {
    const r = await refused(writeSet({ 'apigw-sync.yaml': HOSTILE_ROOT, ...files }), command);
    // The corpus gives each error as `file:line:column code message`; the CLI prints it as
    // `file:line:column  error  code` and the message on the next line.
    for (const w of want) {
      const [, where, code, message] = /^(\S+) (\S+) (.*)$/.exec(w)!;
      expect(r.stderr).toContain(`${where}  error  ${code}\n  ${message}`);
    }
  });
});

describe.concurrent('hostile and huge spec sets', () => {
  it.each(hostileCases)('$name', async ({ write, file, code }) => {
    const dir = writeSet({ 'apigw-sync.yaml': HOSTILE_ROOT });
    write(dir);
    const r = await refused(dir, 'plan');
    expect(r.stderr).toMatch(new RegExp(`(^|\\n)${file.replace('.', '\\.')}:\\d+:\\d+  error  ${code}\\n  \\S`));
    // Whatever the input held, the terminal gets no control character but tab and line feed.
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});

it('the suite holds at least 40 bad inputs', () => {
  expect(corpus.length + hostileCases.length).toBeGreaterThanOrEqual(40);
});
