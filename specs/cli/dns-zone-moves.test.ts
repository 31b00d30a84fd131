import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetTagsCommand } from '@aws-sdk/client-api-gateway';
import type { ChildProcess } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { TEST_CREDENTIALS, v1Client } from '../emulator/helpers.js';
import { cli } from '../helpers/cli.js';
import { writeSet } from '../schema/helpers.js';
import { runCli } from '../reliability/helpers.js';

/**
 * The Route 53 records of a domain whose zone changes: moved to another zone (and an apply killed
 * between the new zone's batch and the old zone's), a private and a public zone of one name, and
 * a REST domain switched between REGIONAL and EDGE (the alias target and its zone change). The
 * real CLI against the emulator; the zones read back with the real SDK.
 */
const e2e = emulatorSession({ examples: false, emulator: { hostedZones: ['example.com'] } });

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/5e6f7a8b-0000-4000-8000-000000000001';
function specSet(domain: { zone: string; endpointType?: 'REGIONAL' | 'EDGE'; dualstack?: boolean }): string {
  const edge = domain.endpointType === 'EDGE';
  return writeSet({
    'apigw-sync.yaml': 'name: status-page\nregion: us-east-1\n',
    'status.yaml': [
      'restApis:', '  status:', '    endpointType: REGIONAL', '    resources:', '      /status:', '        GET:',
      '          integration: { type: MOCK, requestTemplates: { application/json: \'{"statusCode": 200}\' } }',
      '    stages:', '      live: {}',
      'domains:', '  status.example.com:', `    endpointType: ${edge ? 'EDGE' : 'REGIONAL'}`,
      ...(domain.dualstack ? ['    ipAddressType: dualstack'] : []),
      edge ? `    certificateArn: ${CERT}` : `    regionalCertificateArn: ${CERT}`,
      `    dns: { hostedZone: ${domain.zone} }`,
      '    mappings:', '      (none): { api: status, stage: live }', '',
    ].join('\n'),
  });
}
const edit = (dir: string, from: string, to: string) => {
  const file = join(dir, 'status.yaml');
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} is not in the spec`);
  writeFileSync(file, text.replace(from, to));
};
const apply = (dir: string, ...extra: string[]) => cli(['apply', '.', '--auto-approve', ...e2e.url, ...extra], { cwd: dir });
const plan = (dir: string, ...extra: string[]) => cli(['plan', '.', ...e2e.url, ...extra], { cwd: dir });
const NO_CHANGES = 'No changes. The live state matches the specs.\n';

const r53 = () => new Route53Client({ region: 'us-east-1', endpoint: e2e.emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
async function publicZone(): Promise<string> {
  const out = await r53().send(new ListHostedZonesByNameCommand({ DNSName: 'example.com' }));
  return out.HostedZones!.find((z) => !z.Config?.PrivateZone)!.Id!.replace('/hostedzone/', '');
}
const names = async (zone: string) => ((await r53().send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? [])
  .filter((r) => r.Type !== 'NS' && r.Type !== 'SOA').map((r) => `${r.Name} ${r.Type}`);
const records = async (zone: string) => ((await r53().send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? [])
  .filter((r) => r.Type === 'A' || r.Type === 'AAAA');
const zoneTag = async () => (await v1Client(e2e.emu).send(new GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/domainnames/status.example.com' }))).tags?.['apigw-sync:dns-zone'];
const OURS = ['status.example.com. A', '_apigw-sync-a.status.example.com. TXT'];

/** Kills the CLI when the emulator receives a ChangeResourceRecordSets for `zone`, which then never runs. */
function killAtBatch(zone: string): { arm(child: ChildProcess): void; killed(): boolean; dispose(): void } {
  let child: ChildProcess | undefined;
  let killed = false;
  const listener = (req: IncomingMessage): void => {
    if (req.method !== 'POST' || req.url !== `/2013-04-01/hostedzone/${zone}/rrset`) return;
    killed = true;
    child?.kill('SIGKILL');
    // The call never reaches the zone: the emulator sees a path it does not serve.
    req.url = '/killed-before-it-ran';
  };
  e2e.emu.server.prependListener('request', listener);
  return { arm: (c) => (child = c), killed: () => killed, dispose: () => e2e.emu.server.off('request', listener) };
}

/** The status domain applied with its records in example.com, then its spec moved to a new zone status.example.com. */
async function appliedThenMoved(): Promise<{ dir: string; old: string; sub: string }> {
  const dir = specSet({ zone: 'example.com' });
  expect((await apply(dir)).code).toBe(0);
  const old = await publicZone();
  const sub = e2e.emu.addHostedZone('status.example.com');
  edit(dir, 'hostedZone: example.com', `hostedZone: ${sub}`);
  return { dir, old, sub };
}

/** An apply of `dir` SIGKILLed when it sends `zone`'s record batch. */
async function applyKilledAtBatch(dir: string, zone: string): Promise<void> {
  const killer = killAtBatch(zone);
  const crashed = await runCli(['apply', '.', '--auto-approve', ...e2e.url], { cwd: dir, onSpawn: (c) => killer.arm(c) });
  killer.dispose();
  expect(killer.killed(), crashed.stdout + crashed.stderr).toBe(true);
  expect(crashed.signal).toBe('SIGKILL');
}

describe("a domain's records moved to another zone", () => {
  it('are written in the new zone before they leave the old one; the tag names both zones until the old one is clean', async () => {
    const { dir, old, sub } = await appliedThenMoved();
    const planned = JSON.parse((await plan(dir, '--output', 'json')).out) as { ops: { id: string; address: string; dependsOn: string[]; calls: { operation: string; input: Record<string, unknown> }[] }[] };
    const into = planned.ops.find((o) => o.address === 'dns-zone status.example.com')!;
    const outOf = planned.ops.find((o) => o.address === 'dns-zone example.com')!;
    // The new zone first (the tag names both zones, then the records); the old zone after it (its
    // records, then the tag names the new zone alone).
    expect(into.calls.map((c) => c.operation)).toEqual(['TagResource', 'ChangeResourceRecordSets', 'GetChange']);
    expect(into.calls[0]!.input.tags).toEqual({ 'apigw-sync:dns-zone': `${sub} ${old}` });
    expect(outOf.calls.map((c) => c.operation)).toEqual(['ChangeResourceRecordSets', 'GetChange', 'TagResource']);
    expect(outOf.calls[2]!.input.tags).toEqual({ 'apigw-sync:dns-zone': sub });
    expect(outOf.dependsOn).toContain(into.id);
    const moved = await apply(dir);
    expect(moved.code, moved.out + moved.err).toBe(0);
    expect(await names(old)).toEqual([]);
    expect(await names(sub)).toEqual(OURS);
    expect(await zoneTag()).toBe(sub);
    expect((await plan(dir, '--detailed-exitcode')).out).toBe(NO_CHANGES);
  });

  it('an apply killed between the new zone\'s batch and the old zone\'s converges on the next run: the old records are found and deleted', async () => {
    const { dir, old, sub } = await appliedThenMoved();
    await applyKilledAtBatch(dir, old);
    // Both zones hold the records now, and the tag names both.
    expect(await names(sub)).toEqual(OURS);
    expect(await names(old)).toEqual(OURS);
    expect(await zoneTag()).toBe(`${sub} ${old}`);
    const next = await apply(dir);
    expect(next.code, next.out + next.err).toBe(0);
    expect(await names(old)).toEqual([]);
    expect(await names(sub)).toEqual(OURS);
    expect(await zoneTag()).toBe(sub);
    expect((await plan(dir, '--detailed-exitcode')).out).toBe(NO_CHANGES);
  });

  it('the interrupted move, then the dns: removed: the records in both zones are deleted', async () => {
    const { dir, old, sub } = await appliedThenMoved();
    await applyKilledAtBatch(dir, old);
    edit(dir, `    dns: { hostedZone: ${sub} }\n`, '');
    const removed = await apply(dir, '--allow-destroy');
    expect(removed.code, removed.out + removed.err).toBe(0);
    expect(await names(old)).toEqual([]);
    expect(await names(sub)).toEqual([]);
    expect(await zoneTag()).toBeUndefined();
    expect((await plan(dir, '--detailed-exitcode')).out).toBe(NO_CHANGES);
  });
});

/** A second domain, admin.example.com, whose records go in `zone` (a zone id). */
function addAdminDomain(dir: string, zone: string): void {
  edit(dir, 'domains:\n', [
    'domains:', '  admin.example.com:', '    endpointType: REGIONAL', `    regionalCertificateArn: ${CERT}`,
    `    dns: { hostedZone: ${zone} }`, '    mappings:', '      (none): { api: status, stage: live }', '',
  ].join('\n'));
}

describe('a private and a public zone of one name', () => {
  it('are told apart by id: one op each in one plan, records moved from one to the other, and neither confused with the other', async () => {
    const dir = specSet({ zone: 'example.com' });
    expect((await apply(dir)).code).toBe(0);
    const pub = await publicZone();
    const priv = e2e.emu.addHostedZone('example.com', { private: true });
    // The domain's records move to the private zone; a second domain's go in the public one.
    edit(dir, 'hostedZone: example.com', `hostedZone: ${priv}`);
    addAdminDomain(dir, pub);
    const planned = await plan(dir);
    expect(planned.out).toContain(`~ dns-zone example.com (${priv})`);
    expect(planned.out).toContain(`~ dns-zone example.com (${pub})`);
    const applied = await apply(dir);
    expect(applied.code, applied.out + applied.err).toBe(0);
    expect(await names(priv)).toEqual(OURS);
    expect(await names(pub)).toEqual(['admin.example.com. A', '_apigw-sync-a.admin.example.com. TXT']);
    expect(await zoneTag()).toBe(priv);
    expect((await plan(dir, '--detailed-exitcode')).out).toBe(NO_CHANGES);
    // Moved back: the records leave the private zone for the public one.
    edit(dir, `hostedZone: ${priv}`, `hostedZone: ${pub}`);
    expect((await apply(dir)).code).toBe(0);
    expect(await names(priv)).toEqual([]);
    expect(await names(pub)).toEqual(['admin.example.com. A', '_apigw-sync-a.admin.example.com. TXT', 'status.example.com. A', '_apigw-sync-a.status.example.com. TXT']);
    expect((await plan(dir, '--detailed-exitcode')).out).toBe(NO_CHANGES);
  });
});

describe('two domains swapping zones in one apply', () => {
  it('each ends in its new zone, tagged with it alone; plan is then empty', async () => {
    const dir = specSet({ zone: 'example.com' });
    expect((await apply(dir)).code).toBe(0);
    const pub = await publicZone();
    const priv = e2e.emu.addHostedZone('example.com', { private: true });
    edit(dir, 'hostedZone: example.com', `hostedZone: ${pub}`);
    addAdminDomain(dir, priv);
    expect((await apply(dir)).code).toBe(0);
    // status.example.com: public -> private; admin.example.com: private -> public.
    edit(dir, `hostedZone: ${pub}`, 'hostedZone: PUBLIC');
    edit(dir, `hostedZone: ${priv}`, `hostedZone: ${pub}`);
    edit(dir, 'hostedZone: PUBLIC', `hostedZone: ${priv}`);
    const swapped = await apply(dir);
    expect(swapped.code, swapped.out + swapped.err).toBe(0);
    expect(await names(priv)).toEqual(OURS);
    expect(await names(pub)).toEqual(['admin.example.com. A', '_apigw-sync-a.admin.example.com. TXT']);
    expect(await zoneTag()).toBe(priv);
    expect((await v1Client(e2e.emu).send(new GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/domainnames/admin.example.com' }))).tags?.['apigw-sync:dns-zone']).toBe(pub);
    const writes = e2e.emu.calls().writes;
    expect((await plan(dir, '--detailed-exitcode')).out).toBe(NO_CHANGES);
    expect((await apply(dir)).code).toBe(0);
    expect(e2e.emu.calls().writes).toBe(writes);
  });
});

describe('a REST domain switched between REGIONAL and EDGE', () => {
  it('points its records at the new target in the same apply (UPSERT), and plan is then empty; and back', async () => {
    const dir = specSet({ zone: 'example.com' });
    expect((await apply(dir)).code).toBe(0);
    const zone = await publicZone();
    const domain = async () => v1Client(e2e.emu).send(new (await import('@aws-sdk/client-api-gateway')).GetDomainNameCommand({ domainName: 'status.example.com' }));
    const regional = await domain();
    expect((await records(zone))[0]!.AliasTarget).toEqual({ DNSName: `${regional.regionalDomainName}.`, HostedZoneId: regional.regionalHostedZoneId, EvaluateTargetHealth: false });
    // To EDGE: the alias goes to the CloudFront distribution, in CloudFront's zone.
    edit(dir, 'endpointType: REGIONAL\n    regionalCertificateArn', 'endpointType: EDGE\n    certificateArn');
    const planned = JSON.parse((await plan(dir, '--output', 'json')).out) as { ops: { address: string; calls: { operation: string; input: { ChangeBatch?: { Changes: { Action: string; ResourceRecordSet: { Type: string } }[] } } }[] }[] };
    const batch = planned.ops.find((o) => o.address === 'dns-zone example.com')!.calls.find((c) => c.operation === 'ChangeResourceRecordSets')!;
    expect(batch.input.ChangeBatch!.Changes.map((c) => `${c.Action} ${c.ResourceRecordSet.Type}`)).toEqual(['UPSERT A']);
    const toEdge = await apply(dir);
    expect(toEdge.code, toEdge.out + toEdge.err).toBe(0);
    const edge = await domain();
    expect(edge.distributionDomainName).toBeTruthy();
    expect((await records(zone))[0]!.AliasTarget).toEqual({ DNSName: `${edge.distributionDomainName}.`, HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: false });
    expect((await plan(dir, '--detailed-exitcode')).out).toBe(NO_CHANGES);
    // And back to REGIONAL.
    edit(dir, 'endpointType: EDGE\n    certificateArn', 'endpointType: REGIONAL\n    regionalCertificateArn');
    const back = await apply(dir);
    expect(back.code, back.out + back.err).toBe(0);
    const again = await domain();
    expect((await records(zone))[0]!.AliasTarget).toEqual({ DNSName: `${again.regionalDomainName}.`, HostedZoneId: again.regionalHostedZoneId, EvaluateTargetHealth: false });
    expect((await plan(dir, '--detailed-exitcode')).out).toBe(NO_CHANGES);
  });
});
