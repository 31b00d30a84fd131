import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { scratchWithExamples } from '../helpers/cli.js';

/**
 * apply and destroy on a real terminal: the built binary runs under `script` (util-linux), which
 * gives it a pseudo-terminal, against an emulator over HTTP, paced at AWS's quotas on a clock ten
 * times faster (so CreateDomainName's 1 per 30 s is a 3-second wait).
 */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'apigw-sync.js');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

/** Runs the CLI under `script`, asynchronously: the emulator answers from this process. */
function onTerminal(args: string[], cwd: string, env: Record<string, string> = {}, columns?: number): Promise<{ code: number | null; screen: string }> {
  const quoted = ['node', BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // `script` makes a terminal of unknown size (0 columns) unless it is given one.
  const command = columns === undefined ? quoted : `stty cols ${columns} rows 40 && exec ${quoted}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', AWS_ACCESS_KEY_ID: 'AKIDPTY', AWS_SECRET_ACCESS_KEY: 'pty-secret', APIGW_SYNC_PACE_SCALE: '0.1', ...env },
  });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (screen += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, screen })));
}

/** Every drawing of the live line: what follows a \r\x1b[K and is not a finished line. */
function liveLines(raw: string): string[] {
  return raw.split('\r\n').flatMap((l) => l.split('\r\x1b[K').slice(1, -1)).filter((l) => l !== '');
}

/** The lines left on screen: each \r\x1b[K erases the live line that was drawn before it. */
function lastScreen(raw: string): string[] {
  return raw.split('\r\n').map((l) => l.split('\r\x1b[K').at(-1) ?? '').filter((l) => l !== '');
}

describe('progress on a terminal', () => {
  const cwd = scratchWithExamples();

  it('apply keeps each finished step as a line, shows quota waits on the live line, in colour', async () => {
    const { code, screen } = await onTerminal(['apply', 'examples/petstore', '--endpoint-url', emu.url, '--auto-approve'], cwd);
    expect(code).toBe(0);
    const lines = lastScreen(screen);
    const finished = lines.filter((l) => /^\[\d+\/\d+\] \d+\.\ds /.test(l));
    const total = Number(/^\[\d+\/(\d+)\]/.exec(finished[0] ?? '')?.[1]);
    expect(total).toBeGreaterThan(50);
    // Every step stays on screen once finished, coloured by its outcome.
    expect(finished).toHaveLength(total);
    expect(finished.some((l) => /^\[\d+\/\d+\] \d+\.\ds \x1b\[32mcreated rest-api petstore\x1b\[39m$/.test(l))).toBe(true);
    expect(finished.every((l) => l.includes('\x1b[32m'))).toBe(true);
    // The second custom domain waits for CreateDomainName's quota: the live line says so.
    expect(screen).toMatch(/\r\x1b\[K\[\d+\/\d+\] \d+\.\ds waiting [1-3] s: CreateDomainName, 1 per 30 s( \(\+\d more waiting\))? \u00b7 /);
    expect(lines.at(-1)).toMatch(/^Apply complete: /);
    // This terminal's size is unknown (0 columns): a live line is cut at 100 columns, and one
    // shorter than that is drawn whole, to its last character.
    const live = liveLines(screen);
    expect(live.length).toBeGreaterThan(total);
    expect(Math.max(...live.map((l) => l.length))).toBeLessThanOrEqual(99);
    const short = live.filter((l) => l.length < 99);
    expect(short.filter((l) => /\(\+\d+ more$|\.example\.co$/.test(l))).toEqual([]);
    expect(short.some((l) => /\(\+\d+ more\)$/.test(l))).toBe(true);
  }, 150_000);

  it('--no-color: the same lines without colour', async () => {
    const { code, screen } = await onTerminal(['plan', 'examples/petstore', '--endpoint-url', emu.url, '--no-color'], cwd);
    expect(code).toBe(0);
    expect(screen).toContain('No changes.');
    const coloured = await onTerminal(['destroy', 'examples/orders-http', '--endpoint-url', emu.url, '--auto-approve'], cwd);
    expect(coloured.screen).toContain('Nothing to destroy');
    // A plan with changes on a terminal: colour unless --no-color (or NO_COLOR).
    const withColour = await onTerminal(['plan', 'examples/orders-http', '--endpoint-url', emu.url], cwd);
    expect(withColour.screen).toMatch(/\x1b\[3\dm/);
    const without = await onTerminal(['plan', 'examples/orders-http', '--endpoint-url', emu.url, '--no-color'], cwd);
    expect(without.screen).not.toMatch(/\x1b\[\d+m/);
    expect(without.screen).toContain('Plan: ');
  }, 150_000);

  it('destroy ends with "Destroy complete", its steps as lines', async () => {
    const { code, screen } = await onTerminal(['destroy', 'examples/petstore', '--endpoint-url', emu.url, '--auto-approve', '--no-color'], cwd, {}, 64);
    expect(code).toBe(0);
    const lines = lastScreen(screen);
    // On a terminal 64 columns wide, the live line never wraps (a wrapped line could not be
    // redrawn in place): it is cut at 63, the quota wait first.
    const live = liveLines(screen);
    expect(live.length).toBeGreaterThan(0);
    expect(Math.max(...live.map((l) => l.length))).toBe(63);
    expect(lines.filter((l) => /^\[\d+\/\d+\] \d+\.\ds deleted /.test(l)).length).toBeGreaterThan(3);
    expect(lines.at(-1)).toMatch(/^Destroy complete: \d+ deleted in \d+\.\ds \(\d+ AWS calls: \d+ to read the live state, \d+ to destroy\)\.$/);
    expect(screen).not.toContain('Apply complete');
    expect(screen).not.toMatch(/\x1b\[\d+m/);
  }, 150_000);
});
