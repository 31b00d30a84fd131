import type { RequestContext, Route } from '../router.js';
import { badRequest, conflict, notFound } from '../aws-error.js';
import { check, ENUMS } from './validate.js';
import { applyPatch, readPatchOps, stringField, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, epoch, v1, type DomainNameRecord, type Obj } from './store.js';
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

/**
 * Custom domain names are one namespace for both APIs: a name created through apigatewayv2 cannot be
 * created again through apigateway. Reads the v2 part of the state defensively (its shape belongs
 * to src/emulator/v2): a list of records holding `domainName.domainName`.
 */
function takenByV2(ctx: RequestContext, name: string): boolean {
  const list = (ctx.state.v2 as { domainNames?: unknown }).domainNames;
  return Array.isArray(list) && list.some((d) => (d as { domainName?: { domainName?: unknown } })?.domainName?.domainName === name);
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
  if (state.domainNames[b.domainName] || takenByV2(ctx, b.domainName)) throw conflict('The domain name you provided already exists.');
  const types: string[] = b.endpointConfiguration?.types?.length ? [...b.endpointConfiguration.types] : ['EDGE'];
  if (types.length > 1) throw badRequest('Cannot create a domain name with multiple Endpoint Types.');
  checkCertificates(ctx, b, types);
  checkTls(b, types, 'DomainName');
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
    policy: b.policy,
    tags: { ...(b.tags ?? {}) },
  });
  state.domainNames[b.domainName] = { domain, mappings: {} };
  return { status: 201, body: domainView(state.domainNames[b.domainName]!, false) };
}

export function domainView(rec: DomainNameRecord, alwaysTags: boolean): Obj {
  const out = clone(rec.domain);
  if (!alwaysTags && !Object.keys(out.tags ?? {}).length) delete out.tags;
  return out;
}

export function getDomain(ctx: RequestContext, name = ctx.params.domain_name!): DomainNameRecord {
  const d = v1(ctx).domainNames[name];
  if (!d) throw notFound('Invalid domain name identifier specified');
  return d;
}

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
  stringField('policy'),
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

export const domainNameRoutes: Route[] = [
  { method: 'POST', path: '/domainnames', operation: 'CreateDomainName', handler: createDomainName },
  {
    method: 'GET',
    path: '/domainnames',
    operation: 'GetDomainNames',
    handler: (ctx) => ({ status: 200, body: paginate(ctx, Object.values(v1(ctx).domainNames).map((d) => domainView(d, false))) }),
  },
  { method: 'GET', path: '/domainnames/{domain_name}', operation: 'GetDomainName', handler: (ctx) => ({ status: 200, body: domainView(getDomain(ctx), true) }) },
  {
    method: 'PATCH',
    path: '/domainnames/{domain_name}',
    operation: 'UpdateDomainName',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateDomainNameInput');
      const rec = getDomain(ctx);
      const updated = compact(applyPatch(clone(rec.domain), ops, rules, 'listed'));
      checkCertificates(ctx, updated, updated.endpointConfiguration.types);
      if (!rec.domain.endpointConfiguration.types.includes('PRIVATE')) syncTargets(ctx, updated);
      if (updated.endpointAccessMode === '') delete updated.endpointAccessMode;
      check('updateDomainNameInput', updated).oneOf('securityPolicy', updated.securityPolicy, ENUMS.securityPolicy)
        .oneOf('endpointAccessMode', updated.endpointAccessMode, ENUMS.endpointAccessMode).oneOf('routingMode', updated.routingMode, ENUMS.routingMode).done();
      checkTls(updated, updated.endpointConfiguration.types, 'DomainName');
      rec.domain = updated;
      return { status: 200, body: domainView(rec, true) };
    },
  },
  {
    method: 'DELETE',
    path: '/domainnames/{domain_name}',
    operation: 'DeleteDomainName',
    handler: (ctx) => {
      getDomain(ctx);
      delete v1(ctx).domainNames[ctx.params.domain_name!];
      return { status: 202 };
    },
  },
];
