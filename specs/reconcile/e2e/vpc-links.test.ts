import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetVpcLinksCommand as GetV1VpcLinksCommand, CreateVpcLinkCommand as CreateV1VpcLinkCommand } from '@aws-sdk/client-api-gateway';
import { CreateVpcLinkCommand, GetIntegrationsCommand, GetVpcLinkCommand, GetVpcLinksCommand, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { ApigwError } from '../../../src/errors.js';
import type { Plan } from '../../../src/reconcile/index.js';
import type { RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';
import { stable } from '../helpers/stable-plan.js';
import { http, v2Base } from '../helpers/v2-specs.js';

/**
 * VPC links against the emulator with the real SDK: created before the integrations that name
 * them, replaced create-first (new link, integrations moved, old link deleted), deleted after
 * their integrations; links the set does not own are used by name and never touched. Each
 * scenario's plan is a golden plan (specs/golden/4NN-plan-vpc-link-*, rendered by
 * render-golden.test.ts), and planning again after apply finds nothing to do.
 */
const GOLDEN = join(import.meta.dirname, '..', '..', 'golden');
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/inventory/50dc6c495c0c9188/0467ef3c8400ae65';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/catalog/50dc6c495c0c9188';

/** The base with an HTTP API link and a private integration (and route) through it. */
function withHttpLink(): SpecSet {
  const s = v2Base();
  s.vpcLinks = { 'inventory-vpc': { subnetIds: ['subnet-0a1', 'subnet-0b2'], securityGroupIds: ['sg-01'], tags: { team: 'checkout' } } };
  http(s).integrations.inventory = { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: LISTENER, vpcLink: 'inventory-vpc' };
  http(s).routes['ANY /inventory/{proxy+}'] = { integration: 'inventory' };
  return s;
}

/** A REST API whose GET /items goes through a REST link (targetArns). */
function withRestLink(s: SpecSet = v2Base()): SpecSet {
  const catalog: RestApiSpec = {
    endpointType: 'REGIONAL',
    resources: { '/items': { GET: { integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://catalog.internal.example.com/items', vpcLink: 'catalog-nlb' } } } },
    stages: { prod: {} },
  };
  return { ...s, restApis: { ...s.restApis, catalog }, vpcLinks: { ...s.vpcLinks, 'catalog-nlb': { targetArns: [NLB], description: 'Catalog NLB' } } };
}

const planner = emulatorPlanner({ allowDestroy: true, maxAttempts: 1 });

async function setup() {
  const t = await planner();
  const { client, v2 } = t;
  const v2Links = async () => (await v2.send(new GetVpcLinksCommand({}))).Items ?? [];
  const v1Links = async () => (await client.send(new GetV1VpcLinksCommand({}))).items ?? [];
  const integrationOf = async (api: string, type = 'HTTP_PROXY') => {
    const apiId = ((await v2.send(new GetApisCommand({}))).Items ?? []).find((a) => a.Name === api)?.ApiId;
    return ((await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items ?? []).find((i) => i.IntegrationType === type);
  };
  return { ...t, v2Links, v1Links, integrationOf };
}

const summary = (p: Plan) => p.ops.map((o) => `${o.action} ${o.kind}`);

function expectGoldenInput(dir: string, actual: string): void {
  const file = join(GOLDEN, dir, 'input.json');
  if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(file) && !process.env.CI)) {
    mkdirSync(join(GOLDEN, dir), { recursive: true });
    writeFileSync(file, actual);
  } else {
    expect(actual).toBe(readFileSync(file, 'utf8'));
  }
}

const scenarios: { dir: string; from: () => SpecSet; to: () => SpecSet; expect: string[] }[] = [
  {
    dir: '401-plan-vpc-link-create-with-integration',
    from: v2Base,
    to: withHttpLink,
    expect: ['create v2-vpc-link', 'create v2-integration', 'create route'],
  },
  {
    dir: '402-plan-vpc-link-replace',
    from: withHttpLink,
    to: () => {
      const s = withHttpLink();
      s.vpcLinks!['inventory-vpc']!.subnetIds = ['subnet-0a1', 'subnet-0c3'];
      return s;
    },
    expect: ['replace v2-vpc-link', 'update v2-integration', 'delete v2-vpc-link'],
  },
  {
    dir: '403-plan-vpc-link-remove',
    from: withHttpLink,
    to: v2Base,
    expect: ['delete route', 'delete v2-integration', 'delete v2-vpc-link'],
  },
  {
    dir: '404-plan-rest-vpc-link-create',
    from: v2Base,
    to: () => withRestLink(),
    expect: ['create rest-api', 'create vpc-link', 'create resource', 'create method', 'create integration', 'deploy deployment', 'create stage'],
  },
  {
    dir: '405-plan-vpc-link-description-and-tags',
    from: () => withRestLink(withHttpLink()),
    to: () => {
      const s = withRestLink(withHttpLink());
      s.vpcLinks!['catalog-nlb']!.description = 'Catalog NLB (eu)';
      s.vpcLinks!['catalog-nlb']!.tags = { team: 'catalog' };
      s.vpcLinks!['inventory-vpc']!.tags = { team: 'inventory' };
      return s;
    },
    expect: ['update v2-vpc-link', 'update vpc-link'],
  },
];

describe('VPC link scenarios converge against the emulator', () => {
  it.each(scenarios)('$dir', async ({ dir, from, to, expect: kinds }) => {
    // GIVEN `from` applied
    const t = await setup();
    await t.apply(from());
    expect((await t.plan(from())).ops).toStrictEqual([]);
    // WHEN `to` is planned and run
    const { plan: p, live } = await t.compute(to());
    expect(summary(p)).toStrictEqual(kinds);
    expectGoldenInput(dir, stable(p, live));
    await t.apply(p);
    // THEN planning again finds nothing to do
    expect((await t.plan(to())).ops.map((o) => [o.address, o.changes])).toStrictEqual([]);
  });

  it('creates the link, waits for it, and only then the integration that names it; the plan shows the name, never an id', async () => {
    const t = await setup();
    await t.apply(v2Base());
    const p = await t.plan(withHttpLink());
    const link = p.ops.find((o) => o.kind === 'v2-vpc-link')!;
    const integration = p.ops.find((o) => o.kind === 'v2-integration')!;
    // (the set's first link: its two APIs record the list first, account-lists.ts)
    expect(link.calls.map((c) => [c.operation, c.waitFor?.until])).toStrictEqual([
      ['TagResource', undefined], ['TagResource', undefined], ['CreateVpcLink', undefined], ['GetVpcLink', ['AVAILABLE']],
    ]);
    expect(link.calls.slice(0, 2).map((c) => c.input.Tags)).toStrictEqual([{ 'apigw-sync:lists': 'v2-apis v2-vpc-links' }, { 'apigw-sync:lists': 'v2-apis v2-vpc-links' }]);
    expect(integration.dependsOn).toContain(link.id);
    expect(integration.changes).toContainEqual({ path: '/vpcLink', to: 'inventory-vpc' });
    expect(integration.calls[0]?.input.ConnectionId).toStrictEqual({ $ref: 'v2-vpc-link:inventory-vpc', id: 'vpcLinkId' });
    await t.apply(p);
    const [made] = await t.v2Links();
    expect(made?.Tags).toStrictEqual({ team: 'checkout', 'apigw-sync:managed-by': 'shop' });
    expect((await t.integrationOf('orders'))?.ConnectionId).toBe(made?.VpcLinkId);
  });

  it('replaces a link create-first: the integration moves to the new link before the old one is deleted', async () => {
    const t = await setup();
    await t.apply(withHttpLink());
    const [old] = await t.v2Links();
    const changed = withHttpLink();
    changed.vpcLinks!['inventory-vpc']!.securityGroupIds = ['sg-02'];
    const p = await t.plan(changed);
    const [replace, move, remove] = p.ops;
    expect(replace).toMatchObject({ action: 'replace', reason: 'immutable-field-changed', changes: [{ path: '/securityGroupIds', from: ['sg-01'], to: ['sg-02'] }] });
    expect(replace?.explanation).toMatch(/security groups cannot be updated/);
    expect(replace?.calls.map((c) => c.operation)).toStrictEqual(['CreateVpcLink', 'GetVpcLink']);
    expect(move).toMatchObject({ action: 'update', reason: 'vpc-link-replaced', changes: [{ path: '/vpcLink', from: 'inventory-vpc (replaced)', to: 'inventory-vpc' }] });
    expect(move?.dependsOn).toContain(replace?.id);
    expect(remove).toMatchObject({ action: 'delete', reason: 'vpc-link-replaced', address: 'v2-vpc-link inventory-vpc (replaced)' });
    expect(remove?.calls[0]?.input).toStrictEqual({ VpcLinkId: old?.VpcLinkId });
    expect(remove?.dependsOn).toContain(move?.id);
    await t.apply(p);
    const links = await t.v2Links();
    expect(links.map((l) => [l.Name, l.SecurityGroupIds])).toStrictEqual([['inventory-vpc', ['sg-02']]]);
    expect((await t.integrationOf('orders'))?.ConnectionId).toBe(links[0]?.VpcLinkId);
  });

  it('replaces a REST link: the integration is patched to the new link and the stage redeployed before the old link goes', async () => {
    const t = await setup();
    await t.apply(withRestLink());
    const changed = withRestLink();
    changed.vpcLinks!['catalog-nlb']!.targetArns = [NLB.replace('catalog/50dc6c495c0c9188', 'catalog-v2/60ed7d5a6b7c8d9e')];
    const p = await t.plan(changed);
    expect(p.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual([
      'replace vpc-link catalog-nlb',
      'update rest-api catalog / resource /items / method GET / integration',
      'deploy rest-api catalog / deployment',
      'delete vpc-link catalog-nlb (replaced)',
    ]);
    // The old link goes only once the stage serves a deployment of the moved integration (the
    // deployment names the stage, so it moves the stage in the same call)
    expect(p.ops[2]?.calls[0]?.input).toMatchObject({ stageName: 'prod' });
    expect(p.ops[3]?.dependsOn).toContain(p.ops[2]?.id);
    const patch = p.ops[1]?.calls[0]?.input.patchOperations;
    expect(patch).toStrictEqual([{ op: 'replace', path: '/connectionId', value: { $ref: 'vpc-link:catalog-nlb', id: 'vpcLinkId' } }]);
    await t.apply(p);
    const links = await t.v1Links();
    expect(links.map((l) => l.targetArns)).toStrictEqual([changed.vpcLinks!['catalog-nlb']!.targetArns]);
    expect((await t.plan(changed)).ops).toStrictEqual([]);
  });

  it('an apply interrupted after the new link is made converges on the next plan, with no duplicate link', async () => {
    const t = await setup();
    await t.apply(withHttpLink());
    const changed = withHttpLink();
    changed.vpcLinks!['inventory-vpc']!.subnetIds = ['subnet-0z9'];
    const p = await t.plan(changed);
    // GIVEN only the new link was made (the run stopped there, or the reply was lost)
    await t.apply({ ...p, ops: p.ops.slice(0, 1) });
    const both = await t.v2Links();
    expect(both.length).toBe(2);
    // WHEN planned again: the link that fits the spec is the link, the other one the replaced one
    const next = await t.plan(changed);
    expect(next.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual([
      'update http-api orders / integration inventory',
      'delete v2-vpc-link inventory-vpc (replaced)',
    ]);
    // Both links bear the name: the delete says which one by its id.
    const old = both.find((l) => l.SubnetIds?.[0] !== 'subnet-0z9')!;
    expect(next.ops[1]!.explanation).toContain(`(this one is ${old.VpcLinkId})`);
    await t.apply(next);
    // THEN one link, and nothing left to do
    expect((await t.v2Links()).map((l) => l.SubnetIds)).toStrictEqual([['subnet-0z9']]);
    expect((await t.plan(changed)).ops).toStrictEqual([]);
  });

  it('a new link whose integration was not created yet is found again, not created twice', async () => {
    const t = await setup();
    await t.apply(v2Base());
    const p = await t.plan(withHttpLink());
    await t.apply({ ...p, ops: p.ops.filter((o) => o.kind === 'v2-vpc-link') });
    expect(summary(await t.plan(withHttpLink()))).toStrictEqual(['create v2-integration', 'create route']);
    await t.apply(withHttpLink());
    expect((await t.v2Links()).length).toBe(1);
  });

  it('destroy deletes the integrations before the link', async () => {
    const t = await setup();
    await t.apply(withRestLink(withHttpLink()));
    const none: SpecSet = { ...v2Base(), httpApis: {}, webSocketApis: {} };
    const p = await t.plan(none);
    const id = (address: string) => p.ops.find((o) => o.address === address)?.id;
    const links = p.ops.filter((o) => o.kind === 'vpc-link' || o.kind === 'v2-vpc-link');
    expect(links.map((o) => o.address).sort()).toStrictEqual(['v2-vpc-link inventory-vpc', 'vpc-link catalog-nlb']);
    expect(p.ops.find((o) => o.address === 'vpc-link catalog-nlb')?.dependsOn).toContain(id('rest-api catalog'));
    expect(p.ops.find((o) => o.address === 'v2-vpc-link inventory-vpc')?.dependsOn).toContain(id('http-api orders'));
    await t.apply(p);
    expect([...(await t.v1Links()), ...(await t.v2Links())]).toStrictEqual([]);
  });
});

describe('links the spec set does not own', () => {
  it('are used by name, read-only: never changed or deleted', async () => {
    const t = await setup();
    const shared = await t.v2.send(new CreateVpcLinkCommand({ Name: 'shared-vpc', SubnetIds: ['subnet-9'], Tags: { owner: 'network-team' } }));
    const spec = () => {
      const s = v2Base();
      http(s).integrations.inventory = { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: LISTENER, vpcLink: 'shared-vpc' };
      http(s).routes['ANY /inventory/{proxy+}'] = { integration: 'inventory' };
      return s;
    };
    const p = await t.plan(spec());
    expect(p.ops.some((o) => o.kind === 'v2-vpc-link')).toBe(false);
    const create = p.ops.find((o) => o.address === 'http-api orders / integration inventory')!;
    expect(create.calls[0]?.input.ConnectionId).toBe(shared.VpcLinkId);
    await t.apply(p);
    expect((await t.plan(spec())).ops).toStrictEqual([]);
    // Removing everything (with allowDestroy) leaves the link as it was
    await t.apply({ ...v2Base(), httpApis: {}, webSocketApis: {} });
    const after = await t.v2.send(new GetVpcLinkCommand({ VpcLinkId: shared.VpcLinkId }));
    expect([after.Name, after.SubnetIds, after.Tags]).toStrictEqual(['shared-vpc', ['subnet-9'], { owner: 'network-team' }]);
  });

  it('two of the same name: the plan stops and says which', async () => {
    const t = await setup();
    const a = await t.v2.send(new CreateVpcLinkCommand({ Name: 'shared-vpc', SubnetIds: ['subnet-9'] }));
    const b = await t.v2.send(new CreateVpcLinkCommand({ Name: 'shared-vpc', SubnetIds: ['subnet-8'] }));
    const s = v2Base();
    http(s).integrations.inventory = { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: LISTENER, vpcLink: 'shared-vpc' };
    const err = await t.plan(s).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApigwError);
    expect((err as ApigwError).code).toBe('plan/ambiguous-vpc-link');
    expect((err as Error).message).toBe(
      `2 VPC links in the account are named "shared-vpc" (${String(a.VpcLinkId)}, ${String(b.VpcLinkId)}), so http-api orders / integration inventory cannot tell which one to use.`,
    );
  });

  it('an unknown name, or a link of the other kind, stops the plan with the integration named', async () => {
    const t = await setup();
    await t.client.send(new CreateV1VpcLinkCommand({ name: 'catalog-nlb', targetArns: [NLB] }));
    const s = v2Base();
    http(s).integrations.inventory = { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: LISTENER, vpcLink: 'nowhere' };
    const unknown = (await t.plan(s).catch((e: unknown) => e)) as ApigwError;
    expect([unknown.code, unknown.message]).toStrictEqual(['plan/unknown-vpc-link',
      'http-api orders / integration inventory uses the VPC link "nowhere", which is neither under vpcLinks nor in the account (region us-east-1).']);
    http(s).integrations.inventory!.vpcLink = 'catalog-nlb';
    const kind = (await t.plan(s).catch((e: unknown) => e)) as ApigwError;
    expect([kind.code, kind.message]).toStrictEqual(['plan/unknown-vpc-link',
      'http-api orders / integration inventory uses the VPC link "catalog-nlb", which is a REST VPC link (targetArns); HTTP APIs need a HTTP API VPC link (subnetIds).']);
  });
});
