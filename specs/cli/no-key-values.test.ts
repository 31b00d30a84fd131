import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateApiKeyCommand, DeleteApiKeyCommand } from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { v1Client } from '../emulator/helpers.js';
import { cli, findSecretLeaks, scratchWithExamples } from '../helpers/cli.js';

// Every command on the petstore example with known API key values set: validate, plan in every
// format, saved plans and summaries, apply (of specs and of saved plans, with --stats), a key
// rotation, a failing apply, promote and destroy. Then a grep of everything printed and of every
// file left in the working directory finds neither value, while AWS (the emulator) has both.

const FIRST = 'First-Known-Key-Value-0123456789abcdef';
const SECOND = 'Second-Known-Key-Value-0123456789abcdef';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('API key values in outputs', () => {
  it('the leak check of the CLI helper finds a value, and names the variable but not the value', () => {
    expect(findSecretLeaks({ stdout: `key ${FIRST}` }, { PETSTORE_PARTNER_KEY: FIRST, LAMBDA_ALIAS: FIRST })).toStrictEqual([
      'the value of PETSTORE_PARTNER_KEY appears in stdout',
    ]);
  });

  it('appear in no output, plan file, summary or log of any command, and do reach AWS', async () => {
    const cwd = scratchWithExamples();
    const printed: string[] = [];
    const url = ['--endpoint-url', emu.url];
    const run = async (args: string[], value: string, expected = 0) => {
      const r = await cli(args, { cwd, env: { PETSTORE_PARTNER_KEY: value } });
      printed.push(r.out, r.err);
      expect(r.code, `${args.join(' ')}\n${r.out}${r.err}`).toBe(expected);
      return r;
    };
    const specs = 'examples/petstore';
    await run(['validate', specs], FIRST);
    for (const output of ['text', 'json', 'markdown']) await run(['plan', specs, ...url, '--output', output, '--stats'], FIRST);
    await run(['plan', specs, ...url, '--out', 'first.plan.json', '--summary-file', 'summary.md'], FIRST);
    await run(['apply', 'first.plan.json', '--auto-approve', '--stats', ...url], FIRST);
    const aws = [JSON.stringify(emu.state.v1)];
    await run(['plan', specs, ...url, '--detailed-exitcode'], FIRST);
    // rotation: the new value, planned, saved, shown and applied
    await run(['plan', specs, ...url, '--detailed-exitcode', '--output', 'markdown'], SECOND, 2);
    await run(['plan', specs, ...url, '--out', 'rotate.plan.json', '--output', 'json'], SECOND);
    await run(['apply', 'rotate.plan.json', '--auto-approve', ...url], SECOND);
    aws.push(JSON.stringify(emu.state.v1));
    // a failing apply prints AWS's error: a key made by hand already has the value to rotate to
    const rogue = await v1Client(emu).send(new CreateApiKeyCommand({ name: 'made-by-hand', value: FIRST }));
    const failed = await run(['apply', specs, '--env', 'prod', '--allow-destroy', '--auto-approve', ...url], FIRST, 1);
    expect(failed.out).toContain('CreateApiKey: ConflictException');
    await v1Client(emu).send(new DeleteApiKeyCommand({ apiKey: rogue.id }));
    await run(['apply', specs, '--env', 'prod', '--allow-destroy', '--auto-approve', ...url], FIRST);
    await run(['promote', specs, '--env', 'prod', '--stage', 'prod', '--auto-approve', ...url], FIRST);
    await run(['destroy', specs, '--env', 'prod', '--auto-approve', ...url], FIRST);

    // THEN AWS saw both values, and nothing printed or written holds either
    expect(aws[0]).toContain(FIRST);
    expect(aws[1]).toContain(SECOND);
    expect(aws[1]).not.toContain(FIRST);
    const files = filesUnder(cwd);
    expect(files.map((f) => relative(cwd, f))).toEqual(expect.arrayContaining(['first.plan.json', 'rotate.plan.json', 'summary.md']));
    const texts = [...printed, ...files.map((f) => readFileSync(f, 'utf8'))];
    expect(texts.join('').length).toBeGreaterThan(100_000);
    for (const text of texts) {
      expect(text.includes(FIRST)).toBe(false);
      expect(text.includes(SECOND)).toBe(false);
    }
    expect(printed.join('')).toContain('(sensitive)');
  });
});
