import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { GetDomainNameCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { TEST_CREDENTIALS, v1Client } from '../emulator/helpers.js';
import { findAwsCli, runAws } from '../emulator/aws-cli.js';
import { cli } from '../helpers/cli.js';

/**
 * Route 53 alias records end to end: the CLI applies the custom-domain example to an emulator
 * that has the example.com zone, and the zone then holds the alias A and AAAA records of the
 * dualstack domain, pointing at its regional target, with an ownership TXT record beside each;
 * plan, a second apply, records of others (never touched; --adopt adds only our TXT), --target,
 * destroy (ours only) and a zone that does not exist.
 */
const e2e = emulatorSession({ example: 'examples/custom-domain', emulator: { hostedZones: ['example.com'] } });
const SPECS = 'examples/custom-domain';
const apply = (...extra: string[]) => cli(['apply', SPECS, '--auto-approve', ...e2e.url, ...extra], { cwd: e2e.cwd });
const plan = (...extra: string[]) => cli(['plan', SPECS, ...e2e.url, ...extra], { cwd: e2e.cwd });

const r53 = () => new Route53Client({ region: 'us-east-1', endpoint: e2e.emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
async function zoneId(): Promise<string> {
  const out = await r53().send(new ListHostedZonesByNameCommand({ DNSName: 'example.com' }));
  return out.HostedZones![0]!.Id!.replace('/hostedzone/', '');
}
async function records(): Promise<ResourceRecordSet[]> {
  return (await r53().send(new ListResourceRecordSetsCommand({ HostedZoneId: await zoneId() }))).ResourceRecordSets ?? [];
}
const names = async () => (await records()).map((r) => `${r.Name} ${r.Type}`);
async function change(action: 'CREATE' | 'UPSERT' | 'DELETE', set: ResourceRecordSet) {
  await r53().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: await zoneId(), ChangeBatch: { Changes: [{ Action: action, ResourceRecordSet: set }] } }));
}
const target = async () => (await v1Client(e2e.emu).send(new GetDomainNameCommand({ domainName: 'status.example.com' })));
const OWNER_TXT = '"heritage=apigw-sync,apigw-sync/owner=status-page,apigw-sync/resource=domain-name/status.example.com"';

describe('Route 53 alias records', () => {
  it('are made on apply in one change batch (A and AAAA with their TXT records), then plan shows no changes and a second apply writes nothing', async () => {
    const planned = await plan();
    expect(planned.out).toContain('~ dns-zone example.com  (4 record changes in one Route 53 change batch, then a wait until it is INSYNC)');
    expect(planned.out).toContain('["status.example.com A"]: (unset) -> "alias to the target of status.example.com (known after apply)"');
    const first = await apply();
    expect(first.code, first.err).toBe(0);
    // apigw-sync keeps these records itself: no "point the domain at its target" note.
    expect(first.out).not.toContain('Point each custom domain');
    expect(e2e.emu.callCount('ChangeResourceRecordSets', 'route53')).toBe(1);
    expect(e2e.emu.callCount('GetChange', 'route53')).toBeGreaterThanOrEqual(1);
    const domain = await target();
    const sets = await records();
    expect(sets.map((r) => `${r.Name} ${r.Type}`)).toEqual([
      'example.com. NS', 'example.com. SOA', 'status.example.com. A', 'status.example.com. AAAA',
      '_apigw-sync-a.status.example.com. TXT', '_apigw-sync-aaaa.status.example.com. TXT',
    ]);
    for (const r of sets.filter((s) => s.Type === 'A' || s.Type === 'AAAA')) {
      expect(r.AliasTarget).toEqual({ DNSName: `${domain.regionalDomainName}.`, HostedZoneId: domain.regionalHostedZoneId, EvaluateTargetHealth: false });
    }
    expect(sets.find((r) => r.Type === 'TXT')?.ResourceRecords).toEqual([{ Value: OWNER_TXT }]);

    const again = await plan('--detailed-exitcode');
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    expect(again.code).toBe(0);
    const writes = e2e.emu.calls().writes;
    expect((await apply()).code).toBe(0);
    expect(e2e.emu.calls().writes).toBe(writes);
  });

  it('never touches a record without our TXT record: the plan blocks it; --adopt adds only the TXT record', async () => {
    // The domain exists, and someone made its A record by hand, pointing at the right target.
    e2e.edit('status.yaml', '    dns:\n      hostedZone: example.com\n', '');
    expect((await apply()).code).toBe(0);
    const domain = await target();
    const alias = { DNSName: domain.regionalDomainName!, HostedZoneId: domain.regionalHostedZoneId!, EvaluateTargetHealth: false };
    await change('CREATE', { Name: 'status.example.com', Type: 'A', AliasTarget: alias });
    await change('CREATE', { Name: 'status.example.com', Type: 'AAAA', AliasTarget: alias });
    e2e.edit('status.yaml', '    mappings:', '    dns:\n      hostedZone: example.com\n    mappings:');
    const before = await records();

    const blocked = await plan();
    expect(blocked.out).toContain("blocked: this record exists in zone example.com without apigw-sync's ownership record (_apigw-sync-a.status.example.com TXT); --adopt manages it");
    const refused = await apply();
    expect(refused.code).not.toBe(0);
    expect(await records()).toEqual(before);

    const adopting = await plan('--adopt');
    expect(adopting.out).toMatch(/\+? ?dns-zone example\.com/);
    const adopted = await apply('--adopt');
    expect(adopted.code, adopted.err).toBe(0);
    const after = await records();
    // The records themselves are as they were; our TXT records are beside them now.
    expect(after.filter((r) => r.Type !== 'TXT')).toEqual(before);
    expect(after.filter((r) => r.Type === 'TXT').map((r) => r.Name)).toEqual(['_apigw-sync-a.status.example.com.', '_apigw-sync-aaaa.status.example.com.']);
    expect((await plan('--detailed-exitcode')).code).toBe(0);
  });

  it("never touches another spec set's record, even with --adopt", async () => {
    expect((await apply()).code).toBe(0);
    await change('UPSERT', { Name: '_apigw-sync-a.status.example.com', Type: 'TXT', TTL: 300,
      ResourceRecords: [{ Value: '"heritage=apigw-sync,apigw-sync/owner=someone-else,apigw-sync/resource=domain-name/status.example.com"' }] });
    const before = await records();
    const planned = await plan('--adopt');
    expect(planned.out).toContain('blocked: this record in zone example.com belongs to spec set "someone-else"');
    expect((await apply('--adopt')).code).not.toBe(0);
    expect(await records()).toEqual(before);
  });

  it('destroy deletes our records and TXT records, and leaves the rest of the zone alone', async () => {
    expect((await apply()).code).toBe(0);
    await change('CREATE', { Name: 'www.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }] });
    const destroyed = await cli(['destroy', SPECS, '--auto-approve', ...e2e.url], { cwd: e2e.cwd });
    expect(destroyed.code, destroyed.err).toBe(0);
    expect(await names()).toEqual(['example.com. NS', 'example.com. SOA', 'www.example.com. A']);
  });

  it('--target the domain plans its records; --target an API does not', async () => {
    const domain = await plan('--target', 'domain-name status.example.com');
    expect(domain.out).toContain('dns-zone example.com');
    expect(domain.out).not.toContain('rest-api status');
    const api = await plan('--target', 'rest-api status');
    expect(api.out).not.toContain('dns-zone');
    const all = await plan('--target', 'dns-record');
    expect(all.out).toContain('dns-zone example.com');
    expect(all.out).not.toContain('+ domain-name');
  });

  it('stops with a clear error when the zone does not exist', async () => {
    e2e.edit('status.yaml', 'hostedZone: example.com', 'hostedZone: status.example.com');
    const out = await plan();
    expect(out.code).toBe(1);
    expect(out.err).toContain('Domain status.example.com: there is no Route 53 hosted zone named status.example.com in this account.');
  });
});

const aws = findAwsCli();
describe.skipIf(!aws)('Route 53 alias records through the AWS CLI', () => {
  it('aws route53 list-resource-record-sets shows the records apply made', async () => {
    expect((await apply()).code).toBe(0);
    const listed = await runAws(aws!, e2e.emu.url, ['list-resource-record-sets', '--hosted-zone-id', await zoneId(), '--query', "ResourceRecordSets[?Type=='A']"], undefined, 'route53');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json).toEqual([{ Name: 'status.example.com.', Type: 'A', AliasTarget: expect.objectContaining({ EvaluateTargetHealth: false }) }]);
  });
});
