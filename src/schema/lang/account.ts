import { Type } from '@sinclair/typebox';
import { bool, enumOf, int, INT32_MAX, jsonDocument, list, mapOf, obj, opt, str, Tags, Throttle } from './fields.js';

/** Schemas of account-level objects: API keys, usage plans, custom domains and their mappings. */

/**
 * A secret read from the environment at plan/apply time; written `${env:NAME}` (NAME must be set)
 * or `${env:NAME:-}` (optional: while NAME is unset, AWS generates the value) in the spec.
 */
export const SecretRef = obj('A secret taken from the environment variable `secretEnv` when plan/apply run; never stored.', {
  secretEnv: str('Name of the environment variable that holds the secret.'),
  optional: opt(bool('Written `${env:NAME:-}`: when the variable is unset, AWS generates the value (on create) and a live key keeps its value.')),
}, { 'x-secret': true });

export const ApiKey = obj('An API key.', {
  description: opt(str('Description of the key.')),
  enabled: opt(bool('Whether the key works (default true: apigw-sync always sends it).')),
  value: opt(SecretRef),
  customerId: opt(str('AWS Marketplace customer id.')),
  tags: opt(Tags),
});

export const Quota = obj('Request quota per period.', {
  limit: int('Maximum requests in a period.', 0, INT32_MAX),
  period: enumOf(['DAY', 'WEEK', 'MONTH'] as const, 'Quota period.'),
  offset: opt(int('Days the period start is shifted by (0 for DAY, 0-6 for WEEK, 0-27 for MONTH).', 0, INT32_MAX)),
});

export const ApiStage = obj('An API stage the plan applies to.', {
  api: str('Name of a REST or WebSocket API of this spec set.'),
  stage: str('Name of a stage of that API.'),
  throttle: opt(Type.Record(Type.String(), Throttle, {
    description: 'Per-method throttling keyed by `VERB /path` (REST APIs), e.g. `GET /users`.',
  })),
});

export const UsagePlan = obj('A usage plan: throttling and quota for the API keys it lists.', {
  description: opt(str('Description of the plan.')),
  productCode: opt(str('AWS Marketplace product code of a plan sold as a SaaS product through AWS Marketplace.')),
  throttle: opt(Throttle),
  quota: opt(Quota),
  apiStages: opt(list('API stages the plan covers.', ApiStage)),
  keys: opt(list('Names of API keys (under `apiKeys`) in the plan.', Type.String())),
  tags: opt(Tags),
});

export const Mapping = obj('Maps a path of the domain to an API stage.', {
  api: str('Name of a REST, HTTP or WebSocket API of this spec set.'),
  stage: str('Name of a stage of that API.'),
});

export const SECURITY_POLICIES = [
  'TLS_1_0', 'TLS_1_2', 'SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
  'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', 'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09', 'SecurityPolicy_TLS13_1_2_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_2021_06', 'SecurityPolicy_TLS13_2025_EDGE', 'SecurityPolicy_TLS12_PFS_2025_EDGE',
  'SecurityPolicy_TLS12_2018_EDGE',
] as const;

/** `TLS_1_0` and `TLS_1_2` are the legacy policies; every `SecurityPolicy_*` one is enhanced. */
export const isEnhancedPolicy = (p: string | undefined): boolean => p !== undefined && p.startsWith('SecurityPolicy_');
/** Enhanced policies ending in `_EDGE` are for edge-optimized endpoints; the others for regional and private ones. */
export const isEdgePolicy = (p: string | undefined): boolean => p !== undefined && p.endsWith('_EDGE');

export const EndpointAccessMode = enumOf(['STRICT', 'BASIC'] as const,
  'Endpoint access mode, required with an enhanced (`SecurityPolicy_*`) security policy and refused with a legacy one: `STRICT` (requests must come through the same endpoint type, with SNI host matching) or `BASIC`.');

export const ROUTING_MODES = ['API_MAPPING_ONLY', 'ROUTING_RULE_ONLY', 'ROUTING_RULE_THEN_API_MAPPING'] as const;

export const HeaderMatch = obj('One header condition: it holds when any of its header/value pairs matches the request.', {
  anyOf: list('Header name and value glob pairs; the condition holds when any of them matches.', obj('A header name and a value glob.', {
    header: str('Header name (matched without regard to case).'),
    valueGlob: str('Value to match (case-sensitive). A `*` may begin and/or end it: `beta*` (prefix), `*beta` (suffix), `*beta*` (contains).'),
  }), { minItems: 1 }),
});

export const RoutingRule = obj('A routing rule: requests matching all its conditions invoke a REST API stage. Rules are evaluated by priority, lowest first.', {
  name: opt(str('A name of your choosing that keys the rule in plans (AWS keeps none): without one the rule is keyed by its priority. Not purely digits.')),
  priority: int('Evaluation order, 1 (first) to 1000000; unique on the domain.', 1, 1000000),
  headers: opt(list('Header conditions (at most two), all of which must hold.', HeaderMatch, { maxItems: 2 })),
  basePaths: opt(list('Base path condition: the request\'s first path segments must be one of these (case-sensitive, no leading `/`).', Type.String(), { minItems: 1 })),
  api: str('Name of a REST API of this spec set that the rule invokes (HTTP and WebSocket APIs cannot be targets).'),
  stage: str('Name of a stage of that API.'),
  stripBasePath: opt(bool('Remove the matched base path before the request reaches the stage (AWS default false).')),
});

export const Domain = obj('A custom domain name, keyed by the domain name.', {
  endpointType: opt(enumOf(['REGIONAL', 'EDGE', 'PRIVATE'] as const, 'REGIONAL (default here; required for HTTP/WebSocket mappings), EDGE, or PRIVATE: a private custom domain, reached only from VPC endpoints through its `accessAssociations`, mapping private REST APIs.')),
  ipAddressType: opt(enumOf(['ipv4', 'dualstack'] as const, 'IP address types that can invoke the domain name: `ipv4` (AWS default) or `dualstack` (IPv4 and IPv6; the only one for PRIVATE domains, and their default).')),
  regionalCertificateArn: opt(str('ACM certificate ARN in the spec set\'s region (REGIONAL).')),
  certificateArn: opt(str('ACM certificate ARN: in us-east-1 for EDGE; in the spec set\'s region for PRIVATE.')),
  securityPolicy: opt(enumOf(SECURITY_POLICIES, 'TLS security policy (AWS default TLS_1_2). `TLS_1_0` and `TLS_1_2` are legacy policies; `SecurityPolicy_*` ones are enhanced: they need `endpointAccessMode`, forbid `mutualTls` and HTTP/WebSocket mappings; `*_EDGE` ones are for EDGE domains, the others for REGIONAL ones.')),
  endpointAccessMode: opt(EndpointAccessMode),
  mutualTls: opt(obj('Mutual TLS: clients must present a certificate signed by the truststore.', {
    truststoreUri: str('S3 URI of the truststore PEM bundle, `s3://bucket/key`.'),
    truststoreVersion: opt(str('S3 object version of the truststore.')),
  })),
  ownershipVerificationCertificateArn: opt(str('ACM certificate proving ownership, needed for mutual TLS with an imported or private certificate.')),
  policy: opt(jsonDocument('PRIVATE only: the resource policy (execute-api) deciding which VPC endpoints and callers may invoke the domain; a YAML mapping, a JSON string, or `{ $file: policy.json }`. Write the domain itself as `execute-api:/*`.')),
  managementPolicy: opt(jsonDocument('PRIVATE only: the policy (API Gateway management service) deciding which other AWS accounts may associate their VPC endpoints with the domain (action `apigateway:CreateAccessAssociation`); a YAML mapping, a JSON string, or `{ $file: ... }`.')),
  accessAssociations: opt(list('PRIVATE only: ids of VPC endpoints (`vpce-...`) of this account that reach the domain; each becomes a domain name access association. Its ARN is AWS\'s and never written here.',
    Type.String({ pattern: '^vpce-[0-9a-f]{8,17}$' }))),
  acceptedAssociations: opt(list('PRIVATE only: VPC endpoints of other accounts that may keep an access association with the domain (their accounts create it, as `managementPolicy` or AWS RAM allows). With this field, every other account\'s association not listed is rejected (RejectDomainNameAccessAssociation); without it, other accounts\' associations are left alone.',
    Type.String({ pattern: '^vpce-[0-9a-f]{8,17}$' }))),
  tags: opt(Tags),
  dns: opt(obj('Route 53 records for this domain, managed by apigw-sync: an alias A record named after the domain (and an AAAA record when `ipAddressType: dualstack`) pointing at the domain\'s regional target (EDGE: its CloudFront distribution), each with an ownership TXT record `_apigw-sync-<type>.<domain>` beside it. Records without that TXT record are never changed (`--adopt` takes them over).', {
    hostedZone: str('The Route 53 hosted zone that holds the records: its name (`example.com`; the domain must be in it) or its id (`Z0123456789ABCDEFGHIJ`), needed when a private and a public zone share the name.'),
  })),
  mappings: opt(mapOf('Mappings by base path (`v1`, `orders/v2`, or `(none)` for the root). REST API stages become base-path mappings, HTTP/WebSocket stages API mappings.', Mapping)),
  routingMode: opt(enumOf(ROUTING_MODES, 'How requests reach APIs: `API_MAPPING_ONLY` (AWS default: `mappings` only), `ROUTING_RULE_ONLY` (`routingRules` only) or `ROUTING_RULE_THEN_API_MAPPING` (rules first, then mappings). Rules need one of the last two.')),
  routingRules: opt(list('Routing rules of the domain (REST APIs only), keyed by `name` or else by priority.', RoutingRule)),
});

/**
 * A VPC link. Its kind follows from its fields: `targetArns` makes a REST link (apigateway, for REST
 * and WebSocket API private integrations, reaching Network Load Balancers); `subnetIds` makes an
 * HTTP API link (apigatewayv2, reaching subnets). The two fields never go together.
 */
export const VpcLink = obj('A VPC link, keyed by its name (the AWS link name). `targetArns` makes a link for REST and WebSocket APIs; `subnetIds` a link for HTTP APIs.', {
  targetArns: opt(list('REST/WebSocket API link: the ARN of the Network Load Balancer it reaches (AWS takes exactly one).', Type.String(), { minItems: 1, maxItems: 1 })),
  description: opt(str('Description of a REST/WebSocket API link (HTTP API links have none).')),
  subnetIds: opt(list('HTTP API link: ids of the subnets it reaches.', Type.String(), { minItems: 1 })),
  securityGroupIds: opt(list('HTTP API link: ids of the security groups of its network interfaces.', Type.String())),
  tags: opt(Tags),
});

/**
 * A client certificate API Gateway presents to HTTP backends. AWS generates it (GenerateClientCertificate)
 * and names it only by an id, so the spec's name is kept in the tag `apigw-sync:name`.
 */
export const ClientCertificate = obj('A client certificate, keyed by a name of your choosing; AWS generates the key pair on apply. Stages name it in `clientCertificate`. Its PEM is never printed.', {
  description: opt(str('Description of the certificate.')),
  tags: opt(Tags),
});

export { mapOf };
