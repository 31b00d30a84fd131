import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, readmeShBlock, ROOT } from '../helpers/bin.js';
import { scratchWithExamples } from '../helpers/cli.js';

/**
 * The README's tour, run as written on a clean machine (no AWS configuration, credentials or
 * region) and on a terminal, as a user types it: `npx apigw-sync ...` lines one after the other,
 * answering `yes` when apply and destroy ask. It runs in a scratch copy of the examples where
 * `npx apigw-sync` finds this checkout (as in a repository that installed it), so that the
 * `--local` state is its own; the one change to the text: `/tmp/imported` becomes a fresh
 * directory, since import refuses to overwrite files a previous run left there.
 */
describe("the README's tour", () => {
  it('runs as written on a terminal, with nothing configured for AWS', async () => {
    const block = readmeShBlock('## A tour');
    expect(block).toContain('/tmp/imported');
    const cwd = scratchWithExamples();
    writeFileSync(join(cwd, 'package.json'), '{ "name": "tour", "private": true }\n');
    mkdirSync(join(cwd, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(ROOT, join(cwd, 'node_modules', 'apigw-sync'));
    symlinkSync(join('..', 'apigw-sync', 'bin', 'apigw-sync.js'), join(cwd, 'node_modules', '.bin', 'apigw-sync'));
    const imported = join(mkdtempSync(join(tmpdir(), 'apigw-tour-')), 'imported');
    writeFileSync(join(cwd, 'tour.sh'), block.replaceAll('/tmp/imported', imported));
    // npm's update check would wait for a registry a clean CI machine may not reach.
    const env = cleanEnv({ NPM_CONFIG_UPDATE_NOTIFIER: 'false', TERM: 'xterm', NO_COLOR: '1' });
    const run = await new Promise<{ code: number | null; screen: string; answered: number }>((resolve) => {
      // `script` gives the commands a pseudo-terminal; its own process group, so all can be stopped.
      const child = spawn('script', ['-qefc', 'bash -e tour.sh', '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      let screen = '';
      let answered = 0;
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        screen += c;
        // Answer each prompt once it is on screen (typed ahead, one reader could take both answers).
        const asked = screen.split("Only 'yes' will be accepted:").length - 1;
        while (answered < asked) {
          answered += 1;
          child.stdin.write('yes\n');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (c: string) => (screen += c));
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 240_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, screen, answered });
      });
    });
    const lines = run.screen.replace(/\r/g, '');
    expect(run.code, lines.slice(-3000)).toBe(0);
    expect(lines.match(/Valid: spec set /g)?.length).toBeGreaterThanOrEqual(7);
    expect(run.answered).toBe(2);
    expect(lines).toMatch(/Apply complete: \d+ created/);
    expect(lines).toContain('No drift. AWS matches the specs in git.');
    expect(lines).toContain(`into ${imported} as spec set "imported"`);
    expect(lines).toContain('"openapi": "3.0.1"');
    expect(lines).toMatch(/Destroy complete: \d+ deleted/);
  }, 300_000);
});
