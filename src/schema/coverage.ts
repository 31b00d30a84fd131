import { createRequire } from 'node:module';
import { RootConfig, SpecDocument } from './lang/spec-set.js';

/**
 * How much of API Gateway's writable surface the spec language expresses, measured against the
 * service models the AWS SDKs carry (their `$` schemas): every request member of a Create, Put,
 * Update or Generate operation of apigateway and apigatewayv2, deployments (made by the planner)
 * and developer portals aside, path labels (ids) aside. A member is covered when the language has
 * a field of its name, or expresses it another way (ALIASES: a natural key, a name instead of an
 * id...); every other member is listed with the reason it is left out (REASONS).
 *
 * v1 Update operations take JSON-patch lists (`patchOperations`): their paths mirror the Create
 * members and are not counted again.
 */
const require = createRequire(import.meta.url);

export interface CoverageRow {
  service: 'apigateway' | 'apigatewayv2';
  operation: string;
  member: string;
  covered: boolean;
  /** Where the language has it, or why not. */
  note: string;
}

type Schema = unknown[];
const EXCLUDED_OPS = /Deployment|Portal|ProductPage|ProductRestEndpointPage|^UpdateUsage$/;

/** Members expressed under another name or shape (`Operation.member` or `member`). */
const ALIASES: Record<string, string> = {
  name: 'the object\'s key in the spec (its natural key)',
  restApiId: 'named by the API\'s key', apiId: 'named by the API\'s key', keyId: '`keys` of a usage plan, by name',
  keyType: 'always API_KEY', parentId: 'resource paths (`/a/b`)', pathPart: 'resource paths (`/a/b`)',
  httpMethod: 'the method\'s verb key', integrationHttpMethod: 'integration `httpMethod`', statusCode: 'response keys',
  responseType: '`gatewayResponses` keys', providerARNs: '`providerArns`', authorizerId: '`authorizer` (by name)',
  requestValidatorId: '`requestValidator` (by name)', connectionId: '`vpcLink` (by name) or `connectionId`',
  stageKeys: 'usage plans name API stages', generateDistinctId: 'not needed: ids are never written', value: '`value` (a secret from the environment)',
  basePath: '`mappings` keys', stage: 'mapping `stage`', stageName: 'stage keys', endpointConfiguration: '`endpointType`, `ipAddressType`, `vpcEndpointIds`',
  mutualTlsAuthentication: '`mutualTls`', accessLogSettings: '`accessLog`', canarySettings: '`canary`', variables: 'stage `variables`',
  stageVariables: 'stage `variables`', routeId: 'routes by route key', routeKey: 'route keys', routeResponseKey: 'route response keys',
  integrationId: '`integration` (by name)', integrationResponseKey: 'integration response keys', domainName: '`domains` keys',
  domainNameConfigurations: 'the domain\'s certificate, endpoint type, security policy, ipAddressType', apiMappingKey: '`mappings` keys',
  protocolType: '`httpApis` / `webSocketApis`', corsConfiguration: '`cors`', authorizerType: 'authorizer `type`',
  jwtConfiguration: 'authorizer `jwt`', targetArns: '`targetArns`', vpcLinkId: '`vpcLink` (by name)',
  defaultRouteSettings: 'stage `throttle`, `logging`, `detailedMetrics`', routeSettings: 'stage `routeSettings`',
  methodSettings: 'stage `methodSettings`, `throttle`, `logging`, `caching`', quota: '`quota`', throttle: '`throttle`',
  apiStages: '`apiStages`', schema: 'model `schema`', contentType: 'model `contentType`', clientCertificateId: '`clientCertificate` (by name) or `clientCertificateId`',
  'CreateStage.deploymentId': 'set by the planner (each stage follows its API\'s deployment)',
  'UpdateStage.deploymentId': 'set by the planner (each stage follows its API\'s deployment)',
  'PutIntegration.integrationTarget': 'integration `integrationTarget`',
  'CreateIntegration.integrationUri': 'integration `uri` / `lambda`', 'UpdateIntegration.integrationUri': 'integration `uri` / `lambda`',
  'CreateIntegration.integrationMethod': 'integration `httpMethod`', 'UpdateIntegration.integrationMethod': 'integration `httpMethod`',
  'CreateIntegration.integrationType': 'integration `type`', 'UpdateIntegration.integrationType': 'integration `type`',
  'CreateRoute.target': '`integration` (by name)', 'UpdateRoute.target': '`integration` (by name)',
  'CreateRouteResponse.responseModels': 'route response `models`', 'UpdateRouteResponse.responseModels': 'route response `models`',
  'CreateRouteResponse.responseParameters': 'route response `parameters`', 'UpdateRouteResponse.responseParameters': 'route response `parameters`',
  contentHandlingStrategy: 'WebSocket integration (response) `contentHandling`',
  'UpdateAccount.patchOperations': '`account` (`cloudwatchRoleArn`, `features`)',
  'GenerateClientCertificate.description': '`clientCertificates` `description`', 'GenerateClientCertificate.tags': '`clientCertificates` `tags`',
  'CreateRoutingRule.actions': 'domain `routingRules`: `api`, `stage` (by name), `stripBasePath`', 'PutRoutingRule.actions': 'domain `routingRules`: `api`, `stage` (by name), `stripBasePath`',
  'CreateRoutingRule.conditions': 'domain `routingRules`: `headers`, `basePaths`', 'PutRoutingRule.conditions': 'domain `routingRules`: `headers`, `basePaths`',
  'CreateBasePathMapping.domainNameId': 'the private domain\'s id, read from AWS (a private domain is keyed by its name)',
  'UpdateBasePathMapping.domainNameId': 'the private domain\'s id, read from AWS (a private domain is keyed by its name)',
  'UpdateDomainName.domainNameId': 'the private domain\'s id, read from AWS (a private domain is keyed by its name)',
  'CreateRoutingRule.domainNameId': 'the private domain\'s id, read from AWS (a private domain is keyed by its name)',
  'PutRoutingRule.domainNameId': 'the private domain\'s id, read from AWS (a private domain is keyed by its name)',
  'CreateDomainNameAccessAssociation.domainNameArn': 'the private domain the association is listed under (its ARN read from AWS)',
  'CreateDomainNameAccessAssociation.accessAssociationSourceType': 'always VPCE (the only type)',
  'CreateDomainNameAccessAssociation.accessAssociationSource': 'domain `accessAssociations` entries',
  'CreateDomainNameAccessAssociation.tags': 'the ownership tag',
  'CreateDocumentationPart.location': 'documentation part `location` (its natural key)', 'CreateDocumentationPart.properties': 'documentation part `properties`',
  'CreateDocumentationVersion.documentationVersion': '`documentation.versions` keys', 'CreateDocumentationVersion.description': 'documentation version `description`',
  'CreateDocumentationVersion.stageName': 'stage `documentationVersion`', 'CreateStage.documentationVersion': 'stage `documentationVersion`',
};

/** Why a member is left out, by `Operation.member` pattern; the first match wins. */
const REASONS: [RegExp, string][] = [
  [/\.(certificateBody|certificatePrivateKey|certificateChain|certificateName|regionalCertificateName)$/, 'uploaded certificates: ACM certificate ARNs only (a private key never goes into git)'],
  [/^PutRestApi\./, 'overwriting an API from OpenAPI: `apigw-sync import --from-openapi` converts it into a spec instead'],
  [/\.cloneFrom$/, 'cloning an API: a spec describes the whole API instead'],
  [/^(CreateApi|UpdateApi)\.basepath$/, 'OpenAPI import option: not applicable'],
  [/^CreateApiKey\.customerId$/, 'covered: API key `customerId`'],
  [/\.(enabled)$/, 'covered'],
];

function specFieldNames(): Set<string> {
  const out = new Set<string>();
  const visit = (s: unknown): void => {
    if (!s || typeof s !== 'object') return;
    const n = s as Record<string, unknown>;
    for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, unknown>)) { out.add(k); visit(v); }
    for (const v of Object.values((n.patternProperties ?? {}) as Record<string, unknown>)) visit(v);
    if (n.additionalProperties && typeof n.additionalProperties === 'object') visit(n.additionalProperties);
    visit(n.items);
    for (const v of (n.anyOf ?? []) as unknown[]) visit(v);
  };
  visit(SpecDocument);
  visit(RootConfig);
  return out;
}

function operations(mod: Record<string, unknown>): [string, Schema][] {
  return Object.entries(mod)
    .filter(([k, v]) => k.endsWith('$') && Array.isArray(v) && v[0] === 9)
    .map(([k, v]) => [k.slice(0, -1), v as Schema] as [string, Schema])
    .filter(([n]) => /^(Create|Put|Update|Generate)/.test(n) && !EXCLUDED_OPS.test(n))
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

const isLabel = (s: unknown) => Array.isArray(s) && s[1] === 1;
const camel = (m: string) => m.charAt(0).toLowerCase() + m.slice(1);

export function coverageRows(): CoverageRow[] {
  const fields = specFieldNames();
  const rows: CoverageRow[] = [];
  for (const [service, pkg] of [['apigateway', '@aws-sdk/client-api-gateway'], ['apigatewayv2', '@aws-sdk/client-apigatewayv2']] as const) {
    const mod = require(pkg) as Record<string, unknown>;
    for (const [op, schema] of operations(mod)) {
      const input = (schema[4] as () => Schema)();
      const names = input[4] as string[];
      const types = input[5] as unknown[];
      names.forEach((raw, i) => {
        const member = camel(raw);
        if (isLabel(types[i]) || member === 'patchOperations') return;
        const key = `${op}.${member}`;
        const reason = REASONS.find(([re]) => re.test(key))?.[1];
        const alias = ALIASES[key] ?? ALIASES[member];
        const covered = reason === undefined || reason.startsWith('covered') ? alias !== undefined || fields.has(member) || reason !== undefined : false;
        const note = covered ? (alias ?? (reason?.replace(/^covered:? ?/, '') || `\`${member}\``)) : reason ?? 'not in the language';
        rows.push({ service, operation: op, member, covered, note });
      });
    }
  }
  return rows;
}

export function renderCoverage(rows: CoverageRow[]): string {
  const covered = rows.filter((r) => r.covered).length;
  const pct = ((covered / rows.length) * 100).toFixed(1);
  const out = [
    '# Coverage of API Gateway\'s writable surface',
    '',
    'Generated by `npm run coverage` from the service models the AWS SDKs carry (every request member',
    'of a Create, Put, Update or Generate operation of apigateway and apigatewayv2; deployments, which',
    'the planner makes, developer portals and path labels aside; v1 Update operations patch the members',
    'their Create operation has and are counted through them). A test fails when this file is out of date.',
    '',
    `**${covered} of ${rows.length} members covered (${pct} %).**`,
    '',
    '## Left out',
    '',
    '| operation | member | why |',
    '| --- | --- | --- |',
    ...rows.filter((r) => !r.covered).map((r) => `| ${r.service} ${r.operation} | \`${r.member}\` | ${r.note} |`),
    '',
    '## Covered',
    '',
    '| operation | member | in the language |',
    '| --- | --- | --- |',
    ...rows.filter((r) => r.covered).map((r) => `| ${r.service} ${r.operation} | \`${r.member}\` | ${r.note} |`),
    '',
  ];
  return out.join('\n');
}
