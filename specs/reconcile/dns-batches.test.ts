import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client, type Change } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { BATCH_LIMITS, batchDnsChanges, desiredRecords } from '../../src/reconcile/dns-records.js';
import type { Entity, Model } from '../../src/reconcile/model.js';
import type { DraftOp } from '../../src/reconcile/order.js';
import { segment } from '../../src/reconcile/keys.js';
import { TEST_CREDENTIALS, sdkError } from '../emulator/helpers.js';

/**
 * Route 53 takes at most 1,000 ResourceRecord elements and 32,000 characters of values in one
 * ChangeResourceRecordSets (an UPSERT's counted twice): a zone with the records of hundreds of
 * domains is changed in several batches, each within the limits, a record never apart from its
 * ownership TXT record. The batches are sent with the real SDK to the emulator, which holds the
 * same limits: the whole set in one batch is refused, the split batches go through.
 */
let emu: RunningEmulator;
let r53: Route53Client;
let zone: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  zone = emu.addHostedZone('example.com');
  r53 = new Route53Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  r53.destroy();
  await emu.close();
});

const DOMAINS = 400;
function plan(): { calls: { operation: string; input: { HostedZoneId?: string; ChangeBatch?: { Changes: Change[] } } }[]; explanation?: string } {
  const desired: Model = { entities: {} };
  for (let i = 0; i < DOMAINS; i++) {
    const domain = `api${i}.example.com`;
    for (const e of desiredRecords({ domain, domainKey: segment('domain-name', domain), v2: false, zone: { id: zone, name: 'example.com' }, types: ['A'], edge: false,
      target: { dnsName: `d-${String(i).padStart(10, '0')}.execute-api.us-east-1.amazonaws.com`, hostedZoneId: 'Z1UJRXOUMOOFQ8' } }, 'shop')) {
      desired.entities[e.key] = e as Entity;
    }
  }
  const drafts: DraftOp[] = Object.values(desired.entities).map((e) => ({
    kind: 'dns-record', key: e.key, address: `dns-record ${e.key}`, action: 'create', reason: 'absent-live', changes: [], calls: [], deps: new Set(),
  }));
  const ops = batchDnsChanges(drafts, desired, { entities: {} }, { adopt: new Set(), allowDestroy: false, region: 'us-east-1' }, (key, id) => ({ $ref: key, id }));
  expect(ops).toHaveLength(1);
  return ops[0] as unknown as ReturnType<typeof plan>;
}

describe('change batches within Route 53 limits', () => {
  it('splits a zone with the records of 400 domains into batches AWS accepts, each followed by its wait', async () => {
    const op = plan();
    const batches = op.calls.filter((c) => c.operation === 'ChangeResourceRecordSets').map((c) => c.input.ChangeBatch!.Changes);
    expect(batches.length).toBeGreaterThan(1);
    expect(op.calls.map((c) => c.operation)).toEqual(batches.flatMap(() => ['ChangeResourceRecordSets', 'GetChange']));
    expect(op.explanation).toContain(`${DOMAINS * 2} record changes in ${batches.length} Route 53 change batches`);
    for (const changes of batches) {
      const values = changes.flatMap((c) => (c.ResourceRecordSet?.ResourceRecords ?? []).map((r) => r.Value ?? ''));
      expect(values.join('').length).toBeLessThanOrEqual(BATCH_LIMITS.characters);
      expect(values.length).toBeLessThanOrEqual(BATCH_LIMITS.records);
      // A record and its ownership TXT record travel together.
      const names = new Set(changes.map((c) => c.ResourceRecordSet!.Name!.replace(/^_apigw-sync-a\./, '')));
      expect(changes.length).toBe(names.size * 2);
    }
    // The emulator, like AWS, refuses the lot in one request...
    const all = batches.flat();
    const refused = await sdkError(() => r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: all } })));
    expect(refused).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    expect(refused.message).toContain('Number of characters limit of 32000 exceeded');
    // ...and takes the batches one by one.
    for (const changes of batches) await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: changes } }));
    let count = 0;
    let start: string | undefined;
    for (;;) {
      const page = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, ...(start ? { StartRecordName: start } : {}) }));
      count += (page.ResourceRecordSets ?? []).length;
      if (!page.IsTruncated) break;
      start = page.NextRecordName;
    }
    expect(count).toBe(DOMAINS * 2 + 2);
  });

  it('counts an UPSERT twice, as Route 53 does', async () => {
    const value = `"${'x'.repeat(250)}"`;
    const upserts: Change[] = Array.from({ length: 64 }, (_, i) => ({ Action: 'UPSERT', ResourceRecordSet: { Name: `t${i}.example.com`, Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: value }] } }));
    // 64 values of 252 characters: 16,128 characters, 32,256 counted twice.
    const e = await sdkError(() => r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: upserts } })));
    expect(e).toMatchObject({ name: 'InvalidChangeBatch', status: 400 });
    await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: upserts.slice(0, 63) } }));
  });
});
