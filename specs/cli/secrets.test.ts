import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { CreateApiKeyCommand, GetUsagePlansCommand, UpdateUsagePlanCommand } from '@aws-sdk/client-api-gateway';
import { cli, scratchWithExamples } from '../helpers/cli.js';
import { v1Client } from '../emulator/helpers.js';

// A secret (an API key value) goes from the environment to AWS and nowhere else: not into any
// output of plan or apply, nor into a saved plan.

const SECRET = 'Sup3rSecretKeyValue-0123456789abcdef';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

describe('secrets', () => {
  it('an API key value read from the environment reaches AWS but no output, log or plan file', async () => {
    const cwd = scratchWithExamples();
    const url = ['--endpoint-url', emu.url];
    // The example's key takes its value from PETSTORE_PARTNER_KEY.
    const env = { PETSTORE_PARTNER_KEY: SECRET };
    const outputs: string[] = [];
    const run = async (args: string[], withEnv: NodeJS.ProcessEnv = env) => {
      const r = await cli(args, { cwd, env: withEnv });
      outputs.push(r.out, r.err);
      return r;
    };
    expect((await run(['apply', 'examples/petstore', '--auto-approve', ...url])).code).toBe(0);
    expect(JSON.stringify(emu.state.v1)).toContain(SECRET);
    // GIVEN someone pasted the key's value into a live description by hand
    const client = v1Client(emu);
    const plan = (await client.send(new GetUsagePlansCommand({}))).items!.find((p) => p.name === 'basic')!;
    await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: 'replace', path: '/description', value: `pasted ${SECRET} here` }] }));
    // WHEN the drift is planned (saved), applied from the saved plan, and reported
    const planned = await run(['plan', 'examples/petstore', '--out', 'plan.json', '--summary-file', 'summary.md', ...url]);
    expect(planned.code).toBe(0);
    expect(planned.out).toContain('description: "pasted (sensitive) here" -> "Basic usage plan"');
    outputs.push(readFileSync(join(cwd, 'plan.json'), 'utf8'), readFileSync(join(cwd, 'summary.md'), 'utf8'));
    const applied = await run(['apply', 'plan.json', '--auto-approve', '--stats', ...url]);
    expect(applied.code, applied.err).toBe(0);
    // a second key with the same value: AWS refuses it, and the error is printed
    const other = 'Another-Secret-Key-Value-0123456789';
    await client.send(new CreateApiKeyCommand({ name: 'by-hand', value: other, enabled: true }));
    const again = await run(['apply', 'examples/petstore', '--auto-approve', ...url], { PETSTORE_PARTNER_KEY: other });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/^Failed: -\/\+ api-key partner\n {2}CreateApiKey: ConflictException: /m);
    // THEN AWS has the values, and nothing we printed or saved does
    for (const text of outputs) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(other);
    }
    await client.send(new UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: [{ op: 'replace', path: '/description', value: `pasted ${SECRET} here` }] }));
    for (const args of [['--output', 'json'], ['--output', 'markdown'], []]) {
      for (const command of ['plan', 'drift']) {
        const r = await run([command, 'examples/petstore', ...url, ...args]);
        expect(r.out + r.err).toContain('pasted (sensitive) here');
        expect(r.out + r.err).not.toContain(SECRET);
      }
    }
  });

  it('a saved plan edited to read another variable as a key value is refused, naming the op, before any write', async () => {
    const cwd = scratchWithExamples();
    const url = ['--endpoint-url', emu.url];
    emu.reset();
    expect((await cli(['plan', 'examples/petstore', '--out', 'plan.json', ...url], { cwd })).code).toBe(0);
    const file = join(cwd, 'plan.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const op = saved.ops.find((o: { key: string }) => o.key === 'api-key:partner');
    // The key's value would become the AWS secret key of the CI job: readable by anyone with GetApiKey.
    op.calls[0].input.value = { $secret: 'env:AWS_SECRET_ACCESS_KEY' };
    writeFileSync(file, JSON.stringify(saved));
    emu.resetCalls();
    const res = await cli(['apply', 'plan.json', '--auto-approve', ...url], { cwd });
    expect(res.code).toBe(1);
    expect(res.err).toContain(`  ${op.id}: create api-key partner (CreateApiKey)\n`);
    expect(emu.calls().writes).toBe(0);
  });
});
