import type { RequestContext, Route } from '../router.js';
import { badRequest, conflict, limitExceeded, notFound } from '../aws-error.js';
import { check, ENUMS } from './validate.js';
import { applyPatch, readPatchOps, stringField, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, epoch, uniqueId, v1, type DomainNameRecord, type Obj } from './store.js';
import { newId } from '../ids.js';
import { checkTls } from './tls.js';

/** Route 53 alias zone of regional API Gateway endpoints, per region (AWS general reference). */
const REGIONAL_ZONES: Record<string, string> = {
  'us-east-1': 'Z1UJRXOUMOOFQ8',
  'us-east-2': 'ZOJJZC49E0EPZ',
  'us-west-1': 'Z2MUQ32089INYE',
  'us-west-2': 'Z2OJLYMUO9EFXC',
  'eu-west-1': 'ZLY8HYME6SFDD',
  'eu-central-1': 'Z1U9ULNL0V5AJ3',
};
/** CloudFront's hosted zone, the alias target of every edge-optimized domain. */
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';

const certRegion = (arn: string) => arn.split(':')[3];

function checkCertificates(ctx: RequestContext, d: Obj, types: string[]): void {
  const regional = types.includes('REGIONAL');
  // EDGE, PRIVATE, or both EDGE and REGIONAL while a domain migrates from one to the other.
  const edge = !regional || types.includes('EDGE');
  const edgeCert = d.certificateArn ?? d.certificateName;
  // Recorded from AWS (sst#4131): an edge certificate on a REGIONAL domain is refused.
  if (!edge && edgeCert) throw badRequest('Cannot import certificates for EDGE while REGIONAL is active.');
  if (!regional && (d.regionalCertificateArn || d.regionalCertificateName)) throw badRequest('Cannot import certificates for REGIONAL while EDGE is active.');
  if (regional && !d.regionalCertificateArn) throw badRequest('A regional certificate ARN is required for a REGIONAL domain name.');
  if (edge && !d.certificateArn && !d.certificateBody) throw badRequest('A certificate ARN is required for an EDGE domain name.');
  if (d.certificateArn && certRegion(d.certificateArn) !== 'us-east-1') {
    throw badRequest(`Invalid certificate ARN: ${d.certificateArn}. Certificate must be in 'us-east-1'.`);
  }
  if (d.regionalCertificateArn && certRegion(d.regionalCertificateArn) !== ctx.region) {
    throw badRequest(`Invalid certificate ARN: ${d.regionalCertificateArn}. Certificate must be in '${ctx.region}'.`);
  }
}

/** Quota "Private custom domain names per account per Region" (developer guide, REST API quotas). */
export const PRIVATE_DOMAINS_QUOTA = 50;

/** `arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}`, as AWS documents it. */
export const privateDomainArn = (ctx: RequestContext, name: string, id: string): string =>
  `arn:aws:apigateway:${ctx.region}:${ctx.accountId}:/domainnames/${name}+${id}`;

/**
 * AWS's rules for private custom domain names (developer guide, "Custom domain names for private
 * APIs in API Gateway", considerations): an ACM certificate (`certificateArn`, in the domain's
 * region), dualstack only, no minimum TLS version but TLS 1.2, no wildcard names, no mutual TLS
 * (regional domains only). The messages are the emulator's own.
 */
function checkPrivate(ctx: RequestContext, d: Obj): void {
  if (d.regionalCertificateArn || d.regionalCertificateName) throw badRequest('Cannot import certificates for REGIONAL while PRIVATE is active.');
  if (!d.certificateArn) throw badRequest('A certificate ARN is required for a PRIVATE domain name.');
  if (certRegion(d.certificateArn) !== ctx.region) {
    throw badRequest(`Invalid certificate ARN: ${d.certificateArn}. Certificate must be in '${ctx.region}'.`);
  }
  if (d.endpointConfiguration?.ipAddressType !== 'dualstack') throw badRequest('Only dualstack ipAddressType is supported for Private domain names.');
  if (d.securityPolicy === 'TLS_1_0') throw badRequest('Security policy TLS_1_0 is not supported for PRIVATE domain names. Private domain names use TLS_1_2.');
  if (d.mutualTlsAuthentication?.truststoreUri) throw badRequest('Mutual TLS authentication is not supported for PRIVATE domain names.');
}

/** A `policy` is "supported only for private custom domain names" (service model); managementPolicy is no create member. */
function checkPublicPolicies(d: Obj): void {
  if (d.policy !== undefined) throw badRequest('A policy is supported only for PRIVATE domain names.');
}

function createDomainName(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createDomainNameInput', b)
    .required('domainName')
    .eachOneOf('endpointConfiguration.types', b.endpointConfiguration?.types, ['PRIVATE', 'EDGE', 'REGIONAL'])
    .oneOf('endpointConfiguration.ipAddressType', b.endpointConfiguration?.ipAddressType, ENUMS.ipAddressType)
    .oneOf('securityPolicy', b.securityPolicy, ENUMS.securityPolicy)
    .oneOf('endpointAccessMode', b.endpointAccessMode, ENUMS.endpointAccessMode)
    .oneOf('routingMode', b.routingMode, ENUMS.routingMode)
    .done();
  const state = v1(ctx);
  const types: string[] = b.endpointConfiguration?.types?.length ? [...b.endpointConfiguration.types] : ['EDGE'];
  if (types.length > 1) throw badRequest('Cannot create a domain name with multiple Endpoint Types.');
  if (types[0] === 'PRIVATE') return createPrivateDomainName(ctx, b);
  // Public names are unique in the region, whichever API created the domain (one store:
  // src/emulator/domains.ts); a private domain of the same name does not count.
  if (state.domainNames[b.domainName]) throw conflict('The domain name you provided already exists.');
  checkCertificates(ctx, b, types);
  checkTls(b, types, 'DomainName');
  checkPublicPolicies(b);
  const regional = types.includes('REGIONAL');
  const domain: Obj = compact({
    domainName: b.domainName,
    certificateName: b.certificateName,
    certificateArn: b.certificateArn,
    certificateUploadDate: regional ? undefined : epoch(ctx),
    regionalDomainName: regional ? `d-${newId(10)}.execute-api.${ctx.region}.amazonaws.com` : undefined,
    regionalHostedZoneId: regional ? (REGIONAL_ZONES[ctx.region] ?? 'Z1UJRXOUMOOFQ8') : undefined,
    regionalCertificateName: b.regionalCertificateName,
    regionalCertificateArn: b.regionalCertificateArn,
    distributionDomainName: regional ? undefined : `d${newId(13)}.cloudfront.net`,
    distributionHostedZoneId: regional ? undefined : CLOUDFRONT_ZONE,
    endpointConfiguration: { types, ipAddressType: b.endpointConfiguration?.ipAddressType ?? 'ipv4' },
    domainNameStatus: 'AVAILABLE',
    securityPolicy: b.securityPolicy ?? 'TLS_1_2',
    endpointAccessMode: b.endpointAccessMode,
    mutualTlsAuthentication: b.mutualTlsAuthentication,
    ownershipVerificationCertificateArn: b.ownershipVerificationCertificateArn,
    // A domain created without a routing mode serves its base-path mappings only.
    routingMode: b.routingMode ?? 'BASE_PATH_MAPPING_ONLY',
    tags: { ...(b.tags ?? {}) },
  });
  state.domainNames[b.domainName] = { domain, mappings: {} };
  return { status: 201, body: domainView(state.domainNames[b.domainName]!, false) };
}

/**
 * A private custom domain name: not unique (several may share a name, and a public domain may have
 * it too), identified by its `domainNameId` (10 lower-case letters and digits, as AWS's ARNs show)
 * and its ARN, which carries the account. It has no endpoint of its own to alias (no regional or
 * distribution domain name): VPC endpoints reach it through domain name access associations.
 */
function createPrivateDomainName(ctx: RequestContext, b: Obj) {
  const state = v1(ctx);
  const ip = b.endpointConfiguration?.ipAddressType ?? 'dualstack';
  const input = { ...b, endpointConfiguration: { types: ['PRIVATE'], ipAddressType: ip } };
  if (String(b.domainName).startsWith('*')) throw badRequest('Wildcard custom domain names are not supported for PRIVATE domain names.');
  checkPrivate(ctx, input);
  checkTls(input, ['PRIVATE'], 'DomainName');
  const quota = ctx.limits?.privateDomainNames ?? PRIVATE_DOMAINS_QUOTA;
  if (Object.keys(state.privateDomainNames).length >= quota) {
    throw limitExceeded(`Exceeded the maximum of ${quota} private custom domain names per account and region`);
  }
  const id = uniqueId(10, state.privateDomainNames);
  const domain: Obj = compact({
    domainName: b.domainName,
    domainNameId: id,
    domainNameArn: privateDomainArn(ctx, b.domainName, id),
    certificateName: b.certificateName,
    certificateArn: b.certificateArn,
    certificateUploadDate: epoch(ctx),
    endpointConfiguration: { types: ['PRIVATE'], ipAddressType: ip },
    domainNameStatus: 'AVAILABLE',
    securityPolicy: b.securityPolicy ?? 'TLS_1_2',
    endpointAccessMode: b.endpointAccessMode,
    routingMode: b.routingMode ?? 'BASE_PATH_MAPPING_ONLY',
    policy: b.policy,
    tags: { ...(b.tags ?? {}) },
  });
  state.privateDomainNames[id] = { domain, mappings: {} };
  return { status: 201, body: domainView(state.privateDomainNames[id]!, false) };
}

export function domainView(rec: DomainNameRecord, alwaysTags: boolean): Obj {
  const out = clone(rec.domain);
  if (!alwaysTags && !Object.keys(out.tags ?? {}).length) delete out.tags;
  return out;
}

/**
 * The domain a call names: with `domainNameId` the private domain of that id (and that name), without
 * it the public domain of the name. AWS documents that a call without the id acts on the public
 * domain even when a private one shares its name; a private domain named without its id is
 * "404 Invalid domain name identifier specified", as real AWS answers (aws-nuke#533).
 */
export function getDomain(ctx: RequestContext, name = ctx.params.domain_name!, id = ctx.query.get('domainNameId') ?? ''): DomainNameRecord {
  const state = v1(ctx);
  const d = id ? state.privateDomainNames[id] : state.domainNames[name];
  if (!d || d.domain.domainName !== name) throw notFound('Invalid domain name identifier specified');
  return d;
}

/** The private domain an ARN names (`...:{account}:/domainnames/{name}+{id}`), or undefined. */
export function privateDomainByArn(ctx: RequestContext, arn: string): Obj | undefined {
  const m = /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:\d{12}:\/domainnames\/(.+)\+([a-z0-9]+)$/.exec(arn);
  const rec = m ? v1(ctx).privateDomainNames[m[2]!] : undefined;
  return rec && rec.domain.domainNameArn === arn ? rec.domain : undefined;
}

export const isPrivate = (rec: DomainNameRecord): boolean => Boolean(rec.domain.domainNameId);

/** A public domain migrates between EDGE and REGIONAL only (not to or from PRIVATE). */
function endpointType(value: unknown): void {
  if (value !== 'EDGE' && value !== 'REGIONAL') throw badRequest(`Invalid endpoint type ${String(value)}: a domain name migrates between EDGE and REGIONAL.`);
}

/** The targets of the endpoint types a domain has: a new type's are made, a removed type's go. */
function syncTargets(ctx: RequestContext, d: Obj): void {
  const types: string[] = d.endpointConfiguration.types;
  if (types.includes('REGIONAL')) {
    d.regionalDomainName ??= `d-${newId(10)}.execute-api.${ctx.region}.amazonaws.com`;
    d.regionalHostedZoneId ??= REGIONAL_ZONES[ctx.region] ?? 'Z1UJRXOUMOOFQ8';
  } else {
    delete d.regionalDomainName;
    delete d.regionalHostedZoneId;
  }
  if (types.includes('EDGE')) {
    d.distributionDomainName ??= `d${newId(13)}.cloudfront.net`;
    d.distributionHostedZoneId ??= CLOUDFRONT_ZONE;
    d.certificateUploadDate ??= epoch(ctx);
  } else {
    delete d.distributionDomainName;
    delete d.distributionHostedZoneId;
    delete d.certificateUploadDate;
  }
}

const rules: PatchRule<Obj>[] = [
  stringField('certificateName'),
  stringField('certificateArn'),
  stringField('regionalCertificateName'),
  stringField('regionalCertificateArn'),
  stringField('securityPolicy'),
  stringField('routingMode'),
  stringField('endpointAccessMode'),
  { path: '/endpointConfiguration/ipAddressType', ops: ['replace'], apply: (d, op) => (d.endpointConfiguration.ipAddressType = op.value) },
  // Migrating between EDGE and REGIONAL (developer guide, "Migrate a custom domain name to a
  // different API endpoint type"): add the new type, point DNS at it, remove the old one; or
  // replace the one type at once (`/endpointConfiguration/types/0`, as terraform's provider does).
  {
    path: '/endpointConfiguration/types/0',
    ops: ['replace'],
    apply: (d, op) => {
      endpointType(op.value);
      d.endpointConfiguration.types = [op.value];
    },
  },
  {
    path: '/endpointConfiguration/types',
    ops: ['add', 'remove'],
    apply: (d, op) => {
      endpointType(op.value);
      const types: string[] = d.endpointConfiguration.types;
      const type = String(op.value);
      if (op.op === 'add' && !types.includes(type)) types.push(type);
      if (op.op === 'remove') {
        if (!types.includes(type)) throw badRequest(`Invalid endpoint type ${String(op.value)}: the domain name has no such endpoint.`);
        if (types.length === 1) throw badRequest('A domain name must have an endpoint type.');
        d.endpointConfiguration.types = types.filter((t) => t !== type);
      }
    },
  },
  stringField('ownershipVerificationCertificateArn', ['add', 'replace', 'remove']),
  ...(['truststoreUri', 'truststoreVersion'] as const).map(
    (k): PatchRule<Obj> => ({
      path: `/mutualTlsAuthentication/${k}`,
      ops: ['add', 'replace', 'remove'],
      apply: (d, op) => {
        const m: Obj = { ...(d.mutualTlsAuthentication ?? {}) };
        if (op.op === 'remove') delete m[k];
        else m[k] = op.value;
        d.mutualTlsAuthentication = Object.keys(m).length ? m : undefined;
      },
    }),
  ),
];

/** A policy document set by `replace`; an empty value clears it. */
const policyField = (field: 'policy' | 'managementPolicy'): PatchRule<Obj> => ({
  path: `/${field}`,
  ops: ['replace'],
  apply: (d, op) => {
    if (op.value === undefined || op.value === null || op.value === '') delete d[field];
    else d[field] = op.value;
  },
});

/**
 * What a private domain takes: its certificate (ACM only), security policy, routing mode, address
 * type, and its two policies: `policy` for the execute-api service (who may invoke it) and
 * `managementPolicy` for the API Gateway management service (which accounts may create domain name
 * access associations with it; set only through UpdateDomainName, AWS's way of sharing a private
 * domain without AWS RAM). Both are `replace` only (AWS's patch reference).
 */
const privateRules: PatchRule<Obj>[] = [
  stringField('certificateName'),
  stringField('certificateArn'),
  stringField('securityPolicy'),
  stringField('routingMode'),
  stringField('endpointAccessMode'),
  { path: '/endpointConfiguration/ipAddressType', ops: ['replace'], apply: (d, op) => (d.endpointConfiguration.ipAddressType = op.value) },
  policyField('policy'),
  policyField('managementPolicy'),
];

function updateDomainName(ctx: RequestContext) {
  const ops = readPatchOps(ctx, 'updateDomainNameInput');
  const rec = getDomain(ctx);
  const priv = isPrivate(rec);
  const updated = compact(applyPatch(clone(rec.domain), ops, priv ? privateRules : rules, 'listed'));
  if (priv) checkPrivate(ctx, updated);
  else {
    checkCertificates(ctx, updated, updated.endpointConfiguration.types);
    // An edge-optimized domain serves REST APIs only: one whose mappings (made through
    // apigatewayv2) name an HTTP or WebSocket API keeps its Regional endpoint.
    const restApis = v1(ctx).restApis;
    if (!updated.endpointConfiguration.types.includes('REGIONAL') && Object.values(rec.mappings).some((m) => !restApis[m.restApiId])) {
      throw badRequest('Only REST APIs can be attached to EDGE domain names. Remove the API mappings to HTTP and WebSocket APIs first.');
    }
    syncTargets(ctx, updated);
  }
  if (updated.endpointAccessMode === '') delete updated.endpointAccessMode;
  check('updateDomainNameInput', updated).oneOf('securityPolicy', updated.securityPolicy, ENUMS.securityPolicy)
    .oneOf('endpointAccessMode', updated.endpointAccessMode, ENUMS.endpointAccessMode).oneOf('routingMode', updated.routingMode, ENUMS.routingMode)
    .oneOf('endpointConfiguration.ipAddressType', updated.endpointConfiguration.ipAddressType, ENUMS.ipAddressType).done();
  checkTls(updated, updated.endpointConfiguration.types, 'DomainName');
  rec.domain = updated;
  return { status: 200, body: domainView(rec, true) };
}

function deleteDomainName(ctx: RequestContext) {
  const rec = getDomain(ctx);
  const state = v1(ctx);
  if (!isPrivate(rec)) {
    delete state.domainNames[rec.domain.domainName];
    return { status: 202 };
  }
  // The developer guide's clean-up deletes the access associations before the domain.
  const arn = rec.domain.domainNameArn;
  if (Object.values(state.accessAssociations).some((a) => a.association.domainNameArn === arn)) {
    throw conflict(`Domain name ${arn} has domain name access associations. Delete or reject them before deleting the domain name.`);
  }
  delete state.privateDomainNames[rec.domain.domainNameId];
  return { status: 202 };
}

/**
 * GetDomainNames lists the account's public and private domains; `resourceOwner=OTHER_ACCOUNTS`
 * lists the private domains other accounts share with this one, which in a one-account emulator are
 * none.
 */
function getDomainNames(ctx: RequestContext) {
  const owner = ctx.query.get('resourceOwner') ?? undefined;
  check('getDomainNamesInput', {}).oneOf('resourceOwner', owner, ['SELF', 'OTHER_ACCOUNTS']).done();
  const state = v1(ctx);
  const all = owner === 'OTHER_ACCOUNTS' ? [] : [...Object.values(state.domainNames), ...Object.values(state.privateDomainNames)];
  return { status: 200, body: paginate(ctx, all.map((d) => domainView(d, false))) };
}

export const domainNameRoutes: Route[] = [
  { method: 'POST', path: '/domainnames', operation: 'CreateDomainName', handler: createDomainName },
  { method: 'GET', path: '/domainnames', operation: 'GetDomainNames', handler: getDomainNames },
  { method: 'GET', path: '/domainnames/{domain_name}', operation: 'GetDomainName', handler: (ctx) => ({ status: 200, body: domainView(getDomain(ctx), true) }) },
  { method: 'PATCH', path: '/domainnames/{domain_name}', operation: 'UpdateDomainName', handler: updateDomainName },
  { method: 'DELETE', path: '/domainnames/{domain_name}', operation: 'DeleteDomainName', handler: deleteDomainName },
];
