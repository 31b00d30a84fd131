import { GetApiKeysCommand, GetDomainNamesCommand, GetRestApisCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { zoneRecords } from '../helpers/emulator.js';
import { v1Client } from '../emulator/helpers.js';
import { cli } from '../helpers/cli.js';

// Each environment of a spec set owns its own objects (tag value `<set>/<environment>`, and for DNS
// records the ownership TXT record): applying prod in an account where dev is applied creates
// prod's objects beside dev's (its alias records in the zone dev's are in) and never plans to
// delete dev's, and destroying prod leaves dev whole.

const e2e = emulatorSession({ fresh: 'per-file' });

type Obj = Record<string, any>;
// AWS refuses two API keys with one value in an account: prod's partner key gets its own.
const KEYS: Record<string, string> = { prod: 'prodPartnerKeyValue0123456789abcdef' };
const run = (cmd: string, env: string, ...extra: string[]) =>
  cli([cmd, 'examples/petstore', '--env', env, ...e2e.url, ...extra], { cwd: e2e.cwd, ...(KEYS[env] ? { env: { PETSTORE_PARTNER_KEY: KEYS[env] } } : {}) });
const NO_CHANGES = 'No changes. The live state matches the specs.\n';
const TAG = 'apigw-sync:managed-by';

/** Every top-level object in the account, as `kind name <- tag value`, and every DNS record, sorted. */
async function inventory(): Promise<string[]> {
  const c = v1Client(e2e.emu);
  const line = (kind: string, name: unknown, tags: unknown) => `${kind} ${String(name)} <- ${String((tags as Obj | undefined)?.[TAG])}`;
  return [
    ...((await c.send(new GetRestApisCommand({ limit: 500 }))).items ?? []).map((a) => line('rest-api', a.name, a.tags)),
    ...((await c.send(new GetApiKeysCommand({ limit: 500 }))).items ?? []).map((a) => line('api-key', a.name, a.tags)),
    ...((await c.send(new GetUsagePlansCommand({ limit: 500 }))).items ?? []).map((a) => line('usage-plan', a.name, a.tags)),
    ...((await c.send(new GetDomainNamesCommand({ limit: 500 }))).items ?? []).map((a) => line('domain-name', a.domainName, a.tags)),
    ...zoneRecords(e2e.emu).filter((r) => !r.includes(' TXT')).map((r) => `record ${r}`),
  ].sort();
}

describe('environments of one spec set in one account', () => {
  it('dev then prod: prod plans only creates (its records added to the zone dev uses), both converge, destroying prod leaves dev', async () => {
    // GIVEN petstore applied with --env dev
    expect((await run('apply', 'dev', '--auto-approve')).code).toBe(0);
    const dev = await inventory();
    expect(dev.length).toBeGreaterThan(3);
    expect(dev.every((l) => l.endsWith(' <- petstore/dev'))).toBe(true);

    // WHEN prod is planned in the same account
    const planned = await run('plan', 'prod', '--output', 'json');
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.out) as { ops: Obj[]; notices?: string[] };
    // THEN it creates prod's own objects and deletes nothing, blocked or not
    expect(plan.ops.filter((o) => o.action === 'delete' || o.action === 'replace')).toStrictEqual([]);
    expect([...new Set(plan.ops.map((o) => o.action))].sort()).toStrictEqual(['create', 'deploy', 'update']);
    const TOP = ['rest-api', 'api-key', 'usage-plan', 'domain-name'];
    expect(plan.ops.filter((o) => TOP.includes(o.kind)).map((o) => `${o.kind} ${o.action}`).sort())
      .toStrictEqual(dev.filter((l) => !l.startsWith('record ')).map((l) => `${l.split(' ')[0]} create`));
    // The one update: the zone dev's records are in gets prod's records beside them, adding only.
    const zone = plan.ops.filter((o) => o.action === 'update');
    expect(zone.map((o) => o.address)).toStrictEqual(['dns-zone petstore.example.com']);
    const batch = zone[0]!.calls.find((c: Obj) => c.operation === 'ChangeResourceRecordSets').input.ChangeBatch.Changes as Obj[];
    expect(batch.map((c) => `${c.Action} ${c.ResourceRecordSet.Name} ${c.ResourceRecordSet.Type}`).sort()).toStrictEqual([
      'CREATE _apigw-sync-a.api.petstore.example.com TXT', 'CREATE _apigw-sync-a.www-api.petstore.example.com TXT',
      'CREATE api.petstore.example.com A', 'CREATE www-api.petstore.example.com A',
    ]);

    // WHEN prod is applied, THEN both environments show no changes
    expect((await run('apply', 'prod', '--auto-approve')).code).toBe(0);
    expect((await run('plan', 'dev')).out).toBe(NO_CHANGES);
    expect((await run('plan', 'prod')).out).toBe(NO_CHANGES);
    const both = await inventory();
    expect(both.filter((l) => l.endsWith(' <- petstore/dev'))).toStrictEqual(dev);
    expect(both.filter((l) => l.endsWith(' <- petstore/prod')).length).toBe(dev.length);

    // WHEN prod is destroyed, THEN every dev object is still there, and dev still matches its spec
    expect((await run('destroy', 'prod', '--auto-approve')).code).toBe(0);
    expect(await inventory()).toStrictEqual(dev);
    expect((await run('plan', 'dev')).out).toBe(NO_CHANGES);
  });
});
