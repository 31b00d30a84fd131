import {
  APIGatewayClient,
  CreateDomainNameCommand,
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNamesCommand,
  CreateDomainNameAccessAssociationCommand,
  TagResourceCommand,
  UpdateDomainNameCommand,
} from '@aws-sdk/client-api-gateway';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiGatewayV2Client, ListRoutingRulesCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { cli } from '../helpers/cli.js';

// The private-api example through the CLI against the emulator (real SDK over HTTP): a private
// custom domain, known to AWS by name + domainNameId, kept by the spec under its name alone.

const e2e = emulatorSession({ emulator: { region: 'us-east-1' }, example: 'examples/private-api' });
type Obj = Record<string, any>;
const DOMAIN = 'ledger.internal.example.com';
const VPCE = 'vpce-0a1b2c3d4e5f60718';
const run = (cmd: string, ...extra: string[]) => cli([cmd, 'examples/private-api', ...e2e.url, ...extra], { cwd: e2e.cwd });
const planJson = async (...extra: string[]): Promise<{ ops: Obj[]; notices?: string[] }> => JSON.parse((await run('plan', '--output', 'json', ...extra)).out);
const NO_CHANGES = 'No changes. The live state matches the specs.\n';
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };
const v1 = () => new APIGatewayClient({ region: 'us-east-1', endpoint: e2e.emu.url, credentials });
const summary = (ops: Obj[]) => ops.map((o) => [o.action, o.address, o.calls.map((c: Obj) => c.operation)]);
const privateDomains = async () => ((await v1().send(new GetDomainNamesCommand({ limit: 500 }))).items ?? []).filter((d) => d.domainName === DOMAIN);
const associations = async () => (await v1().send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: 'SELF' }))).items ?? [];

async function applied(...extra: string[]): Promise<void> {
  const res = await run('apply', '--auto-approve', ...extra);
  expect(res.code, res.err + res.out).toBe(0);
}
async function expectConverged(): Promise<void> {
  await applied();
  expect((await run('plan')).out).toBe(NO_CHANGES);
}
/** The example's acceptedAssociations (a plan then also reads other accounts' associations). */
const ACCEPTED = "    # The endpoint of account 210987654321 that may stay associated; any other account's\n    # association with the domain is rejected.\n    acceptedAssociations:\n      - vpce-0fedcba9876543210\n";
const count = (op: string) => e2e.emu.calls().byOperation[`apigateway:${op}`] ?? 0;

describe('private custom domains (examples/private-api)', () => {
  it('apply on an empty account, then plan: no changes; a second apply makes no write call', async () => {
    await applied();
    expect((await run('plan')).out).toBe(NO_CHANGES);
    const writes = e2e.emu.calls().writes;
    expect((await run('apply', '--auto-approve')).code).toBe(0);
    expect(e2e.emu.calls().writes).toBe(writes);
    const [d] = await privateDomains();
    expect(d?.endpointConfiguration?.types).toStrictEqual(['PRIVATE']);
    expect(d?.domainNameId).toMatch(/\S/);
    expect(JSON.parse(String(d?.managementPolicy)).Statement[0].Action).toBe('apigateway:CreateAccessAssociation');
    const mappings = (await v1().send(new GetBasePathMappingsCommand({ domainName: DOMAIN, domainNameId: d!.domainNameId }))).items ?? [];
    expect(mappings.map((m) => m.basePath)).toStrictEqual(['ledger']);
    expect((await associations()).map((a) => [a.domainNameArn, a.accessAssociationSource])).toStrictEqual([[d!.domainNameArn, VPCE]]);
  });

  it('a plan reads the associations once (twice with acceptedAssociations), and not at all for a set without private domains', async () => {
    await applied();
    let before = count('GetDomainNameAccessAssociations');
    await run('plan');
    expect(count('GetDomainNameAccessAssociations')).toBe(before + 2);
    e2e.edit('domain.yaml', ACCEPTED, '');
    before = count('GetDomainNameAccessAssociations');
    await run('plan');
    expect(count('GetDomainNameAccessAssociations')).toBe(before + 1);
    const other = await cli(['plan', 'examples/routing-rules', ...e2e.url], { cwd: e2e.cwd });
    expect(other.code, other.err).toBe(0);
    expect(count('GetDomainNameAccessAssociations')).toBe(before + 1);
  });

  it('policy, managementPolicy and associations change with one call each, all naming the domain by its id', async () => {
    await applied();
    const [d] = await privateDomains();
    e2e.edit('domain.yaml', 'Principal: { AWS: arn:aws:iam::210987654321:root }', 'Principal: { AWS: arn:aws:iam::333344445555:root }');
    e2e.edit('domain.yaml', '      - vpce-0a1b2c3d4e5f60718\n    # The endpoint', '      - vpce-0f1e2d3c4b5a69788\n    # The endpoint');
    const ops = (await planJson()).ops;
    expect(summary(ops).sort()).toStrictEqual([
      ['create', `domain-name ${DOMAIN} / access-association vpce-0f1e2d3c4b5a69788`, ['CreateDomainNameAccessAssociation']],
      ['delete', `domain-name ${DOMAIN} / access-association ${VPCE}`, ['DeleteDomainNameAccessAssociation']],
      ['update', `domain-name ${DOMAIN}`, ['UpdateDomainName']],
    ]);
    const update = ops.find((o) => o.action === 'update')!;
    expect(update.calls[0].input.domainNameId).toBe(d!.domainNameId);
    expect(update.calls[0].input.patchOperations.map((p: Obj) => p.path)).toStrictEqual(['/managementPolicy']);
    await expectConverged();
    expect((await associations()).map((a) => a.accessAssociationSource)).toStrictEqual(['vpce-0f1e2d3c4b5a69788']);
    expect((await privateDomains()).length).toBe(1);
  });

  it('a private domain of the same name that the set does not own is left alone', async () => {
    const foreign = await v1().send(new CreateDomainNameCommand({
      domainName: DOMAIN, endpointConfiguration: { types: ['PRIVATE'] },
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/7c8d9e0f-0000-4000-8000-0000others001', tags: { team: 'others' },
    }));
    const plan = await planJson();
    expect(plan.ops.filter((o) => o.kind === 'domain-name').map((o) => o.action)).toStrictEqual(['create']);
    expect(JSON.stringify(plan.notices ?? [])).toContain(`${DOMAIN}+${String(foreign.domainNameId)}`);
    await expectConverged();
    const domains = await privateDomains();
    expect(domains.length).toBe(2);
    const theirs = domains.find((d) => d.domainNameId === foreign.domainNameId)!;
    expect(theirs.tags).toStrictEqual({ team: 'others' });
    expect(theirs.policy ?? '').toBe(foreign.policy ?? '');
    expect((await v1().send(new GetBasePathMappingsCommand({ domainName: DOMAIN, domainNameId: foreign.domainNameId }))).items ?? []).toStrictEqual([]);
    expect((await associations()).every((a) => a.domainNameArn !== foreign.domainNameArn)).toBe(true);
  });

  it('an apply interrupted after CreateDomainName succeeded converges without a second private domain', async () => {
    // The create goes through but its answer is lost: the step fails (no blind retry of a create
    // that could make a duplicate), and the next run finds the domain by its ownership tag.
    e2e.emu.setFaults({ errorRate: 1, kinds: ['internal'], operations: ['CreateDomainName'], when: 'after', maxFaults: 1 });
    try {
      const first = await run('apply', '--auto-approve');
      expect(first.code).not.toBe(0);
    } finally {
      e2e.emu.setFaults(undefined);
    }
    expect((await privateDomains()).length).toBe(1);
    await expectConverged();
    expect((await privateDomains()).length).toBe(1);
    expect((await associations()).length).toBe(1);
  });

  it('two live private domains of the name, both tagged as the set\'s, stop the plan naming both', async () => {
    await applied();
    const copy = await v1().send(new CreateDomainNameCommand({
      domainName: DOMAIN, endpointConfiguration: { types: ['PRIVATE'] },
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/7c8d9e0f-0000-4000-8000-0000ledger01',
    }));
    await v1().send(new TagResourceCommand({ resourceArn: String(copy.domainNameArn), tags: { 'apigw-sync:managed-by': 'ledger-internal' } }));
    const res = await run('plan');
    expect(res.code).toBe(1);
    expect(res.err).toContain(`Two domain names named "${DOMAIN}" carry apigw-sync:managed-by=ledger-internal`);
    expect(res.err).toContain(`${DOMAIN}+${String(copy.domainNameId)}`);
    expect(res.err).toContain(`aws apigateway delete-domain-name --domain-name ${DOMAIN} --domain-name-id ${String(copy.domainNameId)}`);
    expect(res.err).toContain(`aws apigateway untag-resource --resource-arn ${String(copy.domainNameArn)} --tag-keys apigw-sync:managed-by`);
    expect(res.err).not.toContain('at ');
  });

  it('public <-> private is a replace, blocked without --allow-destroy', async () => {
    await applied();
    e2e.edit('domain.yaml', '    endpointType: PRIVATE\n', '    endpointType: REGIONAL\n');
    e2e.edit('domain.yaml', '    certificateArn:', '    regionalCertificateArn:');
    const path = join(e2e.cwd, 'examples/private-api/domain.yaml');
    // The private-only fields go with the switch (validate refuses them on a public domain).
    writeFileSync(path, readFileSync(path, 'utf8').replace(/    (policy|managementPolicy):\n(      .*\n)*/g, '').replace(/    # .*\n/g, ''));
    e2e.edit('domain.yaml', '    accessAssociations:\n      - vpce-0a1b2c3d4e5f60718\n', '');
    e2e.edit('domain.yaml', '    acceptedAssociations:\n      - vpce-0fedcba9876543210\n', '');
    e2e.edit('api.yaml', 'endpointType: PRIVATE', 'endpointType: REGIONAL');
    const ops = (await planJson()).ops.filter((o) => o.kind === 'domain-name');
    expect(ops.map((o) => [o.action, o.blocked === true])).toStrictEqual([['replace', true]]);
    expect(ops[0]!.explanation).toContain('--allow-destroy');
  });

  it('validate refuses what AWS refuses on a private domain, each at file:line:column with a fix, and makes no AWS call', async () => {
    e2e.edit('domain.yaml', '    accessAssociations:\n', '    dns: { hostedZone: example.com }\n    mutualTls: { truststoreUri: s3://truststores/ledger.pem }\n    accessAssociations:\n      - vpce-0a1b2c3d4e5f60718\n');
    e2e.edit('domain.yaml', '      - vpce-0fedcba9876543210\n', '      - vpce-0fedcba9876543210\n      - vpce-0a1b2c3d4e5f60718\n');
    e2e.edit('api.yaml', 'endpointType: PRIVATE', 'endpointType: REGIONAL');
    const res = await run('plan');
    expect(res.code).toBe(1);
    expect(res.out + res.err).toMatch(/domain\.yaml:\d+:\d+ +error +spec\/invalid-value\n +Domain ledger\.internal\.example\.com is PRIVATE: it has no regional or CloudFront target/);
    expect(res.out + res.err).toContain('private custom domains do not support mutual TLS.');
    expect(res.out + res.err).toContain(`lists the VPC endpoint ${VPCE} twice.`);
    expect(res.out + res.err).toContain('maps ledger, a REGIONAL REST API; a private custom domain serves private REST APIs only.');
    expect(res.out + res.err).toContain(`lists the VPC endpoint ${VPCE} in accessAssociations (this account's) and in acceptedAssociations (other accounts').`);
    expect(res.out + res.err).toContain('Fix: remove dns, and in a private hosted zone of the VPC point the name at the VPC endpoint');
    expect(e2e.emu.calls().total).toBe(0);
  });

  it('a policy changed and an association added by hand: drift reports both, apply puts them back', async () => {
    await applied();
    const [d] = await privateDomains();
    await v1().send(new UpdateDomainNameCommand({ domainName: DOMAIN, domainNameId: d!.domainNameId,
      patchOperations: [{ op: 'replace', path: '/policy', value: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] }) }] }));
    await v1().send(new CreateDomainNameAccessAssociationCommand({ domainNameArn: d!.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0bbbbbbbbbbbbbbbb' }));
    const drift = await run('drift');
    expect(drift.code).toBe(2);
    expect(drift.out).toContain(`domain-name ${DOMAIN}  (changed in AWS)`);
    expect(drift.out).toContain(`domain-name ${DOMAIN} / access-association vpce-0bbbbbbbbbbbbbbbb`);
    expect(summary((await planJson()).ops).sort()).toStrictEqual([
      ['delete', `domain-name ${DOMAIN} / access-association vpce-0bbbbbbbbbbbbbbbb`, ['DeleteDomainNameAccessAssociation']],
      ['update', `domain-name ${DOMAIN}`, ['UpdateDomainName']],
    ]);
    await expectConverged();
  });

  it('--target on the domain plans only it; destroy deletes its associations, mappings and the domain', async () => {
    await applied();
    e2e.edit('domain.yaml', '      - vpce-0a1b2c3d4e5f60718\n    # The endpoint', '      - vpce-0a1b2c3d4e5f60718\n      - vpce-0f1e2d3c4b5a69788\n    # The endpoint');
    e2e.edit('api.yaml', 'description: Live ledger', 'description: The live ledger');
    const targeted = (await planJson('--target', `domain-name ${DOMAIN}`)).ops;
    expect(summary(targeted)).toStrictEqual([['create', `domain-name ${DOMAIN} / access-association vpce-0f1e2d3c4b5a69788`, ['CreateDomainNameAccessAssociation']]]);
    const destroyed = await cli(['destroy', 'examples/private-api', '--auto-approve', ...e2e.url], { cwd: e2e.cwd });
    expect(destroyed.code, destroyed.err + destroyed.out).toBe(0);
    expect(await privateDomains()).toStrictEqual([]);
    expect(await associations()).toStrictEqual([]);
  });

  it('other accounts\' associations: left alone (and not read) without acceptedAssociations; with it, the unlisted ones are rejected', async () => {
    e2e.edit('domain.yaml', ACCEPTED, '');
    await applied();
    const [d] = await privateDomains();
    const seed = async (vpce: string) => {
      const res = await fetch(`${e2e.emu.url}/_emulator/foreign-access-associations`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: '210987654321', domainNameArn: d!.domainNameArn, accessAssociationSource: vpce }) });
      expect(res.status, await res.text()).toBe(201);
    };
    await seed('vpce-0cccccccccccccccc');
    await seed('vpce-0dddddddddddddddd');
    const others = async () => ((await v1().send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: 'OTHER_ACCOUNTS' }))).items ?? [])
      .map((a) => a.accessAssociationSource).sort();
    const reads = count('GetDomainNameAccessAssociations');
    expect((await run('plan')).out).toBe(NO_CHANGES);
    expect(count('GetDomainNameAccessAssociations')).toBe(reads + 1);
    e2e.edit('domain.yaml', '    mappings:', '    acceptedAssociations: [vpce-0dddddddddddddddd]\n    mappings:');
    const ops = (await planJson()).ops;
    expect(summary(ops)).toStrictEqual([['delete', `domain-name ${DOMAIN} / other-account-association vpce-0cccccccccccccccc`, ['RejectDomainNameAccessAssociation']]]);
    expect(ops[0]!.explanation).toContain('rejected');
    expect(ops[0]!.calls[0].input).toStrictEqual({ domainNameAccessAssociationArn: expect.stringContaining('vpcesource/vpce-0cccccccccccccccc'), domainNameArn: d!.domainNameArn });
    await expectConverged();
    expect(await others()).toStrictEqual(['vpce-0dddddddddddddddd']);
    expect((await associations()).map((a) => a.accessAssociationSource)).toStrictEqual([VPCE]);
  });

  it('routing rules on a private domain name it by its id; apply then plan: no changes', async () => {
    await applied();
    const [d] = await privateDomains();
    e2e.edit('domain.yaml', '    mappings:', '    routingMode: ROUTING_RULE_THEN_API_MAPPING\n    routingRules:\n      - name: audit\n        priority: 100\n        headers: [{ anyOf: [{ header: x-audit, valueGlob: "true" }] }]\n        api: ledger\n        stage: prod\n    mappings:');
    const ops = (await planJson()).ops;
    expect(summary(ops)).toStrictEqual([
      ['update', `domain-name ${DOMAIN}`, ['UpdateDomainName']],
      ['create', `domain-name ${DOMAIN} / routing-rule audit`, ['CreateRoutingRule']],
    ]);
    expect(ops[1]!.calls[0].input.DomainNameId).toBe(d!.domainNameId);
    await expectConverged();
    const v2 = new ApiGatewayV2Client({ region: 'us-east-1', endpoint: e2e.emu.url, credentials });
    const rules = (await v2.send(new ListRoutingRulesCommand({ DomainName: DOMAIN, DomainNameId: d!.domainNameId }))).RoutingRules ?? [];
    expect(rules.map((r) => r.Priority)).toStrictEqual([100]);
    e2e.edit('domain.yaml', 'priority: 100', 'priority: 150');
    expect(summary((await planJson()).ops)).toStrictEqual([['update', `domain-name ${DOMAIN} / routing-rule audit`, ['PutRoutingRule']]]);
    await expectConverged();
    e2e.edit('domain.yaml', '    routingMode: ROUTING_RULE_THEN_API_MAPPING\n    routingRules:\n      - name: audit\n        priority: 150\n        headers: [{ anyOf: [{ header: x-audit, valueGlob: "true" }] }]\n        api: ledger\n        stage: prod\n', '');
    const removal = (await planJson()).ops.find((o) => o.action === 'delete')!;
    expect(removal.calls[0].input).toMatchObject({ DomainName: DOMAIN, DomainNameId: d!.domainNameId });
    await expectConverged();
  });
});
