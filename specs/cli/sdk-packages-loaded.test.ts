import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, EMULATOR_BIN_ENV, runBin } from '../helpers/bin.js';
import { emulatorSession } from '../helpers/emulator-session.js';

/**
 * The Lambda and Route 53 SDK packages are loaded by a run that calls those services, and only
 * by one: a set without Lambda functions or `dns:` applies without them (about 0.1 s of CPU per
 * process saved), the petstore example (invoke permissions and alias records) with them. The
 * built CLI runs in its own process with a preloaded module that writes, at exit, the
 * `@aws-sdk/client-*` packages in the CommonJS module cache (where Node puts the SDK's packages,
 * imported or required); the petstore run proves it sees them.
 */
const e2e = emulatorSession({ fresh: 'per-file' });

const HOOK = `import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const names = new Set(Object.keys(cache).map((f) => /node_modules\\/(@aws-sdk\\/client-[^/]+)\\//.exec(f)?.[1]).filter(Boolean));
  writeFileSync(process.env.LOADED_PACKAGES_FILE, [...names].sort().join('\\n'));
});
`;

async function applyRecording(example: string): Promise<{ packages: string[]; calls: Record<string, number> }> {
  const hook = join(e2e.cwd, 'record-packages.mjs');
  const file = join(e2e.cwd, `packages-${example}.txt`);
  writeFileSync(hook, HOOK);
  e2e.emu.resetCalls();
  const run = await runBin(['apply', `examples/${example}`, '--auto-approve', ...e2e.url], {
    cwd: e2e.cwd, nodeArgs: ['--import', hook], env: cleanEnv({ ...EMULATOR_BIN_ENV, LOADED_PACKAGES_FILE: file }),
  });
  expect(run.code, run.err).toBe(0);
  return { packages: readFileSync(file, 'utf8').split('\n'), calls: e2e.emu.calls().byOperation };
}

describe('the Lambda and Route 53 SDK packages', () => {
  it('are not loaded by an apply (plan and writes) of a set without Lambda functions or dns:', async () => {
    const run = await applyRecording('private-api');
    expect(run.calls['apigateway:CreateRestApi']).toBe(1);
    expect(Object.keys(run.calls).filter((op) => /^(lambda|route53):/.test(op))).toEqual([]);
    expect(run.packages).toContain('@aws-sdk/client-api-gateway');
    expect(run.packages).not.toContain('@aws-sdk/client-lambda');
    expect(run.packages).not.toContain('@aws-sdk/client-route-53');
  });

  it('are loaded by one whose integrations call Lambda functions and whose domains have dns:, which adds the permissions and records', async () => {
    const run = await applyRecording('petstore');
    expect(run.calls['lambda:AddPermission']).toBeGreaterThan(0);
    expect(run.calls['route53:ChangeResourceRecordSets']).toBeGreaterThan(0);
    expect(run.packages).toContain('@aws-sdk/client-lambda');
    expect(run.packages).toContain('@aws-sdk/client-route-53');
  });
});
