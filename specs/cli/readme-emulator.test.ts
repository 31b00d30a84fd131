import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findAwsCli } from '../emulator/aws-cli.js';
import { cleanEnv, readmeShBlock, ROOT } from '../helpers/bin.js';

/**
 * The README's emulator block, run as written on a clean machine: no AWS configuration, no
 * credentials or region in the environment, the repository as cloned and built. The one change:
 * the emulator's port 4566 becomes a free one, so that the test never meets another emulator.
 */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe("the README's emulator block", () => {
  it('runs as written with nothing configured for AWS', async () => {
    expect(findAwsCli(), 'the AWS CLI (`aws`) must be on PATH').toBeDefined();
    const block = readmeShBlock('## The local emulator');
    expect(block).toContain('4566');
    const script = block.replaceAll('4566', String(await freePort()));
    // npm's update check would wait for a registry a clean CI machine may not reach.
    const env = cleanEnv({ NPM_CONFIG_UPDATE_NOTIFIER: 'false' });
    const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      // Its own process group, so that whatever the block left running can be stopped with it.
      const child = spawn('bash', ['-e', '-c', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const stopAll = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // the group is gone: the block stopped everything it started
        }
      };
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const timer = setTimeout(stopAll, 120_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        stopAll();
        resolve({ code, out, err });
      });
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('API Gateway emulator listening on');
    expect(run.out).toContain('\n  Route 53 hosted zones: petstore.example.com\n');
    expect(run.out).not.toContain('Domains with dns: need');
    expect(JSON.parse(/^\{\n\s+"items"[\s\S]*?^\}$/m.exec(run.out)?.[0] ?? '{}')).toStrictEqual({ items: [] });
    expect(run.out).toContain('apigw-sync plan for spec set "petstore"');
    expect(run.out).toMatch(/Plan: \d+ to create/);
    // The emulator has the zone the example's domains name: their alias records are planned.
    expect(run.out).toContain('~ dns-zone petstore.example.com');
  }, 150_000);
});
