import { ApigwError } from '../errors.js';
import type { ApiKeySpec, DomainSpec, SpecSet, UsagePlanSpec } from '../schema/index.js';
import { childKey, segment } from './keys.js';
import type { Entity, EntityKey, EntityKind } from './model.js';
import { normaliseAttrs } from './rest-normalise.js';
import { secretDigest } from './secret-digest.js';
import { desiredRoutingRules } from './routing-rules.js';

/**
 * The account-level objects of a spec set -> desired entities. Keys: `api-key:NAME`,
 * `usage-plan:NAME` with `usage-plan-key:KEY` under it, `domain-name:DOMAIN` with
 * `base-path-mapping:PATH` under it (`(none)` for the root). References to REST API stages are
 * by name (`rest-api:petstore / stage:prod`).
 *
 * An API key's value comes from the environment variable the spec names; only its digest enters
 * the model, and `meta.secretEnv` tells the create call where apply reads the value. An optional
 * reference (`${env:NAME:-}`) to an unset variable leaves the value to AWS: `meta.secretUnset`
 * names the variable, for the plan's notice.
 */
type Attrs = Record<string, unknown>;

function entity(kind: EntityKind, key: EntityKey, attrs: Attrs, extra: Partial<Entity> = {}): Entity {
  return { kind, key, attrs: normaliseAttrs(kind, attrs), ...extra };
}

export function apiKeyEntity(name: string, spec: ApiKeySpec, env: NodeJS.ProcessEnv): Entity {
  const secretEnv = spec.value?.secretEnv;
  const set = secretEnv !== undefined && env[secretEnv] !== undefined && env[secretEnv] !== '';
  if (secretEnv && !set && spec.value?.optional !== true) {
    throw new ApigwError(
      `API key "${name}" takes its value from the environment variable ${secretEnv}, which is not set.`,
      1,
      `Set ${secretEnv} (for example from your CI's secret store), write \${env:${secretEnv}:-} to let AWS generate the value while it is unset, or remove \`value\`.`,
      'plan/secret-unset',
    );
  }
  const value = set ? secretDigest(env[secretEnv!]!) : undefined;
  const { value: _ref, ...rest } = spec;
  // apigw-sync always sends `enabled`, true unless the spec says otherwise.
  const e = entity('api-key', segment('api-key', name), { ...rest, enabled: spec.enabled ?? true, value }, { sensitive: ['value'] });
  if (set) e.meta = { secretEnv: secretEnv! };
  // `${env:NAME:-}` with NAME unset: AWS generates the value, a live key's value is not compared.
  else if (secretEnv) e.meta = { secretUnset: secretEnv };
  return e;
}

const stageRef = (api: string, stage: string) => `${segment('rest-api', api)} / ${segment('stage', stage)}`;

export function usagePlanEntities(name: string, spec: UsagePlanSpec, restApis: Set<string>, webSocketApis: Set<string> = new Set()): Entity[] {
  const key = segment('usage-plan', name);
  const apiStages: Record<string, Attrs> = {};
  const refs: EntityKey[] = [];
  for (const s of spec.apiStages ?? []) {
    if (!restApis.has(s.api) && !webSocketApis.has(s.api)) continue;
    const throttle: Record<string, unknown> = {};
    for (const [k, t] of Object.entries(s.throttle ?? {})) throttle[k.replace(/\s+/g, ' ').trim()] = t;
    apiStages[`${s.api}/${s.stage}`] = { throttle };
    refs.push(restApis.has(s.api) ? stageRef(s.api, s.stage) : `${segment('websocket-api', s.api)} / ${segment('stage', s.stage)}`);
  }
  const plan = entity('usage-plan', key, { ...spec, apiStages }, refs.length ? { refs: [...new Set(refs)].sort() } : {});
  const keys = (spec.keys ?? []).map((k) =>
    entity('usage-plan-key', childKey(key, 'usage-plan-key', k), {}, { parent: key, refs: [segment('api-key', k)] }),
  );
  return [plan, ...keys];
}

export function domainEntities(domain: string, spec: DomainSpec, restApis: Set<string>): Entity[] {
  const key = segment('domain-name', domain);
  // `dns` is the alias records' (dns-records.ts), not the domain's; access associations are its children.
  const { dns: _dns, accessAssociations, acceptedAssociations: _accepted, ...fields } = spec;
  // A private domain is named by name + domainNameId on every call: its mappings say so.
  const inPrivate = spec.endpointType === 'PRIVATE' ? { meta: { privateDomain: 'true' } } : {};
  const out: Entity[] = [
    entity('domain-name', key, {
      ...fields,
      endpointConfiguration: { types: [spec.endpointType ?? 'REGIONAL'], ipAddressType: spec.ipAddressType },
      mutualTlsAuthentication: spec.mutualTls,
    }),
  ];
  for (const [basePath, m] of Object.entries(spec.mappings ?? {})) {
    if (!restApis.has(m.api)) continue; // HTTP and WebSocket APIs get v2 API mappings.
    out.push(entity('base-path-mapping', childKey(key, 'base-path-mapping', basePath === '' ? '(none)' : basePath),
      { restApi: m.api, stage: m.stage }, { parent: key, refs: [segment('rest-api', m.api), stageRef(m.api, m.stage)], ...inPrivate }));
  }
  for (const vpce of accessAssociations ?? []) out.push(entity('access-association', childKey(key, 'access-association', vpce), {}, { parent: key }));
  out.push(...desiredRoutingRules(key, spec, restApis));
  return out;
}

/** The tag that holds a client certificate's name: AWS names certificates only by a generated id. */
export const NAME_TAG = 'apigw-sync:name';
export const clientCertificateKey = (name: string) => segment('client-certificate', name);

export function desiredAccountEntities(specSet: SpecSet, env: NodeJS.ProcessEnv): Entity[] {
  const restApis = new Set(Object.keys(specSet.restApis));
  return [
    ...Object.entries(specSet.clientCertificates ?? {}).map(([n, s]) => entity('client-certificate', clientCertificateKey(n), { ...s })),
    ...Object.entries(specSet.apiKeys).map(([n, s]) => apiKeyEntity(n, s, env)),
    ...Object.entries(specSet.usagePlans).flatMap(([n, s]) => usagePlanEntities(n, s, restApis, new Set(Object.keys(specSet.webSocketApis ?? {})))),
    ...Object.entries(specSet.domains).flatMap(([n, s]) => domainEntities(n, s, restApis)),
  ];
}
