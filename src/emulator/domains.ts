import { AwsError, badRequest } from './aws-error.js';
import { newId } from './ids.js';
import type { RequestContext } from './router.js';
import type { EmulatorState } from './state.js';
import { v1, type DomainNameRecord, type Obj } from './v1/store.js';

/**
 * A custom domain name is ONE object for both services (developer guide, "Custom domain name for
 * public REST APIs in API Gateway": "A Regional custom domain name can be associated with REST APIs
 * and HTTP APIs. You can use the API Gateway Version 2 APIs to create and manage Regional custom
 * domain names for REST APIs"). So there is one store of public domains, the apigateway part of
 * the state (`state.v1.domainNames`, by name; that service's shape, the superset: it also holds
 * edge-optimized domains), and apigatewayv2 reads and writes it through the views here:
 *
 * - a Regional domain created through either API is listed, read, updated, tagged and deleted
 *   through both, each in its own shape;
 * - an edge-optimized domain only through apigateway: apigatewayv2 does not list it, and naming it
 *   is the BadRequestException real AWS answers (serverless-domain-manager#359, #401);
 * - private domains (several may share a name, reached by `domainNameId`) are apigateway's alone;
 * - a domain's mappings are one collection: a base path mapping (apigateway) is an API mapping
 *   (apigatewayv2) with the same API, stage and key. apigatewayv2 can map REST API stages too
 *   (developer guide, "Use API mappings to connect API stages to a custom domain name for REST
 *   APIs") and takes multi-level keys (`v1/orders`), which apigateway cannot name: its listing
 *   leaves them out (the emulator's choice; AWS does not document what it lists).
 *
 * Each stored mapping is the apigateway BasePathMapping plus the `apiMappingId` apigatewayv2 names
 * it by (given when first needed, then kept).
 */

/** The key of the empty base path, in apigateway's responses and URLs. */
export const NONE = '(none)';

export const EDGE_ONLY_MESSAGE =
  'Only REGIONAL domain names can be managed through the API Gateway V2 API. For EDGE domain names, please use the API Gateway V1 API. Also note that only REST APIs can be attached to EDGE domain names.';

/** apigatewayv2's routing modes speak of API mappings where apigateway's speak of base path mappings. */
const ROUTING_TO_V2: Record<string, string> = {
  BASE_PATH_MAPPING_ONLY: 'API_MAPPING_ONLY',
  ROUTING_RULE_ONLY: 'ROUTING_RULE_ONLY',
  ROUTING_RULE_THEN_BASE_PATH_MAPPING: 'ROUTING_RULE_THEN_API_MAPPING',
};
export const routingModeToV2 = (mode: string | undefined): string => ROUTING_TO_V2[mode ?? 'BASE_PATH_MAPPING_ONLY'] ?? String(mode);
export const routingModeFromV2 = (mode: string): string => Object.entries(ROUTING_TO_V2).find(([, v]) => v === mode)?.[0] ?? mode;

/** Whether apigatewayv2 reaches the domain: a public domain with a Regional endpoint. */
export const isRegional = (rec: DomainNameRecord): boolean =>
  !rec.domain.domainNameId && ((rec.domain.endpointConfiguration?.types ?? []) as string[]).includes('REGIONAL');

/** The public domains both services see, in creation order. */
export const publicDomains = (ctx: RequestContext): Record<string, DomainNameRecord> => v1(ctx).domainNames;

const notFoundV2 = () => new AwsError('NotFoundException', 404, 'Invalid domain name identifier specified', { body: { resourceType: 'DomainName' } });

/** The domain an apigatewayv2 call names: NotFound when there is none, BadRequest when it is edge-optimized. */
export function findV2Domain(ctx: RequestContext, name: string): DomainNameRecord {
  const domains = publicDomains(ctx);
  const rec = Object.prototype.hasOwnProperty.call(domains, name) ? domains[name] : undefined;
  if (!rec) throw notFoundV2();
  if (!isRegional(rec)) throw badRequest(EDGE_ONLY_MESSAGE);
  return rec;
}

/** The mapping's apigatewayv2 id, given on first need (mappings made before the store was shared had none). */
export function mappingId(ctx: RequestContext, m: Obj): string {
  if (typeof m.apiMappingId === 'string') return m.apiMappingId;
  const taken = new Set(Object.values(publicDomains(ctx)).flatMap((d) => Object.values(d.mappings).map((x) => x.apiMappingId)));
  let id: string;
  do id = newId(10);
  while (taken.has(id));
  m.apiMappingId = id;
  return id;
}

/** A stored mapping as an apigatewayv2 ApiMapping (the root key is absent on the wire). */
export function v2Mapping(ctx: RequestContext, m: Obj): Obj {
  const out: Obj = { apiId: m.restApiId, apiMappingId: mappingId(ctx, m) };
  if (m.basePath !== NONE) out.apiMappingKey = m.basePath;
  if (m.stage !== undefined) out.stage = m.stage;
  return out;
}

/** A stored mapping as an apigateway BasePathMapping. */
export function v1Mapping(m: Obj): Obj {
  const out: Obj = { basePath: m.basePath, restApiId: m.restApiId };
  if (m.stage !== undefined) out.stage = m.stage;
  return out;
}

/** The mappings apigateway lists: not the multi-level ones, which it cannot name. */
export const v1Mappings = (rec: DomainNameRecord): Obj[] => Object.values(rec.mappings).filter((m) => !String(m.basePath).includes('/'));

/** A stored (apigateway-shaped) Regional domain as an apigatewayv2 DomainName. */
export function v2DomainView(rec: DomainNameRecord, region: string): Obj {
  const d = rec.domain;
  const config: Obj = {
    apiGatewayDomainName: d.regionalDomainName,
    certificateArn: d.regionalCertificateArn,
    certificateName: d.regionalCertificateName,
    domainNameStatus: d.domainNameStatus ?? 'AVAILABLE',
    endpointType: 'REGIONAL',
    hostedZoneId: d.regionalHostedZoneId,
    ipAddressType: d.endpointConfiguration?.ipAddressType,
    ownershipVerificationCertificateArn: d.ownershipVerificationCertificateArn,
    securityPolicy: d.securityPolicy ?? 'TLS_1_2',
  };
  for (const k of Object.keys(config)) if (config[k] === undefined) delete config[k];
  const out: Obj = {
    apiMappingSelectionExpression: '$request.basepath',
    domainName: d.domainName,
    domainNameArn: `arn:aws:apigateway:${region}::/domainnames/${String(d.domainName)}`,
    domainNameConfigurations: [config],
    routingMode: routingModeToV2(d.routingMode),
    tags: { ...(d.tags ?? {}) },
  };
  if (d.mutualTlsAuthentication) out.mutualTlsAuthentication = JSON.parse(JSON.stringify(d.mutualTlsAuthentication));
  return out;
}

/**
 * A state file written while each service kept its own domains: apigatewayv2's (`state.v2.domainNames`,
 * a list of `{domainName, mappings, routingRules?}` in that service's wire shape) move into the one
 * store, their API mappings becoming the domain's mappings (ids kept). Idempotent.
 */
export function migrateDomainStore(state: EmulatorState): void {
  const v2 = state.v2 as { domainNames?: unknown };
  if (!Array.isArray(v2.domainNames)) return;
  const v1s = state.v1 as { domainNames?: Record<string, DomainNameRecord> };
  v1s.domainNames ??= {};
  for (const old of v2.domainNames as Obj[]) {
    const dn: Obj = old?.domainName ?? {};
    const name = String(dn.domainName ?? '');
    if (!name || v1s.domainNames[name]) continue;
    const c: Obj = (dn.domainNameConfigurations ?? [])[0] ?? {};
    const domain: Obj = {
      domainName: name,
      regionalCertificateArn: c.certificateArn,
      regionalCertificateName: c.certificateName,
      regionalDomainName: c.apiGatewayDomainName,
      regionalHostedZoneId: c.hostedZoneId,
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: c.ipAddressType ?? 'ipv4' },
      domainNameStatus: c.domainNameStatus ?? 'AVAILABLE',
      securityPolicy: c.securityPolicy ?? 'TLS_1_2',
      ownershipVerificationCertificateArn: c.ownershipVerificationCertificateArn,
      mutualTlsAuthentication: dn.mutualTlsAuthentication,
      routingMode: routingModeFromV2(dn.routingMode ?? 'API_MAPPING_ONLY'),
      tags: { ...(dn.tags ?? {}) },
    };
    for (const k of Object.keys(domain)) if (domain[k] === undefined) delete domain[k];
    const mappings: Record<string, Obj> = {};
    for (const m of (old.mappings ?? []) as Obj[]) {
      const basePath = m.apiMappingKey ? String(m.apiMappingKey) : NONE;
      mappings[basePath] = { basePath, restApiId: m.apiId, stage: m.stage, apiMappingId: m.apiMappingId };
    }
    const rec: DomainNameRecord & { routingRules?: Obj[] } = { domain, mappings };
    if (Array.isArray(old.routingRules)) rec.routingRules = old.routingRules;
    v1s.domainNames[name] = rec;
  }
  delete v2.domainNames;
}
