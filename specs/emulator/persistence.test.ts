import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as A from '@aws-sdk/client-api-gateway';
import { main } from '../../src/cli/main.js';
import { bufferIO } from '../../src/cli/io.js';
import { TEST_CREDENTIALS } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(() => {
  // The child process runs the real CLI, so compile it first.
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT });
  dir = mkdtempSync(join(tmpdir(), 'apigw-emu-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `apigw-sync local` in a child process and resolves with its URL. */
function startChild(statePath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/apigw-sync.js'), 'local', '--port', '0', '--state', statePath], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((res, rej) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) res({ child, url: m[1]! });
    });
    child.stderr!.on('data', (c) => (err += c));
    child.on('exit', (code) => rej(new Error(`emulator exited with ${code}: ${err}`)));
  });
}

const clientFor = (url: string) => new A.APIGatewayClient({ region: 'us-east-1', endpoint: url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });

describe('state file', () => {
  it('survives kill -9 in the middle of a burst of writes: it loads and is consistent', async () => {
    const statePath = join(dir, 'state.json');
    const { child, url } = await startChild(statePath);
    const client = clientFor(url);
    const api = await client.send(new A.CreateRestApiCommand({ name: 'crash' }));
    // GIVEN a burst of concurrent writes, some acknowledged
    const acknowledged: string[] = [];
    let killed = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !killed; i++) {
        try {
          const r = await client.send(new A.CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: `w${w}-${i}` }));
          acknowledged.push(r.id!);
        } catch {
          return; // the connection died with the process
        }
      }
    });
    // WHEN the process is killed with SIGKILL once enough writes went through
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    await new Promise((r) => child.once('exit', r));
    // THEN the file parses, holds every acknowledged write, and every resource hangs off the root
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    const rec = state.v1.restApis[api.id!];
    for (const id of acknowledged) expect(rec.resources[id]).toBeDefined();
    for (const r of Object.values(rec.resources) as { id: string; parentId?: string }[]) {
      if (r.id !== api.rootResourceId) expect(r.parentId).toBe(api.rootResourceId);
    }
    // and a restarted emulator serves it
    const again = await startChild(statePath);
    try {
      const items = (await clientFor(again.url).send(new A.GetResourcesCommand({ restApiId: api.id, limit: 500 }))).items!;
      expect(items.length).toBeGreaterThanOrEqual(acknowledged.length + 1);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      again.child.kill('SIGTERM');
      await new Promise((r) => again.child.once('exit', r));
    }
  });

  it('a corrupt state file is a clear error with exit 1, not a crash', async () => {
    const statePath = join(dir, 'corrupt.json');
    writeFileSync(statePath, '{"version":1,"v1":{');
    const io = bufferIO();
    expect(await main(['local', '--port', '0', '--state', statePath], io)).toBe(1);
    expect(io.err()).toMatch(new RegExp(`^Error: Cannot load the emulator state from ${statePath.replace(/[.]/g, '\\.')}: the file is not valid JSON \\(`));
    expect(io.err()).toContain(`  Fix: move ${statePath} aside (or point --state at another file) to start with an empty state`);
    expect(io.err()).not.toMatch(/\n\s+at /);
    writeFileSync(statePath, '[1,2]');
    const io2 = bufferIO();
    expect(await main(['local', '--port', '0', '--state', statePath], io2)).toBe(1);
    expect(io2.err()).toContain('the file is not an apigw-sync emulator state');
    const io3 = bufferIO();
    const unwritable = join(dir, 'missing-dir', 'state.json');
    expect(await main(['local', '--port', '0', '--state', unwritable], io3)).toBe(1);
    expect(io3.err()).toMatch(new RegExp(`^Error: Cannot write the emulator state to ${unwritable.replace(/[.]/g, '\\.')}: ENOENT`));
    expect(io3.err()).toContain('  Fix: make sure the directory exists and is writable, or point --state elsewhere\n');
  });
});
