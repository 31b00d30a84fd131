import { nameOf } from '../reconcile/keys.js';
import type { Entity, Model } from '../reconcile/model.js';
import { clean } from './rest-to-spec.js';

/**
 * Live API keys, usage plans and domains (canonical model) -> the spec language, the inverse of
 * desired-account.ts. An API key's value is never read into the model (only its digest), so it
 * cannot be written: the spec takes it from an environment variable, `${env:NAME}`, named here.
 */
type Attrs = Record<string, any>;

export interface AccountSpec {
  apiKeys: Attrs;
  usagePlans: Attrs;
  domains: Attrs;
  /** VPC links the imported integrations use. */
  vpcLinks: Attrs;
  clientCertificates: Attrs;
  /** API key name -> the environment variable its value is read from. */
  keyVariables: Map<string, string>;
}

/** `partner-key` -> `APIGW_KEY_PARTNER_KEY`; made unique when two names fold alike. */
export function keyVariable(name: string, taken: Set<string>): string {
  const base = `APIGW_KEY_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
  let v = base;
  for (let i = 2; taken.has(v); i++) v = `${base}_${i}`;
  taken.add(v);
  return v;
}

export function accountToSpec(live: Model): AccountSpec {
  const entities = Object.values(live.entities).sort((a, b) => (a.key < b.key ? -1 : 1));
  const of = (kind: Entity['kind']) => entities.filter((e) => e.kind === kind);
  const out: AccountSpec = { apiKeys: {}, usagePlans: {}, domains: {}, vpcLinks: {}, clientCertificates: {}, keyVariables: new Map() };
  const taken = new Set<string>();
  for (const k of of('api-key')) {
    const name = nameOf(k.key);
    const variable = keyVariable(name, taken);
    out.keyVariables.set(name, variable);
    out.apiKeys[name] = clean({
      description: k.attrs.description,
      enabled: k.attrs.enabled === false ? false : undefined,
      value: `\${env:${variable}}`,
      customerId: k.attrs.customerId,
      tags: k.attrs.tags,
    });
  }
  for (const p of of('usage-plan')) {
    const name = nameOf(p.key);
    const apiStages = Object.entries((p.attrs.apiStages ?? {}) as Attrs).map(([ref, s]) => {
      const i = ref.lastIndexOf('/');
      return clean({ api: ref.slice(0, i), stage: ref.slice(i + 1), throttle: (s as Attrs).throttle });
    });
    const keys = entities.filter((e) => e.kind === 'usage-plan-key' && e.parent === p.key).map((e) => nameOf(e.key));
    const quota = p.attrs.quota as Attrs | undefined;
    out.usagePlans[name] = clean({
      description: p.attrs.description,
      productCode: p.attrs.productCode,
      throttle: p.attrs.throttle,
      quota: quota ? clean(quota, { offset: 0 }) : undefined,
      apiStages,
      keys,
      tags: p.attrs.tags,
    });
  }
  for (const d of of('domain-name')) {
    const name = nameOf(d.key);
    const types = ((d.attrs.endpointConfiguration as Attrs | undefined)?.types ?? ['EDGE']) as string[];
    const mappings: Attrs = {};
    for (const m of entities.filter((e) => e.kind === 'base-path-mapping' && e.parent === d.key)) {
      mappings[nameOf(m.key)] = { api: m.attrs.restApi, stage: m.attrs.stage };
    }
    out.domains[name] = clean({
      endpointType: types[0] === 'REGIONAL' ? undefined : types[0],
      ipAddressType: types[0] === 'PRIVATE' ? undefined : (d.attrs.endpointConfiguration as Attrs | undefined)?.ipAddressType,
      regionalCertificateArn: d.attrs.regionalCertificateArn,
      certificateArn: d.attrs.certificateArn,
      securityPolicy: d.attrs.securityPolicy,
      endpointAccessMode: d.attrs.endpointAccessMode,
      mutualTls: d.attrs.mutualTlsAuthentication,
      ownershipVerificationCertificateArn: d.attrs.ownershipVerificationCertificateArn,
      policy: d.attrs.policy,
      managementPolicy: d.attrs.managementPolicy,
      accessAssociations: entities.filter((e) => e.kind === 'access-association' && e.parent === d.key).map((e) => nameOf(e.key)).sort(),
      tags: d.attrs.tags,
      mappings,
      routingMode: d.attrs.routingMode,
      routingRules: entities.filter((e) => e.kind === 'routing-rule' && e.parent === d.key)
        .sort((a, b) => Number(a.attrs.priority) - Number(b.attrs.priority))
        .map((r) => clean({ priority: r.attrs.priority, headers: r.attrs.headers, basePaths: r.attrs.basePaths, api: r.attrs.api, stage: r.attrs.stage,
          stripBasePath: r.attrs.stripBasePath }, { stripBasePath: false })),
    }, { securityPolicy: 'TLS_1_2', ipAddressType: 'ipv4', routingMode: 'API_MAPPING_ONLY' });
  }
  for (const c of of('client-certificate')) out.clientCertificates[nameOf(c.key)] = clean({ description: c.attrs.description, tags: c.attrs.tags });
  for (const l of [...of('vpc-link'), ...of('v2-vpc-link')]) {
    if (l.meta?.external === 'true') continue;
    out.vpcLinks[nameOf(l.key)] = clean({
      targetArns: l.attrs.targetArns, description: l.attrs.description,
      subnetIds: l.attrs.subnetIds, securityGroupIds: l.attrs.securityGroupIds, tags: l.attrs.tags,
    });
  }
  return out;
}
