import {
  ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, DeleteHostedZoneCommand, GetChangeCommand, GetHostedZoneCommand,
  ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client, type Change,
} from '@aws-sdk/client-route-53';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws } from './aws-cli.js';
import { sdkError, TEST_CREDENTIALS } from './helpers.js';

/**
 * Route 53 as the emulator serves it (REST-XML), through the real SDK client and the real AWS CLI:
 * hosted zones with their SOA and NS records, transactional change batches with AWS's
 * InvalidChangeBatch refusals, PENDING then INSYNC changes, and the reversed-label listing order.
 */
let emu: RunningEmulator;
let r53: Route53Client;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  r53 = new Route53Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  r53.destroy();
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  emu.setConsistency({ dnsChangeSyncMs: 0 });
});

const alias = (name: string, type = 'A', dns = 'd-abc123.execute-api.us-east-1.amazonaws.com'): Change['ResourceRecordSet'] =>
  ({ Name: name, Type: type as 'A', AliasTarget: { DNSName: dns, HostedZoneId: 'Z1UJRXOUMOOFQ8', EvaluateTargetHealth: false } });
const txt = (name: string, value: string): Change['ResourceRecordSet'] => ({ Name: name, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: value }] });
const change = (zone: string, ...changes: Change[]) =>
  r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: changes } }));
const list = async (zone: string) => (await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? [];

describe('Route 53 through the SDK', () => {
  it('CreateHostedZone makes a public zone with its SOA and NS records; GetHostedZone and ListHostedZonesByName find it', async () => {
    const out = await r53.send(new CreateHostedZoneCommand({ Name: 'Example.com', CallerReference: 'one' }));
    expect(out.HostedZone).toMatchObject({ Name: 'example.com.', CallerReference: 'one', Config: { PrivateZone: false }, ResourceRecordSetCount: 2 });
    expect(out.HostedZone!.Id).toMatch(/^\/hostedzone\/Z[A-Z0-9]{10,31}$/);
    expect(out.Location).toBe(`https://route53.amazonaws.com/2013-04-01${out.HostedZone!.Id}`);
    expect(out.ChangeInfo?.Status).toBe('PENDING');
    expect(out.DelegationSet?.NameServers).toHaveLength(4);
    const id = out.HostedZone!.Id!;
    expect((await r53.send(new GetHostedZoneCommand({ Id: id }))).HostedZone?.Name).toBe('example.com.');
    expect((await list(id)).map((r) => r.Type)).toEqual(['NS', 'SOA']);
    const byName = await r53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com' }));
    expect(byName.HostedZones?.[0]?.Id).toBe(id);
    expect(await sdkError(() => r53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'one' })))).toMatchObject({ name: 'HostedZoneAlreadyExists', status: 409 });
    expect(await sdkError(() => r53.send(new GetHostedZoneCommand({ Id: 'ZNOSUCHZONE123' })))).toMatchObject({ name: 'NoSuchHostedZone', status: 404 });
  });

  it('applies a batch in one transaction: alias records and TXT, then PENDING until the sync delay passes', async () => {
    const zone = emu.addHostedZone('example.com');
    emu.setConsistency({ dnsChangeSyncMs: 300 });
    const out = await change(zone,
      { Action: 'CREATE', ResourceRecordSet: alias('api.example.com') },
      { Action: 'CREATE', ResourceRecordSet: alias('api.example.com', 'AAAA') },
      { Action: 'UPSERT', ResourceRecordSet: txt('_apigw-sync-a.api.example.com', '"heritage=apigw-sync"') });
    expect(out.ChangeInfo).toMatchObject({ Status: 'PENDING' });
    expect(out.ChangeInfo!.Id).toMatch(/^\/change\/C/);
    expect((await r53.send(new GetChangeCommand({ Id: out.ChangeInfo!.Id! }))).ChangeInfo?.Status).toBe('PENDING');
    await new Promise((r) => setTimeout(r, 350));
    expect((await r53.send(new GetChangeCommand({ Id: out.ChangeInfo!.Id! }))).ChangeInfo?.Status).toBe('INSYNC');
    const records = await list(zone);
    expect(records.map((r) => `${r.Name} ${r.Type}`)).toEqual([
      'example.com. NS', 'example.com. SOA', 'api.example.com. A', 'api.example.com. AAAA', '_apigw-sync-a.api.example.com. TXT',
    ]);
    expect(records[2]!.AliasTarget).toEqual({ DNSName: 'd-abc123.execute-api.us-east-1.amazonaws.com.', HostedZoneId: 'Z1UJRXOUMOOFQ8', EvaluateTargetHealth: false });
    expect(await sdkError(() => r53.send(new GetChangeCommand({ Id: 'CNOSUCH' })))).toMatchObject({ name: 'NoSuchChange', status: 404 });
  });

  it("refuses a batch with any invalid change and leaves the zone as it was (AWS's InvalidChangeBatch messages)", async () => {
    const zone = emu.addHostedZone('example.com');
    await change(zone, { Action: 'CREATE', ResourceRecordSet: alias('api.example.com') });
    const before = await list(zone);
    const refused = async (...changes: Change[]) => sdkError(() => change(zone, ...changes));
    expect(await refused({ Action: 'CREATE', ResourceRecordSet: txt('new.example.com', '"x"') }, { Action: 'CREATE', ResourceRecordSet: alias('api.example.com') }))
      .toMatchObject({ name: 'InvalidChangeBatch', status: 400, message: "Tried to create resource record set [name='api.example.com.', type='A'] but it already exists" });
    expect(await refused({ Action: 'DELETE', ResourceRecordSet: alias('gone.example.com') }))
      .toMatchObject({ name: 'InvalidChangeBatch', message: "Tried to delete resource record set [name='gone.example.com.', type='A'] but it was not found" });
    expect(await refused({ Action: 'DELETE', ResourceRecordSet: alias('api.example.com', 'A', 'd-other.execute-api.us-east-1.amazonaws.com') }))
      .toMatchObject({ name: 'InvalidChangeBatch', message: "Tried to delete resource record set [name='api.example.com.', type='A'] but the values provided do not match the current values" });
    expect(await refused({ Action: 'CREATE', ResourceRecordSet: txt('t.example.com', 'unquoted') })).toMatchObject({ name: 'InvalidChangeBatch' });
    expect(await refused({ Action: 'CREATE', ResourceRecordSet: alias('api.other.org') }))
      .toMatchObject({ name: 'InvalidChangeBatch', message: 'RRSet with DNS name api.other.org. is not permitted in zone example.com.' });
    expect(await refused({ Action: 'CREATE', ResourceRecordSet: { Name: 'api.example.com', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'x.example.net' }] } }))
      .toMatchObject({ name: 'InvalidChangeBatch' });
    expect(await refused({ Action: 'CREATE', ResourceRecordSet: { Name: 'x.example.com', Type: 'A' } })).toMatchObject({ name: 'InvalidInput', status: 400 });
    expect(await list(zone)).toEqual(before);
    // A DELETE with the current values, then a CREATE of the same set, in one batch: allowed.
    await change(zone, { Action: 'DELETE', ResourceRecordSet: alias('api.example.com') },
      { Action: 'CREATE', ResourceRecordSet: alias('api.example.com', 'A', 'd-new.execute-api.us-east-1.amazonaws.com') });
    expect((await list(zone)).find((r) => r.Type === 'A')?.AliasTarget?.DNSName).toBe('d-new.execute-api.us-east-1.amazonaws.com.');
    expect(await sdkError(() => change('ZNOSUCHZONE123', { Action: 'CREATE', ResourceRecordSet: alias('a.example.com') }))).toMatchObject({ name: 'NoSuchHostedZone', status: 404 });
  });

  it('lists in reversed-label order from a start name and type, a page at a time, with wildcard names escaped', async () => {
    const zone = emu.addHostedZone('example.com');
    await change(zone, ...['b.example.com', 'a.b.example.com', 'z.example.com', '*.example.com', 'a.example.com'].map((n): Change => ({ Action: 'CREATE', ResourceRecordSet: txt(n, '"v"') })));
    const all = (await list(zone)).map((r) => r.Name);
    expect(all).toEqual(['example.com.', 'example.com.', '\\052.example.com.', 'a.example.com.', 'b.example.com.', 'a.b.example.com.', 'z.example.com.']);
    const page = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: 'b.example.com', StartRecordType: 'TXT', MaxItems: 2 }));
    expect(page.ResourceRecordSets?.map((r) => r.Name)).toEqual(['b.example.com.', 'a.b.example.com.']);
    expect(page).toMatchObject({ IsTruncated: true, NextRecordName: 'z.example.com.', NextRecordType: 'TXT' });
  });

  it('deletes a zone only when it holds nothing but its SOA and NS records', async () => {
    const zone = emu.addHostedZone('example.com');
    await change(zone, { Action: 'CREATE', ResourceRecordSet: txt('a.example.com', '"v"') });
    expect(await sdkError(() => r53.send(new DeleteHostedZoneCommand({ Id: zone })))).toMatchObject({ name: 'HostedZoneNotEmpty', status: 400 });
    await change(zone, { Action: 'DELETE', ResourceRecordSet: txt('a.example.com', '"v"') });
    await r53.send(new DeleteHostedZoneCommand({ Id: zone }));
    expect(await sdkError(() => list(zone))).toMatchObject({ name: 'NoSuchHostedZone' });
  });
});

const cli = findAwsCli();
describe.skipIf(!cli)('Route 53 through the AWS CLI', () => {
  it('creates a zone, changes records from a change-batch file, lists them and waits for the change', async () => {
    const run = (args: string[]) => runAws(cli!, emu.url, args, undefined, 'route53');
    const created = await run(['create-hosted-zone', '--name', 'example.com', '--caller-reference', 'cli-1']);
    expect(created.code, created.stderr).toBe(0);
    const zone = String(created.json.HostedZone.Id).replace('/hostedzone/', '');
    const dir = mkdtempSync(join(tmpdir(), 'r53-'));
    writeFileSync(join(dir, 'batch.json'), JSON.stringify({ Changes: [{ Action: 'UPSERT', ResourceRecordSet: alias('api.example.com') }] }));
    const changed = await run(['change-resource-record-sets', '--hosted-zone-id', zone, '--change-batch', `file://${join(dir, 'batch.json')}`]);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.json.ChangeInfo.Status).toBe('PENDING');
    const waited = await run(['wait', 'resource-record-sets-changed', '--id', changed.json.ChangeInfo.Id]);
    expect(waited.code, waited.stderr).toBe(0);
    const listed = await run(['list-resource-record-sets', '--hosted-zone-id', zone]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json.ResourceRecordSets.map((r: { Name: string; Type: string }) => `${r.Name} ${r.Type}`)).toEqual(['example.com. NS', 'example.com. SOA', 'api.example.com. A']);
    const refused = await run(['change-resource-record-sets', '--hosted-zone-id', zone, '--change-batch', JSON.stringify({ Changes: [{ Action: 'CREATE', ResourceRecordSet: alias('api.example.com') }] })]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("InvalidChangeBatch");
    expect(refused.stderr).toContain("Tried to create resource record set [name='api.example.com.', type='A'] but it already exists");
    const byName = await run(['list-hosted-zones-by-name', '--dns-name', 'example.com']);
    expect(byName.json.HostedZones[0].Id).toBe(`/hostedzone/${zone}`);
  });
});
