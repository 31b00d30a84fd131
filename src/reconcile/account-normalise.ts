import { bool, compact, num, str, text, toJsonDoc, toMap, toSet } from './canonical.js';
import { fromV1RoutingMode } from './routing-rules.js';

/**
 * Canonical attrs of the account-level kinds: API keys, usage plans and their keys, custom
 * domains and their base-path mappings. References are by name: a usage plan's stages are
 * `<api>/<stage>`, a mapping names its API and stage.
 *
 * An API key's value is never held: `value` is a digest (`sha256:...`) of it, compared but shown
 * as `(sensitive)`.
 */
type Attrs = Record<string, unknown>;

const throttle = (v: unknown): Attrs | undefined => {
  const t = (v ?? {}) as Attrs;
  const out = compact({ burstLimit: num(t.burstLimit), rateLimit: num(t.rateLimit) });
  return Object.keys(out).length ? out : undefined;
};

export const apiKey = (a: Attrs): Attrs =>
  compact({
    description: str(a.description),
    enabled: bool(a.enabled, false),
    customerId: str(a.customerId),
    value: str(a.value),
    tags: toMap(a.tags, text),
  });

/** `apiStages`: `{ "<api>/<stage>": { throttle: { "GET /path": {rateLimit, burstLimit} } } }`. */
export const usagePlan = (a: Attrs): Attrs => {
  const q = (a.quota ?? undefined) as Attrs | undefined;
  return compact({
    description: str(a.description),
    productCode: str(a.productCode),
    throttle: throttle(a.throttle),
    quota: q ? compact({ limit: num(q.limit), offset: num(q.offset, 0), period: str(q.period) }) : undefined,
    apiStages: toMap(a.apiStages, (s) => compact({ throttle: toMap((s as Attrs | undefined)?.throttle, throttle) })),
    tags: toMap(a.tags, text),
  });
};

export const domainName = (a: Attrs): Attrs => {
  const ec = (a.endpointConfiguration ?? {}) as Attrs;
  const types = Array.isArray(ec.types) && ec.types.length ? [...(ec.types as string[])].sort() : ['EDGE'];
  const mtls = (a.mutualTlsAuthentication ?? {}) as Attrs;
  return compact({
    // Private domains are dualstack only (API reference, EndpointConfiguration).
    endpointConfiguration: { ipAddressType: str(ec.ipAddressType) ?? (types.includes('PRIVATE') ? 'dualstack' : 'ipv4'), types },
    certificateArn: str(a.certificateArn),
    regionalCertificateArn: str(a.regionalCertificateArn),
    securityPolicy: str(a.securityPolicy) ?? 'TLS_1_2',
    endpointAccessMode: str(a.endpointAccessMode),
    mutualTlsAuthentication: compact({ truststoreUri: str(mtls.truststoreUri), truststoreVersion: str(mtls.truststoreVersion) }),
    ownershipVerificationCertificateArn: str(a.ownershipVerificationCertificateArn),
    // AWS's default (API_MAPPING_ONLY, in any spelling) is left out, as a spec leaves it out.
    routingMode: fromV1RoutingMode(a.routingMode) === 'API_MAPPING_ONLY' ? undefined : fromV1RoutingMode(a.routingMode),
    // A private domain's policies, parsed (an empty policy is none).
    policy: a.policy === '' ? undefined : toJsonDoc(a.policy),
    managementPolicy: a.managementPolicy === '' ? undefined : toJsonDoc(a.managementPolicy),
    tags: toMap(a.tags, text),
  });
};

/** A client certificate: its description and tags; the PEM is never held. */
export const clientCertificate = (a: Attrs): Attrs => compact({ description: str(a.description), tags: toMap(a.tags, text) });

export const basePathMapping = (a: Attrs): Attrs => compact({ restApi: str(a.restApi), stage: str(a.stage) });

/** A REST (apigateway) VPC link: its load balancers form a set. */
export const vpcLink = (a: Attrs): Attrs => compact({
  description: str(a.description),
  targetArns: toSet(a.targetArns),
  tags: toMap(a.tags, text),
});

/** An HTTP API (apigatewayv2) VPC link: subnets and security groups are sets (AWS's default: no security group). */
export const v2VpcLink = (a: Attrs): Attrs => compact({
  subnetIds: toSet(a.subnetIds),
  securityGroupIds: toSet(a.securityGroupIds),
  tags: toMap(a.tags, text),
});
