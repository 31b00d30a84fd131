import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cli, EXAMPLE_KEY_VALUE, scratchWithExamples } from '../helpers/cli.js';

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
    const env = { PARTNER_API_KEY: SECRET };
    const outputs: string[] = [];
    const run = async (args: string[]) => {
      const r = await cli(args, { cwd, env });
      outputs.push(r.out, r.err);
      return r;
    };
    expect((await run(['apply', 'examples/petstore', '--auto-approve', ...url])).code).toBe(0);
    expect((await run(['plan', 'examples/petstore', '--out', 'plan.json', ...url])).code).toBe(0);
    // GIVEN a saved plan that creates a key from $PARTNER_API_KEY, and one that (wrongly) shows its value
    const file = join(cwd, 'plan.json');
    outputs.push(readFileSync(file, 'utf8'));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    saved.ops.push({
      id: 'op-900', kind: 'api-key', key: 'api-key:partner', address: 'api-key partner', action: 'create', reason: 'absent-live',
      changes: [{ path: '/value', to: '(sensitive)', sensitive: true }, { path: '/description', to: `not a place for ${SECRET}` }],
      calls: [{ service: 'apigateway', operation: 'CreateApiKey', input: { name: 'partner', enabled: true, value: { $secret: 'env:PARTNER_API_KEY' } } }],
      dependsOn: [],
    });
    writeFileSync(file, JSON.stringify(saved));
    // WHEN it is applied
    const applied = await run(['apply', 'plan.json', '--auto-approve', '--stats', ...url]);
    expect(applied.code, applied.err).toBe(0);
    // a second key with the same value: AWS refuses it, and the error is printed
    const dup = { ...saved, ops: [{ ...saved.ops.at(-1), id: 'op-901', key: 'api-key:partner2', address: 'api-key partner2', changes: [] }] };
    dup.ops[0].calls[0].input.name = 'partner2';
    writeFileSync(file, JSON.stringify(dup));
    const again = await run(['apply', 'plan.json', '--auto-approve', ...url]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/^Failed: \+ api-key partner2\n {2}CreateApiKey: ConflictException: /m);
    // THEN AWS has the value, and nothing we printed or saved does
    expect(JSON.stringify(emu.state.v1)).toContain(SECRET);
    expect(applied.out).toContain('not a place for (sensitive)');
    // the example's own key (examples/petstore/access.yaml) was created with its value too
    expect(JSON.stringify(emu.state.v1)).toContain(EXAMPLE_KEY_VALUE);
    for (const text of outputs) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(EXAMPLE_KEY_VALUE);
    }
    for (const args of [['--output', 'json'], ['--output', 'markdown'], []]) {
      const r = await run(['plan', 'examples/petstore', ...url, ...args]);
      expect(r.out + r.err).not.toContain(SECRET);
      expect(r.out + r.err).not.toContain(EXAMPLE_KEY_VALUE);
    }
  });

  it('an unset secret variable fails its step, naming the variable', async () => {
    const cwd = scratchWithExamples();
    const url = ['--endpoint-url', emu.url];
    expect((await cli(['plan', 'examples/petstore', '--out', 'plan.json', ...url], { cwd })).code).toBe(0);
    const file = join(cwd, 'plan.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    saved.ops = [{
      id: 'op-1', kind: 'api-key', key: 'api-key:partner', address: 'api-key partner', action: 'create', reason: 'absent-live', changes: [],
      calls: [{ service: 'apigateway', operation: 'CreateApiKey', input: { name: 'partner', value: { $secret: 'env:NOT_SET_ANYWHERE' } } }],
      dependsOn: [],
    }];
    writeFileSync(file, JSON.stringify(saved));
    const res = await cli(['apply', 'plan.json', '--auto-approve', ...url], { cwd });
    expect(res.code).toBe(1);
    expect(res.out).toContain('Failed: + api-key partner\n  CreateApiKey was not called: the environment variable NOT_SET_ANYWHERE is not set; it holds a secret value this step needs\n');
  });
});
