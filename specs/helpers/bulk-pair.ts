import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { loadSpecSet, type SpecSet } from '../../src/schema/index.js';
import { cli, EMULATOR_ENV } from './cli.js';
import { startEmulator } from './emulator.js';

/**
 * The bulk-write files' setup: two empty emulators for the file's tests, one the bulk path writes
 * to and one the per-call path (`--no-bulk`), so what each leaves can be compared.
 */
export function emulatorPair(): { readonly bulk: RunningEmulator; readonly perCall: RunningEmulator } {
  let bulk: RunningEmulator | undefined;
  let perCall: RunningEmulator | undefined;
  beforeAll(async () => {
    bulk = await startEmulator({ port: 0 });
    perCall = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await bulk?.close();
    await perCall?.close();
  });
  return {
    get bulk() { return bulk!; },
    get perCall() { return perCall!; },
  };
}

/** The real CLI against one emulator. */
export const runOn = (emu: RunningEmulator, cwd: string, ...args: string[]) => cli([...args, '--endpoint-url', emu.url], { cwd });

/** An example's spec set as the CLI loads it in `cwd`. */
export function loadExample(cwd: string, specs: string): SpecSet {
  const loaded = loadSpecSet([join(cwd, specs)], { env: { ...EMULATOR_ENV }, cwd });
  if (!loaded.ok) throw new Error(`${specs} does not load`);
  return loaded.specSet;
}
