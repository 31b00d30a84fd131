import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cli } from '../helpers/cli.js';

/**
 * Many documentation parts and nothing else to write: one ImportDocumentationParts (mode=merge;
 * its own quota is one call per 30 s) instead of one CreateDocumentationPart each (0.1 s each at the
 * account's 10 calls per second), chosen only past the break-even of about 300 parts.
 */
let emu: RunningEmulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'apigw-docs-bulk-'));
  writeFileSync(join(dir, 'apigw-sync.yaml'), 'name: docs\nregion: us-east-1\n');
});
afterAll(() => emu?.close());

function write(parts: number): void {
  const lines = ['restApis:', '  shop:', '    endpointType: REGIONAL', '    resources:', '      /pets:', '        GET: { integration: { type: MOCK } }', '    stages: { prod: {} }'];
  if (parts > 0) {
    lines.push('    documentation:', '      parts:');
    for (let i = 0; i < parts; i++) lines.push(`        - { location: { type: QUERY_PARAMETER, path: /pets, method: GET, name: q${i} }, properties: { description: "Filter ${i}" } }`);
  }
  writeFileSync(join(dir, 'shop.yaml'), `${lines.join('\n')}\n`);
}

const run = (...args: string[]) => cli([...args, '--endpoint-url', emu.url], { cwd: dir });

describe('documentation parts in bulk', () => {
  it('a few parts are written one call each; 320 new parts are one ImportDocumentationParts, and then the plan is empty', async () => {
    write(3);
    expect((await run('apply', '.', '--auto-approve')).code).toBe(0);
    expect(emu.callCount('CreateDocumentationPart')).toBe(3);
    expect(emu.callCount('ImportDocumentationParts')).toBe(0);

    write(320);
    const plan = await run('plan', '.', '--output', 'json');
    const bulk = JSON.parse(plan.out).bulk;
    expect(bulk).toMatchObject([{ key: 'rest-api:shop', via: 'ImportDocumentationParts', calls: 1, counts: { objects: 317 } }]);
    expect(bulk[0].estimate.bulkSeconds).toBeLessThan(bulk[0].estimate.perCallSeconds);
    expect((await run('plan', '.')).out).toContain('rest-api shop: 317 documentation parts via ImportDocumentationParts (merge), 1 call');
    emu.resetCalls();
    const applied = await run('apply', '.', '--auto-approve');
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(emu.callCount('ImportDocumentationParts')).toBe(1);
    expect(emu.callCount('CreateDocumentationPart')).toBe(0);
    expect((await run('plan', '.', '--detailed-exitcode')).out).toBe('No changes. The live state matches the specs.\n');
  });
});
