import { OWNERSHIP_TAG, type Entity, type EntityKey, type EntityKind, type Model } from './model.js';

/**
 * Which account-wide lists a plan reads. Each list (GetApiKeys, GetUsagePlans, GetDomainNames,
 * GetClientCertificates, both GetVpcLinks, apigatewayv2's GetApis) is how a plan finds an owned
 * object that no spec names any more, to delete it; a set that has never owned an object of the
 * list's kind reads it for nothing (7 of the 19 calls of a plan of one REST API of 5,000 methods).
 *
 * So the set's APIs record the lists it has objects in: the tag `apigw-sync:lists` (LISTS_TAG) on
 * each API the set owns, e.g. `api-keys usage-plans`, `none` for no list. A list is written there
 * before the first object of its kind is created or adopted (in the same op, before that call,
 * record-lists.ts), and left out by the op that deletes the set's last objects there (after that
 * call); a record written anew leaves out the lists its plan read and found without the set's
 * objects (no record is written for that alone). A plan trusts the record when the set owns an
 * API that a spec names and every owned API carries a readable one (recordedLists); then it reads
 * the lists the record names and those the specs need (a spec that declares API keys reads
 * GetApiKeys: a key of that name may exist, owned or not). Otherwise (no such API, an API created
 * before the record, a tag removed by hand) it reads every list, as before.
 */
export const LISTS_TAG = 'apigw-sync:lists';

export type AccountList = 'api-keys' | 'usage-plans' | 'domain-names' | 'client-certificates' | 'vpc-links' | 'v2-vpc-links' | 'v2-apis';

export const ACCOUNT_LISTS: readonly AccountList[] = ['api-keys', 'usage-plans', 'domain-names', 'client-certificates', 'vpc-links', 'v2-vpc-links', 'v2-apis'];

const LIST_OF: Partial<Record<EntityKind, AccountList>> = {
  'api-key': 'api-keys',
  'usage-plan': 'usage-plans',
  'domain-name': 'domain-names',
  'v2-domain-name': 'domain-names',
  'client-certificate': 'client-certificates',
  'vpc-link': 'vpc-links',
  'v2-vpc-link': 'v2-vpc-links',
  'http-api': 'v2-apis',
  'websocket-api': 'v2-apis',
};

/** The list an object of this kind is found in, when it is a top-level object of an account-wide list. */
export const listOf = (kind: EntityKind): AccountList | undefined => LIST_OF[kind];

const KNOWN = new Set<string>(ACCOUNT_LISTS);

/** The lists a tag value names; undefined when absent or not ours to read (then nothing is trusted). */
export function parseLists(value: unknown): Set<AccountList> | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === 'none') return new Set();
  const names = value.split(' ');
  return names.every((n) => KNOWN.has(n)) ? new Set(names as AccountList[]) : undefined;
}

export function formatLists(lists: Iterable<AccountList>): string {
  const sorted = [...new Set(lists)].sort();
  return sorted.length ? sorted.join(' ') : 'none';
}

type Tags = Record<string, string> | undefined;

/**
 * The lists the owned APIs record: their union, when the set owns an API that a spec names (an
 * API every spec dropped is deleted, and its record with it) and every owned API carries the tag;
 * otherwise undefined (read every list).
 */
export function recordedLists(apis: { name?: unknown; tags?: Tags }[], owner: string, named: string[]): Set<AccountList> | undefined {
  const owned = apis.filter((a) => a.tags?.[OWNERSHIP_TAG] === owner);
  const names = new Set(named);
  if (!owned.some((a) => names.has(String(a.name)))) return undefined;
  const out = new Set<AccountList>();
  for (const a of owned) {
    const lists = parseLists(a.tags?.[LISTS_TAG]);
    if (!lists) return undefined;
    for (const l of lists) out.add(l);
  }
  return out;
}

/** What a model's objects need: the lists they are found in (`has`), and the lists a plan reads for them (`reads`, a superset). */
export interface ListNeeds {
  has: Set<AccountList>;
  reads: Set<AccountList>;
}

/**
 * One pass over entities (desired or live): the lists their kinds are found in; and both VPC link
 * lists when an integration goes through a link (only the lists turn a link's name into its id
 * and back), the certificates when a stage names one. Adds to `into` when given.
 */
export function listNeeds(entities: Iterable<Entity>, into: ListNeeds = { has: new Set(), reads: new Set() }): ListNeeds {
  for (const e of entities) {
    const l = LIST_OF[e.kind];
    if (l) {
      // A VPC link an integration uses but the set does not own is read, never the set's.
      if (e.meta?.external !== 'true') into.has.add(l);
      into.reads.add(l);
      continue;
    }
    if (e.kind === 'integration' || e.kind === 'v2-integration') {
      const a = e.attrs;
      if (a.vpcLink !== undefined || a.connectionType === 'VPC_LINK') {
        into.reads.add('vpc-links');
        into.reads.add('v2-vpc-links');
      }
    } else if ((e.kind === 'stage' || e.kind === 'v2-stage') && (e.attrs.clientCertificate !== undefined || e.attrs.clientCertificateId !== undefined)) {
      into.reads.add('client-certificates');
    }
  }
  return into;
}

/**
 * The lists a plan reads, given what the owned APIs record (undefined: all) and what the desired
 * and live objects read so far need: the recorded lists, and those the objects need whatever the
 * record says (a declared object's list: one of that name may exist, owned or not, to adopt or to
 * block); and apigatewayv2's APIs whenever usage plans or domains are read (a plan names
 * WebSocket stages, a domain maps HTTP APIs, by their ids).
 */
export function listsToRead(recorded: Set<AccountList> | undefined, ...needs: ListNeeds[]): Set<AccountList> {
  if (!recorded) return new Set(ACCOUNT_LISTS);
  const out = new Set(recorded);
  for (const n of needs) for (const l of n.reads) out.add(l);
  if (out.has('usage-plans') || out.has('domain-names')) out.add('v2-apis');
  return out;
}

/**
 * What the owned APIs should record after this plan: the lists of the desired objects and of the
 * owned live objects read, and the recorded lists this plan did not read. Undefined when neither
 * a trusted record nor a read of every list says where the set's objects are (a targeted plan of
 * a set without a record): then nothing is recorded.
 */
export function listsToRecord(recorded: Set<AccountList> | undefined, read: Set<AccountList>, desiredHas: Set<AccountList>, live: Iterable<Entity>): Set<AccountList> | undefined {
  if (!recorded && !ACCOUNT_LISTS.every((l) => read.has(l))) return undefined;
  const out = new Set(desiredHas);
  for (const l of recorded ?? []) if (!read.has(l)) out.add(l);
  for (const l of listNeeds(live).has) if (read.has(l)) out.add(l);
  return out;
}

/**
 * The lists of the record that could be left out once this plan has run: read by it, no desired
 * object in them; with the keys of the set's live objects there (the plan must delete them all).
 */
export function droppableLists(record: Set<AccountList>, read: Set<AccountList>, desiredHas: Set<AccountList>, live: Iterable<Entity>): Partial<Record<AccountList, EntityKey[]>> {
  const out: Partial<Record<AccountList, EntityKey[]>> = {};
  for (const l of record) if (read.has(l) && !desiredHas.has(l)) out[l] = [];
  for (const e of live) {
    const l = LIST_OF[e.kind];
    if (l && out[l] && e.meta?.external !== 'true') out[l].push(e.key);
  }
  return out;
}

/** What a plan records in LISTS_TAG: the value, and the owned APIs that specs name with what each carries now. */
export interface ListsRecord {
  /** The value to record; absent when the plan cannot tell (then only lists are added to a record, never dropped). */
  record?: string;
  apis: { key: EntityKey; id: string; current?: string }[];
  /** With `record`: lists it holds that no desired object is in, with the set's live objects there (droppableLists). */
  droppable?: Partial<Record<AccountList, EntityKey[]>>;
}
