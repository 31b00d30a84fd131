import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { cli } from '../helpers/cli.js';

// An API key value written `${env:NAME:-}` (examples/petstore/access.yaml) is optional: the
// example plans and applies with no environment variable set, AWS generating the value; setting
// the variable later rotates the key to it. `${env:NAME}` stays strict.

const VALUE = 'Rotated-Partner-Key-0123456789abcdef';
const UNSET = { PETSTORE_PARTNER_KEY: undefined };
const SET = { PETSTORE_PARTNER_KEY: VALUE };

const e2e = emulatorSession();

const run = (args: string[], env: NodeJS.ProcessEnv) => cli([args[0]!, 'examples/petstore', ...args.slice(1), ...e2e.url], { cwd: e2e.cwd, env });
type Obj = Record<string, any>;
const v1 = () => e2e.emu.state.v1 as { apiKeys: Record<string, Obj>; usagePlans: Record<string, { plan: Obj; keyIds: string[] }> };
const partner = () => Object.values(v1().apiKeys).find((k) => k.name === 'partner');
const basicPlanKeys = () => {
  const plan = Object.values(v1().usagePlans).find((p) => p.plan.name === 'basic');
  return plan ? [...plan.keyIds].sort() : [];
};

describe('an optional API key value, ${env:NAME:-}', () => {
  it('unset: AWS generates the value, the plan says so, and apply converges with zero writes', async () => {
    const planned = await run(['plan'], UNSET);
    expect(planned.code, planned.err).toBe(0);
    expect(planned.out).toContain('  - api-key partner: PETSTORE_PARTNER_KEY is not set, so AWS generates the key\'s value; set PETSTORE_PARTNER_KEY later to rotate the key to a value of your own.\n');
    expect(planned.out).not.toContain('$secret');

    const applied = await run(['apply', '--auto-approve'], UNSET);
    expect(applied.code, applied.err).toBe(0);
    const generated = String(partner()?.value);
    expect(generated).toMatch(/^[A-Za-z0-9]{30,}$/);

    const again = await run(['plan', '--detailed-exitcode'], UNSET);
    expect(again.out).toBe('No changes. The live state matches the specs.\n\nNotices:\n'
      + '  - api-key partner: PETSTORE_PARTNER_KEY is not set, so the key\'s value is left as it is (not compared); set PETSTORE_PARTNER_KEY to rotate the key to that value.\n');
    expect(again.code).toBe(0);
    const writes = e2e.emu.calls().writes;
    expect((await run(['apply', '--auto-approve'], UNSET)).code).toBe(0);
    expect(e2e.emu.calls().writes - writes).toBe(0);
    expect(partner()?.value).toBe(generated);
  });

  it('set later: the key is rotated to the value and keeps its usage plan; then nothing to do', async () => {
    expect((await run(['apply', '--auto-approve'], UNSET)).code).toBe(0);
    const before = partner();
    expect(basicPlanKeys()).toContain(before?.id);

    const planned = await run(['plan'], SET);
    expect(planned.code, planned.err).toBe(0);
    expect(planned.out).toContain("-/+ api-key partner  (replace, because an API key's value cannot be updated: a new key (value changes (sensitive)) replaces it and takes over its usage plans)\n");
    expect(planned.out).toContain('      value: value changes (sensitive)\n');
    expect(planned.out).toContain('  + usage-plan basic / usage-plan-key partner\n');

    const applied = await run(['apply', '--auto-approve'], SET);
    expect(applied.code, applied.out + applied.err).toBe(0);
    const after = partner();
    expect(after?.value).toBe(VALUE);
    expect(after?.id).not.toBe(before?.id);
    expect(basicPlanKeys()).toContain(after?.id);
    expect(basicPlanKeys()).not.toContain(before?.id);
    expect(Object.values(v1().apiKeys).filter((k) => k.name === 'partner')).toHaveLength(1);

    const again = await run(['plan', '--detailed-exitcode'], SET);
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    for (const text of [planned.out, planned.err, applied.out, applied.err, again.out]) expect(text).not.toContain(VALUE);
    // unset again: the rotated key stays as it is
    expect((await run(['plan', '--detailed-exitcode'], UNSET)).code).toBe(0);
  });
});

describe('a required API key value, ${env:NAME}', () => {
  const strict = () => {
    const file = join(e2e.cwd, 'examples/petstore/access.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('${env:PETSTORE_PARTNER_KEY:-}', '${env:PETSTORE_PARTNER_KEY}'));
  };

  it('unset: plan fails before any write, naming the variable and both fixes', async () => {
    strict();
    const res = await run(['plan'], UNSET);
    expect(res.code).toBe(1);
    expect(res.err).toContain('API key "partner" takes its value from the environment variable PETSTORE_PARTNER_KEY, which is not set.');
    expect(res.err).toContain('Set PETSTORE_PARTNER_KEY (for example from your CI\'s secret store), write ${env:PETSTORE_PARTNER_KEY:-} to let AWS generate the value while it is unset, or remove `value`.');
    expect(res.err).not.toMatch(/\n\s+at /);
    expect(e2e.emu.calls().writes).toBe(0);
  });

  it('set: the key is created with the value and compared from then on', async () => {
    strict();
    expect((await run(['apply', '--auto-approve'], SET)).code).toBe(0);
    expect(partner()?.value).toBe(VALUE);
    expect((await run(['plan', '--detailed-exitcode'], SET)).out).toBe('No changes. The live state matches the specs.\n');
    const rotated = await run(['plan', '--detailed-exitcode'], { PETSTORE_PARTNER_KEY: `${VALUE}-2` });
    expect(rotated.code).toBe(2);
    expect(rotated.out).toContain('-/+ api-key partner');
  });
});
