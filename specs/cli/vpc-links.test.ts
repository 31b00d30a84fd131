import { ApiGatewayV2Client, CreateVpcLinkCommand, GetVpcLinksCommand } from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { TEST_CREDENTIALS } from '../emulator/helpers.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';
import { ROOT, writeSet } from '../schema/helpers.js';

/**
 * Invalid VPC links and references through the CLI: `plan` exits 1 with the problem located
 * (file:line:column) and a fix, before any AWS call; a link id written in a spec is a warning that
 * points to `vpcLink`.
 */
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/inventory/50dc6c495c0c9188/0467ef3c8400ae65';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/catalog/50dc6c495c0c9188';

const httpApi = (integration: string) =>
  `httpApis:\n  orders:\n    integrations:\n      inventory:\n        type: HTTP_PROXY\n        httpMethod: ANY\n        uri: ${LISTENER}\n${integration}` +
  '    routes:\n      ANY /inventory/{proxy+}: { integration: inventory }\n';

async function plan(files: Record<string, string>) {
  const cwd = writeSet({ 'apigw-sync.yaml': ROOT, ...files });
  emu.resetCalls();
  const r = await cli(['plan', '.', '--endpoint-url', emu.url], { cwd });
  return { ...r, calls: emu.calls().log.length };
}

describe('plan refuses invalid VPC links before any AWS call', () => {
  it.each([
    {
      name: 'an HTTP API integration naming a REST link',
      files: { 'links.yaml': `vpcLinks:\n  catalog-nlb:\n    targetArns: [${NLB}]\n`, 'orders.yaml': httpApi('        vpcLink: catalog-nlb\n') },
      want: 'orders.yaml:8:18  error  spec/vpc-link-kind\n  Integration inventory (HTTP API orders) uses the VPC link "catalog-nlb", which is a REST link (targetArns); HTTP APIs use links with subnetIds.',
      fix: 'Fix: define an HTTP API link (subnetIds) under vpcLinks and name it here.',
    },
    {
      name: 'a REST method naming an HTTP API link',
      files: {
        'links.yaml': 'vpcLinks:\n  inventory-vpc:\n    subnetIds: [subnet-0a1]\n',
        'shop.yaml': 'restApis:\n  shop:\n    resources:\n      /items:\n        GET:\n          integration:\n            type: HTTP_PROXY\n            httpMethod: GET\n' +
          '            uri: http://items.internal.example.com/\n            vpcLink: inventory-vpc\n',
      },
      want: 'shop.yaml:10:22  error  spec/vpc-link-kind\n  The integration of GET /items (REST API shop) uses the VPC link "inventory-vpc", which is an HTTP API link (subnetIds); REST API private integrations use REST links with targetArns, or an HTTP API link with integrationTarget.',
      fix: 'Fix: add integrationTarget: LOAD_BALANCER_ARN to go through this link, or define a REST link (targetArns) under vpcLinks and name it here.',
    },
    {
      name: 'a REST method with integrationTarget naming a REST link',
      files: {
        'links.yaml': `vpcLinks:\n  catalog-nlb:\n    targetArns: [${NLB}]\n`,
        'shop.yaml': 'restApis:\n  shop:\n    resources:\n      /items:\n        GET:\n          integration:\n            type: HTTP_PROXY\n            httpMethod: GET\n' +
          `            uri: http://items.internal.example.com/\n            vpcLink: catalog-nlb\n            integrationTarget: ${NLB}\n`,
      },
      want: 'shop.yaml:10:22  error  spec/vpc-link-kind\n  The integration of GET /items (REST API shop) uses the VPC link "catalog-nlb", which is a REST link (targetArns); an integration with integrationTarget goes through an HTTP API link (subnetIds).',
      fix: 'Fix: define an HTTP API link (subnetIds) under vpcLinks and name it here.',
    },
    {
      name: 'an integrationTarget without a VPC link',
      files: {
        'shop.yaml': 'restApis:\n  shop:\n    resources:\n      /items:\n        GET:\n          integration:\n            type: HTTP_PROXY\n            httpMethod: GET\n' +
          `            uri: http://items.internal.example.com/\n            integrationTarget: ${NLB}\n`,
      },
      want: 'shop.yaml:10:32  error  spec/invalid-integration\n  The integration of GET /items (REST API shop) has an integrationTarget but no VPC link.',
      fix: 'Fix: add vpcLink: NAME (an HTTP API link, with subnetIds), or remove integrationTarget.',
    },
    {
      name: 'an integrationTarget that is not a load balancer',
      files: {
        'links.yaml': 'vpcLinks:\n  inventory-vpc:\n    subnetIds: [subnet-0a1]\n',
        'shop.yaml': 'restApis:\n  shop:\n    resources:\n      /items:\n        GET:\n          integration:\n            type: HTTP_PROXY\n            httpMethod: GET\n' +
          '            uri: http://items.internal.example.com/\n            vpcLink: inventory-vpc\n            integrationTarget: arn:aws:s3:::bucket\n',
      },
      want: 'shop.yaml:11:32  error',
      fix: 'Load Balancer ARN',
    },
    {
      name: 'a link with both targetArns and subnetIds',
      files: { 'links.yaml': `vpcLinks:\n  mixed:\n    targetArns: [${NLB}]\n    subnetIds: [subnet-0a1]\n` },
      want: 'links.yaml:4:5  error  spec/invalid-vpc-link\n  VPC link mixed has both targetArns (a link for REST and WebSocket APIs) and subnetIds (a link for HTTP APIs).',
      fix: 'Fix: keep targetArns for a REST/WebSocket link, or subnetIds (with securityGroupIds) for an HTTP API link; define two links if both are needed.',
    },
    {
      name: 'a link with neither',
      files: { 'links.yaml': 'vpcLinks:\n  empty:\n    tags: { team: x }\n' },
      want: 'links.yaml:2:3  error  spec/missing-field\n  VPC link empty has neither targetArns nor subnetIds, so it is neither a REST nor an HTTP API link.',
      fix: 'Fix: add targetArns: [NLB_ARN] (REST and WebSocket APIs) or subnetIds: [SUBNET_ID] (HTTP APIs).',
    },
    {
      name: 'vpcLink and connectionId together',
      files: { 'links.yaml': 'vpcLinks:\n  inventory-vpc:\n    subnetIds: [subnet-0a1]\n', 'orders.yaml': httpApi('        vpcLink: inventory-vpc\n        connectionId: abc123\n') },
      want: 'orders.yaml:9:9  error  spec/invalid-integration\n  Integration inventory (HTTP API orders) has both vpcLink and connectionId.',
      fix: 'Fix: keep vpcLink (the link by name); remove connectionId.',
    },
    {
      name: 'a targetArn that is not a Network Load Balancer',
      files: { 'links.yaml': `vpcLinks:\n  catalog-nlb:\n    targetArns: [${LISTENER}]\n` },
      want: 'links.yaml:3:18  error',
      fix: 'Network Load Balancer ARN',
    },
  ])('$name', async ({ files, want, fix }) => {
    const r = await plan(files as unknown as Record<string, string>);
    expect(r.code).toBe(1);
    expect(r.err).toContain(want);
    expect(r.err).toContain(fix);
    expect(r.calls).toBe(0);
  });
});

describe('a link id written in a spec', () => {
  it('is a warning that points to vpcLink', async () => {
    const cwd = writeSet({ 'apigw-sync.yaml': ROOT, 'orders.yaml': httpApi('        connectionType: VPC_LINK\n        connectionId: vl1a2b3\n') });
    const r = await cli(['validate', '.'], { cwd });
    expect(r.code).toBe(0);
    expect(r.err).toContain('orders.yaml:9:9  warning  spec/vpc-link-id\n  Integration inventory (HTTP API orders) names a VPC link by its id "vl1a2b3"');
    expect(r.err).toContain('Fix: write vpcLink: NAME');
  });

  it('is not a warning as a stage variable on a REST integration', async () => {
    const cwd = writeSet({
      'apigw-sync.yaml': ROOT,
      'shop.yaml': 'restApis:\n  shop:\n    resources:\n      /items:\n        GET:\n          integration:\n            type: HTTP_PROXY\n            httpMethod: GET\n' +
        '            uri: http://items.internal.example.com/\n            connectionType: VPC_LINK\n            connectionId: ${stageVariables.vpcLinkId}\n',
    });
    const r = await cli(['validate', '.'], { cwd });
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('spec/vpc-link-id');
  });
});

describe('the orders example and its VPC link, through the CLI', () => {
  it('applies to an empty account, re-applies with zero writes, and destroy deletes the link after the API, leaving an unowned link alone', async () => {
    const region = await startEmulator({ port: 0, region: 'eu-west-1' });
    try {
      const cwd = scratchWithExamples();
      const url = ['--endpoint-url', region.url];
      // GIVEN an unowned link of another name in the account
      const v2 = new ApiGatewayV2Client({ region: 'eu-west-1', endpoint: region.url, credentials: TEST_CREDENTIALS });
      const other = await v2.send(new CreateVpcLinkCommand({ Name: 'network-team-link', SubnetIds: ['subnet-9'] }));
      // WHEN applied twice
      const first = await cli(['apply', 'examples/orders-http', '--auto-approve', ...url], { cwd });
      expect(first.code, first.out + first.err).toBe(0);
      region.resetCalls();
      const second = await cli(['apply', 'examples/orders-http', '--auto-approve', ...url], { cwd });
      expect(second.code).toBe(0);
      expect(region.calls().writes).toBe(0);
      // THEN destroy deletes the integration's API before the link, and only the set's own link
      region.resetCalls();
      const destroyed = await cli(['destroy', 'examples/orders-http', '--auto-approve', ...url], { cwd });
      expect(destroyed.code, destroyed.out + destroyed.err).toBe(0);
      const deletes = region.calls().log.filter((c) => c.method === 'DELETE').map((c) => c.operation);
      expect(deletes.indexOf('DeleteApi')).toBeGreaterThanOrEqual(0);
      expect(deletes.indexOf('DeleteVpcLink')).toBeGreaterThan(deletes.indexOf('DeleteApi'));
      expect(((await v2.send(new GetVpcLinksCommand({}))).Items ?? []).map((l) => l.VpcLinkId)).toStrictEqual([other.VpcLinkId]);
    } finally {
      await region.close();
    }
  });
});
