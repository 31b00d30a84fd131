import { randomBytes } from 'node:crypto';
import { AwsError } from '../aws-error.js';
import type { HandlerResult, RequestContext, Route } from '../router.js';
import { document, el, parseRequest, type XmlNode } from './xml.js';

/**
 * Route 53's control plane for hosted zones and their record sets, REST-XML as in
 * route53.service-2.json (API version 2013-04-01): CreateHostedZone, GetHostedZone,
 * ListHostedZones, ListHostedZonesByName, DeleteHostedZone, ListResourceRecordSets,
 * ChangeResourceRecordSets and GetChange. Enough for the real SDK client and the AWS CLI
 * (`aws route53 ...`), and for apigw-sync's alias records.
 *
 * Behaviour from the Route 53 API reference:
 * - a change batch is transactional: its changes are applied in order to a working copy of the
 *   zone, which replaces the zone only when every change is valid (InvalidChangeBatch otherwise:
 *   a CREATE of a record set that exists, a DELETE of one that does not, or whose values differ
 *   from the current ones, a name outside the zone, a CNAME beside other records, a TXT value
 *   not in quotation marks);
 * - a change is PENDING when submitted and INSYNC once it reached every name server: here after
 *   `dnsChangeSyncMs` (consistency.ts; 0 by default, so the first GetChange says INSYNC);
 * - ListResourceRecordSets sorts by name with the labels reversed (`com.example.www.`, ASCII),
 *   then by type, 300 at most a page; names are answered lower-case with a trailing dot, and
 *   characters other than a-z, 0-9, `-` and `_` as `\ooo` octal escapes (`\052` for `*`);
 * - a new zone holds its SOA and NS records, which are never deleted; deleting a zone that holds
 *   other records is HostedZoneNotEmpty.
 */
export const ROUTE53_PREFIX = '/2013-04-01/';

export interface RecordSet {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  TTL?: number;
  ResourceRecords?: string[];
  AliasTarget?: { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
  Weight?: number;
  Region?: string;
  Failover?: string;
  MultiValueAnswer?: boolean;
  HealthCheckId?: string;
}

export interface Zone {
  id: string;
  /** Lower-case, with the trailing dot. */
  name: string;
  callerReference: string;
  comment?: string;
  privateZone: boolean;
  vpcs?: { VPCRegion?: string; VPCId?: string }[];
  nameServers: string[];
  records: RecordSet[];
}

export interface Route53State {
  zones: Record<string, Zone>;
  changes: Record<string, { id: string; submittedAt: string; comment?: string }>;
}

const RR_TYPES = new Set(['SOA', 'A', 'TXT', 'NS', 'CNAME', 'MX', 'NAPTR', 'PTR', 'SRV', 'SPF', 'AAAA', 'CAA', 'DS', 'TLSA', 'SSHFP', 'SVCB', 'HTTPS']);
const MAX_CHANGES = 1000;

function store(ctx: { state: unknown }): Route53State {
  const s = ctx.state as { route53?: Route53State };
  s.route53 ??= { zones: {}, changes: {} };
  return s.route53;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function newId(prefix: string): string {
  const bytes = randomBytes(20);
  return `${prefix}0${[...bytes].map((b) => ALNUM[b % ALNUM.length]).join('')}`;
}

const xml = (node: XmlNode, status = 200, headers: Record<string, string> = {}): HandlerResult =>
  ({ status, body: document(node), headers: { 'Content-Type': 'text/xml', ...headers } });

const invalidInput = (message: string) => new AwsError('InvalidInput', 400, message);
const invalidBatch = (message: string) => new AwsError('InvalidChangeBatch', 400, message);
const noSuchZone = (id: string) => new AwsError('NoSuchHostedZone', 404, `No hosted zone found with ID: ${id}`);

/** `API.Example.com`, `\052.example.com.` -> `api.example.com.`, `*.example.com.` (the stored form). */
export function normaliseName(raw: string): string {
  let s = raw.trim().replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))).toLowerCase();
  if (!s.endsWith('.')) s += '.';
  return s;
}

/** The stored form as Route 53 answers it: octal escapes for anything but a-z, 0-9, `-`, `_` and dots. */
export function shownName(name: string): string {
  return name.replace(/[^a-z0-9_.-]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

/** Route 53's sort key of a name: the labels reversed (`www.example.com.` -> `com.example.www.`). */
export function sortKey(name: string): string {
  const labels = name.replace(/\.$/, '').split('.');
  return `${labels.reverse().join('.')}.`;
}

const ascii = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function compareRecords(a: RecordSet, b: RecordSet): number {
  return ascii(sortKey(a.Name), sortKey(b.Name)) || ascii(a.Type, b.Type) || ascii(a.SetIdentifier ?? '', b.SetIdentifier ?? '');
}

function checkDomainName(name: string, what = 'domain name'): void {
  const bare = name.replace(/\.$/, '');
  const ok = bare.length > 0 && name.length <= 255 && bare.split('.').every((l) => l.length > 0 && l.length <= 63);
  if (!ok) throw new AwsError('InvalidDomainName', 400, `${what} ${name} is not a valid domain name`);
}

function zoneOf(ctx: RequestContext): Zone {
  const id = (ctx.params.Id ?? '').replace(/^\/?hostedzone\//, '');
  const zone = store(ctx).zones[id];
  if (!zone) throw noSuchZone(id);
  return zone;
}

function zoneNode(z: Zone): XmlNode {
  return el('HostedZone',
    el('Id', `/hostedzone/${z.id}`),
    el('Name', shownName(z.name)),
    el('CallerReference', z.callerReference),
    el('Config', z.comment !== undefined ? el('Comment', z.comment) : undefined, el('PrivateZone', z.privateZone)),
    el('ResourceRecordSetCount', z.records.length));
}

function delegationNode(z: Zone): XmlNode | undefined {
  return z.privateZone ? undefined : el('DelegationSet', el('NameServers', z.nameServers.map((n) => el('NameServer', n))));
}

function changeNode(c: { id: string; submittedAt: string; comment?: string }, status: string): XmlNode {
  return el('ChangeInfo', el('Id', `/change/${c.id}`), el('Status', status), el('SubmittedAt', c.submittedAt), c.comment !== undefined ? el('Comment', c.comment) : undefined);
}

function recordNode(r: RecordSet): XmlNode {
  return el('ResourceRecordSet',
    el('Name', shownName(r.Name)),
    el('Type', r.Type),
    r.SetIdentifier !== undefined ? el('SetIdentifier', r.SetIdentifier) : undefined,
    r.Weight !== undefined ? el('Weight', r.Weight) : undefined,
    r.Region !== undefined ? el('Region', r.Region) : undefined,
    r.Failover !== undefined ? el('Failover', r.Failover) : undefined,
    r.MultiValueAnswer !== undefined ? el('MultiValueAnswer', r.MultiValueAnswer) : undefined,
    r.TTL !== undefined ? el('TTL', r.TTL) : undefined,
    r.ResourceRecords ? el('ResourceRecords', r.ResourceRecords.map((v) => el('ResourceRecord', el('Value', v)))) : undefined,
    r.AliasTarget ? el('AliasTarget', el('HostedZoneId', r.AliasTarget.HostedZoneId), el('DNSName', r.AliasTarget.DNSName), el('EvaluateTargetHealth', r.AliasTarget.EvaluateTargetHealth)) : undefined,
    r.HealthCheckId !== undefined ? el('HealthCheckId', r.HealthCheckId) : undefined);
}

/** Makes a zone with its SOA and NS records, as AWS does. */
export function createZone(state: unknown, input: { name: string; callerReference: string; comment?: string; vpc?: { VPCRegion?: string; VPCId?: string } }): Zone {
  const s = store({ state });
  const name = normaliseName(input.name);
  checkDomainName(name);
  if (Object.values(s.zones).some((z) => z.callerReference === input.callerReference)) {
    throw new AwsError('HostedZoneAlreadyExists', 409, `A hosted zone has already been created with the specified caller reference.`);
  }
  const n = randomBytes(4);
  const nameServers = [
    `ns-${(n[0]! * 4) % 512}.awsdns-${n[1]! % 64}.com.`, `ns-${(n[1]! * 4 + 512) % 1024}.awsdns-${n[2]! % 64}.net.`,
    `ns-${(n[2]! * 4 + 1024) % 1536}.awsdns-${n[3]! % 64}.org.`, `ns-${(n[3]! * 4 + 1536) % 2048}.awsdns-${n[0]! % 64}.co.uk.`,
  ];
  const zone: Zone = {
    id: newId('Z'),
    name,
    callerReference: input.callerReference,
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    privateZone: input.vpc !== undefined,
    ...(input.vpc ? { vpcs: [input.vpc] } : {}),
    nameServers,
    records: [
      { Name: name, Type: 'NS', TTL: 172800, ResourceRecords: nameServers },
      { Name: name, Type: 'SOA', TTL: 900, ResourceRecords: [`${nameServers[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`] },
    ],
  };
  s.zones[zone.id] = zone;
  return zone;
}

function recordChange(ctx: RequestContext, comment?: string) {
  const c = { id: newId('C'), submittedAt: ctx.now().toISOString(), ...(comment !== undefined ? { comment } : {}) };
  store(ctx).changes[c.id] = c;
  return c;
}

/** PENDING until `dnsChangeSyncMs` (scaled) after submission, then INSYNC. */
function statusOf(ctx: RequestContext, c: { submittedAt: string }): string {
  const ms = (ctx.consistency?.model.settings.dnsChangeSyncMs ?? 0) * (ctx.consistency?.timeScale ?? 1);
  return ctx.now().getTime() - Date.parse(c.submittedAt) >= ms ? 'INSYNC' : 'PENDING';
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v));
const bool = (v: unknown): boolean => text(v)?.trim() === 'true';

function parseRecordSet(raw: Record<string, any> | undefined, action: string): RecordSet {
  if (!raw || typeof raw !== 'object') throw invalidInput(`Invalid request: Missing field 'ResourceRecordSet' in Change with [Action=${action}]`);
  const name = text(raw.Name);
  const type = text(raw.Type)?.trim();
  if (!name) throw invalidInput("1 validation error detected: Value null at 'changeBatch.changes.member.resourceRecordSet.name' failed to satisfy constraint: Member must not be null");
  if (!type || !RR_TYPES.has(type)) {
    throw invalidInput(`1 validation error detected: Value '${type ?? 'null'}' at 'changeBatch.changes.member.resourceRecordSet.type' failed to satisfy constraint: Member must satisfy enum value set: [${[...RR_TYPES].join(', ')}]`);
  }
  const r: RecordSet = { Name: normaliseName(name), Type: type };
  if (raw.SetIdentifier !== undefined) r.SetIdentifier = text(raw.SetIdentifier)!;
  if (raw.Weight !== undefined) r.Weight = Number(raw.Weight);
  if (raw.Region !== undefined) r.Region = text(raw.Region)!;
  if (raw.Failover !== undefined) r.Failover = text(raw.Failover)!;
  if (raw.MultiValueAnswer !== undefined) r.MultiValueAnswer = bool(raw.MultiValueAnswer);
  if (raw.HealthCheckId !== undefined) r.HealthCheckId = text(raw.HealthCheckId)!;
  if (raw.TTL !== undefined) {
    const ttl = Number(raw.TTL);
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 2147483647) throw invalidInput(`Invalid request: TTL ${String(raw.TTL)} is not a number of seconds from 0 to 2147483647`);
    r.TTL = ttl;
  }
  if (raw.ResourceRecords !== undefined) {
    const list = (raw.ResourceRecords?.ResourceRecord ?? []) as Record<string, unknown>[];
    r.ResourceRecords = list.map((x) => text(x?.Value) ?? '');
  }
  if (raw.AliasTarget !== undefined) {
    const a = raw.AliasTarget as Record<string, unknown>;
    const zone = text(a.HostedZoneId);
    const dns = text(a.DNSName);
    if (!zone || !dns || a.EvaluateTargetHealth === undefined) {
      throw invalidInput('Invalid request: AliasTarget needs HostedZoneId, DNSName and EvaluateTargetHealth');
    }
    r.AliasTarget = { HostedZoneId: zone.trim(), DNSName: normaliseName(dns), EvaluateTargetHealth: bool(a.EvaluateTargetHealth) };
  }
  const desc = `[Action=${action}, Name=${shownName(r.Name)}, Type=${r.Type}, SetIdentifier=${r.SetIdentifier ?? 'null'}]`;
  const alias = r.AliasTarget !== undefined;
  const plain = r.TTL !== undefined && r.ResourceRecords !== undefined;
  if (alias === plain || (alias && (r.TTL !== undefined || r.ResourceRecords !== undefined))) {
    const found = alias ? 'more than one' : 'none';
    throw invalidInput(`Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found ${found} in Change with ${desc}`);
  }
  if (r.ResourceRecords && r.ResourceRecords.length === 0) throw invalidInput(`Invalid request: ResourceRecords must not be empty in Change with ${desc}`);
  return r;
}

const sameSet = (a: RecordSet, b: RecordSet) => a.Name === b.Name && a.Type === b.Type && (a.SetIdentifier ?? '') === (b.SetIdentifier ?? '');

/** Whether a DELETE's values are the current ones (values in any order). */
function sameValues(a: RecordSet, b: RecordSet): boolean {
  const norm = (r: RecordSet) => JSON.stringify({
    TTL: r.TTL, values: r.ResourceRecords ? [...r.ResourceRecords].sort() : undefined,
    alias: r.AliasTarget ? { ...r.AliasTarget, HostedZoneId: r.AliasTarget.HostedZoneId.toUpperCase() } : undefined,
    w: r.Weight, rg: r.Region, f: r.Failover, m: r.MultiValueAnswer, h: r.HealthCheckId,
  });
  return norm(a) === norm(b);
}

const label = (r: RecordSet) => `[name='${shownName(r.Name)}', type='${r.Type}'${r.SetIdentifier !== undefined ? `, set-identifier='${r.SetIdentifier}'` : ''}]`;
const QUOTED = /^(\s*"(?:[^"\\]|\\.)*"\s*)+$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function checkValues(r: RecordSet): void {
  for (const v of r.ResourceRecords ?? []) {
    if ((r.Type === 'TXT' || r.Type === 'SPF') && !QUOTED.test(v)) {
      throw invalidBatch(`Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be enclosed in quotation marks) encountered with '${v}''`);
    }
    if ((r.Type === 'TXT' || r.Type === 'SPF') && [...v.matchAll(/"((?:[^"\\]|\\.)*)"/g)].some((m) => m[1]!.length > 255)) {
      throw invalidBatch(`Invalid Resource Record: 'FATAL problem: TXTRDATATooLong (Value is too long) encountered with '${v.slice(0, 40)}...''`);
    }
    if (r.Type === 'A' && !IPV4.test(v.trim())) {
      throw invalidBatch(`Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '${v}''`);
    }
    if (r.Type === 'AAAA' && !/^[0-9a-fA-F:.]+$/.test(v.trim())) {
      throw invalidBatch(`Invalid Resource Record: 'FATAL problem: AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '${v}''`);
    }
  }
}

/**
 * The size limits of one request (developer guide, "Quotas", ChangeResourceRecordSets): at most
 * 1,000 ResourceRecord elements and 32,000 characters in all Value elements, an UPSERT's counted
 * twice. The messages are the emulator's own.
 */
export const MAX_RESOURCE_RECORDS = 1000;
export const MAX_VALUE_CHARACTERS = 32000;
function checkBatchSize(changes: { action: string; record: RecordSet }[]): void {
  let records = 0;
  let characters = 0;
  for (const { action, record } of changes) {
    const times = action === 'UPSERT' ? 2 : 1;
    records += (record.ResourceRecords?.length ?? 0) * times;
    characters += (record.ResourceRecords ?? []).reduce((n, v) => n + v.length, 0) * times;
  }
  if (records > MAX_RESOURCE_RECORDS) throw invalidBatch(`Number of records limit of ${MAX_RESOURCE_RECORDS} exceeded: the batch has ${records} ResourceRecord elements (an UPSERT's count twice).`);
  if (characters > MAX_VALUE_CHARACTERS) throw invalidBatch(`Number of characters limit of ${MAX_VALUE_CHARACTERS} exceeded: the Value elements of the batch have ${characters} characters (an UPSERT's count twice).`);
}

/** Applies a batch to a copy of the zone's records; the zone changes only when every change is valid. */
function applyBatch(zone: Zone, changes: { action: string; record: RecordSet }[]): RecordSet[] {
  const records = zone.records.map((r) => ({ ...r }));
  const errors: string[] = [];
  for (const { action, record } of changes) {
    const at = records.findIndex((r) => sameSet(r, record));
    if (record.Name !== zone.name && !record.Name.endsWith(`.${zone.name}`)) {
      errors.push(`RRSet with DNS name ${shownName(record.Name)} is not permitted in zone ${shownName(zone.name)}`);
      continue;
    }
    if (action === 'DELETE') {
      if (at < 0) errors.push(`Tried to delete resource record set ${label(record)} but it was not found`);
      else if (!sameValues(records[at]!, record)) errors.push(`Tried to delete resource record set ${label(record)} but the values provided do not match the current values`);
      else if (record.Name === zone.name && (record.Type === 'SOA' || record.Type === 'NS')) errors.push(`A HostedZone must contain at least one NS record and exactly one SOA record for the zone itself`);
      else records.splice(at, 1);
      continue;
    }
    if (action === 'CREATE' && at >= 0) {
      errors.push(`Tried to create resource record set ${label(record)} but it already exists`);
      continue;
    }
    try {
      checkValues(record);
    } catch (err) {
      errors.push((err as Error).message);
      continue;
    }
    const others = records.filter((r) => r.Name === record.Name && !sameSet(r, record));
    if ((record.Type === 'CNAME' && others.length > 0) || (record.Type !== 'CNAME' && others.some((r) => r.Type === 'CNAME'))) {
      errors.push(`RRSet of type ${record.Type} with DNS name ${shownName(record.Name)} is not permitted because a conflicting RRSet of type ${record.Type === 'CNAME' ? others[0]!.Type : 'CNAME'} with the same DNS name already exists in zone ${shownName(zone.name)}.`);
      continue;
    }
    if (at >= 0) records[at] = record;
    else records.push(record);
  }
  if (errors.length) throw new AwsError('InvalidChangeBatch', 400, errors.join(', '));
  return records.sort(compareRecords);
}

function changeResourceRecordSets(ctx: RequestContext): HandlerResult {
  const zone = zoneOf(ctx);
  const req = parseRequest(ctx.rawBody, 'ChangeResourceRecordSetsRequest');
  const batch = req.ChangeBatch as Record<string, any> | undefined;
  if (!batch) throw invalidInput("1 validation error detected: Value null at 'changeBatch' failed to satisfy constraint: Member must not be null");
  const raw = (batch.Changes?.Change ?? []) as Record<string, any>[];
  if (raw.length === 0) throw invalidInput("1 validation error detected: Value '[]' at 'changeBatch.changes' failed to satisfy constraint: Member must have length greater than or equal to 1");
  if (raw.length > MAX_CHANGES) throw invalidBatch(`Number of records limit of ${MAX_CHANGES} exceeded.`);
  const changes = raw.map((c) => {
    const action = text(c.Action)?.trim() ?? '';
    if (!['CREATE', 'DELETE', 'UPSERT'].includes(action)) {
      throw invalidInput(`1 validation error detected: Value '${action}' at 'changeBatch.changes.member.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]`);
    }
    return { action, record: parseRecordSet(c.ResourceRecordSet, action) };
  });
  checkBatchSize(changes);
  zone.records = applyBatch(zone, changes);
  const change = recordChange(ctx, text(batch.Comment));
  return xml(el('ChangeResourceRecordSetsResponse', changeNode(change, 'PENDING')));
}

function pageSize(ctx: RequestContext, max: number): number {
  const raw = ctx.query.get('maxitems');
  if (raw === null) return max;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalidInput(`Invalid value for parameter maxitems: ${raw}`);
  return Math.min(n, max);
}

function listResourceRecordSets(ctx: RequestContext): HandlerResult {
  const zone = zoneOf(ctx);
  const name = ctx.query.get('name');
  const type = ctx.query.get('type');
  const identifier = ctx.query.get('identifier');
  if (type !== null && name === null) throw invalidInput('The input is not valid: type requires name');
  if (type !== null && !RR_TYPES.has(type)) throw invalidInput(`Invalid type: ${type}`);
  const max = pageSize(ctx, 300);
  const sorted = [...zone.records].sort(compareRecords);
  const start = name === null ? 0 : sorted.findIndex((r) => {
    const k = ascii(sortKey(r.Name), sortKey(normaliseName(name)));
    if (k !== 0) return k > 0;
    if (type === null) return true;
    const t = ascii(r.Type, type);
    return t > 0 || (t === 0 && ascii(r.SetIdentifier ?? '', identifier ?? '') >= 0);
  });
  const from = start < 0 ? sorted.length : start;
  const page = sorted.slice(from, from + max);
  const next = sorted[from + max];
  return xml(el('ListResourceRecordSetsResponse',
    el('ResourceRecordSets', page.map(recordNode)),
    el('IsTruncated', next !== undefined),
    next ? el('NextRecordName', shownName(next.Name)) : undefined,
    next ? el('NextRecordType', next.Type) : undefined,
    next?.SetIdentifier !== undefined ? el('NextRecordIdentifier', next.SetIdentifier) : undefined,
    el('MaxItems', max)));
}

function createHostedZone(ctx: RequestContext): HandlerResult {
  const req = parseRequest(ctx.rawBody, 'CreateHostedZoneRequest');
  const name = text(req.Name);
  const callerReference = text(req.CallerReference);
  if (!name) throw invalidInput("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  if (!callerReference) throw invalidInput("1 validation error detected: Value null at 'callerReference' failed to satisfy constraint: Member must not be null");
  const cfg = (req.HostedZoneConfig ?? {}) as Record<string, unknown>;
  const vpcRaw = (Array.isArray(req.VPC) ? req.VPC[0] : req.VPC) as Record<string, unknown> | undefined;
  if (bool(cfg.PrivateZone) && !vpcRaw) throw invalidInput('When you\'re creating a private hosted zone (when you specify true for PrivateZone), you must also specify values for VPCId and VPCRegion.');
  const zone = createZone(ctx.state, {
    name, callerReference,
    ...(text(cfg.Comment) !== undefined ? { comment: text(cfg.Comment)! } : {}),
    ...(vpcRaw ? { vpc: { VPCRegion: text(vpcRaw.VPCRegion) ?? ctx.region, VPCId: text(vpcRaw.VPCId) ?? '' } } : {}),
  });
  const change = recordChange(ctx);
  return xml(el('CreateHostedZoneResponse', zoneNode(zone), changeNode(change, 'PENDING'), delegationNode(zone),
    zone.vpcs ? el('VPC', el('VPCRegion', zone.vpcs[0]!.VPCRegion), el('VPCId', zone.vpcs[0]!.VPCId)) : undefined),
  201, { Location: `https://route53.amazonaws.com/2013-04-01/hostedzone/${zone.id}` });
}

function getHostedZone(ctx: RequestContext): HandlerResult {
  const zone = zoneOf(ctx);
  return xml(el('GetHostedZoneResponse', zoneNode(zone), delegationNode(zone),
    zone.vpcs ? el('VPCs', zone.vpcs.map((v) => el('VPC', el('VPCRegion', v.VPCRegion), el('VPCId', v.VPCId)))) : undefined));
}

function deleteHostedZone(ctx: RequestContext): HandlerResult {
  const zone = zoneOf(ctx);
  if (zone.records.some((r) => !(r.Name === zone.name && (r.Type === 'SOA' || r.Type === 'NS')))) {
    throw new AwsError('HostedZoneNotEmpty', 400, 'The specified hosted zone contains non-required resource record sets and so cannot be deleted.');
  }
  delete store(ctx).zones[zone.id];
  return xml(el('DeleteHostedZoneResponse', changeNode(recordChange(ctx), 'PENDING')));
}

const byName = (a: Zone, b: Zone) => ascii(sortKey(a.name), sortKey(b.name)) || ascii(a.id, b.id);

function listHostedZones(ctx: RequestContext): HandlerResult {
  const max = pageSize(ctx, 100);
  const marker = ctx.query.get('marker');
  const type = ctx.query.get('hostedzonetype');
  const zones = Object.values(store(ctx).zones)
    .filter((z) => type === null || (type === 'PrivateHostedZone' && z.privateZone))
    .sort((a, b) => ascii(a.id, b.id));
  const from = marker === null ? 0 : zones.findIndex((z) => z.id >= marker);
  const start = from < 0 ? zones.length : from;
  const page = zones.slice(start, start + max);
  const next = zones[start + max];
  return xml(el('ListHostedZonesResponse', el('HostedZones', page.map(zoneNode)), el('Marker', marker ?? ''),
    el('IsTruncated', next !== undefined), next ? el('NextMarker', next.id) : undefined, el('MaxItems', max)));
}

function listHostedZonesByName(ctx: RequestContext): HandlerResult {
  const max = pageSize(ctx, 100);
  const dnsName = ctx.query.get('dnsname');
  const zoneId = ctx.query.get('hostedzoneid');
  if (zoneId !== null && dnsName === null) throw invalidInput('The input is not valid: hostedzoneid requires dnsname');
  const zones = Object.values(store(ctx).zones).sort(byName);
  let start = 0;
  if (dnsName !== null) {
    const name = normaliseName(dnsName);
    checkDomainName(name, 'DNS name');
    const key = sortKey(name);
    start = zones.findIndex((z) => {
      const k = ascii(sortKey(z.name), key);
      return k > 0 || (k === 0 && (zoneId === null || z.id >= zoneId));
    });
    if (start < 0) start = zones.length;
  }
  const page = zones.slice(start, start + max);
  const next = zones[start + max];
  return xml(el('ListHostedZonesByNameResponse', el('HostedZones', page.map(zoneNode)),
    dnsName !== null ? el('DNSName', dnsName) : undefined, zoneId !== null ? el('HostedZoneId', zoneId) : undefined,
    el('IsTruncated', next !== undefined),
    next ? el('NextDNSName', shownName(next.name)) : undefined, next ? el('NextHostedZoneId', next.id) : undefined,
    el('MaxItems', max)));
}

function getChange(ctx: RequestContext): HandlerResult {
  const id = (ctx.params.Id ?? '').replace(/^\/?change\//, '');
  const c = store(ctx).changes[id];
  if (!c) throw new AwsError('NoSuchChange', 404, `A change with the specified change ID does not exist: ${id}`);
  return xml(el('GetChangeResponse', changeNode(c, statusOf(ctx, c))));
}

const V = '/2013-04-01';
export const route53Routes: Route[] = [
  { method: 'POST', path: `${V}/hostedzone`, operation: 'CreateHostedZone', rawBody: true, handler: createHostedZone },
  { method: 'GET', path: `${V}/hostedzone`, operation: 'ListHostedZones', handler: listHostedZones },
  { method: 'GET', path: `${V}/hostedzonesbyname`, operation: 'ListHostedZonesByName', handler: listHostedZonesByName },
  { method: 'GET', path: `${V}/hostedzone/{Id}`, operation: 'GetHostedZone', handler: getHostedZone },
  { method: 'DELETE', path: `${V}/hostedzone/{Id}`, operation: 'DeleteHostedZone', handler: deleteHostedZone },
  { method: 'GET', path: `${V}/hostedzone/{Id}/rrset`, operation: 'ListResourceRecordSets', handler: listResourceRecordSets },
  { method: 'POST', path: `${V}/hostedzone/{Id}/rrset`, operation: 'ChangeResourceRecordSets', rawBody: true, handler: changeResourceRecordSets },
  { method: 'GET', path: `${V}/change/{Id}`, operation: 'GetChange', handler: getChange },
];
