import { CreateApiCommand, CreateApiMappingCommand, CreateDomainNameCommand, CreateStageCommand, GetApiMappingsCommand, GetApisCommand, GetDomainNamesCommand as V2GetDomainNames } from '@aws-sdk/client-apigatewayv2';
import { GetDomainNamesCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../../src/reconcile/index.js';
import { renderPlanMarkdown } from '../../../src/render/plan-markdown.js';
import { renderPlanText } from '../../../src/render/plan-text.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';
import { v2Base } from '../helpers/v2-specs.js';

/**
 * A Regional custom domain is one object behind apigateway and apigatewayv2 (the emulator keeps one
 * store, as AWS does). The plan reads apigatewayv2's GetDomainNames only when the set declares an
 * HTTP/WebSocket domain; an owned domain the specs dropped, even one that served HTTP APIs, is
 * found through apigateway's list and deleted there, before the APIs it mapped.
 */
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/c1';
const DOMAIN = 'orders.example.com';

function withDomain(): SpecSet {
  const s = v2Base();
  return { ...s, domains: { [DOMAIN]: { regionalCertificateArn: CERT, mappings: { v1: { api: 'orders', stage: '$default' } } } } };
}
const withoutDomain = (): SpecSet => v2Base();
function withoutDomainOrApi(): SpecSet {
  const s = v2Base();
  return { ...s, httpApis: {} };
}

const planner = emulatorPlanner({ allowDestroy: true });
const describeOps = (ops: { action: string; address: string; calls: { service?: string; operation: string }[] }[]) =>
  ops.map((o) => `${o.action} ${o.address}: ${o.calls.map((c) => `${c.service ?? 'apigateway'}:${c.operation}`).join(', ')}`);
const domainsOf = async (t: Awaited<ReturnType<typeof planner>>) => ({
  v1: ((await t.client.send(new GetDomainNamesCommand({}))).items ?? []).map((d) => d.domainName),
  v2: ((await t.v2.send(new V2GetDomainNames({}))).Items ?? []).map((d) => d.DomainName),
});

describe('HTTP domains against the one domain store', () => {
  it('apply, then plan: no changes; the plan lists apigatewayv2 domains because the set declares one', async () => {
    const t = await planner();
    await t.apply(withDomain());
    expect(await domainsOf(t)).toEqual({ v1: [DOMAIN], v2: [DOMAIN] });
    t.emu.resetCalls();
    expect((await t.plan(withDomain())).ops).toStrictEqual([]);
    expect(t.emu.calls().byOperation['apigatewayv2:GetDomainNames']).toBe(1);
    expect(t.emu.calls().byOperation['apigatewayv2:GetApiMappings']).toBe(1);
  });

  it('a dropped HTTP domain is found through apigateway\'s list (no apigatewayv2 GetDomainNames) and deleted; the next plan is empty', async () => {
    const t = await planner();
    await t.apply(withDomain());
    t.emu.resetCalls();
    const plan = await t.plan(withoutDomain());
    expect(t.emu.calls().byOperation['apigatewayv2:GetDomainNames']).toBeUndefined();
    // (the set's last domain: its two APIs' record of account lists leaves domains out after it, account-lists.ts)
    expect(describeOps(plan.ops)).toEqual([`delete domain-name ${DOMAIN}: apigateway:DeleteDomainName, apigatewayv2:TagResource, apigatewayv2:TagResource`]);
    await t.apply(plan);
    expect(await domainsOf(t)).toEqual({ v1: [], v2: [] });
    expect((await t.plan(withoutDomain())).ops).toStrictEqual([]);
  });

  it('the domain goes before the HTTP API it mapped (AWS refuses to delete a mapped API), and an apply interrupted between them converges', async () => {
    const t = await planner();
    await t.apply(withDomain());
    const plan = await t.plan(withoutDomainOrApi());
    const ops = describeOps(plan.ops);
    const domainAt = ops.findIndex((o) => o.startsWith(`delete domain-name ${DOMAIN}`));
    const apiAt = ops.findIndex((o) => o.startsWith('delete http-api orders'));
    expect(domainAt).toBeGreaterThanOrEqual(0);
    expect(apiAt).toBeGreaterThan(domainAt);
    expect(plan.ops[apiAt]!.dependsOn ?? []).toContain(plan.ops[domainAt]!.id);
    // Interrupted right after the domain's deletion: the next plan finishes the job.
    await t.apply({ ...plan, ops: plan.ops.slice(0, domainAt + 1) });
    const rest = await t.plan(withoutDomainOrApi());
    expect(describeOps(rest.ops).some((o) => o.startsWith('delete domain-name'))).toBe(false);
    expect(describeOps(rest.ops).some((o) => o.startsWith('delete http-api orders'))).toBe(true);
    await t.apply(rest);
    expect((await t.plan(withoutDomainOrApi())).ops).toStrictEqual([]);
    expect(((await t.v2.send(new GetApisCommand({}))).Items ?? []).map((a) => a.Name)).toEqual(['chat']);
  });

  it('an unowned Regional domain created through apigatewayv2, mapping an unowned HTTP API, is never touched', async () => {
    const t = await planner();
    const { ApiId } = await t.v2.send(new CreateApiCommand({ Name: 'theirs', ProtocolType: 'HTTP' }));
    await t.v2.send(new CreateStageCommand({ ApiId, StageName: 'live' }));
    await t.v2.send(new CreateDomainNameCommand({ DomainName: 'theirs.example.com', DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    await t.v2.send(new CreateApiMappingCommand({ DomainName: 'theirs.example.com', ApiId, Stage: 'live', ApiMappingKey: 'a/b' }));
    await t.apply(withDomain());
    for (const s of [withDomain(), withoutDomain(), withoutDomainOrApi()]) {
      const plan = await t.plan(s);
      expect(describeOps(plan.ops).filter((o) => o.includes('theirs'))).toEqual([]);
      await t.apply(plan);
    }
    expect((await domainsOf(t)).v2).toEqual(['theirs.example.com']);
    expect(((await t.v2.send(new GetApiMappingsCommand({ DomainName: 'theirs.example.com' }))).Items ?? []).map((m) => m.ApiMappingKey)).toEqual(['a/b']);
  });
});

describe('a public domain name another domain holds: AWS allows one, so the create is blocked', () => {
  const restDomain = (set: string): SpecSet => ({ ...v2Base(), name: set, httpApis: {}, domains: { [DOMAIN]: { regionalCertificateArn: CERT } } });
  const plan = (t: Awaited<ReturnType<typeof planner>>, s: SpecSet, options: { allowDuplicateName?: boolean; adopt?: boolean } = {}) =>
    computePlan({ specSet: s, clients: { apigateway: t.client, apigatewayv2: t.v2 }, options });

  it('an untagged domain (made through either API): blocked even with --allow-duplicate-name; --adopt takes it over', async () => {
    const t = await planner();
    // GIVEN a domain made by hand through apigatewayv2
    await t.v2.send(new CreateDomainNameCommand({ DomainName: DOMAIN, DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'REGIONAL' }] }));
    for (const [s, options] of [[restDomain('shop'), {}], [restDomain('shop'), { allowDuplicateName: true }], [withDomain(), {}], [withDomain(), { allowDuplicateName: true }]] as const) {
      const { plan: p } = await plan(t, s, options);
      const create = p.ops.find((o) => o.address === `domain-name ${DOMAIN}`)!;
      expect(create).toMatchObject({ action: 'create', blocked: true, blockedBy: 'duplicate-name' });
      expect(create.explanation).toBe(`blocked: a custom domain named "${DOMAIN}" exists, and AWS allows one of a name; --adopt manages it when it has no ownership tag`);
      expect(p.notices).toContain(`A domain name named "${DOMAIN}" exists (${DOMAIN}) without the apigw-sync:managed-by tag; AWS allows one of a name, so creating it is blocked. Use --adopt to manage the existing one instead.`);
    }
    const adopted = (await plan(t, restDomain('shop'), { adopt: true })).plan;
    expect(adopted.ops.map((o) => `${o.action} ${o.address}`)).toContain(`adopt domain-name ${DOMAIN}`);
    expect(adopted.ops.some((o) => o.blocked)).toBe(false);
  });

  it("another spec set's domain: blocked, and the notice names that set", async () => {
    const t = await planner();
    await t.apply(restDomain('other'));
    for (const s of [restDomain('shop'), withDomain()]) {
      const { plan: p } = await plan(t, s, { allowDuplicateName: true, adopt: true });
      expect(p.ops.find((o) => o.address === `domain-name ${DOMAIN}`)).toMatchObject({ action: 'create', blocked: true, blockedBy: 'duplicate-name' });
      expect(p.notices).toContain(`A domain name named "${DOMAIN}" exists, owned by spec set "other" (apigw-sync:managed-by=other); AWS allows one of a name, so creating it is blocked. Remove it from this spec set, or from the other one.`);
      // The summary does not say the holder lacks the ownership tag: it has another set's.
      for (const shown of [renderPlanText(p, { colour: false }), renderPlanMarkdown(p)]) {
        expect(shown).toContain('a custom domain of the same name exists, without the ownership tag or owned by another spec set');
        expect(shown).not.toContain('an object of the same name exists without the ownership tag');
      }
    }
  });
});
