import { DNS_ZONE_TAG, type Entity, type EntityKey, type Model } from './model.js';
import type { AwsCall } from './plan-types.js';
import type { FieldChange, IdRef } from './plan-types.js';
import type { DraftOp } from './order.js';
import { nameOf, segment } from './keys.js';
import { entitiesOfKind } from './entity-list.js';

/**
 * Route 53 alias records for custom domains (`dns: { hostedZone: ... }` on a domain).
 *
 * Identity: `dns-record:<domain> <type>`, the record's name and type (A, and AAAA for a dualstack
 * domain). Attributes: the zone's name, the alias target (the domain's regional name and zone, or
 * for EDGE its CloudFront name and CloudFront's zone Z2FDTNDATAQYW2) and the owner.
 *
 * Ownership as external-dns keeps it: beside each record we manage, a TXT record
 * `_apigw-sync-<type>.<name>` whose value names the spec set and environment (the ownership tag's
 * value). A record without it is someone else's: the plan never changes or deletes it, and shows
 * its change blocked until `--adopt` (which adds only the TXT). A record whose TXT names another
 * set is never touched, even with `--adopt`.
 *
 * Route 53 changes a zone in transactional batches, so all the record changes of one zone are one
 * op (`dns-zone:<zone>`): one ChangeResourceRecordSets with every CREATE/UPSERT/DELETE, then
 * GetChange until INSYNC. New records are CREATEd (Route 53 refuses the whole batch if one
 * appeared since the plan, so a record someone else just made is never overwritten); records we
 * own are UPSERTed; deletes carry the live values, which Route 53 requires to match exactly.
 */
export const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';
export const KNOWN_AFTER_APPLY = '(known after apply)';
const HERITAGE = 'apigw-sync';

export const dnsRecordKey = (name: string, type: string): EntityKey => segment('dns-record', `${name.toLowerCase()} ${type}`);
export const dnsZoneKey = (zoneName: string): EntityKey => segment('dns-zone', zoneName);

/**
 * `api.example.com A` -> its parts. A live record of ours found in a zone other than the one that
 * holds the record of that name and type (left there by a move that was stopped) is keyed with
 * the zone's id after the type: `api.example.com A Z123`.
 */
export function recordOf(key: EntityKey): { name: string; type: string; zoneId?: string } {
  const [name = '', type = '', zoneId] = nameOf(key).split(' ');
  return { name, type, ...(zoneId ? { zoneId } : {}) };
}

export const ownershipName = (name: string, type: string) => `_apigw-sync-${type.toLowerCase()}.${name}`;

export function ownershipValue(owner: string, domain: string): string {
  return `"heritage=${HERITAGE},${HERITAGE}/owner=${owner},${HERITAGE}/resource=domain-name/${domain}"`;
}

/** The owner a TXT value names, or undefined when it is not one of ours. */
export function ownerOf(txtValues: string[] | undefined): string | undefined {
  for (const v of txtValues ?? []) {
    const text = v.replace(/^\s*"/, '').replace(/"\s*$/, '').replace(/"\s*"/g, '');
    const fields = new Map(text.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as [string, string];
    }));
    if (fields.get('heritage') === HERITAGE && fields.get(`${HERITAGE}/owner`)) return fields.get(`${HERITAGE}/owner`);
  }
  return undefined;
}

/** A Route 53 record set as the SDK gives and takes it. */
export interface RecordSet {
  Name: string;
  Type: string;
  TTL?: number;
  ResourceRecords?: { Value: string }[];
  AliasTarget?: { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
  [k: string]: unknown;
}

/** One domain's want: which zone, which record types, and where the alias points. */
export interface DnsWant {
  domain: string;
  /** The REST (`domain-name`) or v2 (`v2-domain-name`) domain entity: both keyed `domain-name:NAME`. */
  domainKey: EntityKey;
  v2: boolean;
  zone: { id: string; name: string };
  types: string[];
  /** The alias target when the domain exists live with it; else resolved at apply from the domain's create. */
  target?: { dnsName: string; hostedZoneId: string };
  edge: boolean;
}

/** The desired record entities of one domain. */
export function desiredRecords(want: DnsWant, owner: string): Entity[] {
  return want.types.map((type) => ({
    kind: 'dns-record' as const,
    key: dnsRecordKey(want.domain, type),
    attrs: {
      zone: want.zone.name,
      // Two zones may share a name (a private and a public one): the id tells them apart.
      zoneId: want.zone.id,
      target: want.target?.dnsName ?? KNOWN_AFTER_APPLY,
      targetZone: want.target?.hostedZoneId ?? (want.edge ? CLOUDFRONT_ZONE : KNOWN_AFTER_APPLY),
      owner,
    },
    refs: [want.domainKey],
    meta: {
      zoneId: want.zone.id, domain: want.domainKey, ownerTxt: ownershipValue(owner, want.domain),
      // Where the target comes from when the domain is made by this plan (its create's output).
      targetIds: want.v2 ? 'apiGatewayDomainName,hostedZoneId' : want.edge ? 'distributionDomainName,' : 'regionalDomainName,regionalHostedZoneId',
    },
  }));
}

const bare = (dns: string) => dns.toLowerCase().replace(/\.$/, '');

/** A live record (and its ownership TXT) as an entity; `record` absent when only our TXT is left. */
export function liveRecord(name: string, type: string, zone: { id: string; name: string }, domainKey: EntityKey,
  record: RecordSet | undefined, txt: RecordSet | undefined): Entity {
  const owner = ownerOf(txt?.ResourceRecords?.map((r) => r.Value));
  const a = record?.AliasTarget;
  const attrs: Record<string, unknown> = { zone: zone.name, zoneId: zone.id };
  if (a) {
    attrs.target = bare(a.DNSName);
    attrs.targetZone = a.HostedZoneId;
    if (a.EvaluateTargetHealth) attrs.evaluateTargetHealth = true;
  } else if (record) {
    attrs.target = `(not an alias: ${(record.ResourceRecords ?? []).map((r) => r.Value).join(', ')})`;
  }
  if (owner !== undefined) attrs.owner = owner;
  return {
    kind: 'dns-record',
    key: dnsRecordKey(name, type),
    attrs,
    refs: [domainKey],
    meta: {
      zoneId: zone.id, domain: domainKey,
      ...(record ? { rrset: JSON.stringify(record) } : {}),
      ...(txt ? { txt: JSON.stringify(txt) } : {}),
    },
  };
}

/** What the batching needs besides the models: the records --adopt takes over, and whether deletes may run. */
export interface DnsPlanFacts {
  /** Record keys whose live record carries no ownership TXT and that --adopt takes over. */
  adopt: ReadonlySet<EntityKey>;
  allowDestroy: boolean;
  /** For the domains' ARNs (zone tags). */
  region: string;
  /** A plan of some objects only (--target): zone tags only for the domains whose records it changes. */
  targeted?: boolean;
}

interface Item {
  zoneId: string;
  zoneName: string;
  /** The domain the record is of (its entity key). */
  domain: EntityKey;
  /** The record draft it comes from: a record and its TXT record always go in the same batch. */
  group?: number;
  change: { Action: 'CREATE' | 'UPSERT' | 'DELETE'; ResourceRecordSet: Record<string, unknown> };
  shown: FieldChange;
}

function aliasOf(e: Entity, domainId: (key: EntityKey, id: string) => string | IdRef): Record<string, unknown> {
  const a = e.attrs as { target: string; targetZone: string };
  const [nameId, zoneId] = (e.meta?.targetIds ?? '').split(',');
  const domain = e.meta?.domain ?? '';
  const dnsName = a.target === KNOWN_AFTER_APPLY && nameId ? domainId(domain, nameId) : a.target;
  const hostedZoneId = a.targetZone === KNOWN_AFTER_APPLY && zoneId ? domainId(domain, zoneId) : a.targetZone;
  return { HostedZoneId: hostedZoneId, DNSName: dnsName, EvaluateTargetHealth: false };
}

const parsed = (json: string | undefined): RecordSet | undefined => (json ? (JSON.parse(json) as RecordSet) : undefined);
const shownAlias = (e: Entity) => e.attrs.target === KNOWN_AFTER_APPLY
  ? `alias to the target of ${nameOf(e.meta?.domain ?? '')} (known after apply)`
  : `alias ${String(e.attrs.target)} (zone ${String(e.attrs.targetZone)})`;

/** The Route 53 changes one record draft makes, in its zone (the TXT beside it included). */
function itemsOf(d: DraftOp, desired: Entity | undefined, live: Entity | undefined, facts: DnsPlanFacts, domainId: (key: EntityKey, id: string) => string | IdRef): Item[] {
  const { name, type } = recordOf(d.key);
  const out: Item[] = [];
  const txtName = ownershipName(name, type);
  const push = (e: Entity, action: Item['change']['Action'], rrset: Record<string, unknown>, shown: FieldChange) =>
    out.push({ zoneId: String(e.meta?.zoneId), zoneName: String(e.attrs.zone), domain: String(e.meta?.domain), change: { Action: action, ResourceRecordSet: rrset }, shown });
  const liveRec = parsed(live?.meta?.rrset);
  const liveTxt = parsed(live?.meta?.txt);
  const removeLive = (l: Entity) => {
    if (liveRec) push(l, 'DELETE', liveRec, { path: `/${name} ${type}`, from: l.attrs.target === undefined ? '' : shownAlias(l) });
    if (liveTxt) push(l, 'DELETE', liveTxt, { path: `/${txtName} TXT`, from: liveTxt.ResourceRecords?.[0]?.Value });
  };
  const write = (e: Entity, recordAction: 'CREATE' | 'UPSERT', txtAction: 'CREATE' | 'UPSERT' | undefined) => {
    push(e, recordAction, { Name: name, Type: type, AliasTarget: aliasOf(e, domainId) },
      { path: `/${name} ${type}`, ...(live?.attrs.target !== undefined ? { from: shownAlias(live) } : {}), to: shownAlias(e) });
    if (txtAction) {
      push(e, txtAction, { Name: txtName, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: String(e.meta?.ownerTxt) }] },
        { path: `/${txtName} TXT`, ...(liveTxt ? { from: liveTxt.ResourceRecords?.[0]?.Value } : {}), to: e.meta?.ownerTxt });
    }
  };
  const adopting = facts.adopt.has(d.key);
  switch (d.action) {
    case 'create':
      if (desired) write(desired, 'CREATE', 'CREATE');
      break;
    case 'delete':
      if (live) removeLive(live);
      break;
    case 'replace':
      // Another zone: out of the old one, into the new one (two batches).
      if (live) removeLive(live);
      if (desired) write(desired, 'CREATE', 'CREATE');
      break;
    case 'update':
    case 'adopt': {
      if (!desired || !live) break;
      const txtSame = liveTxt?.ResourceRecords?.length === 1 && liveTxt.ResourceRecords[0]!.Value === desired.meta?.ownerTxt;
      const recordSame = live.attrs.target === desired.attrs.target && live.attrs.targetZone === desired.attrs.targetZone && live.attrs.evaluateTargetHealth === undefined;
      if (adopting && recordSame) {
        push(desired, liveTxt ? 'UPSERT' : 'CREATE', { Name: txtName, Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: String(desired.meta?.ownerTxt) }] },
          { path: `/${txtName} TXT`, to: desired.meta?.ownerTxt });
        break;
      }
      write(desired, liveRec ? 'UPSERT' : 'CREATE', txtSame ? undefined : liveTxt ? 'UPSERT' : 'CREATE');
      break;
    }
    default:
      break;
  }
  return out;
}

/**
 * Folds the record drafts into one op per zone: the zone's batch and the wait for INSYNC. Record
 * drafts that may not run (a record without our TXT and no --adopt, or another set's) stay as
 * blocked record ops with no calls. Ops that depended on a record now depend on its zone's op.
 *
 * Zones are told apart by id: a private and a public zone of one name are two ops (addressed
 * `dns-zone NAME (ID)` when the plan touches both). Records leaving a zone for another (a `dns:`
 * moved) are written in the new zone before they are deleted from the old one, so the domain
 * always answers; meanwhile the domain's zone tag names both zones (zoneTags), so that an apply
 * stopped between the two batches still finds the old records on the next run.
 */
export function batchDnsChanges(drafts: DraftOp[], desired: Model, live: Model, facts: DnsPlanFacts,
  domainId: (key: EntityKey, id: string) => string | IdRef): DraftOp[] {
  const out: DraftOp[] = [];
  const zones = new Map<string, Zone>();
  const folded = new Map<EntityKey, string>();
  const zoneOf = (id: string, name: string): Zone => {
    let z = zones.get(id);
    if (!z) {
      z = { id, name, items: [], deps: new Set(), zoneDeps: new Set(), destroys: false, adopt: false, before: [], after: [] };
      zones.set(id, z);
    }
    return z;
  };
  // Where each domain's records are wanted (by the specs).
  const wanted = new Map<EntityKey, { zoneId: string; zoneName: string }>();
  for (const e of entitiesOfKind(desired, 'dns-record')) {
    if (e.meta?.domain) wanted.set(e.meta.domain, { zoneId: String(e.meta.zoneId), zoneName: String(e.attrs.zone) });
  }
  const blocked = new Set<EntityKey>();
  const records: { d: DraftOp; want?: Entity; have?: Entity }[] = [];
  for (const d of drafts) {
    if (d.kind !== 'dns-record') {
      out.push(d);
      continue;
    }
    const want = desired.entities[d.key];
    const have = live.entities[d.key];
    const liveOwner = have?.attrs.owner as string | undefined;
    const ours = want?.attrs.owner ?? (have ? liveOwner : undefined);
    if (have?.meta?.rrset && liveOwner !== ours && want) {
      const where = `in zone ${String(have.attrs.zone)}`;
      const txt = ownershipName(recordOf(d.key).name, recordOf(d.key).type);
      if (liveOwner !== undefined) {
        blocked.add(d.key);
        out.push({ ...d, calls: [], blocked: true, blockedBy: 'unowned-record',
          explanation: `blocked: this record ${where} belongs to spec set "${liveOwner}" (its ${txt} TXT record says so); apigw-sync never changes another set's record` });
        continue;
      }
      if (!facts.adopt.has(d.key)) {
        blocked.add(d.key);
        out.push({ ...d, calls: [], blocked: true, blockedBy: 'unowned-record',
          explanation: `blocked: this record exists ${where} without apigw-sync's ownership record (${txt} TXT); --adopt manages it (adds only that TXT record when the record already points at the domain)` });
        continue;
      }
    }
    records.push({ d, ...(want ? { want } : {}), ...(have ? { have } : {}) });
  }
  for (const [group, { d, want, have }] of records.entries()) {
    const items = itemsOf(d, want, have, facts, domainId).map((i) => ({ ...i, group }));
    const { name, type } = recordOf(d.key);
    const domain = String((want ?? have)?.meta?.domain);
    for (const item of items) {
      const z = zoneOf(item.zoneId, item.zoneName);
      z.items.push(item);
      for (const dep of d.deps) z.deps.add(dep);
      // An alias written after the domain's op: a target that changes (EDGE <-> REGIONAL) comes from its answer.
      if (item.change.Action !== 'DELETE' && item.change.ResourceRecordSet.AliasTarget) z.deps.add(domain);
      // A record deleted from a zone while the specs want it in another (and may write it there)
      // is moving, not going: no --allow-destroy for that.
      const w = wanted.get(domain);
      const moving = w !== undefined && w.zoneId !== item.zoneId && desired.entities[dnsRecordKey(name, type)] !== undefined && !blocked.has(dnsRecordKey(name, type));
      if (d.action === 'delete' && !moving) z.destroys = true;
      if (facts.adopt.has(d.key)) z.adopt = true;
      folded.set(d.key, item.zoneId);
    }
  }
  zoneTags(drafts, desired, live, facts, blocked, wanted, zones, zoneOf);
  // A zone's op is addressed by its name; by name and id when the plan has two zones of that name.
  const named = new Map<string, number>();
  for (const z of zones.values()) named.set(z.name, (named.get(z.name) ?? 0) + 1);
  const label = (z: Zone) => ((named.get(z.name) ?? 0) > 1 ? `${z.name} (${z.id})` : z.name);
  const keyOf = (id: string) => dnsZoneKey(label(zones.get(id)!));
  for (const z of zones.values()) {
    const zoneKey = keyOf(z.id);
    const items = z.items;
    const adoptOnly = items.length > 0 && items.every((i) => i.change.ResourceRecordSet.Type === 'TXT' && i.change.Action !== 'DELETE') && z.adopt;
    const deps = new Set<EntityKey>([...z.deps].map((k) => (folded.has(k) ? keyOf(folded.get(k)!) : k)));
    for (const id of z.zoneDeps) deps.add(keyOf(id));
    deps.delete(zoneKey);
    const batches = splitBatches(items);
    const parts = [
      ...grouped(z.before),
      ...(batches.length === 1 ? [`${items.length} record ${items.length === 1 ? 'change' : 'changes'} in one Route 53 change batch, then a wait until it is INSYNC`] : []),
      ...(batches.length > 1 ? [`${items.length} record changes in ${batches.length} Route 53 change batches (its limits per request), each followed by a wait until it is INSYNC`] : []),
      ...grouped(z.after),
    ];
    const draft: DraftOp = {
      kind: 'dns-zone', key: zoneKey, address: `dns-zone ${label(z)}`, action: adoptOnly ? 'adopt' : 'update',
      reason: z.adopt ? 'adopt-by-name' : 'fields-changed',
      changes: [...z.before.map((t) => t.shown), ...items.map((i) => i.shown), ...z.after.map((t) => t.shown)],
      explanation: parts.join('; '),
      calls: [
        // The tag first: an apply stopped after it still finds the records it goes on to write.
        ...z.before.flatMap((t) => (t.call ? [t.call] : [])),
        ...batches.flatMap((batch, n): AwsCall[] => {
          const changeId = n === 0 ? 'changeId' : `changeId${n + 1}`;
          return [
            { service: 'route53', operation: 'ChangeResourceRecordSets',
              input: { HostedZoneId: z.id, ChangeBatch: { Comment: 'apigw-sync', Changes: batch.map((i) => i.change) } },
              produces: { key: zoneKey, ids: { [changeId]: 'ChangeInfo.Id' } } },
            { service: 'route53', operation: 'GetChange', input: { Id: { $ref: zoneKey, id: changeId } },
              waitFor: { path: 'ChangeInfo.Status', until: ['INSYNC'], limitSeconds: 600 } },
          ];
        }),
        ...z.after.flatMap((t) => (t.call ? [t.call] : [])),
      ],
      deps,
    };
    if (z.destroys && !facts.allowDestroy) {
      draft.blocked = true;
      draft.explanation = `blocked: deleting a domain's DNS records takes its address away and needs --allow-destroy; ${draft.explanation}`;
    }
    out.push(draft);
  }
  for (const d of out) {
    if (d.kind === 'dns-zone') continue;
    for (const k of [...d.deps]) {
      const to = folded.get(k);
      if (to !== undefined) {
        d.deps.delete(k);
        d.deps.add(keyOf(to));
      }
    }
  }
  return out;
}

/**
 * Route 53's limits on one ChangeResourceRecordSets (developer guide, "Quotas"): 1,000
 * ResourceRecord elements and 32,000 characters in Value elements, an UPSERT's counted twice; and
 * at most 1,000 changes, as the emulator holds.
 */
export const BATCH_LIMITS = { changes: 1000, records: 1000, characters: 32000 };

/** What one change costs against BATCH_LIMITS. */
function weight(change: Item['change']): { records: number; characters: number } {
  const times = change.Action === 'UPSERT' ? 2 : 1;
  const values = ((change.ResourceRecordSet.ResourceRecords ?? []) as { Value: string }[]).map((r) => r.Value);
  return { records: values.length * times, characters: values.reduce((n, v) => n + v.length, 0) * times };
}

/**
 * A zone's changes in as few batches as Route 53's limits allow (one, but for hundreds of
 * domains in one zone), in order, never splitting the changes of one record (it and its TXT).
 */
export function splitBatches<T extends { change: Item['change']; group?: number }>(items: T[]): T[][] {
  const groups: T[][] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && item.group !== undefined && last[0]!.group === item.group) last.push(item);
    else groups.push([item]);
  }
  const batches: T[][] = [];
  let size = { changes: 0, records: 0, characters: 0 };
  for (const g of groups) {
    const w = g.map((i) => weight(i.change)).reduce((a, b) => ({ records: a.records + b.records, characters: a.characters + b.characters }), { records: 0, characters: 0 });
    const fits = size.changes + g.length <= BATCH_LIMITS.changes && size.records + w.records <= BATCH_LIMITS.records && size.characters + w.characters <= BATCH_LIMITS.characters;
    if (!fits || batches.length === 0) {
      batches.push([]);
      size = { changes: 0, records: 0, characters: 0 };
    }
    batches.at(-1)!.push(...g);
    size = { changes: size.changes + g.length, records: size.records + w.records, characters: size.characters + w.characters };
  }
  return batches;
}

interface Zone {
  id: string;
  name: string;
  items: Item[];
  /** What the zone's record drafts depended on (entity keys; record keys are mapped to their zone's op). */
  deps: Set<EntityKey>;
  /** Other zones (ids) whose op must be done first: the zone records move into, before the one they leave. */
  zoneDeps: Set<string>;
  destroys: boolean;
  adopt: boolean;
  /** Zone tags written before the batch, and after it. */
  before: ZoneTag[];
  after: ZoneTag[];
}

/** `call` is absent when the tag rides in the domain's own CreateDomainName. */
/**
 * A zone tag the plan writes or removes. `explained` is said as is; a `phrase` (what is done, to
 * whom, e.g. ['tag ', 'a.example.com', ' with the zone (...)']) is said once for all the domains
 * it is done to.
 */
interface ZoneTag { call?: AwsCall; shown: FieldChange; explained: string | [before: string, domain: string, after: string] }

/** The explanations of a zone's tags, one phrase naming every domain it applies to (`tag a, b with the zone`). */
function grouped(tags: ZoneTag[]): string[] {
  const out: string[] = [];
  const groups = new Map<string, { at: number; domains: string[]; before: string; after: string }>();
  for (const { explained } of tags) {
    if (typeof explained === 'string') {
      out.push(explained);
      continue;
    }
    const [before, domain, after] = explained;
    const g = groups.get(before + after);
    if (g) g.domains.push(domain);
    else groups.set(before + after, { at: out.push('') - 1, domains: [domain], before, after });
  }
  for (const g of groups.values()) out[g.at] = `${g.before}${g.domains.join(', ')}${g.after}`;
  return out;
}

/** The zone ids a domain's DNS_ZONE_TAG names: where its records are, and while they move, the zones they leave. */
export const zoneIdsOf = (tag: string | undefined): string[] => (tag ?? '').split(/\s+/).filter(Boolean);

/**
 * The zone tags (DNS_ZONE_TAG) the plan writes or removes. The tag names every zone that may hold
 * the domain's records, so that a plan finds them even when no spec names the zone any more:
 * - a domain whose records the specs want in a zone gets that zone's id before its records are
 *   written there (in its CreateDomainName when the plan creates the domain);
 * - while records move out of other zones, the tag names the new zone and those (written before
 *   the new zone's batch), and the new zone alone after the last old zone's batch; the old zones'
 *   ops wait for the new zone's, so the domain keeps answering;
 * - a domain that keeps existing with no records wanted any more loses the tag after its records
 *   are deleted.
 * A domain with a record blocked (not ours) is left as it is.
 */
function zoneTags(drafts: DraftOp[], desired: Model, live: Model, facts: DnsPlanFacts, blocked: ReadonlySet<EntityKey>,
  wanted: ReadonlyMap<EntityKey, { zoneId: string; zoneName: string }>, zones: Map<string, Zone>, zoneOf: (id: string, name: string) => Zone): void {
  const domainOf = (k: EntityKey) => String((desired.entities[k] ?? live.entities[k])?.meta?.domain);
  const changed = new Set(drafts.filter((d) => d.kind === 'dns-record').map((d) => domainOf(d.key)));
  const held = new Set([...blocked].map(domainOf));
  const arn = (key: EntityKey) => `arn:aws:apigateway:${facts.region}::/domainnames/${nameOf(key)}`;
  const isV2 = (key: EntityKey) => (desired.entities[key] ?? live.entities[key])?.kind === 'v2-domain-name';
  const path = (key: EntityKey) => `/${nameOf(key)} tag ${DNS_ZONE_TAG}`;
  const tagCall = (key: EntityKey, value: string): AwsCall => (isV2(key)
    ? { service: 'apigatewayv2', operation: 'TagResource', input: { ResourceArn: arn(key), Tags: { [DNS_ZONE_TAG]: value } } }
    : { service: 'apigateway', operation: 'TagResource', input: { resourceArn: arn(key), tags: { [DNS_ZONE_TAG]: value } } });
  const untagCall = (key: EntityKey): AwsCall => (isV2(key)
    ? { service: 'apigatewayv2', operation: 'UntagResource', input: { ResourceArn: arn(key), TagKeys: [DNS_ZONE_TAG] } }
    : { service: 'apigateway', operation: 'UntagResource', input: { resourceArn: arn(key), tagKeys: [DNS_ZONE_TAG] } });
  const tagged = entitiesOfKind(live, 'domain-name', 'v2-domain-name').filter((l) => l.ids?.dnsZone).map((l) => l.key);
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  // Zone op `a` waits for zone op `b`, unless `b` already waits for `a` (two domains swapping zones).
  const waits = (a: string, b: string): boolean => a === b || [...(zones.get(a)?.zoneDeps ?? [])].some((x) => waits(x, b));
  const after = (a: Zone, b: Zone) => {
    if (!waits(b.id, a.id)) a.zoneDeps.add(b.id);
  };
  for (const key of [...new Set([...wanted.keys(), ...tagged])].sort()) {
    if (held.has(key) || !desired.entities[key] || (facts.targeted && !changed.has(key))) continue;
    const l = live.entities[key];
    const has = zoneIdsOf(l?.ids?.dnsZone);
    const hasNames = (l?.ids?.dnsZoneNames ?? '').split(' ');
    const w = wanted.get(key);
    // The zones this plan deletes the domain's records from (other than the one they are wanted in).
    const leaving = [...zones.values()].filter((z) => z.id !== w?.zoneId && z.items.some((i) => i.domain === key && i.change.Action === 'DELETE'))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    // The old zones one after the other; the last one holds the final tag.
    for (let i = 1; i < leaving.length; i++) after(leaving[i]!, leaving[i - 1]!);
    const last = leaving.at(-1);
    const domain = nameOf(key);
    const shown = (to: string | undefined): FieldChange => ({ path: path(key), ...(has.length ? { from: has.join(' ') } : {}), ...(to !== undefined ? { to } : {}) });
    if (!w) {
      // No records wanted: the tag goes once they are deleted (from the first zone it names when nothing is left to delete).
      const z = last ?? zoneOf(has[0]!, hasNames[0] || has[0]!);
      z.after.push({ call: untagCall(key), shown: shown(undefined), explained: [`remove the zone tag (${DNS_ZONE_TAG}) from `, domain, ''] });
      continue;
    }
    const during = [w.zoneId, ...leaving.map((z) => z.id)];
    if (!same(has, during)) {
      // A domain the plan creates carries the tag from its create: one call fewer, and no moment
      // when the domain exists without it.
      const create = l ? undefined : drafts.find((d) => d.key === key && d.action === 'create')?.calls.find((c) => c.operation === 'CreateDomainName');
      const value = during.join(' ');
      const explained: ZoneTag['explained'] = leaving.length
        ? `tag ${domain} with this zone and the ${leaving.length === 1 ? 'zone' : 'zones'} its records leave (${DNS_ZONE_TAG})`
        : ['tag ', domain, ` with the zone (${DNS_ZONE_TAG})`];
      if (create) {
        const field = create.service === 'apigatewayv2' ? 'Tags' : 'tags';
        const input = create.input as Record<string, unknown>;
        input[field] = { ...((input[field] as Record<string, string> | undefined) ?? {}), [DNS_ZONE_TAG]: value };
        zoneOf(w.zoneId, w.zoneName).before.push({ shown: shown(value), explained });
      } else {
        zoneOf(w.zoneId, w.zoneName).before.push({ call: tagCall(key, value), shown: shown(value), explained });
      }
    }
    const into = zones.get(w.zoneId);
    if (last) {
      if (into) for (const z of leaving) after(z, into);
      // Two domains swapping zones: the new zone's op already waits for the old ones (for the
      // other domain), so the tag goes last in the new zone's op, after every batch of this domain.
      const end = into && leaving.every((z) => waits(into.id, z.id)) ? into : last;
      end.after.push({ call: tagCall(key, w.zoneId), shown: { path: path(key), from: during.join(' '), to: w.zoneId },
        explained: `then tag ${domain} with its new zone alone (${DNS_ZONE_TAG})` });
    }
  }
}
