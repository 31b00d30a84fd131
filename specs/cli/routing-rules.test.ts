import { APIGatewayClient, CreateDomainNameCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, CreateRoutingRuleCommand, ListRoutingRulesCommand, PutRoutingRuleCommand } from '@aws-sdk/client-apigatewayv2';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { cli } from '../helpers/cli.js';

// The routing-rules example through the CLI against the emulator: apply then nothing to do, changes
// planned as the fewest PutRoutingRule/CreateRoutingRule/DeleteRoutingRule calls in an order AWS
// accepts (no two rules of one priority at any time), a moved rule shown as its priority change.

const e2e = emulatorSession({ emulator: { region: 'us-east-1' }, example: 'examples/routing-rules' });
type Obj = Record<string, any>;
const run = (cmd: string, ...extra: string[]) => cli([cmd, 'examples/routing-rules', ...e2e.url, ...extra], { cwd: e2e.cwd });
const planJson = async (): Promise<{ ops: Obj[] }> => JSON.parse((await run('plan', '--output', 'json')).out);
const NO_CHANGES = 'No changes. The live state matches the specs.\n';
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
const v2 = () => new ApiGatewayV2Client({ region: 'us-east-1', endpoint: e2e.emu.url, credentials });
const v1 = () => new APIGatewayClient({ region: 'us-east-1', endpoint: e2e.emu.url, credentials });

async function applied(): Promise<void> {
  const res = await run('apply', '--auto-approve');
  expect(res.code, res.err + res.out).toBe(0);
}
async function expectConverged(): Promise<void> {
  await applied();
  expect((await run('plan')).out).toBe(NO_CHANGES);
}
const summary = (ops: Obj[]) => ops.map((o) => [o.action, o.address, o.calls.map((c: Obj) => c.operation)]);

describe('routing rules of the routing-rules example', () => {
  it('apply on an empty account, then plan: no changes; a second apply makes no write call', async () => {
    await applied();
    expect((await run('plan')).out).toBe(NO_CHANGES);
    const writes = e2e.emu.calls().writes;
    const again = await run('apply', '--auto-approve');
    expect(again.code).toBe(0);
    expect(e2e.emu.calls().writes).toBe(writes);
    const rules = (await v2().send(new ListRoutingRulesCommand({ DomainName: 'shop.example.com' }))).RoutingRules!;
    expect(rules.map((r) => [r.Priority, r.Actions![0]!.InvokeApi!.Stage])).toStrictEqual([[100, 'beta'], [200, 'prod'], [300, 'prod']]);
  });

  it('a rule moved to a free priority: one PutRoutingRule, shown as the priority change', async () => {
    await applied();
    e2e.edit('domain.yaml', 'priority: 300', 'priority: 250');
    const ops = (await planJson()).ops;
    expect(summary(ops)).toStrictEqual([['update', 'domain-name shop.example.com / routing-rule 250', ['PutRoutingRule']]]);
    expect(ops[0]!.changes).toStrictEqual([{ path: '/priority', from: 300, to: 250 }]);
    expect((await run('plan')).out).toContain('priority: 300 -> 250');
    await expectConverged();
  });

  it('a new rule at the priority a moved rule leaves: the move goes first', async () => {
    await applied();
    e2e.edit('domain.yaml', '      - name: beta-testers\n        priority: 100', '      - name: beta-testers\n        priority: 150');
    e2e.edit('domain.yaml', '    mappings:', `      - name: admins\n        priority: 100\n        headers:\n          - anyOf: [{ header: x-role, valueGlob: admin }]\n        api: users\n        stage: prod\n    mappings:`);
    const ops = (await planJson()).ops;
    expect(summary(ops)).toStrictEqual([
      ['update', 'domain-name shop.example.com / routing-rule beta-testers', ['PutRoutingRule']],
      ['create', 'domain-name shop.example.com / routing-rule admins', ['CreateRoutingRule']],
    ]);
    await expectConverged();
  });

  it('two rules trading priorities change in place (no priority is ever taken twice); a removed rule is one DeleteRoutingRule', async () => {
    await applied();
    e2e.edit('domain.yaml', '      - name: beta-testers\n        priority: 100', '      - name: beta-testers\n        priority: 200');
    e2e.edit('domain.yaml', '      - priority: 200\n        basePaths: [users, accounts]', '      - priority: 100\n        basePaths: [users, accounts]');
    e2e.edit('domain.yaml', '      - priority: 300\n        basePaths: [orders]\n        api: orders\n        stage: prod\n        stripBasePath: true\n', '');
    const ops = (await planJson()).ops;
    expect(summary(ops).sort()).toStrictEqual([
      ['delete', 'domain-name shop.example.com / routing-rule 300', ['DeleteRoutingRule']],
      ['update', 'domain-name shop.example.com / routing-rule 100', ['PutRoutingRule']],
      ['update', 'domain-name shop.example.com / routing-rule beta-testers', ['PutRoutingRule']],
    ]);
    await expectConverged();
  });

  it('the routing mode: one UpdateDomainName in apigateway\'s spelling; dropping every rule deletes them', async () => {
    await applied();
    const body = `# yaml-language-server: $schema=../../schema/apigw-sync.schema.json
domains:
  shop.example.com:
    endpointType: REGIONAL
    regionalCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/5e6f7a8b-0000-4000-8000-000000shop01
    dns: { hostedZone: example.com }
    mappings:
      legacy: { api: orders, stage: prod }
`;
    writeFileSync(join(e2e.cwd, 'examples/routing-rules/domain.yaml'), body);
    const ops = (await planJson()).ops;
    expect(summary(ops)).toStrictEqual([
      ['update', 'domain-name shop.example.com', ['UpdateDomainName']],
      // Live rules carry no name: a rule no spec names any more is its priority.
      ['delete', 'domain-name shop.example.com / routing-rule 100', ['DeleteRoutingRule']],
      ['delete', 'domain-name shop.example.com / routing-rule 200', ['DeleteRoutingRule']],
      ['delete', 'domain-name shop.example.com / routing-rule 300', ['DeleteRoutingRule']],
    ]);
    expect(ops[0]!.calls[0].input.patchOperations).toStrictEqual([{ op: 'replace', path: '/routingMode', value: 'BASE_PATH_MAPPING_ONLY' }]);
    await expectConverged();
    // With the default routing mode the domain's rules are not even read.
    const reads = e2e.emu.calls().log.filter((c) => c.operation === 'ListRoutingRules').length;
    expect((await run('plan')).out).toBe(NO_CHANGES);
    expect(e2e.emu.calls().log.filter((c) => c.operation === 'ListRoutingRules').length).toBe(reads);
  });

  it('a rule added by hand to an owned domain is planned away; the rules of a domain nobody owns are never touched', async () => {
    await applied();
    const apis = (await v1().send(new GetRestApisCommand({}))).items!;
    const users = apis.find((a) => a.name === 'users')!.id!;
    await v2().send(new CreateRoutingRuleCommand({ DomainName: 'shop.example.com', Priority: 900, Conditions: [], Actions: [{ InvokeApi: { ApiId: users, Stage: 'prod' } }] }));
    await v1().send(new CreateDomainNameCommand({ domainName: 'other.example.com', regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x',
      endpointConfiguration: { types: ['REGIONAL'] }, routingMode: 'ROUTING_RULE_ONLY' }));
    await v2().send(new CreateRoutingRuleCommand({ DomainName: 'other.example.com', Priority: 1, Conditions: [], Actions: [{ InvokeApi: { ApiId: users, Stage: 'prod' } }] }));
    const ops = (await planJson()).ops;
    expect(summary(ops)).toStrictEqual([['delete', 'domain-name shop.example.com / routing-rule 900', ['DeleteRoutingRule']]]);
    await expectConverged();
    expect((await v2().send(new ListRoutingRulesCommand({ DomainName: 'other.example.com' }))).RoutingRules).toHaveLength(1);
  });

  it('a rule changed by hand (priority and content): drift reports it changed, apply puts it back with one PutRoutingRule', async () => {
    await applied();
    const apis = (await v1().send(new GetRestApisCommand({}))).items!;
    const orders = apis.find((a) => a.name === 'orders')!.id!;
    const rules = (await v2().send(new ListRoutingRulesCommand({ DomainName: 'shop.example.com' }))).RoutingRules!;
    const id = rules.find((r) => r.Priority === 300)!.RoutingRuleId!;
    await v2().send(new PutRoutingRuleCommand({ DomainName: 'shop.example.com', RoutingRuleId: id, Priority: 310, Conditions: [], Actions: [{ InvokeApi: { ApiId: orders, Stage: 'prod' } }] }));
    const drift = await run('drift');
    expect(drift.code).toBe(2);
    expect(drift.out).toContain('domain-name shop.example.com / routing-rule 300  (changed in AWS)\n    basePaths: git ["orders"], AWS (unset)\n    priority: git 300, AWS 310\n');
    expect(summary((await planJson()).ops)).toStrictEqual([['update', 'domain-name shop.example.com / routing-rule 300', ['PutRoutingRule']]]);
    await expectConverged();
  });

  it('validate refuses what AWS would refuse, at file:line:column with the fix, before any AWS call', async () => {
    e2e.edit('domain.yaml', '    routingMode: ROUTING_RULE_THEN_API_MAPPING\n', '');
    e2e.edit('domain.yaml', '      - priority: 300', '      - priority: 200');
    e2e.edit('domain.yaml', 'valueGlob: beta*', 'valueGlob: be*ta');
    const before = e2e.emu.calls().total;
    const res = await cli(['validate', 'examples/routing-rules'], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    expect(res.out + res.err).toMatch(/domain\.yaml:\d+:\d+ +error +spec\/invalid-value\n +Domain shop\.example\.com has routing rules, but its routing mode is API_MAPPING_ONLY/);
    expect(res.out + res.err).toMatch(/domain\.yaml:\d+:\d+ +error +spec\/duplicate-name\n +Routing rule with priority 200 of domain shop\.example\.com has the same priority as rule 2/);
    expect(res.out + res.err).toMatch(/Fix: put the \* only at the start and\/or end of the value\./);
    const plan = await run('plan');
    expect(plan.code).toBe(1);
    expect(e2e.emu.calls().total).toBe(before);
  });
});
