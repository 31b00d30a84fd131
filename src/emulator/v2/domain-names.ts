import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext } from '../router.js';
import { ENUMS, checkInput, checkNested, isPlainObject, obj, oneOf, str, strMap } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import { checkTags } from './tags.js';
import { type DomainNameRecord, type V2State, type Wire, assignPresent, findDomainName, freshId, v2State } from './store.js';

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
 * Custom domain names are one namespace for both APIs (AWS: a regional custom domain serves REST and
 * HTTP APIs alike): a name created through apigateway cannot be created again here. Reads the v1
 * part of the state defensively (its shape belongs to src/emulator/v1): `domainNames` keyed by name.
 */
function takenByV1(ctx: RequestContext, name: string): boolean {
  const v1Names = (ctx.state.v1 as { domainNames?: unknown }).domainNames;
  return typeof v1Names === 'object' && v1Names !== null && Object.prototype.hasOwnProperty.call(v1Names, name);
}

/** Deleting a domain name deletes its API mappings with it (they live in its record). */
export const domainNameRoutes = subCollectionRoutes<V2State, DomainNameRecord>({
  noun: 'DomainName',
  path: '/v2/domainnames',
  idMember: 'domainName',
  parent: v2State,
  items: (state) => state.domainNames,
  wire: (rec) => rec.domainName,
  find: (ctx, _state, name) => findDomainName(ctx, name),
  create: (ctx, state, input) => {
    checkInput(input, { ...MEMBERS, tags: strMap }, ['domainName']);
    checkTags(input.tags);
    const name: string = input.domainName;
    if (!DNS_NAME.test(name)) throw badRequest(`Invalid domain name: ${name}. It must be a valid, lowercase DNS name`);
    if (state.domainNames.some((d) => d.domainName.domainName === name) || takenByV1(ctx, name)) {
      throw conflict('The domain name you provided already exists.');
    }
    const dn: Wire = {
      apiMappingSelectionExpression: '$request.basepath',
      domainName: name,
      domainNameArn: `arn:aws:apigateway:${ctx.region}::/domainnames/${name}`,
      domainNameConfigurations: configurations(ctx, input.domainNameConfigurations),
      routingMode: input.routingMode ?? 'API_MAPPING_ONLY',
      tags: input.tags ?? {},
    };
    const mtls = mutualTls(input.mutualTlsAuthentication);
    if (mtls) dn.mutualTlsAuthentication = mtls;
    return { domainName: dn, mappings: [] };
  },
  update: (ctx, _state, { domainName: dn }, input) => {
    checkInput(input, MEMBERS);
    // The configurations list is replaced as a whole (certificate rotation); the target name stays.
    if (input.domainNameConfigurations !== undefined) {
      dn.domainNameConfigurations = configurations(ctx, input.domainNameConfigurations, dn.domainNameConfigurations);
    }
    if (input.mutualTlsAuthentication !== undefined) {
      const mtls = mutualTls(input.mutualTlsAuthentication);
      if (mtls) dn.mutualTlsAuthentication = { ...(dn.mutualTlsAuthentication ?? {}), ...mtls };
    }
    if (input.routingMode !== undefined) dn.routingMode = input.routingMode;
  },
});
