import { DNS_ZONE_TAG, type Entity, type EntityKey, type Model } from './model.js';
import type { AwsCall } from './plan-types.js';
import type { FieldChange, IdRef } from './plan-types.js';
import type { DraftOp } from './order.js';
import { nameOf, segment } from './keys.js';

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

/** `api.example.com A` -> its parts. */
export function recordOf(key: EntityKey): { name: string; type: string } {
  const n = nameOf(key);
  const i = n.lastIndexOf(' ');
  return { name: n.slice(0, i), type: n.slice(i + 1) };
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
  const attrs: Record<string, unknown> = { zone: zone.name };
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
    out.push({ zoneId: String(e.meta?.zoneId), zoneName: String(e.attrs.zone), change: { Action: action, ResourceRecordSet: rrset }, shown });
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
 */
export function batchDnsChanges(drafts: DraftOp[], desired: Model, live: Model, facts: DnsPlanFacts,
  domainId: (key: EntityKey, id: string) => string | IdRef): DraftOp[] {
  const out: DraftOp[] = [];
  const zones = new Map<string, { draft: DraftOp; items: Item[]; destroys: boolean; tag?: ZoneTag[]; untag?: ZoneTag[] }>();
  const folded = new Map<EntityKey, EntityKey>();
  const blocked = new Set<EntityKey>();
  const zoneOf = (zoneKey: EntityKey, zoneName: string) => {
    let z = zones.get(zoneKey);
    if (!z) {
      z = { draft: { kind: 'dns-zone', key: zoneKey, address: `dns-zone ${zoneName}`, action: 'update', reason: 'fields-changed', changes: [], calls: [], deps: new Set() }, items: [], destroys: false };
      zones.set(zoneKey, z);
    }
    return z;
  };
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
    const items = itemsOf(d, want, have, facts, domainId);
    if (items.length === 0) continue;
    for (const item of items) {
      const zoneKey = dnsZoneKey(item.zoneName);
      const z = zoneOf(zoneKey, item.zoneName);
      z.items.push({ ...item });
      for (const dep of d.deps) z.draft.deps.add(dep);
      if (d.action === 'delete') z.destroys = true;
      if (facts.adopt.has(d.key)) z.draft.reason = 'adopt-by-name';
      folded.set(d.key, zoneKey);
    }
  }
  const tags = zoneTags(drafts, desired, live, facts, blocked);
  for (const t of tags) {
    const z = zoneOf(dnsZoneKey(t.zoneName), t.zoneName);
    (t.untag ? (z.untag ??= []) : (z.tag ??= [])).push(t);
  }
  for (const [zoneKey, z] of zones) {
    const zoneId = z.items[0]?.zoneId;
    const adoptOnly = z.items.length > 0 && z.items.every((i) => i.change.ResourceRecordSet.Type === 'TXT' && i.change.Action !== 'DELETE') && z.draft.reason === 'adopt-by-name';
    z.draft.action = adoptOnly ? 'adopt' : 'update';
    z.draft.changes = [...(z.tag ?? []), ...z.items, ...(z.untag ?? [])].map((i) => i.shown);
    const parts = [
      ...(z.tag ? [`tag ${z.tag.map((t) => t.domain).join(', ')} with the zone (${DNS_ZONE_TAG})`] : []),
      ...(z.items.length ? [`${z.items.length} record ${z.items.length === 1 ? 'change' : 'changes'} in one Route 53 change batch, then a wait until it is INSYNC`] : []),
      ...(z.untag ? [`remove the zone tag (${DNS_ZONE_TAG}) from ${z.untag.map((t) => t.domain).join(', ')}`] : []),
    ];
    z.draft.explanation = parts.join('; ');
    z.draft.calls = [
      // The tag first: an apply stopped after it still finds the records it goes on to write.
      ...(z.tag ?? []).flatMap((t) => (t.call ? [t.call] : [])),
      ...(zoneId === undefined ? [] : [
        { service: 'route53', operation: 'ChangeResourceRecordSets',
          input: { HostedZoneId: zoneId, ChangeBatch: { Comment: 'apigw-sync', Changes: z.items.map((i) => i.change) } },
          produces: { key: zoneKey, ids: { changeId: 'ChangeInfo.Id' } } },
        { service: 'route53', operation: 'GetChange', input: { Id: { $ref: zoneKey, id: 'changeId' } },
          waitFor: { path: 'ChangeInfo.Status', until: ['INSYNC'], limitSeconds: 600 } },
      ] satisfies AwsCall[]),
      ...(z.untag ?? []).flatMap((t) => (t.call ? [t.call] : [])),
    ];
    if (z.destroys && !facts.allowDestroy) {
      z.draft.blocked = true;
      z.draft.explanation = `blocked: deleting a domain's DNS records takes its address away and needs --allow-destroy; ${z.draft.explanation}`;
    }
    z.draft.deps.delete(zoneKey);
    out.push(z.draft);
  }
  for (const d of out) {
    for (const k of [...d.deps]) {
      const to = folded.get(k);
      if (to !== undefined) {
        d.deps.delete(k);
        if (to !== d.key) d.deps.add(to);
      }
    }
  }
  // Batches that depend on each other through record deps would be a bug; a zone never waits for itself.
  for (const z of zones.values()) for (const k of [...z.draft.deps]) if (folded.has(k)) z.draft.deps.delete(k);
  return out;
}

/** `call` is absent when the tag rides in the domain's own CreateDomainName. */
interface ZoneTag { domain: string; zoneName: string; call?: AwsCall; untag?: boolean; shown: FieldChange }

/**
 * The zone tags (DNS_ZONE_TAG) the plan writes or removes: a domain whose records the specs want
 * in a zone gets that zone's id (before its records are written, unless it carries it already); a
 * domain that keeps existing with no records wanted any more loses the tag (after its records are
 * deleted). A domain with a record blocked (not ours) is left as it is.
 */
function zoneTags(drafts: DraftOp[], desired: Model, live: Model, facts: DnsPlanFacts, blocked: ReadonlySet<EntityKey>): ZoneTag[] {
  const changed = new Set(drafts.filter((d) => d.kind === 'dns-record').map((d) => String((desired.entities[d.key] ?? live.entities[d.key])?.meta?.domain)));
  const held = new Set([...blocked].map((k) => String((desired.entities[k] ?? live.entities[k])?.meta?.domain)));
  const want = new Map<EntityKey, { zoneId: string; zoneName: string }>();
  for (const e of Object.values(desired.entities)) {
    if (e.kind === 'dns-record' && e.meta?.domain) want.set(e.meta.domain, { zoneId: String(e.meta.zoneId), zoneName: String(e.attrs.zone) });
  }
  const arn = (key: EntityKey) => `arn:aws:apigateway:${facts.region}::/domainnames/${nameOf(key)}`;
  const isV2 = (key: EntityKey) => (desired.entities[key] ?? live.entities[key])?.kind === 'v2-domain-name';
  const out: ZoneTag[] = [];
  const path = (key: EntityKey) => `/${nameOf(key)} tag ${DNS_ZONE_TAG}`;
  for (const [key, w] of want) {
    if (held.has(key) || (facts.targeted && !changed.has(key))) continue;
    const has = live.entities[key]?.ids?.dnsZone;
    if (has === w.zoneId) continue;
    // A domain the plan creates carries the tag from its create: one call fewer, and no moment
    // when the domain exists without it.
    const create = live.entities[key] ? undefined : drafts.find((d) => d.key === key && d.action === 'create')?.calls.find((c) => c.operation === 'CreateDomainName');
    if (create) {
      const field = create.service === 'apigatewayv2' ? 'Tags' : 'tags';
      const input = create.input as Record<string, unknown>;
      input[field] = { ...((input[field] as Record<string, string> | undefined) ?? {}), [DNS_ZONE_TAG]: w.zoneId };
      out.push({ domain: nameOf(key), zoneName: w.zoneName, shown: { path: path(key), to: w.zoneId } });
      continue;
    }
    const call: AwsCall = isV2(key)
      ? { service: 'apigatewayv2', operation: 'TagResource', input: { ResourceArn: arn(key), Tags: { [DNS_ZONE_TAG]: w.zoneId } } }
      : { service: 'apigateway', operation: 'TagResource', input: { resourceArn: arn(key), tags: { [DNS_ZONE_TAG]: w.zoneId } } };
    out.push({ domain: nameOf(key), zoneName: w.zoneName, call, shown: { path: path(key), ...(has ? { from: has } : {}), to: w.zoneId } });
  }
  for (const l of Object.values(live.entities)) {
    const has = l.ids?.dnsZone;
    if (!has || (l.kind !== 'domain-name' && l.kind !== 'v2-domain-name')) continue;
    if (want.has(l.key) || held.has(l.key) || !desired.entities[l.key] || (facts.targeted && !changed.has(l.key))) continue;
    const call: AwsCall = isV2(l.key)
      ? { service: 'apigatewayv2', operation: 'UntagResource', input: { ResourceArn: arn(l.key), TagKeys: [DNS_ZONE_TAG] } }
      : { service: 'apigateway', operation: 'UntagResource', input: { resourceArn: arn(l.key), tagKeys: [DNS_ZONE_TAG] } };
    out.push({ domain: nameOf(l.key), zoneName: l.ids?.dnsZoneName ?? has, call, untag: true, shown: { path: path(l.key), from: has } });
  }
  return out;
}
