import { ChangeResourceRecordSetsCommand, DeleteHostedZoneCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { CreateDomainNameCommand, GetDomainNameCommand, GetTagsCommand } from '@aws-sdk/client-api-gateway';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { TEST_CREDENTIALS, v1Client } from '../emulator/helpers.js';
import { findAwsCli, runAws } from '../emulator/aws-cli.js';
import { cli } from '../helpers/cli.js';
import { writeSet } from '../schema/helpers.js';
import { ApiGatewayV2Client, GetDomainNameCommand as GetV2DomainNameCommand } from '@aws-sdk/client-apigatewayv2';

/**
 * Route 53 alias records end to end: the CLI applies the custom-domain example to an emulator
 * that has the example.com zone, and the zone then holds the alias A and AAAA records of the
 * dualstack domain, pointing at its regional target, with an ownership TXT record beside each;
 * plan, a second apply, records of others (never touched; --adopt adds only our TXT), --target,
 * destroy (ours only) and a zone that does not exist.
 */
const e2e = emulatorSession({ example: 'examples/custom-domain' });
const SPECS = 'examples/custom-domain';
const apply = (...extra: string[]) => cli(['apply', SPECS, '--auto-approve', ...e2e.url, ...extra], { cwd: e2e.cwd });
const plan = (...extra: string[]) => cli(['plan', SPECS, ...e2e.url, ...extra], { cwd: e2e.cwd });

const r53 = () => new Route53Client({ region: 'us-east-1', endpoint: e2e.emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
async function zoneId(): Promise<string> {
  const out = await r53().send(new ListHostedZonesByNameCommand({ DNSName: 'example.com' }));
  return out.HostedZones!.find((z) => !z.Config?.PrivateZone)!.Id!.replace('/hostedzone/', '');
}
async function records(): Promise<ResourceRecordSet[]> {
  return (await r53().send(new ListResourceRecordSetsCommand({ HostedZoneId: await zoneId() }))).ResourceRecordSets ?? [];
}
const names = async () => (await records()).map((r) => `${r.Name} ${r.Type}`);
async function change(action: 'CREATE' | 'UPSERT' | 'DELETE', set: ResourceRecordSet) {
  await r53().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: await zoneId(), ChangeBatch: { Changes: [{ Action: action, ResourceRecordSet: set }] } }));
}
const target = async () => (await v1Client(e2e.emu).send(new GetDomainNameCommand({ domainName: 'status.example.com' })));
const zoneTag = async () => (await v1Client(e2e.emu).send(new GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/domainnames/status.example.com' }))).tags?.['apigw-sync:dns-zone'];
const route53Calls = () => Object.entries(e2e.emu.calls().byOperation ?? {}).filter(([k]) => k.startsWith('route53:')).reduce((n, [, c]) => n + Number(c), 0);
const OWNER_TXT = '"heritage=apigw-sync,apigw-sync/owner=status-page,apigw-sync/resource=domain-name/status.example.com"';

describe('Route 53 alias records', () => {
  it('are made on apply in one change batch (A and AAAA with their TXT records), then plan shows no changes and a second apply writes nothing', async () => {
    const planned = await plan();
    expect(planned.out).toContain('~ dns-zone example.com  (tag status.example.com with the zone (apigw-sync:dns-zone); 4 record changes in one Route 53 change batch, then a wait until it is INSYNC)');
    expect(planned.out).toContain('["status.example.com tag apigw-sync:dns-zone"]: (unset) -> "');
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
    expect(await zoneTag()).toBe(await zoneId());

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

  it('removing the last dns: naming a zone deletes our records there (with --allow-destroy) and the zone tag; then no Route 53 call', async () => {
    expect((await apply()).code).toBe(0);
    await change('CREATE', { Name: 'www.example.com', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }] });
    e2e.edit('status.yaml', '    dns:\n      hostedZone: example.com\n', '');
    const planned = await plan();
    expect(planned.out).toContain("~ dns-zone example.com  (blocked: deleting a custom domain's DNS records needs --allow-destroy)");
    expect(planned.out).toMatch(/\["status\.example\.com tag apigw-sync:dns-zone"\]: "Z\w+" -> \(unset\)/);
    expect(planned.out).toContain('["status.example.com A"]: "alias ');
    expect(planned.out).toContain('["_apigw-sync-aaaa.status.example.com TXT"]: ');
    const before = await records();
    expect((await apply()).code).not.toBe(0);
    expect(await records()).toEqual(before);
    const removed = await apply('--allow-destroy');
    expect(removed.code, removed.out + removed.err).toBe(0);
    expect(await names()).toEqual(['example.com. NS', 'example.com. SOA', 'www.example.com. A']);
    expect(await zoneTag()).toBeUndefined();
    const calls = route53Calls();
    const again = await plan('--detailed-exitcode');
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    expect(route53Calls()).toBe(calls);
  });

  it('a zone tag naming a zone deleted since is removed, without --allow-destroy (nothing left to delete)', async () => {
    const sub = e2e.emu.addHostedZone('status.example.com');
    e2e.edit('status.yaml', 'hostedZone: example.com', `hostedZone: ${sub}`);
    expect((await apply()).code).toBe(0);
    expect(await zoneTag()).toBe(sub);
    const ours = ((await r53().send(new ListResourceRecordSetsCommand({ HostedZoneId: sub }))).ResourceRecordSets ?? []).filter((r) => r.Type !== 'NS' && r.Type !== 'SOA');
    await r53().send(new ChangeResourceRecordSetsCommand({ HostedZoneId: sub, ChangeBatch: { Changes: ours.map((r) => ({ Action: 'DELETE', ResourceRecordSet: r })) } }));
    await r53().send(new DeleteHostedZoneCommand({ Id: sub }));
    e2e.edit('status.yaml', `    dns:\n      hostedZone: ${sub}\n`, '');
    const planned = await plan();
    expect(planned.out).toContain(`~ dns-zone ${sub}  (remove the zone tag (apigw-sync:dns-zone) from status.example.com)`);
    const applied = await apply();
    expect(applied.code, applied.out + applied.err).toBe(0);
    expect(await zoneTag()).toBeUndefined();
    expect((await plan('--detailed-exitcode')).out).toBe('No changes. The live state matches the specs.\n');
  });

  it("moving a domain's records to another zone deletes them from the old one and retags the domain", async () => {
    expect((await apply()).code).toBe(0);
    const sub = e2e.emu.addHostedZone('status.example.com');
    e2e.edit('status.yaml', 'hostedZone: example.com', `hostedZone: ${sub}`);
    const moved = await apply();
    expect(moved.code, moved.out + moved.err).toBe(0);
    expect(await names()).toEqual(['example.com. NS', 'example.com. SOA']);
    const there = await r53().send(new ListResourceRecordSetsCommand({ HostedZoneId: sub }));
    expect(there.ResourceRecordSets?.map((r) => `${r.Name} ${r.Type}`)).toEqual([
      'status.example.com. A', 'status.example.com. AAAA', 'status.example.com. NS', 'status.example.com. SOA',
      '_apigw-sync-a.status.example.com. TXT', '_apigw-sync-aaaa.status.example.com. TXT',
    ]);
    expect(await zoneTag()).toBe(sub);
    expect((await plan('--detailed-exitcode')).out).toBe('No changes. The live state matches the specs.\n');
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

  it('waits until Route 53 reports the change INSYNC, with a progress line while it is PENDING', async () => {
    e2e.emu.setConsistency({ dnsChangeSyncMs: 1000 });
    try {
      const applied = await apply();
      expect(applied.code, applied.err).toBe(0);
      expect(applied.out + applied.err).toMatch(/waiting for dns-zone example\.com: PENDING after \d+\.\ds, next read in 2\.0s \(gives up after 10 minutes\)/);
      expect(e2e.emu.callCount('GetChange', 'route53')).toBeGreaterThanOrEqual(2);
    } finally {
      e2e.emu.setConsistency({ dnsChangeSyncMs: 0 });
    }
  });

  it('validate catches a zone that cannot hold the domain, or a zone path instead of an id, at file:line:column', async () => {
    e2e.edit('status.yaml', 'hostedZone: example.com', 'hostedZone: example.org');
    const wrong = await cli(['validate', SPECS], { cwd: e2e.cwd });
    expect(wrong.code).toBe(1);
    expect(wrong.out + wrong.err).toMatch(/status\.yaml:31:19 +error +spec\/invalid-value\n +Domain status\.example\.com is not in the hosted zone example\.org/);
    e2e.edit('status.yaml', 'hostedZone: example.org', 'hostedZone: /hostedzone/Z0123456789ABC');
    const path = await cli(['plan', SPECS, ...e2e.url], { cwd: e2e.cwd });
    expect(path.code).toBe(1);
    expect(path.out + path.err).toContain('is a hosted zone path, not a zone name or id');
    e2e.edit('status.yaml', '    dns:', '    tags: { "apigw-sync:dns-zone": Z0123456789ABC }\n    dns:');
    const tag = await cli(['validate', SPECS], { cwd: e2e.cwd });
    expect(tag.code).toBe(1);
    expect(tag.out + tag.err).toMatch(/status\.yaml:\d+:\d+ +error +spec\/reserved-tag\n +The tag "apigw-sync:dns-zone" is reserved \(apigw-sync sets it on a domain whose DNS records it keeps/);
    expect(e2e.emu.calls().log.length).toBe(0);
  });

  it('import writes dns: for a domain whose alias record points at it; --adopt then adds only the TXT records and plan shows no changes', async () => {
    const made = await v1Client(e2e.emu).send(new CreateDomainNameCommand({ domainName: 'hand.example.com',
      regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/5e6f7a8b-0000-4000-8000-000000000009', endpointConfiguration: { types: ['REGIONAL'] } }));
    await change('CREATE', { Name: 'hand.example.com', Type: 'A', AliasTarget: { DNSName: made.regionalDomainName!, HostedZoneId: made.regionalHostedZoneId!, EvaluateTargetHealth: false } });
    const cwd = mkdtempSync(join(tmpdir(), 'dns-import-'));
    writeFileSync(join(cwd, 'apigw-sync.yaml'), 'name: hand\nregion: us-east-1\n');
    const imported = await cli(['import', '--all', '--out', 'imported', '--region', 'us-east-1', ...e2e.url], { cwd });
    expect(imported.code, imported.err).toBe(0);
    const text = readdirSync(join(cwd, 'imported')).map((f) => readFileSync(join(cwd, 'imported', f), 'utf8')).join('\n');
    expect(text).toMatch(/hand\.example\.com:[\s\S]*dns:\n\s+hostedZone: example\.com/);
    const before = await records();
    const adopted = await cli(['apply', 'imported', '--adopt', '--auto-approve', ...e2e.url], { cwd });
    expect(adopted.code, adopted.out + adopted.err).toBe(0);
    const after = await records();
    expect(after.filter((r) => r.Type !== 'TXT')).toEqual(before);
    expect(after.filter((r) => r.Type === 'TXT').map((r) => r.Name)).toEqual(['_apigw-sync-a.hand.example.com.']);
    const planned = await cli(['plan', 'imported', '--detailed-exitcode', ...e2e.url], { cwd });
    expect(planned.out).toBe('No changes. The live state matches the specs.\n');
  });

  it('an HTTP API domain (apigatewayv2) gets its alias record too, pointing at its API Gateway domain name', async () => {
    const cwd = writeSet({
      'apigw-sync.yaml': 'name: orders\nregion: us-east-1\n',
      'api.yaml': [
        'httpApis:', '  orders:', '    routes:', '      GET /orders: { integration: backend }', '    integrations:',
        '      backend: { type: HTTP_PROXY, uri: "https://backend.example.com/orders", httpMethod: GET }', '    stages:', '      $default: { autoDeploy: true }',
        'domains:', '  orders.example.com:', '    regionalCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/5e6f7a8b-0000-4000-8000-000000000002',
        '    dns: { hostedZone: example.com }', '    mappings:', '      (none): { api: orders, stage: $default }', '',
      ].join('\n'),
    });
    const applied = await cli(['apply', '.', '--auto-approve', ...e2e.url], { cwd });
    expect(applied.code, applied.out + applied.err).toBe(0);
    const v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: e2e.emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const config = (await v2.send(new GetV2DomainNameCommand({ DomainName: 'orders.example.com' }))).DomainNameConfigurations![0]!;
    const a = (await records()).find((r) => r.Name === 'orders.example.com.' && r.Type === 'A');
    expect(a?.AliasTarget).toEqual({ DNSName: `${config.ApiGatewayDomainName}.`, HostedZoneId: config.HostedZoneId, EvaluateTargetHealth: false });
    expect((await cli(['plan', '.', '--detailed-exitcode', ...e2e.url], { cwd })).out).toBe('No changes. The live state matches the specs.\n');
  });

  it('a private and a public zone of one name: the plan asks for the id; with the id, the records go in that zone', async () => {
    const privateZone = e2e.emu.addHostedZone('example.com', { private: true });
    const ambiguous = await plan();
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toContain('Domain status.example.com: 2 Route 53 hosted zones are named example.com:');
    expect(ambiguous.err).toContain(`${privateZone} (private)`);
    expect(ambiguous.err).toContain('set dns.hostedZone to the id of the zone the records belong in.');
    e2e.edit('status.yaml', 'hostedZone: example.com', `hostedZone: ${privateZone}`);
    expect((await apply()).code).toBe(0);
    const inPrivate = await r53().send(new ListResourceRecordSetsCommand({ HostedZoneId: privateZone }));
    expect(inPrivate.ResourceRecordSets?.map((r) => `${r.Name} ${r.Type}`)).toContain('status.example.com. A');
    expect((await plan('--detailed-exitcode')).code).toBe(0);
  });

  it('drift reports a record pointed elsewhere in Route 53; apply puts it back with one UPSERT', async () => {
    expect((await apply()).code).toBe(0);
    await change('UPSERT', { Name: 'status.example.com', Type: 'A', AliasTarget: { DNSName: 'elsewhere.example.net', HostedZoneId: 'Z1UJRXOUMOOFQ8', EvaluateTargetHealth: false } });
    const drift = await cli(['drift', SPECS, ...e2e.url], { cwd: e2e.cwd });
    expect(drift.out).toContain('dns-record status.example.com A  (changed in AWS)\n    target: git "');
    expect(drift.out).toContain('AWS "elsewhere.example.net"');
    const planned = JSON.parse((await plan('--output', 'json')).out);
    const zone = planned.ops.find((o: { kind: string }) => o.kind === 'dns-zone');
    expect(zone.calls[0].input.ChangeBatch.Changes.map((c: { Action: string; ResourceRecordSet: { Type: string } }) => `${c.Action} ${c.ResourceRecordSet.Type}`)).toEqual(['UPSERT A']);
    expect((await apply()).code).toBe(0);
    expect((await plan('--detailed-exitcode')).code).toBe(0);
  });

  it('stops with a clear error when the zone does not exist', async () => {
    e2e.edit('status.yaml', 'hostedZone: example.com', 'hostedZone: status.example.com');
    const out = await plan();
    expect(out.code).toBe(1);
    expect(out.err).toContain('Domain status.example.com: there is no Route 53 hosted zone named status.example.com in this account.');
    expect(out.err).toContain('--hosted-zone status.example.com');
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
