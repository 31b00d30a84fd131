import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { findV2Domain, isRegional, publicDomains, routingModeFromV2, v2DomainView } from '../domains.js';
import { ENUMS, checkInput, checkNested, isPlainObject, obj, oneOf, str, strMap } from './input.js';
import { paginate } from './paginate.js';
import { checkTags } from './tags.js';
import { type Wire, assignPresent, body, created, freshId, noContent, ok } from './store.js';

/** Route 53 hosted zones of the regional execute-api endpoints (for alias records). */
const HOSTED_ZONES: Record<string, string> = {
  'us-east-1': 'Z1UJRXOUMOOFQ8',
  'us-east-2': 'ZOJJZC49E0EPZ',
  'us-west-1': 'Z2MYLMQDYO2EQ9',
  'us-west-2': 'Z2OJLYMUO9EFXC',
  'eu-west-1': 'ZLY8HYME6SFDD',
  'eu-west-2': 'ZJ5UAJN8Y3Z2Q',
  'eu-central-1': 'Z1U9ULNL0V5AJ3',
  'ap-southeast-1': 'ZL327KTPIQFUL',
  'ap-southeast-2': 'Z2RPCDW04V8134',
  'ap-northeast-1': 'Z1YSHQZHG15GKL',
};

const CONFIGURATION = {
  certificateArn: str(),
  certificateName: str(1, 128),
  endpointType: oneOf(...ENUMS.endpointType),
  ipAddressType: oneOf(...ENUMS.ipAddressType),
  ownershipVerificationCertificateArn: str(),
  securityPolicy: oneOf(...ENUMS.securityPolicy),
};

const MEMBERS = {
  domainName: str(1, 512),
  mutualTlsAuthentication: obj,
  routingMode: oneOf(...ENUMS.routingMode),
};

const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Fills in what the service adds to each configuration: the regional target name and hosted zone,
 * AVAILABLE status, TLS_1_2 and REGIONAL (the only endpoint type apigatewayv2 supports).
 */
function configurations(ctx: RequestContext, input: unknown, existing: Wire[] = []): Wire[] {
  if (!Array.isArray(input) || input.length === 0 || !input.every(isPlainObject)) {
    throw badRequest('At least one domain name configuration is required');
  }
  return input.map((c: Wire, i) => {
    checkNested(c, `domainNameConfigurations.${i + 1}.member`, CONFIGURATION);
    if (c.endpointType === 'EDGE') throw badRequest('Only REGIONAL domain names are supported by apigatewayv2');
    if (c.certificateArn === undefined) throw badRequest('A certificateArn is required for a REGIONAL domain name');
    const out: Wire = {
      apiGatewayDomainName: existing[i]?.apiGatewayDomainName ?? `d-${freshId(10, () => false)}.execute-api.${ctx.region}.amazonaws.com`,
      domainNameStatus: 'AVAILABLE',
      endpointType: 'REGIONAL',
      hostedZoneId: HOSTED_ZONES[ctx.region] ?? 'Z1UJRXOUMOOFQ8',
      securityPolicy: 'TLS_1_2',
    };
    assignPresent(out, c, ['certificateArn', 'certificateName', 'ipAddressType', 'ownershipVerificationCertificateArn', 'securityPolicy']);
    return out;
  });
}

function mutualTls(input: unknown): Wire | undefined {
  if (input === undefined) return undefined;
  checkNested(input as Wire, 'mutualTlsAuthentication', { truststoreUri: str(1, 2048), truststoreVersion: str(1, 64) });
  const m = input as Wire;
  if (typeof m.truststoreUri !== 'string' || !m.truststoreUri.startsWith('s3://')) {
    throw badRequest('The truststoreUri must be an S3 URL (s3://bucket/key)');
  }
  const out: Wire = {};
  assignPresent(out, m, ['truststoreUri', 'truststoreVersion']);
  return out;
}

/**
 * The configuration (one: apigatewayv2 domains are Regional) written onto the stored domain, which
 * has apigateway's shape (src/emulator/domains.ts): its certificate is the Regional certificate.
 */
function applyConfiguration(d: Wire, c: Wire): void {
  d.regionalCertificateArn = c.certificateArn;
  if (c.certificateName !== undefined) d.regionalCertificateName = c.certificateName;
  else delete d.regionalCertificateName;
  d.regionalDomainName = c.apiGatewayDomainName;
  d.regionalHostedZoneId = c.hostedZoneId;
  d.domainNameStatus = c.domainNameStatus;
  d.securityPolicy = c.securityPolicy;
  d.endpointConfiguration = { ...(d.endpointConfiguration ?? {}), types: d.endpointConfiguration?.types ?? ['REGIONAL'], ipAddressType: c.ipAddressType ?? d.endpointConfiguration?.ipAddressType ?? 'ipv4' };
  if (c.ownershipVerificationCertificateArn !== undefined) d.ownershipVerificationCertificateArn = c.ownershipVerificationCertificateArn;
}

/** The current configuration of a stored domain, in apigatewayv2's shape (its target name is kept on update). */
const currentConfiguration = (d: Wire): Wire[] => [{ apiGatewayDomainName: d.regionalDomainName }];

function createDomainName(ctx: RequestContext) {
  const input = body(ctx);
  checkInput(input, { ...MEMBERS, tags: strMap }, ['domainName']);
  checkTags(input.tags);
  const name: string = input.domainName;
  if (!DNS_NAME.test(name)) throw badRequest(`Invalid domain name: ${name}. It must be a valid, lowercase DNS name`);
  // One namespace with apigateway: its public domains (edge-optimized too) are the same store.
  const domains = publicDomains(ctx);
  if (Object.prototype.hasOwnProperty.call(domains, name)) throw conflict('The domain name you provided already exists.');
  const [config] = configurations(ctx, input.domainNameConfigurations);
  const domain: Wire = { domainName: name, endpointConfiguration: { types: ['REGIONAL'] } };
  applyConfiguration(domain, config!);
  domain.routingMode = routingModeFromV2(input.routingMode ?? 'API_MAPPING_ONLY');
  const mtls = mutualTls(input.mutualTlsAuthentication);
  if (mtls) domain.mutualTlsAuthentication = mtls;
  domain.tags = { ...(input.tags ?? {}) };
  domains[name] = { domain, mappings: {} };
  return created(v2DomainView(domains[name]!, ctx.region));
}

function updateDomainName(ctx: RequestContext) {
  const rec = findV2Domain(ctx, ctx.params.domainName ?? '');
  const input = body(ctx);
  checkInput(input, MEMBERS);
  const d = JSON.parse(JSON.stringify(rec.domain)) as Wire;
  // The configurations list is replaced as a whole (certificate rotation); the target name stays.
  if (input.domainNameConfigurations !== undefined) {
    const [config] = configurations(ctx, input.domainNameConfigurations, currentConfiguration(d));
    applyConfiguration(d, config!);
  }
  if (input.mutualTlsAuthentication !== undefined) {
    const mtls = mutualTls(input.mutualTlsAuthentication);
    if (mtls) d.mutualTlsAuthentication = { ...(d.mutualTlsAuthentication ?? {}), ...mtls };
  }
  if (input.routingMode !== undefined) d.routingMode = routingModeFromV2(input.routingMode);
  rec.domain = d;
  return ok(v2DomainView(rec, ctx.region));
}

/**
 * The apigatewayv2 face of the account's custom domain names (src/emulator/domains.ts): the
 * Regional ones, whichever service created them. Deleting a domain deletes its mappings and
 * routing rules with it (they live in its record).
 */
export const domainNameRoutes: Route[] = [
  { method: 'POST', path: '/v2/domainnames', operation: 'CreateDomainName', handler: createDomainName },
  {
    method: 'GET',
    path: '/v2/domainnames',
    operation: 'GetDomainNames',
    handler: (ctx) => paginate(ctx, Object.values(publicDomains(ctx)).filter(isRegional).map((rec) => v2DomainView(rec, ctx.region))),
  },
  {
    method: 'GET',
    path: '/v2/domainnames/{domainName}',
    operation: 'GetDomainName',
    handler: (ctx) => ok(v2DomainView(findV2Domain(ctx, ctx.params.domainName ?? ''), ctx.region)),
  },
  { method: 'PATCH', path: '/v2/domainnames/{domainName}', operation: 'UpdateDomainName', handler: updateDomainName },
  {
    method: 'DELETE',
    path: '/v2/domainnames/{domainName}',
    operation: 'DeleteDomainName',
    handler: (ctx) => {
      const rec = findV2Domain(ctx, ctx.params.domainName ?? '');
      delete publicDomains(ctx)[String(rec.domain.domainName)];
      return noContent();
    },
  },
];
