import { childKey, segment } from './keys.js';
import { foldArns, withoutOwnershipTag } from './live-rest.js';
import { DNS_ZONE_TAG, type Entity, type EntityKind } from './model.js';
import { normaliseAttrs } from './rest-normalise.js';
import { liveRoutingRules } from './routing-rules.js';

/**
 * What the reader fetched of the account-level objects a spec set owns, in AWS's shapes, and its
 * pure conversion into live entities. API key values arrive here already replaced by their digest.
 */
type Obj = Record<string, any>;

export interface RawAccount {
  apiKeys: Obj[];
  /** Each usage plan with the keys attached to it (GetUsagePlanKeys). */
  usagePlans: (Obj & { keys: Obj[] })[];
  /**
   * Each domain with its base-path mappings (GetBasePathMappings), when read its routing rules
   * (ListRoutingRules, SDK shapes) and, for a private domain, the access associations of this
   * account with it (GetDomainNameAccessAssociations).
   */
  domains: (Obj & { mappings: Obj[]; routingRules?: Obj[]; accessAssociations?: Obj[]; rejectedAssociations?: Obj[] })[];
  /** Client certificates the set owns, with their names (from the name tag). */
  clientCertificates?: (Obj & { name: string })[];
  /** Every REST API id of the account -> its name, to name the APIs that plans and mappings use. */
  restApiNames: Map<string, string>;
  /**
   * HTTP/WebSocket API ids -> their entity keys: a Regional domain's base path mappings are its API
   * mappings too, and may name such an API (which must then wait for the domain's deletion).
   */
  v2ApiKeys?: Map<string, string>;
}

/** AWS writes a usage plan's per-method throttle keys `/pets/GET`; the model says `GET /pets`. */
export function planThrottleKey(awsKey: string): string {
  const i = awsKey.lastIndexOf('/');
  return `${awsKey.slice(i + 1)} ${awsKey.slice(0, i) || '/'}`;
}
/** The inverse: `GET /pets` -> `/pets/GET`, and `GET /` -> `//GET` (the resource path, then the verb). */
export function awsPlanThrottleKey(key: string): string {
  const [verb, path = '/'] = key.split(' ');
  return `${path}/${verb}`;
}

export function liveAccountEntities(raw: RawAccount): Entity[] {
  const out: Entity[] = [];
  const add = (kind: EntityKind, key: string, attrs: Obj, ids: Record<string, string>, extra: Partial<Entity> = {}) => {
    out.push({ kind, key, attrs: normaliseAttrs(kind, attrs), ids, ...extra });
  };
  const apiName = (id: unknown) => raw.restApiNames.get(String(id)) ?? `(unknown id ${String(id)})`;

  for (const k of raw.apiKeys) {
    add('api-key', segment('api-key', String(k.name)), { ...k, tags: withoutOwnershipTag(k.tags) }, { apiKeyId: String(k.id) },
      { sensitive: ['value'] });
  }
  for (const p of raw.usagePlans) {
    const key = segment('usage-plan', String(p.name));
    const apiStages: Record<string, Obj> = {};
    const refs: string[] = [];
    for (const s of (p.apiStages ?? []) as Obj[]) {
      const throttle: Obj = {};
      for (const [k, t] of Object.entries((s.throttle ?? {}) as Obj)) throttle[planThrottleKey(k)] = t;
      apiStages[`${apiName(s.apiId)}/${String(s.stage)}`] = { throttle };
      refs.push(`${segment('rest-api', apiName(s.apiId))} / ${segment('stage', String(s.stage))}`);
    }
    const awsApiStages = ((p.apiStages ?? []) as Obj[]).map((s) => `${String(s.apiId)}:${String(s.stage)}`).join(',');
    add('usage-plan', key, { ...p, apiStages, tags: withoutOwnershipTag(p.tags) }, { usagePlanId: String(p.id) },
      { ...(refs.length ? { refs: refs.sort() } : {}), ...(awsApiStages ? { meta: { awsApiStages } } : {}) });
    for (const k of p.keys) {
      add('usage-plan-key', childKey(key, 'usage-plan-key', String(k.name)), {}, { usagePlanId: String(p.id), keyId: String(k.id) },
        { parent: key, refs: [segment('api-key', String(k.name))] });
    }
  }
  for (const c of raw.clientCertificates ?? []) {
    const tags = withoutOwnershipTag(c.tags) ?? {};
    delete tags['apigw-sync:name'];
    add('client-certificate', segment('client-certificate', c.name), { description: c.description, tags }, { clientCertificateId: String(c.clientCertificateId) });
  }
  for (const d of raw.domains) {
    const key = segment('domain-name', String(d.domainName));
    // Where the DNS name must point (shown after apply): read-only, never compared.
    const target = d.regionalDomainName
      ? `${String(d.regionalDomainName)} (hosted zone ${String(d.regionalHostedZoneId ?? '?')})`
      : d.distributionDomainName
        ? `${String(d.distributionDomainName)} (hosted zone ${String(d.distributionHostedZoneId ?? 'Z2FDTNDATAQYW2')})`
        : undefined;
    const targets = Object.fromEntries(['regionalDomainName', 'regionalHostedZoneId', 'distributionDomainName', 'distributionHostedZoneId']
      .filter((f) => typeof d[f] === 'string').map((f) => [f, String(d[f])]));
    const dnsZone = (d.tags as Record<string, string> | undefined)?.[DNS_ZONE_TAG];
    // A private domain: named by name + domainNameId (names are not unique), tagged by its ARN.
    const privateIds = typeof d.domainNameId === 'string' && d.domainNameId
      ? { domainNameId: String(d.domainNameId), ...(typeof d.domainNameArn === 'string' ? { domainNameArn: String(d.domainNameArn) } : {}) } : undefined;
    const associations = (d.accessAssociations ?? []) as Obj[];
    const meta: Record<string, string> = {
      ...(target ? { dnsTarget: target } : {}),
      // Deleted before the domain itself.
      ...(associations.length ? { accessAssociationArns: associations.map((a) => String(a.domainNameAccessAssociationArn)).sort().join(',') } : {}),
    };
    add('domain-name', key, { ...d, policy: privateIds ? foldDomainArns(d.policy, String(d.domainName), privateIds.domainNameId) : d.policy, tags: withoutOwnershipTag(d.tags) },
      { domainName: String(d.domainName), ...targets, ...(dnsZone ? { dnsZone } : {}), ...privateIds },
      Object.keys(meta).length ? { meta } : {});
    for (const a of associations) {
      add('access-association', childKey(key, 'access-association', String(a.accessAssociationSource)), {},
        { domainNameAccessAssociationArn: String(a.domainNameAccessAssociationArn), ...privateIds }, { parent: key });
    }
    // Other accounts' associations the spec does not accept: the plan rejects them.
    for (const a of (d.rejectedAssociations ?? []) as Obj[]) {
      add('other-account-association', childKey(key, 'other-account-association', String(a.accessAssociationSource)), {},
        { domainNameAccessAssociationArn: String(a.domainNameAccessAssociationArn), domainNameArn: String(a.domainNameArn) }, { parent: key });
    }
    out.push(...liveRoutingRules(key, String(d.domainName), d.routingRules ?? [], apiName, privateIds?.domainNameId));
    for (const m of d.mappings) {
      const basePath = String(m.basePath ?? '(none)') || '(none)';
      const v2Api = raw.v2ApiKeys?.get(String(m.restApiId));
      const apiKey = v2Api ?? segment('rest-api', apiName(m.restApiId));
      add('base-path-mapping', childKey(key, 'base-path-mapping', basePath), { restApi: v2Api ? v2Api.slice(v2Api.indexOf(':') + 1) : apiName(m.restApiId), stage: m.stage },
        { domainName: String(d.domainName), basePath, ...(privateIds ? { domainNameId: privateIds.domainNameId } : {}) }, {
          parent: key,
          ...(privateIds ? { meta: { privateDomain: 'true' } } : {}),
          refs: [apiKey, `${apiKey} / ${segment('stage', String(m.stage))}`],
        });
    }
  }
  return out;
}

/**
 * A private domain's policy names the domain itself `execute-api:/*` (a spec cannot know its
 * domainNameId); AWS may store that as the domain's execute-api ARN
 * (`arn:aws:execute-api:<region>:<account>:/domainnames/<name>+<id>`), which is folded back.
 */
export function foldDomainArns(policy: unknown, domainName: string, domainNameId: string): unknown {
  return foldArns(policy, `/domainnames/${`${domainName}+${domainNameId}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** A live REST or WebSocket stage's certificate id becomes the certificate's name when the set owns that certificate. */
export function nameLiveCertificates(entities: Entity[]): void {
  const names = new Map(entities.filter((e) => e.kind === 'client-certificate').map((e) => [e.ids?.clientCertificateId, e.key.slice('client-certificate:'.length)]));
  for (const e of entities) {
    const name = e.kind === 'stage' || e.kind === 'v2-stage' ? names.get(e.attrs.clientCertificateId as string) : undefined;
    if (name === undefined) continue;
    const { clientCertificateId: _id, ...attrs } = e.attrs;
    e.attrs = { ...attrs, clientCertificate: name };
  }
}
