import type { HostedZone, Route53Client } from '@aws-sdk/client-route-53';
import { clientOf, type ClientSource } from '../reconcile/client-source.js';
import type { Model } from '../reconcile/model.js';

/**
 * `dns:` for imported domains: a domain whose alias A record in Route 53 already points at its API
 * Gateway target gets `dns: { hostedZone }` (the zone's name, or its id when a private and a public
 * zone share the name), so that managing the set (adopt, which adds the ownership TXT records)
 * keeps the record instead of leaving DNS to be done by hand. One ListHostedZones (a page of 100
 * zones), then per domain one ListResourceRecordSets in its most specific zone(s). An account
 * whose zones may not be read is reported in a notice; the domains are then written without `dns:`.
 */
type Attrs = Record<string, unknown>;

const bare = (s: string) => s.toLowerCase().replace(/\.$/, '');
const inZone = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

export async function importDns(source: ClientSource<Route53Client>, domains: Record<string, Attrs>, live: Model): Promise<string[]> {
  const names = Object.keys(domains);
  if (names.length === 0) return [];
  // No domain, no call: the Route 53 client and its package are loaded only here.
  const [client, { ListHostedZonesCommand, ListResourceRecordSetsCommand }] = await Promise.all([clientOf(source), import('@aws-sdk/client-route-53')]);
  let zones: HostedZone[] = [];
  try {
    let marker: string | undefined;
    do {
      const page = await client.send(new ListHostedZonesCommand({ ...(marker ? { Marker: marker } : {}) }));
      zones.push(...(page.HostedZones ?? []));
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
  } catch (err) {
    return [`Route 53 hosted zones could not be read (${(err as Error).name}: ${(err as Error).message}); the domains are written without dns:.`];
  }
  zones = zones.filter((z) => z.Name && z.Id);
  for (const name of names) {
    const e = live.entities[`domain-name:${name}`];
    const target = e?.ids?.apiGatewayDomainName ?? e?.ids?.regionalDomainName ?? e?.ids?.distributionDomainName;
    if (!target) continue;
    const domain = name.toLowerCase().replace(/^\*\./, '');
    const holding = zones.filter((z) => inZone(domain, bare(z.Name!)));
    const longest = Math.max(0, ...holding.map((z) => bare(z.Name!).length));
    const candidates = holding.filter((z) => bare(z.Name!).length === longest);
    for (const zone of candidates) {
      const id = zone.Id!.replace('/hostedzone/', '');
      const out = await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: id, StartRecordName: name, StartRecordType: 'A', MaxItems: 1 }));
      const record = out.ResourceRecordSets?.[0];
      const points = record && bare(record.Name ?? '').replace(/^\\052/, '*') === name.toLowerCase() && record.Type === 'A'
        && bare(record.AliasTarget?.DNSName ?? '') === bare(target);
      if (!points) continue;
      domains[name] = { ...domains[name], dns: { hostedZone: candidates.length > 1 ? id : bare(zone.Name!) } };
      break;
    }
  }
  return [];
}
