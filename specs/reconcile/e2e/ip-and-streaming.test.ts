import { GetDomainNameCommand, GetIntegrationCommand, GetRestApiCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { GetApisCommand, GetDomainNameCommand as GetV2DomainNameCommand, GetVpcLinksCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { accountToSpec } from '../../../src/import/account-to-spec.js';
import { restApiToSpec } from '../../../src/import/rest-to-spec.js';
import { v2ApiToSpec, v2DomainToSpec } from '../../../src/import/v2-to-spec.js';
import type { HttpApiSpec, RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { specSet } from '../helpers/spec-set.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';
import { runPlan } from '../helpers/run-plan.js';

/**
 * The API's ipAddressType (REST, HTTP) and a REST integration's responseTransferMode: a spec
 * without them plans nothing against AWS's defaults, a change is one Update call with AWS's patch
 * path or member, the next plan is empty, and import writes what it reads.
 */
const ORDERS_FN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';

function base(): SpecSet {
  const shop: RestApiSpec = {
    endpointType: 'REGIONAL',
    resources: {
      '/items': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://backend.example.com/items' } } },
    },
    stages: { prod: {} },
  };
  const orders: HttpApiSpec = {
    integrations: { fn: { type: 'AWS_PROXY', uri: ORDERS_FN, httpMethod: 'POST', payloadFormatVersion: '2.0' } },
    routes: { 'GET /orders': { integration: 'fn' } },
    stages: { $default: { autoDeploy: true } },
  };
  const cert = 'arn:aws:acm:us-east-1:123456789012:certificate/c1';
  return {
    ...specSet({ shop }),
    httpApis: { orders },
    domains: {
      'rest.example.com': { regionalCertificateArn: cert, mappings: { v1: { api: 'shop', stage: 'prod' } } },
      'http.example.com': { regionalCertificateArn: cert, mappings: { v1: { api: 'orders', stage: '$default' } } },
    },
  };
}

const shop = (s: SpecSet) => s.restApis.shop as RestApiSpec & { resources: NonNullable<RestApiSpec['resources']> };

const planner = emulatorPlanner();

async function setup() {
  const t = await planner();
  await t.apply(base());
  return t;
}

describe('ipAddressType and responseTransferMode converge against the emulator', () => {
  it("a spec without them plans nothing against AWS's defaults", async () => {
    const { client, v2, plan } = await setup();
    expect((await plan(base())).ops).toStrictEqual([]);
    const id = (await client.send(new GetRestApisCommand({}))).items![0]!.id!;
    expect((await client.send(new GetRestApiCommand({ restApiId: id }))).endpointConfiguration?.ipAddressType).toBe('ipv4');
    expect((await v2.send(new GetApisCommand({}))).Items![0]!.IpAddressType).toBe('ipv4');
  });

  it('REST API ipAddressType dualstack: one UpdateRestApi replacing /endpointConfiguration/ipAddressType, then nothing', async () => {
    // (a change of the API's own settings is deployed, as every non-tag change of the API is)
    const { client, v2, plan, compute } = await setup();
    const changed = base();
    shop(changed).ipAddressType = 'dualstack';
    const p = await plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual(['update rest-api shop', 'deploy rest-api shop / deployment']);
    expect(p.ops[0]!.calls.map((c) => [c.operation, (c.input as any).patchOperations])).toStrictEqual([
      ['UpdateRestApi', [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'dualstack' }]],
    ]);
    await runPlan(client, p, {}, v2);
    const id = (await client.send(new GetRestApisCommand({}))).items![0]!.id!;
    expect((await client.send(new GetRestApiCommand({ restApiId: id }))).endpointConfiguration?.ipAddressType).toBe('dualstack');
    expect((await plan(changed)).ops).toStrictEqual([]);
    // import writes it, with no notice
    const imported = restApiToSpec('shop', (await compute(changed)).live, 'us-east-1');
    expect(imported.spec.ipAddressType).toBe('dualstack');
    expect(imported.warnings).toStrictEqual([]);
    // and dropping it from the spec goes back to AWS's default
    const back = await plan(base());
    expect(back.ops[0]!.calls.map((c) => c.operation)).toStrictEqual(['UpdateRestApi']);
    expect(back.ops[0]!.calls.map((c) => (c.input as any).patchOperations)).toStrictEqual([
      [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'ipv4' }],
    ]);
  });

  it('a REST API created dualstack plans nothing after', async () => {
    const { client, v2, plan } = await setup();
    const s = base();
    s.restApis.edge = { ipAddressType: 'dualstack', resources: { '/': { GET: { integration: { type: 'MOCK' } } } } };
    await runPlan(client, await plan(s), {}, v2);
    expect((await plan(s)).ops).toStrictEqual([]);
  });

  it('integration responseTransferMode STREAM: one UpdateIntegration replacing /responseTransferMode, a deploy, then nothing', async () => {
    const { client, v2, plan, compute } = await setup();
    const changed = base();
    shop(changed).resources['/items']!.GET!.integration.responseTransferMode = 'STREAM';
    const p = await plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.kind}`)).toStrictEqual(['update integration', 'deploy deployment']);
    expect(p.ops[0]!.calls.map((c) => [c.operation, (c.input as any).patchOperations])).toStrictEqual([
      ['UpdateIntegration', [{ op: 'replace', path: '/responseTransferMode', value: 'STREAM' }]],
    ]);
    await runPlan(client, p, {}, v2);
    expect((await plan(changed)).ops).toStrictEqual([]);
    const live = (await compute(changed)).live;
    const integration = Object.values(live.entities).find((e) => e.kind === 'integration')!;
    const got = await client.send(new GetIntegrationCommand({
      restApiId: integration.ids!.restApiId!, resourceId: integration.ids!.resourceId!, httpMethod: 'GET',
    }));
    expect(got.responseTransferMode).toBe('STREAM');
    const imported = restApiToSpec('shop', live, 'us-east-1');
    expect((imported.spec as any).resources['/items'].GET.integration.responseTransferMode).toBe('STREAM');
    expect(imported.warnings).toStrictEqual([]);
  });

  it('HTTP API ipAddressType dualstack: one UpdateApi with IpAddressType, then nothing', async () => {
    const { client, v2, plan, compute } = await setup();
    const changed = base();
    changed.httpApis.orders!.ipAddressType = 'dualstack';
    const p = await plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual(['update http-api orders']);
    expect(p.ops[0]!.calls.map((c) => c.operation)).toStrictEqual(['UpdateApi']);
    expect(p.ops[0]!.calls[0]!.input).toMatchObject({ IpAddressType: 'dualstack' });
    await runPlan(client, p, {}, v2);
    expect((await v2.send(new GetApisCommand({}))).Items![0]!.IpAddressType).toBe('dualstack');
    expect((await plan(changed)).ops).toStrictEqual([]);
    expect(v2ApiToSpec('HTTP', 'orders', (await compute(changed)).live).ipAddressType).toBe('dualstack');
  });

  it('REST custom domain ipAddressType dualstack: one UpdateDomainName replacing /endpointConfiguration/ipAddressType, then nothing', async () => {
    const { client, v2, plan, compute } = await setup();
    const changed = base();
    changed.domains['rest.example.com']!.ipAddressType = 'dualstack';
    const p = await plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual(['update domain-name rest.example.com']);
    expect(p.ops[0]!.calls.map((c) => [c.operation, (c.input as any).patchOperations])).toStrictEqual([
      ['UpdateDomainName', [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'dualstack' }]],
    ]);
    await runPlan(client, p, {}, v2);
    expect((await client.send(new GetDomainNameCommand({ domainName: 'rest.example.com' }))).endpointConfiguration?.ipAddressType).toBe('dualstack');
    expect((await plan(changed)).ops).toStrictEqual([]);
    expect(accountToSpec((await compute(changed)).live).domains['rest.example.com']).toMatchObject({ ipAddressType: 'dualstack' });
  });

  it('HTTP custom domain ipAddressType dualstack: one UpdateDomainName with the configuration, then nothing', async () => {
    const { client, v2, plan, compute } = await setup();
    const changed = base();
    changed.domains['http.example.com']!.ipAddressType = 'dualstack';
    const p = await plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual(['update domain-name http.example.com']);
    expect(p.ops[0]!.calls.map((c) => c.operation)).toStrictEqual(['UpdateDomainName']);
    expect(p.ops[0]!.calls[0]!.input).toMatchObject({ DomainNameConfigurations: [{ IpAddressType: 'dualstack' }] });
    await runPlan(client, p, {}, v2);
    const got = await v2.send(new GetV2DomainNameCommand({ DomainName: 'http.example.com' }));
    expect(got.DomainNameConfigurations?.[0]?.IpAddressType).toBe('dualstack');
    expect((await plan(changed)).ops).toStrictEqual([]);
    expect(v2DomainToSpec((await compute(changed)).live, 'domain-name:http.example.com')).toMatchObject({ ipAddressType: 'dualstack' });
  });

  it('integrationTarget: a REST integration reaches a load balancer through an HTTP API link, by name; a new target is one UpdateIntegration', async () => {
    const ALB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188';
    const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65';
    const { client, v2, plan, compute } = await setup();
    const changed = base();
    changed.vpcLinks = { 'orders-alb': { subnetIds: ['subnet-0a1', 'subnet-0b2'], securityGroupIds: ['sg-01'] } };
    shop(changed).resources['/private'] = {
      GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://orders.internal.example.com/', vpcLink: 'orders-alb', integrationTarget: ALB } },
    };
    const p = await plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.kind}`).slice(0, 1)).toStrictEqual(['create v2-vpc-link']);
    await runPlan(client, p, {}, v2);
    const linkId = (await v2.send(new GetVpcLinksCommand({}))).Items![0]!.VpcLinkId!;
    const live = (await compute(changed)).live;
    const e = Object.values(live.entities).find((x) => x.kind === 'integration' && x.key.includes('/private'))!;
    const got = await client.send(new GetIntegrationCommand({ restApiId: e.ids!.restApiId!, resourceId: e.ids!.resourceId!, httpMethod: 'GET' }));
    expect([got.connectionType, got.connectionId, got.integrationTarget]).toStrictEqual(['VPC_LINK', linkId, ALB]);
    expect((await plan(changed)).ops).toStrictEqual([]);
    // import names the link and writes the target, with no notice
    const imported = restApiToSpec('shop', live, 'us-east-1');
    expect((imported.spec as any).resources['/private'].GET.integration).toMatchObject({ vpcLink: 'orders-alb', integrationTarget: ALB });
    expect(imported.warnings).toStrictEqual([]);
    // a new target (the listener): one UpdateIntegration replacing /integrationTarget
    shop(changed).resources['/private']!.GET!.integration.integrationTarget = LISTENER;
    const next = await plan(changed);
    expect(next.ops.map((o) => `${o.action} ${o.kind}`)).toStrictEqual(['update integration', 'deploy deployment']);
    expect(next.ops[0]!.calls.map((c) => [c.operation, (c.input as any).patchOperations])).toStrictEqual([
      ['UpdateIntegration', [{ op: 'replace', path: '/integrationTarget', value: LISTENER }]],
    ]);
    await runPlan(client, next, {}, v2);
    expect((await plan(changed)).ops).toStrictEqual([]);
  });
});
