import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ClientSource } from './client-source.js';
import type { SpecSet } from '../schema/index.js';
import { stableHash } from './canonical.js';
import { desiredRestApi } from './desired-rest.js';
import { resolveStagePins } from './pins.js';
import { SEP, restApiKey, segment } from './keys.js';
import { liveRestApiEntities } from './live-rest.js';
import { OWNERSHIP_TAG, ownerTagValue, type Entity, type EntityKey, type Model } from './model.js';
import { matchApis, takenDomainNames } from './ownership.js';
import { planChanges } from './plan.js';
import { entitiesOf, whileUnchanged } from './entity-list.js';
import { chooseBulkWrites } from './bulk.js';
import { keepUnclearableSettings } from './v2/unclearable.js';
import type { Plan } from './plan-types.js';
import { listRestApis, readRestApi } from './read-live-rest.js';
import { clientCertificateKey, desiredAccountEntities, NAME_TAG } from './desired-account.js';
import { liveAccountEntities, nameLiveCertificates } from './live-account.js';
import { listAccountObjects, listCertificates, readAccessAssociations, readBasePathMappings, readUsagePlanKeys } from './read-live-account.js';
import { toModel } from './rest-builder.js';
import { desiredV2Entities } from './v2/desired.js';
import { desiredV2Domains, v2DomainNames } from './v2/domains.js';
import { readV2Live } from './v2/read-live.js';
import { listV2Apis } from './v2/read.js';
import { v2ApiKey } from './v2/keys.js';
import { webSocketStageRefs } from './v2/usage-plan-refs.js';
import { readVpcLinks } from './read-vpc-links.js';
import { droppableLists, formatLists, listNeeds, listsToRead, listsToRecord, recordedLists, LISTS_TAG, type AccountList, type ListsRecord } from './account-lists.js';
import { addVpcLinkRefs, desiredVpcLinks, nameLiveConnections } from './vpc-links.js';
import { planLambdaPermissions } from './plan-lambda-permissions.js';
import { readDns } from './read-dns.js';
import { desiredAccountSettings, readAccountSettings } from './account-settings.js';
import { alignRoutingRules, evaluatesRules, readRoutingRules } from './routing-rules.js';

/**
 * Planning's entry point: read the live state the spec set owns, turn both sides into the
 * canonical model and plan. The CLI renders the plan and apply executes it.
 */
export interface PlanOptions {
  /** Take over an API that matches a spec by name but lacks the ownership tag. */
  adopt?: boolean;
  /** Allow deleting whole APIs and stages (otherwise those ops are `blocked`). */
  allowDestroy?: boolean;
  /** Create an object of a spec's name although an untagged one has it (otherwise the create is blocked). */
  allowDuplicateName?: boolean;
  /** Address prefix (`rest-api petstore` or `rest-api petstore / resource /users`). */
  target?: string;
  environment?: string;
  /**
   * `apigw-sync promote --stage NAME`: plan only the promotion of that stage's canaries;
   * `promote --from A --to B` (`{ from, to }`): only pinned stage B taking A's deployment.
   */
  promote?: string | { from: string; to: string };
  /** `--no-bulk`: every write one call per object, never ImportRestApi/PutRestApi. */
  noBulk?: boolean;
}

export interface ComputePlanInput {
  specSet: SpecSet;
  /**
   * Without `lambda`, invoke permissions are not managed (the plan prints the commands instead);
   * without `route53`, alias records are not. Those two may be given as functions that make the
   * client: called only when the set has functions whose policies to read, or zones to read.
   */
  clients: { apigateway: APIGatewayClient; apigatewayv2?: ApiGatewayV2Client; lambda?: ClientSource<LambdaClient>; route53?: ClientSource<Route53Client> };
  options?: PlanOptions;
  /** Where API key values (`${env:NAME}`) are read from; default process.env. Only digests are kept. */
  env?: NodeJS.ProcessEnv;
}

export interface ComputedPlan {
  plan: Plan;
  desired: Model;
  live: Model;
}

/** The desired model of a spec set: REST, HTTP and WebSocket APIs and the account-level objects. */
export function desiredModel(specSet: SpecSet, env: NodeJS.ProcessEnv = process.env): Model {
  const entities = [
    ...Object.entries(specSet.restApis).flatMap(([name, spec]) => desiredRestApi(name, spec, specSet.region)),
    ...desiredV2Entities(specSet),
    ...desiredAccountEntities(withoutV2Domains(specSet), env),
    ...desiredV2Domains(specSet),
    ...desiredVpcLinks(specSet),
    ...desiredAccountSettings(specSet),
  ];
  addVpcLinkRefs(entities);
  // A stage that names a client certificate waits for it (and the certificate's delete for the stage).
  for (const e of entities) {
    if (e.kind === 'stage' && typeof e.attrs.clientCertificate === 'string') e.refs = [...(e.refs ?? []), clientCertificateKey(e.attrs.clientCertificate)];
  }
  return toModel(entities);
}

/** Domains that map HTTP/WebSocket stages are apigatewayv2 domains (v2/domains.ts), not the REST planner's. */
function withoutV2Domains(specSet: SpecSet): SpecSet {
  const v2 = v2DomainNames(specSet);
  return v2.size ? { ...specSet, domains: Object.fromEntries(Object.entries(specSet.domains).filter(([n]) => !v2.has(n))) } : specSet;
}

/** The lists readAccount reads (apigateway's account-level objects). */
const ACCOUNT_WIDE = new Set<AccountList>(['api-keys', 'usage-plans', 'domain-names', 'client-certificates']);

const ACCOUNT_TARGET = /^(api-key|usage-plan|domain-name)[ :]/;

/** The API name a target address points into (`rest-api petstore / ...` -> petstore). */
function targetApi(target?: string): string | undefined {
  const first = target?.trim().split(SEP)[0];
  const m = first ? /^rest-api[ :](.+)$/.exec(first) : null;
  return m?.[1];
}

/** The HTTP/WebSocket API name a target address points into (`http-api orders / ...` -> orders). */
function targetV2Api(target?: string): string | undefined {
  const first = target?.trim().split(SEP)[0];
  const m = first ? /^(http-api|websocket-api)[ :](.+)$/.exec(first) : null;
  return m?.[2];
}

async function endpointOf(client: APIGatewayClient): Promise<string | undefined> {
  const ep = (client.config as { endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }> }).endpoint;
  if (typeof ep !== 'function') return undefined;
  const e = await ep();
  return `${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}${e.path === '/' ? '' : e.path}`;
}

export async function computePlan({ specSet, clients, options = {}, env = process.env }: ComputePlanInput): Promise<ComputedPlan> {
  const client = clients.apigateway;
  const region = specSet.region ?? (await client.config.region());
  // The set with its region resolved: ownership errors name ARNs with it.
  const located: SpecSet = { ...specSet, region };
  const desired = desiredModel(specSet, env);
  const only = targetApi(options.target);
  const accountTarget = options.target !== undefined && ACCOUNT_TARGET.test(options.target.trim());
  const onlyV2 = targetV2Api(options.target);
  const names = Object.keys(specSet.restApis).filter((n) => (only === undefined && onlyV2 === undefined) || n === only);
  const liveApis = await listRestApis(client);
  const owner = ownerTagValue(specSet.name, specSet.environment);
  const owned = ownedBy(owner);
  const blocks = options.allowDuplicateName !== true;
  const match = matchApis(located, names, liveApis, options.adopt === true, 'REST API', blocks);
  const entities: Entity[] = [];
  // One API after the other: each read is a burst of parallel calls already.
  for (const api of match.matched.values()) {
    entities.push(...liveRestApiEntities(accountTarget ? shallow(api) : await readRestApi(client, api)));
  }
  // An owned API no spec names is deleted whole (DeleteRestApi takes everything under it), so
  // what GetRestApis said about it is all the plan needs.
  for (const api of match.orphans.filter((a) => (only === undefined && onlyV2 === undefined) || a.name === only)) entities.push(...liveRestApiEntities(shallow(api)));
  const adopted = match.adopted.map(restApiKey);
  const adoptedFrom: Record<EntityKey, string> = Object.fromEntries([...match.retagged].map(([n, old]) => [restApiKey(n), old]));
  const notices = [...match.notices];
  const unownedNames: EntityKey[] = match.unowned.map(restApiKey);
  const takenNames: EntityKey[] = [];
  const wholeSet = only === undefined && onlyV2 === undefined;
  let v1DomainNames = new Set<string>();
  // The account-wide lists: those the owned APIs record, those the specs need (account-lists.ts).
  const restRecord = recordedLists(liveApis, owner, Object.keys(specSet.restApis));
  const desiredNeeds = listNeeds(entitiesOf(desired));
  const liveNeeds = listNeeds(entities);
  const readV2 = clients.apigatewayv2 !== undefined && only === undefined && listsToRead(restRecord, desiredNeeds, liveNeeds).has('v2-apis');
  const liveV2Apis = clients.apigatewayv2 && readV2 ? await listV2Apis(clients.apigatewayv2) : [];
  const recorded = readV2 ? recordedLists([...liveApis, ...liveV2Apis.map((a) => ({ name: a.Name, tags: a.Tags }))], owner, [...Object.keys(specSet.restApis), ...Object.keys(specSet.httpApis ?? {}), ...Object.keys(specSet.webSocketApis ?? {})]) : restRecord;
  const read = new Set<AccountList>(readV2 ? ['v2-apis'] : []);
  if (wholeSet) {
    // Usage plans name WebSocket API stages too: their ids are named from GetApis.
    const named = [...liveApis, ...liveV2Apis.filter((a) => a.ProtocolType === 'WEBSOCKET').map((a) => ({ id: a.ApiId, name: a.Name }))];
    // The APIs whose stages a usage plan of ours may add or remove: those the specs name, and those
    // the set owns (a destroy detaches their stages before deleting them).
    const ours = new Set([
      ...Object.keys(specSet.restApis), ...Object.keys(specSet.webSocketApis), ...match.matched.keys(),
      ...liveApis.filter((a) => owned(a.tags)).map((a) => String(a.name)),
      ...liveV2Apis.filter((a) => owned(a.Tags)).map((a) => String(a.Name)),
    ]);
    // A domain's base path mappings may name HTTP/WebSocket APIs (one collection with its API mappings).
    const v2Keys = new Map(liveV2Apis.map((a) => [String(a.ApiId), v2ApiKey(a.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP', String(a.Name))]));
    const lists = new Set([...listsToRead(recorded, desiredNeeds, liveNeeds)].filter((l) => ACCOUNT_WIDE.has(l)));
    for (const l of lists) read.add(l);
    const account = await readAccount(client, located, named, options.adopt === true, blocks, ours, lists, clients.apigatewayv2, v2Keys);
    const wsNames = new Set(liveV2Apis.filter((a) => a.ProtocolType === 'WEBSOCKET').map((a) => String(a.Name)));
    entities.push(...webSocketStageRefs(account.entities, wsNames, new Set(liveApis.map((a) => String(a.name)))));
    adopted.push(...account.adopted);
    Object.assign(adoptedFrom, account.adoptedFrom);
    notices.push(...account.notices);
    unownedNames.push(...account.unowned);
    takenNames.push(...account.taken);
    v1DomainNames = account.domainNames;
  } else if (Object.values(desired.entities).some((e) => (e.kind === 'stage' || e.kind === 'v2-stage') && e.attrs.clientCertificate !== undefined)) {
    // A targeted plan still names the certificates its stages use (their ids are looked up here).
    read.add('client-certificates');
    const certs = (await listCertificates(client)).filter((c) => c.tags?.[NAME_TAG] && c.tags?.[OWNERSHIP_TAG] === ownerTagValue(specSet.name, specSet.environment));
    entities.push(...liveAccountEntities({ apiKeys: [], usagePlans: [], domains: [], restApiNames: new Map(),
      clientCertificates: certs.map((c) => ({ ...c, name: String(c.tags[NAME_TAG]) })) }));
  }
  if (clients.apigatewayv2 && only === undefined) {
    const v2 = await readV2Live(clients.apigatewayv2, liveV2Apis, located, desired, {
      adopt: options.adopt === true, blocksDuplicate: blocks, ...(onlyV2 !== undefined ? { only: onlyV2 } : {}), withDomains: wholeSet, v1DomainNames,
    });
    entities.push(...v2.entities);
    listNeeds(v2.entities, liveNeeds);
    adopted.push(...v2.adopted);
    Object.assign(adoptedFrom, v2.adoptedFrom);
    notices.push(...v2.notices);
    unownedNames.push(...v2.unowned);
    takenNames.push(...v2.taken);
  }
  // REST and WebSocket stages name the set's certificates by name once both services are read.
  nameLiveCertificates(entities);
  // Every plan reads the links it needs, even a targeted one (whose filter drops the ops of other
  // objects): integrations name them, and only the links turn a connectionId into a name. Those
  // are the recorded lists and, whatever the record, both lists when an integration uses a link.
  const linkLists = new Set([...listsToRead(recorded, desiredNeeds, liveNeeds)].filter((l) => l === 'vpc-links' || (l === 'v2-vpc-links' && clients.apigatewayv2)));
  for (const l of linkLists) read.add(l);
  const links = await readVpcLinks(clients, located, desired, options.adopt === true, linkLists);
  nameLiveConnections(entities, links.entities);
  entities.push(...links.entities);
  adopted.push(...links.adopted);
  Object.assign(adoptedFrom, links.adoptedFrom);
  notices.push(...links.notices);
  // The account's settings: read only when the set declares them (never cleared otherwise).
  if (specSet.account && wholeSet) entities.push(await readAccountSettings(client, specSet.account));
  const permissions = clients.lambda
    ? await planLambdaPermissions({ client: clients.lambda, specSet, desired, live: entities, region, owner, formerly: specSet.formerly ? desiredModel(specSet.formerly, env) : undefined })
    : undefined;
  if (permissions) {
    entities.push(...permissions.live);
    for (const e of permissions.desired) desired.entities[e.key] = e;
    notices.push(...permissions.notices);
  }
  alignRoutingRules(desired, entities);
  // The domains' alias records: read (and compared) only in plans of the whole set, where the domains are.
  const dns = clients.route53 && wholeSet
    ? await readDns({ client: clients.route53, specSet, live: entities, owner, adopt: options.adopt === true })
    : undefined;
  if (dns) {
    entities.push(...dns.live);
    for (const e of dns.desired) desired.entities[e.key] = e;
  }
  const toRecord = listsToRecord(recorded, read, desiredNeeds.has, entities);
  const lists = listsOfOwnedApis(toRecord, owner, specSet, liveApis, liveV2Apis);
  if (toRecord) lists.droppable = droppableLists(toRecord, read, desiredNeeds.has, entities);
  const live = toModel(entities);
  const environment = options.environment ?? specSet.environment;
  const endpoint = await endpointOf(client);
  // From here planning is synchronous and adds no entity to either model: each is listed once.
  return whileUnchanged([desired, live], () => planFrom({ specSet, options, desired, live, notices, region, owner, environment, endpoint, adopted, adoptedFrom, unownedNames, takenNames, dns, lists }));
}

function planFrom(o: {
  specSet: SpecSet; options: PlanOptions; desired: Model; live: Model; notices: string[]; region: string; owner: string; environment: string | undefined;
  endpoint: string | undefined; adopted: EntityKey[]; adoptedFrom: Record<EntityKey, string>; unownedNames: EntityKey[]; takenNames: EntityKey[]; dns: { adopt: Set<EntityKey> } | undefined;
  lists: ListsRecord;
}): ComputedPlan {
  const { specSet, options, desired, live, notices, region, owner, environment, endpoint, adopted, adoptedFrom, unownedNames, dns } = o;
  const kept = keepUnclearableSettings(resolveStagePins(desired, live), live);
  notices.push(...kept.notices);
  // Stage pins and unclearable settings may have made a new desired model: listed once too.
  return whileUnchanged([kept.desired], () => planKept(kept.desired, o));
}

function planKept(desired: Model, o: Parameters<typeof planFrom>[0]): ComputedPlan {
  const { specSet, options, live, notices, region, owner, environment, endpoint, adopted, adoptedFrom, unownedNames, takenNames, dns, lists } = o;
  const perObject = planChanges({
    desired,
    live,
    specSet: specSet.name,
    owner,
    region,
    ...(environment ? { environment } : {}),
    ...(endpoint ? { endpoint } : {}),
    adopted,
    adoptedFrom,
    ...(dns?.adopt.size ? { adoptRecords: [...dns.adopt] } : {}),
    allowDestroy: options.allowDestroy === true,
    unownedNames,
    takenNames,
    lists,
    ...(options.allowDuplicateName ? { allowDuplicateName: true } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.promote !== undefined ? { promote: options.promote } : {}),
    // Worked out only if read (saved plans, JSON output, drift): hashing every live object costs
    // a tenth of a large plan, and most plans are only shown.
    liveFingerprint: () => fingerprintLive(live),
    createdAt: new Date().toISOString(),
    notices,
  });
  const plan = options.noBulk || options.promote !== undefined ? perObject : chooseBulkWrites({ plan: perObject, desired, live });
  return { plan, desired, live };
}

/** Whether an object's tags say it is this owner's (the set and environment's ownership tag). */
const ownedBy = (owner: string) => (tags: unknown): boolean => (tags as Record<string, string> | undefined)?.[OWNERSHIP_TAG] === owner;

/**
 * What the plan records in the tag LISTS_TAG (account-lists.ts): the lists, and the owned APIs
 * that specs name, each with what it records now (an API to delete needs no record).
 */
function listsOfOwnedApis(record: Set<AccountList> | undefined, owner: string, specSet: SpecSet, rest: Record<string, any>[], v2: Record<string, any>[]): ListsRecord {
  const owned = ownedBy(owner);
  const apis: ListsRecord['apis'] = [];
  for (const a of rest) {
    if (!owned(a.tags) || !specSet.restApis[String(a.name)]) continue;
    apis.push({ key: restApiKey(String(a.name)), id: String(a.id), ...(typeof a.tags[LISTS_TAG] === 'string' ? { current: String(a.tags[LISTS_TAG]) } : {}) });
  }
  for (const a of v2) {
    const ws = a.ProtocolType === 'WEBSOCKET';
    if (!owned(a.Tags) || !(ws ? specSet.webSocketApis : specSet.httpApis)?.[String(a.Name)]) continue;
    apis.push({ key: v2ApiKey(ws ? 'WEBSOCKET' : 'HTTP', String(a.Name)), id: String(a.ApiId), ...(typeof a.Tags[LISTS_TAG] === 'string' ? { current: String(a.Tags[LISTS_TAG]) } : {}) });
  }
  return { ...(record ? { record: formatLists(record) } : {}), apis };
}

function shallow(api: Record<string, unknown>) {
  return { api, resources: [], authorizers: [], models: [], requestValidators: [], gatewayResponses: [], stages: [], deployments: [] };
}

/** API keys, usage plans and domains the spec set owns (or adopts), with their keys and mappings. */
async function readAccount(
  client: APIGatewayClient, specSet: SpecSet, liveApis: Record<string, unknown>[], adopt: boolean, blocks: boolean, ours: Set<string>, read: ReadonlySet<AccountList>,
  v2?: ApiGatewayV2Client, v2ApiKeys?: Map<string, EntityKey>,
) {
  const lists = await listAccountObjects(client, read);
  // Domains that map HTTP/WebSocket stages are read through apigatewayv2 (AWS lists them here too).
  const v2Domains = v2DomainNames(specSet);
  const domainNames = new Set(lists.domains.map((d) => String(d.domainName)));
  lists.domains = lists.domains.filter((d) => !v2Domains.has(String(d.domainName)));
  specSet = withoutV2Domains(specSet);
  const keys = matchApis(specSet, Object.keys(specSet.apiKeys), lists.apiKeys, adopt, 'API key', blocks);
  const plans = matchApis(specSet, Object.keys(specSet.usagePlans), lists.usagePlans, adopt, 'usage plan', blocks);
  // A private domain's name is not unique: messages name it `name+domainNameId`, as its ARN does.
  const publicNames = Object.keys(specSet.domains).filter((n) => specSet.domains[n]!.endpointType !== 'PRIVATE');
  const liveDomains: Record<string, any>[] = lists.domains.map((d) => ({ ...d, name: d.domainName, id: d.domainNameId ? `${String(d.domainName)}+${String(d.domainNameId)}` : d.domainName }));
  const domains = matchApis(specSet, Object.keys(specSet.domains), liveDomains, adopt, 'domain name', (n) => (publicNames.includes(n) && liveDomains.some((d) => d.name === n && !d.domainNameId) ? 'unique' : false));
  const taken = takenDomainNames(specSet, publicNames, domains, liveDomains.filter((d) => !d.domainNameId));
  // AWS names a certificate only by id: ours carry their name in a tag (one without is never ours).
  const certs = matchApis(specSet, Object.keys(specSet.clientCertificates ?? {}),
    lists.clientCertificates.filter((c) => c.tags?.[NAME_TAG]).map((c) => ({ ...c, name: c.tags[NAME_TAG] })), adopt, 'client certificate');
  const usagePlans = [];
  for (const p of plans.matched.values()) usagePlans.push({ ...p, keys: await readUsagePlanKeys(client, String(p.id)) });
  for (const p of plans.orphans) usagePlans.push({ ...p, keys: [] });
  const domainObjs: (Record<string, any> & { mappings: Record<string, any>[]; routingRules?: Record<string, any>[]; accessAssociations?: Record<string, any>[]; rejectedAssociations?: Record<string, any>[] })[] = [];
  // A domain to delete is still read for its mappings: the APIs they name must wait for it
  // (AWS refuses to delete an API a domain maps to).
  for (const d of [...domains.matched.values(), ...domains.orphans]) {
    domainObjs.push({ ...d, mappings: await readBasePathMappings(client, String(d.domainName), d.domainNameId ? String(d.domainNameId) : undefined) });
  }
  // Access associations: one listing, only when one of the set's live domains is private.
  if (domainObjs.some((d) => d.domainNameId)) {
    const associations = await readAccessAssociations(client);
    for (const d of domainObjs) if (d.domainNameId) d.accessAssociations = associations.get(String(d.domainNameArn)) ?? [];
  }
  // Other accounts' associations: read (one listing) only where a spec says which it accepts;
  // the others are rejected.
  const accepting = domainObjs.filter((d) => d.domainNameId && specSet.domains[String(d.domainName)]?.acceptedAssociations !== undefined);
  if (accepting.length) {
    const others = await readAccessAssociations(client, 'OTHER_ACCOUNTS');
    for (const d of accepting) {
      const accepted = new Set(specSet.domains[String(d.domainName)]?.acceptedAssociations ?? []);
      d.rejectedAssociations = (others.get(String(d.domainNameArn)) ?? []).filter((a) => !accepted.has(String(a.accessAssociationSource)));
    }
  }
  // Routing rules (apigatewayv2): read where the spec declares some or the domain evaluates them.
  for (const d of domainObjs) {
    const declared = (specSet.domains[String(d.domainName)]?.routingRules ?? []).length > 0;
    if (v2 && (declared || evaluatesRules(d.routingMode))) {
      d.routingRules = await readRoutingRules(v2, String(d.domainName), d.domainNameId ? String(d.domainNameId) : undefined);
    }
  }
  const entities = liveAccountEntities({
    apiKeys: [...keys.matched.values(), ...keys.orphans],
    usagePlans,
    domains: domainObjs,
    clientCertificates: [...certs.matched.values(), ...certs.orphans] as (Record<string, any> & { name: string })[],
    restApiNames: new Map(liveApis.map((a) => [String(a.id), String(a.name)])),
    ...(v2ApiKeys ? { v2ApiKeys } : {}),
  });
  keepForeignApiStages(entities, ours);
  return {
    entities,
    adopted: [
      ...keys.adopted.map((n) => `api-key:${n}`),
      ...plans.adopted.map((n) => `usage-plan:${n}`),
      ...domains.adopted.map((n) => `domain-name:${n}`),
      ...certs.adopted.map((n) => `client-certificate:${n}`),
    ],
    adoptedFrom: Object.fromEntries([
      ...[...keys.retagged].map(([n, old]) => [`api-key:${n}`, old]),
      ...[...plans.retagged].map(([n, old]) => [`usage-plan:${n}`, old]),
      ...[...domains.retagged].map(([n, old]) => [`domain-name:${n}`, old]),
      ...[...certs.retagged].map(([n, old]) => [`client-certificate:${n}`, old]),
    ]) as Record<EntityKey, string>,
    notices: [...keys.notices, ...plans.notices, ...domains.notices, ...certs.notices],
    unowned: [...keys.unowned.map((n) => `api-key:${n}`), ...plans.unowned.map((n) => `usage-plan:${n}`)],
    taken: taken.map((n) => `domain-name:${n}`),
    domainNames,
  };
}

/**
 * A usage plan can cover stages of APIs this spec set neither names nor owns (someone else's, in
 * an adopted plan): those stages are left as they are. They are taken out of what is compared
 * (no plan removes them, and no call needs the id of an API we never read), kept by id in
 * `meta.foreignApiStages` (a deletion of the plan detaches them with the rest).
 */
function keepForeignApiStages(entities: Entity[], ours: Set<string>): void {
  for (const e of entities) {
    if (e.kind !== 'usage-plan') continue;
    const stages = e.attrs.apiStages as Record<string, unknown> | undefined;
    if (!stages) continue;
    const foreign = Object.keys(stages).filter((ref) => !ref.startsWith('(unknown id') && !ours.has(ref.slice(0, ref.lastIndexOf('/'))));
    if (foreign.length === 0) continue;
    const kept = Object.fromEntries(Object.entries(stages).filter(([ref]) => !foreign.includes(ref)));
    if (Object.keys(kept).length > 0) e.attrs = { ...e.attrs, apiStages: kept };
    else {
      const { apiStages: _all, ...rest } = e.attrs;
      e.attrs = rest;
    }
    const foreignRefs = new Set(foreign.map((ref) => `${segment('rest-api', ref.slice(0, ref.lastIndexOf('/')))} / ${segment('stage', ref.slice(ref.lastIndexOf('/') + 1))}`));
    if (e.refs) e.refs = e.refs.filter((r) => !foreignRefs.has(r));
    e.meta = { ...e.meta, foreignApiStages: foreign.sort().join(',') };
  }
}

/**
 * A stable hash of the live state's canonical form (keys, attrs and ids): equal for equal live
 * states whatever order AWS listed them in, different as soon as anything planned on changes.
 */
export function fingerprintLive(live: Model): string {
  const entries = Object.keys(live.entities)
    .sort()
    .map((k) => {
      const e = live.entities[k] as Entity;
      return [k, e.attrs, e.ids ?? {}, e.meta ?? {}];
    });
  return `sha256:${stableHash(entries)}`;
}

export type { Plan, PlannedOp, AwsCall, FieldChange, Action, Reason } from './plan-types.js';
export type { Model, Entity } from './model.js';
export { planChanges } from './plan.js';
