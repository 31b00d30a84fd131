import type { ListResourceRecordSetsCommandOutput, Route53Client } from '@aws-sdk/client-route-53';
import { clientOf, type ClientSource } from './client-source.js';
import { ApigwError } from '../errors.js';
import type { SpecSet } from '../schema/index.js';
import { desiredRecords, liveRecord, ownershipName, zoneIdsOf, type DnsWant, type RecordSet } from './dns-records.js';
import { segment } from './keys.js';
import type { Entity, EntityKey } from './model.js';

/**
 * Both sides of the alias records of a plan. Reads only the zones the spec set names (its domains'
 * `dns:`, and for destroy the set as written), found by name (ListHostedZonesByName) or id
 * (GetHostedZone), and the zones its live domains are tagged with (DNS_ZONE_TAG: where apply wrote
 * their records; a zone already resolved costs no call). In each, the records at the names of those
 * domains and of the domains the set owns live (so records left by a domain or a `dns:` removed
 * from the specs, or moved to another zone, are found and deleted), with one ListResourceRecordSets
 * from the name on (the ownership TXT records sort right after it). A set that names no zone and
 * whose domains carry no zone tag makes no Route 53 call (nor loads the Route 53 client and package).
 */
export interface DnsInput {
  client: ClientSource<Route53Client>;
  specSet: SpecSet;
  /** The live entities read so far (domains with their ids). */
  live: Entity[];
  owner: string;
  adopt: boolean;
}

export interface DnsSides {
  desired: Entity[];
  live: Entity[];
  adopt: Set<EntityKey>;
}

interface ZoneRef { id: string; name: string }
/** The client and the package's commands, loaded once a plan has zones to read. */
interface Route53 { client: Route53Client; sdk: typeof import('@aws-sdk/client-route-53') }

const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;
const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');
/** Route 53 answers `*` and other characters as octal escapes (`\052`). */
const unescape = (name: string) => bare(name.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))));
const inZone = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

export async function readDns(input: DnsInput): Promise<DnsSides> {
  const { specSet } = input;
  const declared = (set: SpecSet | undefined) => Object.entries(set?.domains ?? {}).filter(([, d]) => d.dns?.hostedZone);
  const now = declared(specSet);
  const before = declared(specSet.formerly);
  // Domains tagged with the zone their records were written in (DNS_ZONE_TAG): read there too, so
  // the records of a `dns:` removed from the specs or moved to another zone are found.
  const tagged = input.live.filter((e) => (e.kind === 'domain-name' || e.kind === 'v2-domain-name') && e.ids?.dnsZone);
  if (now.length === 0 && before.length === 0 && tagged.length === 0) return { desired: [], live: [], adopt: new Set() };
  const [client, sdk] = await Promise.all([clientOf(input.client), import('@aws-sdk/client-route-53')]);
  const r53: Route53 = { client, sdk };
  const zones = new Map<string, ZoneRef>();
  const resolve = async (domain: string, ref: string): Promise<ZoneRef> => {
    const cached = zones.get(ref) ?? [...zones.values()].find((z) => z.id === ref);
    if (cached) return cached;
    const zone = ZONE_ID.test(ref) ? await zoneById(r53, domain, ref) : await zoneByName(r53, domain, bare(ref));
    zones.set(ref, zone);
    return zone;
  };
  const liveByKey = new Map(input.live.map((e) => [e.key, e]));
  const wants: DnsWant[] = [];
  for (const [name, d] of now) {
    const domain = name.toLowerCase();
    const zone = await resolve(domain, d.dns!.hostedZone);
    const domainKey = segment('domain-name', domain);
    const l = liveByKey.get(segment('domain-name', name)) ?? liveByKey.get(domainKey);
    const v2 = l ? l.kind === 'v2-domain-name' : Object.values(d.mappings ?? {}).some((m) => (specSet.httpApis?.[m.api] ?? specSet.webSocketApis?.[m.api]) !== undefined);
    const edge = (d.endpointType ?? 'REGIONAL') === 'EDGE';
    const ids = l?.ids ?? {};
    const target = v2
      ? (ids.apiGatewayDomainName && ids.hostedZoneId ? { dnsName: bare(ids.apiGatewayDomainName), hostedZoneId: ids.hostedZoneId } : undefined)
      : edge
        ? (ids.distributionDomainName ? { dnsName: bare(ids.distributionDomainName), hostedZoneId: ids.distributionHostedZoneId ?? 'Z2FDTNDATAQYW2' } : undefined)
        : (ids.regionalDomainName && ids.regionalHostedZoneId ? { dnsName: bare(ids.regionalDomainName), hostedZoneId: ids.regionalHostedZoneId } : undefined);
    wants.push({
      domain, domainKey: l?.key ?? segment('domain-name', name), v2, zone, edge,
      types: d.ipAddressType === 'dualstack' ? ['A', 'AAAA'] : ['A'],
      ...(target ? { target } : {}),
    });
  }
  // Where to look: every zone named, at the names of the wanted domains, the domains of the set as
  // written (destroy), the domains tagged with a zone (in that zone) and the domains the set owns
  // live. A name may be read in two zones (its records moving from one to the other).
  const wantedZone = new Map(wants.map((w) => [w.domain, w.zone.id]));
  const places = new Map<string, { name: string; zone: ZoneRef; domainKey: EntityKey }>();
  const look = (name: string, zone: ZoneRef, domainKey: EntityKey) => {
    const k = `${name} ${zone.id}`;
    if (!places.has(k)) places.set(k, { name, zone, domainKey });
  };
  for (const w of wants) look(w.domain, w.zone, w.domainKey);
  for (const [name, d] of before) {
    const zone = await resolve(name.toLowerCase(), d.dns!.hostedZone);
    if (!wantedZone.has(name.toLowerCase())) look(name.toLowerCase(), zone, segment('domain-name', name));
  }
  for (const e of tagged) {
    const name = e.key.slice('domain-name:'.length).toLowerCase();
    // The tag names the zone of the records, and while they move, the zones they leave.
    const names: string[] = [];
    for (const id of zoneIdsOf(e.ids!.dnsZone)) {
      let zone: ZoneRef | undefined;
      try {
        zone = await resolve(name, id);
      } catch (err) {
        // A zone deleted since: its records went with it; the stale tag is removed by the plan.
        if ((err as { code?: string }).code !== 'dns/no-zone' && (err as { code?: string }).code !== 'dns/wrong-zone') throw err;
      }
      names.push(zone?.name ?? id);
      if (zone) look(name, zone, e.key);
    }
    e.ids!.dnsZoneNames = names.join(' ');
  }
  const seen = new Set([...places.values()].map((p) => p.name));
  for (const e of input.live) {
    if (e.kind !== 'domain-name' && e.kind !== 'v2-domain-name') continue;
    const name = e.key.slice('domain-name:'.length).toLowerCase();
    if (seen.has(name)) continue;
    const zone = [...zones.values()].filter((z) => inZone(name.replace(/^\*\./, ''), z.name)).sort((a, b) => b.name.length - a.name.length)[0];
    if (zone) look(name, zone, e.key);
  }
  const desired = wants.flatMap((w) => desiredRecords(w, input.owner));
  const wanted = new Set(desired.map((e) => e.key));
  // The live records of each name and type: the one in the zone the specs want it in (when there
  // is one there) keyed by name and type, and ours in other zones (moved away from, or its `dns:`
  // removed); when a record of that name and type is already keyed so, by name, type and zone.
  const found = new Map<EntityKey, { e: Entity; rank: number; zoneId: string }[]>();
  for (const { name, zone, domainKey } of [...places.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.zone.id < b.zone.id ? -1 : 1))) {
    const sets = await readName(r53, zone.id, name);
    for (const type of ['A', 'AAAA']) {
      const record = sets.find((s) => unescape(s.Name) === name && s.Type === type && s.SetIdentifier === undefined);
      const txt = sets.find((s) => unescape(s.Name) === ownershipName(name, type) && s.Type === 'TXT');
      const e = liveRecord(name, type, zone, domainKey, record, txt);
      const ours = e.attrs.owner === input.owner;
      const inWanted = wantedZone.get(name) === zone.id;
      if (!(ours || (wanted.has(e.key) && record && inWanted))) continue;
      const list = found.get(e.key) ?? [];
      list.push({ e, rank: inWanted ? 2 : 1, zoneId: zone.id });
      found.set(e.key, list);
    }
  }
  const live = [...found.values()].flatMap((list) => list
    .sort((a, b) => b.rank - a.rank || (a.zoneId < b.zoneId ? -1 : a.zoneId > b.zoneId ? 1 : 0))
    .map((f, i) => (i === 0 ? f.e : { ...f.e, key: `${f.e.key} ${f.zoneId}` as EntityKey })));
  const adopt = new Set(input.adopt ? live.filter((e) => e.attrs.owner === undefined && e.meta?.rrset && wanted.has(e.key)).map((e) => e.key) : []);
  return { desired, live, adopt };
}

async function zoneByName({ client, sdk }: Route53, domain: string, name: string): Promise<ZoneRef> {
  const out = await client.send(new sdk.ListHostedZonesByNameCommand({ DNSName: name, MaxItems: 10 }));
  const found = (out.HostedZones ?? []).filter((z) => bare(z.Name ?? '') === name);
  if (found.length === 0) {
    throw new ApigwError(`Domain ${domain}: there is no Route 53 hosted zone named ${name} in this account.`, 1,
      `create the zone first (on \`apigw-sync local\`: start it with --hosted-zone ${name}), or set dns.hostedZone to the name or id (Z...) of the zone that holds ${domain}.`, 'dns/no-zone');
  }
  if (found.length > 1) {
    const list = found.map((z) => `${String(z.Id).replace('/hostedzone/', '')} (${z.Config?.PrivateZone ? 'private' : 'public'})`).join(', ');
    throw new ApigwError(`Domain ${domain}: ${found.length} Route 53 hosted zones are named ${name}: ${list}.`, 1,
      'set dns.hostedZone to the id of the zone the records belong in.', 'dns/ambiguous-zone');
  }
  return check(domain, { id: String(found[0]!.Id).replace('/hostedzone/', ''), name });
}

async function zoneById({ client, sdk }: Route53, domain: string, id: string): Promise<ZoneRef> {
  try {
    const out = await client.send(new sdk.GetHostedZoneCommand({ Id: id }));
    return check(domain, { id, name: bare(out.HostedZone?.Name ?? '') });
  } catch (err) {
    if ((err as { name?: string }).name !== 'NoSuchHostedZone') throw err;
    throw new ApigwError(`Domain ${domain}: there is no Route 53 hosted zone with the id ${id} in this account.`, 1,
      'set dns.hostedZone to the id or name of an existing zone (aws route53 list-hosted-zones lists them).', 'dns/no-zone');
  }
}

function check(domain: string, zone: ZoneRef): ZoneRef {
  if (!inZone(domain.replace(/^\*\./, ''), zone.name)) {
    throw new ApigwError(`Domain ${domain} is not in the hosted zone ${zone.name} (${zone.id}).`, 1,
      `set dns.hostedZone to a zone of ${domain} or of one of its parent domains.`, 'dns/wrong-zone');
  }
  return zone;
}

/** The record sets at `name` and its ownership TXT names: one listing from the name, paged while in range. */
async function readName({ client, sdk }: Route53, zoneId: string, name: string): Promise<RecordSet[]> {
  const out: RecordSet[] = [];
  const last = ownershipName(name, 'AAAA');
  const key = (n: string) => `${unescape(n).split('.').reverse().join('.')}.`;
  let start: { name: string; type?: string } | undefined = { name };
  while (start) {
    const page: ListResourceRecordSetsCommandOutput = await client.send(new sdk.ListResourceRecordSetsCommand({
      HostedZoneId: zoneId, StartRecordName: start.name, ...(start.type ? { StartRecordType: start.type as 'A' } : {}), MaxItems: 100,
    }));
    let past = false;
    for (const r of page.ResourceRecordSets ?? []) {
      if (key(r.Name ?? '') > key(last)) {
        past = true;
        break;
      }
      out.push(r as RecordSet);
    }
    start = !past && page.IsTruncated && page.NextRecordName ? { name: page.NextRecordName, ...(page.NextRecordType ? { type: page.NextRecordType } : {}) } : undefined;
  }
  return out;
}
