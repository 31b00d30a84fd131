import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateDomainNameCommand as CreateV1DomainNameCommand,
  CreateRestApiCommand,
  DeleteDomainNameCommand as DeleteV1DomainNameCommand,
  GetResourcesCommand,
  GetDomainNameCommand as GetV1DomainNameCommand,
  PutMethodCommand,
  PutIntegrationCommand,
  UpdateDomainNameCommand as UpdateV1DomainNameCommand,
} from '@aws-sdk/client-api-gateway';
import {
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  CreateRoutingRuleCommand,
  CreateStageCommand,
  DeleteRoutingRuleCommand,
  GetRoutingRuleCommand,
  ListRoutingRulesCommand,
  PutRoutingRuleCommand,
  type CreateRoutingRuleCommandInput,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAwsCli, runAws } from './aws-cli.js';
import { TEST_CREDENTIALS } from './helpers.js';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

// Routing rules (apigatewayv2) on REST custom domains: the SDK over HTTP, and the real AWS CLI.

let h: V2Harness;
let v1: APIGatewayClient;
let restApiId: string;
beforeAll(async () => {
  h = await startV2();
  // SDK retries on: a kept-alive socket the emulator closed while the AWS CLI ran is simply reopened.
  v1 = new APIGatewayClient({ region: 'us-east-1', endpoint: h.emu.url, credentials: TEST_CREDENTIALS });
  restApiId = (await v1.send(new CreateRestApiCommand({ name: 'users', endpointConfiguration: { types: ['REGIONAL'] } }))).id!;
  const root = (await v1.send(new GetResourcesCommand({ restApiId }))).items![0]!.id!;
  await v1.send(new PutMethodCommand({ restApiId, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
  await v1.send(new PutIntegrationCommand({ restApiId, resourceId: root, httpMethod: 'GET', type: 'MOCK' }));
  await v1.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
});
afterAll(async () => {
  v1?.destroy();
  await stopV2(h);
});

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc123';
let n = 0;
async function restDomain(routingMode?: 'ROUTING_RULE_ONLY' | 'ROUTING_RULE_THEN_BASE_PATH_MAPPING'): Promise<string> {
  const domainName = `rules${++n}.example.com`;
  await v1.send(new CreateV1DomainNameCommand({ domainName, regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] }, routingMode }));
  return domainName;
}
const rule = (DomainName: string, Priority: number, extra: Partial<CreateRoutingRuleCommandInput> = {}): CreateRoutingRuleCommandInput => ({
  DomainName, Priority, Conditions: [{ MatchBasePaths: { AnyOf: ['users'] } }], Actions: [{ InvokeApi: { ApiId: restApiId, Stage: 'prod' } }], ...extra,
});

describe('routing rules', () => {
  it('create, get, list by priority, put (same id, new priority), delete', async () => {
    const d = await restDomain('ROUTING_RULE_ONLY');
    const b = await h.client.send(new CreateRoutingRuleCommand(rule(d, 200)));
    const a = await h.client.send(new CreateRoutingRuleCommand(rule(d, 100, {
      Conditions: [{ MatchHeaders: { AnyOf: [{ Header: 'x-version', ValueGlob: 'beta*' }] } }, { MatchBasePaths: { AnyOf: ['users'] } }],
      Actions: [{ InvokeApi: { ApiId: restApiId, Stage: 'prod', StripBasePath: true } }],
    })));
    expect(a.RoutingRuleArn).toBe(`arn:aws:apigateway:us-east-1:${h.emu.accountId}:/domainnames/${d}/routingrules/${a.RoutingRuleId}`);
    expect(b.Actions).toStrictEqual([{ InvokeApi: { ApiId: restApiId, Stage: 'prod', StripBasePath: false } }]);
    const listed = await h.client.send(new ListRoutingRulesCommand({ DomainName: d }));
    expect(listed.RoutingRules!.map((r) => r.Priority)).toStrictEqual([100, 200]);
    const page = await h.client.send(new ListRoutingRulesCommand({ DomainName: d, MaxResults: 1 }));
    expect(page.RoutingRules).toHaveLength(1);
    expect(page.NextToken).toBeDefined();
    const put = await h.client.send(new PutRoutingRuleCommand({ ...rule(d, 300), RoutingRuleId: a.RoutingRuleId! }));
    expect(put.RoutingRuleId).toBe(a.RoutingRuleId);
    expect((await h.client.send(new GetRoutingRuleCommand({ DomainName: d, RoutingRuleId: a.RoutingRuleId! }))).Priority).toBe(300);
    await h.client.send(new DeleteRoutingRuleCommand({ DomainName: d, RoutingRuleId: a.RoutingRuleId! }));
    expect((await rejection(h.client.send(new GetRoutingRuleCommand({ DomainName: d, RoutingRuleId: a.RoutingRuleId! })))).name).toBe('NotFoundException');
  });

  it('refuses a taken priority (also on Put), too many conditions, a * inside a value glob, a second action, an HTTP API or a missing stage', async () => {
    const d = await restDomain('ROUTING_RULE_ONLY');
    const first = await h.client.send(new CreateRoutingRuleCommand(rule(d, 100)));
    const second = await h.client.send(new CreateRoutingRuleCommand(rule(d, 200)));
    expect((await rejection(h.client.send(new CreateRoutingRuleCommand(rule(d, 100))))).name).toBe('ConflictException');
    expect((await rejection(h.client.send(new PutRoutingRuleCommand({ ...rule(d, 100), RoutingRuleId: second.RoutingRuleId! })))).name).toBe('ConflictException');
    // A rule keeps its own priority on Put.
    await h.client.send(new PutRoutingRuleCommand({ ...rule(d, 100), RoutingRuleId: first.RoutingRuleId! }));
    const header = { MatchHeaders: { AnyOf: [{ Header: 'a', ValueGlob: 'b' }] } };
    const bad = async (extra: Partial<CreateRoutingRuleCommandInput>) => rejection(h.client.send(new CreateRoutingRuleCommand(rule(d, 500, extra))));
    expect((await bad({ Conditions: [header, header, header] })).message).toMatch(/at most 2 matchHeaders/);
    expect((await bad({ Conditions: [{ MatchBasePaths: { AnyOf: ['a'] } }, { MatchBasePaths: { AnyOf: ['b'] } }] })).message).toMatch(/at most 1 matchBasePaths/);
    expect((await bad({ Conditions: [{ MatchHeaders: { AnyOf: [{ Header: 'a', ValueGlob: 'b*c' }] } }] })).message).toMatch(/wildcard/);
    expect((await bad({ Actions: [{ InvokeApi: { ApiId: restApiId, Stage: 'prod' } }, { InvokeApi: { ApiId: restApiId, Stage: 'prod' } }] })).message).toMatch(/exactly one action/);
    expect((await bad({ Actions: [{ InvokeApi: { ApiId: restApiId, Stage: 'nope' } }] })).message).toMatch(/Invalid stage identifier/);
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'http', ProtocolType: 'HTTP' }));
    await h.client.send(new CreateStageCommand({ ApiId, StageName: 'prod' }));
    expect((await bad({ Actions: [{ InvokeApi: { ApiId, Stage: 'prod' } }] })).message).toMatch(/only invoke REST APIs/);
    expect((await bad({ Priority: 0 } as never)).name).toBe('BadRequestException');
    // A catch-all rule has no condition at all.
    await h.client.send(new CreateRoutingRuleCommand(rule(d, 1000000, { Conditions: [] })));
  });

  it('a domain that maps an HTTP API takes no routing rules; an unknown domain is NotFound; deleting the domain deletes its rules', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'http2', ProtocolType: 'HTTP' }));
    await h.client.send(new CreateStageCommand({ ApiId, StageName: 'prod' }));
    const v2Domain = `v2-${++n}.example.com`;
    await h.client.send(new CreateDomainNameCommand({ DomainName: v2Domain, DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    await h.client.send(new CreateApiMappingCommand({ DomainName: v2Domain, ApiId, Stage: 'prod' }));
    expect((await rejection(h.client.send(new CreateRoutingRuleCommand(rule(v2Domain, 1))))).message).toMatch(/HTTP or WebSocket/);
    expect((await rejection(h.client.send(new ListRoutingRulesCommand({ DomainName: 'none.example.com' })))).name).toBe('NotFoundException');
    const d = await restDomain('ROUTING_RULE_ONLY');
    await h.client.send(new CreateRoutingRuleCommand(rule(d, 1)));
    await v1.send(new DeleteV1DomainNameCommand({ domainName: d }));
    await v1.send(new CreateV1DomainNameCommand({ domainName: d, regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    expect((await h.client.send(new ListRoutingRulesCommand({ DomainName: d }))).RoutingRules).toStrictEqual([]);
  });

  it('apigateway spells the routing modes after base-path mappings; the default is BASE_PATH_MAPPING_ONLY; UpdateDomainName checks the value', async () => {
    const d = await restDomain();
    expect((await v1.send(new GetV1DomainNameCommand({ domainName: d }))).routingMode).toBe('BASE_PATH_MAPPING_ONLY');
    await v1.send(new UpdateV1DomainNameCommand({ domainName: d, patchOperations: [{ op: 'replace', path: '/routingMode', value: 'ROUTING_RULE_THEN_BASE_PATH_MAPPING' }] }));
    expect((await v1.send(new GetV1DomainNameCommand({ domainName: d }))).routingMode).toBe('ROUTING_RULE_THEN_BASE_PATH_MAPPING');
    const err = await rejection(v1.send(new UpdateV1DomainNameCommand({ domainName: d, patchOperations: [{ op: 'replace', path: '/routingMode', value: 'ROUTING_RULE_THEN_API_MAPPING' }] })));
    expect(err.name).toMatch(/BadRequest|Validation/);
  });

  it('the real AWS CLI creates and lists routing rules and hears the priority conflict', async () => {
    const aws = findAwsCli();
    if (!aws) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli) to run this test.');
    const d = await restDomain('ROUTING_RULE_ONLY');
    const args = ['create-routing-rule', '--domain-name', d, '--priority', '50', '--conditions', '[{"MatchBasePaths":{"AnyOf":["users"]}}]',
      '--actions', JSON.stringify([{ InvokeApi: { ApiId: restApiId, Stage: 'prod' } }])];
    const created = await runAws(aws, h.emu.url, args, undefined, 'apigatewayv2');
    expect(created.code, created.stderr).toBe(0);
    expect(created.json.Priority).toBe(50);
    const again = await runAws(aws, h.emu.url, args, undefined, 'apigatewayv2');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/ConflictException/);
    const listed = await runAws(aws, h.emu.url, ['list-routing-rules', '--domain-name', d], undefined, 'apigatewayv2');
    expect(listed.json.RoutingRules.map((r: { RoutingRuleId: string }) => r.RoutingRuleId)).toStrictEqual([created.json.RoutingRuleId]);
  });
});
