import type { SpecSet } from '../../schema/index.js';
import { withoutOwnershipTag } from '../live-rest.js';
import { DNS_ZONE_TAG, type Entity } from '../model.js';
import { apiMappingKey, v2ApiKey, v2DomainKey, v2StageKey, type V2Protocol } from './keys.js';
import { normaliseV2 } from './normalise.js';

/**
 * Custom domains that map HTTP or WebSocket API stages. Such a domain is an apigatewayv2 domain
 * name (kind `v2-domain-name`, key `domain-name:NAME`, as REST domains) and its mappings are API
 * mappings (`domain-name:NAME / api-mapping:BASE`, `(none)` for the root), made with
 * CreateApiMapping. A domain with at least one HTTP/WebSocket mapping is wholly the v2 planner's
 * (all its mappings are API mappings, which AWS allows for REST stages too on regional domains);
 * any other domain stays with the REST planner and its base-path mappings.
 */
type Obj = Record<string, any>;

export function v2ApiProtocols(specSet: SpecSet): Map<string, V2Protocol> {
  return new Map<string, V2Protocol>([
    ...Object.keys(specSet.httpApis ?? {}).map((n): [string, V2Protocol] => [n, 'HTTP']),
    ...Object.keys(specSet.webSocketApis ?? {}).map((n): [string, V2Protocol] => [n, 'WEBSOCKET']),
  ]);
}

/** Names of the spec's domains that the v2 planner manages. */
export function v2DomainNames(specSet: SpecSet): Set<string> {
  const v2 = v2ApiProtocols(specSet);
  return new Set(Object.entries(specSet.domains ?? {})
    .filter(([, d]) => Object.values(d.mappings ?? {}).some((m) => v2.has(m.api)))
    .map(([n]) => n));
}

const mapped = (api: string, protocols: Map<string, V2Protocol>) => (protocols.has(api) ? v2ApiKey(protocols.get(api) as V2Protocol, api) : `rest-api:${api}`);

export function desiredV2Domains(specSet: SpecSet): Entity[] {
  const protocols = v2ApiProtocols(specSet);
  const out: Entity[] = [];
  for (const name of v2DomainNames(specSet)) {
    const d = specSet.domains[name] as Obj;
    const key = v2DomainKey(name);
    out.push({ kind: 'v2-domain-name', key, attrs: normaliseV2('v2-domain-name', {
      certificateArn: d.regionalCertificateArn ?? d.certificateArn, endpointType: d.endpointType, securityPolicy: d.securityPolicy, ipAddressType: d.ipAddressType,
      ownershipVerificationCertificateArn: d.ownershipVerificationCertificateArn, mutualTlsAuthentication: d.mutualTls, tags: d.tags,
    }, 'HTTP') });
    for (const [base, m] of Object.entries((d.mappings ?? {}) as Record<string, Obj>)) {
      const api = mapped(String(m.api), protocols);
      out.push({ kind: 'api-mapping', key: apiMappingKey(key, base), parent: key,
        attrs: normaliseV2('api-mapping', { api: m.api, stage: m.stage }, 'HTTP'), refs: [api, v2StageKey(api, String(m.stage))] });
    }
  }
  return out;
}

/** A live apigatewayv2 domain with its API mappings; `apis` names API ids (with their protocol). */
export function liveV2Domain(d: Obj, mappings: Obj[], apis: Map<string, { name: string; protocol: V2Protocol }>): Entity[] {
  const key = v2DomainKey(String(d.DomainName));
  const c = (d.DomainNameConfigurations ?? [])[0] ?? {};
  const out: Entity[] = [{
    kind: 'v2-domain-name', key, ids: {
      domainName: String(d.DomainName),
      ...(c.ApiGatewayDomainName ? { apiGatewayDomainName: String(c.ApiGatewayDomainName), hostedZoneId: String(c.HostedZoneId) } : {}),
      ...(d.Tags?.[DNS_ZONE_TAG] ? { dnsZone: String(d.Tags[DNS_ZONE_TAG]) } : {}),
    },
    attrs: normaliseV2('v2-domain-name', {
      certificateArn: c.CertificateArn, endpointType: c.EndpointType, securityPolicy: c.SecurityPolicy, ipAddressType: c.IpAddressType,
      ownershipVerificationCertificateArn: c.OwnershipVerificationCertificateArn,
      mutualTlsAuthentication: d.MutualTlsAuthentication && {
        truststoreUri: d.MutualTlsAuthentication.TruststoreUri, truststoreVersion: d.MutualTlsAuthentication.TruststoreVersion,
      },
      tags: withoutOwnershipTag(d.Tags),
    }, 'HTTP'),
    ...(c.ApiGatewayDomainName ? { meta: { dnsTarget: `${String(c.ApiGatewayDomainName)} (hosted zone ${String(c.HostedZoneId)})` } } : {}),
  }];
  for (const m of mappings) {
    const api = apis.get(String(m.ApiId));
    const name = api?.name ?? `(unknown id ${String(m.ApiId)})`;
    const apiKey = api ? v2ApiKey(api.protocol, name) : `rest-api:${name}`;
    out.push({ kind: 'api-mapping', key: apiMappingKey(key, String(m.ApiMappingKey ?? '')), parent: key,
      ids: { apiMappingId: String(m.ApiMappingId), domainName: String(d.DomainName) },
      attrs: normaliseV2('api-mapping', { api: name, stage: m.Stage }, 'HTTP'), refs: [apiKey, v2StageKey(apiKey, String(m.Stage))] });
  }
  return out;
}
