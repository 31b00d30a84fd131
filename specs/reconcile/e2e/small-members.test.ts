import { GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { GetRestApisCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { accountToSpec } from '../../../src/import/account-to-spec.js';
import { restApiToSpec } from '../../../src/import/rest-to-spec.js';
import { v2ApiToSpec } from '../../../src/import/v2-to-spec.js';
import { detectDrift } from '../../../src/reconcile/drift.js';
import type { RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { specSet } from '../helpers/spec-set.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';
import { v2Base, ws, http } from '../helpers/v2-specs.js';

/**
 * The small members: a REST API's version (set at create only), an HTTP/WebSocket API's version
 * and a WebSocket API's disableSchemaValidation, a usage plan's productCode, and a stage's WAF
 * web ACL reported by drift as read-only information.
 */
function base(): SpecSet {
  const shop: RestApiSpec = {
    version: '2026-01', endpointType: 'REGIONAL',
    resources: { '/items': { GET: { integration: { type: 'MOCK' } } } },
    stages: { prod: {} },
  };
  const v2 = v2Base();
  http(v2).version = '1.4.0';
  ws(v2).version = '7';
  ws(v2).disableSchemaValidation = true;
  return {
    ...specSet({ shop }),
    httpApis: v2.httpApis,
    webSocketApis: v2.webSocketApis,
    usagePlans: { market: { productCode: 'prod-abc123', apiStages: [{ api: 'shop', stage: 'prod' }] } },
  };
}

const planner = emulatorPlanner();

describe('small members converge', () => {
  it('apply, plan empty, re-apply with zero writes, import round trip', async () => {
    const { emu, client, v2, plan, apply, compute } = await planner();
    await apply(base());
    expect((await client.send(new GetRestApisCommand({}))).items![0]!.version).toBe('2026-01');
    expect((await client.send(new GetUsagePlansCommand({}))).items![0]!.productCode).toBe('prod-abc123');
    const apis = (await v2.send(new GetApisCommand({}))).Items!;
    expect(apis.map((a) => [a.Name, a.Version, a.DisableSchemaValidation ?? false]).sort()).toStrictEqual([['chat', '7', true], ['orders', '1.4.0', false]]);
    expect((await plan(base())).ops).toStrictEqual([]);
    emu.resetCalls();
    await apply(base());
    expect(emu.calls().writes).toBe(0);
    const live = (await compute(base())).live;
    expect(restApiToSpec('shop', live, 'us-east-1').spec).toMatchObject({ version: '2026-01' });
    expect(accountToSpec(live).usagePlans.market).toMatchObject({ productCode: 'prod-abc123' });
    expect(v2ApiToSpec('WEBSOCKET', 'chat', live)).toMatchObject({ version: '7', disableSchemaValidation: true });
    expect(v2ApiToSpec('HTTP', 'orders', live)).toMatchObject({ version: '1.4.0' });
  });

  it('changes: productCode in UpdateUsagePlan, v2 Version and DisableSchemaValidation in UpdateApi; a REST version is kept, with a notice', async () => {
    const { plan, apply } = await planner();
    await apply(base());
    const changed = base();
    changed.usagePlans.market!.productCode = 'prod-def456';
    http(changed).version = '1.5.0';
    ws(changed).disableSchemaValidation = false;
    changed.restApis.shop!.version = '2026-02';
    const p = await plan(changed);
    expect(p.ops.map((o) => [o.address, o.calls.map((c) => [c.operation, (c.input as any).patchOperations ?? c.input])])).toStrictEqual([
      ['http-api orders', [['UpdateApi', { ApiId: expect.any(String), Version: '1.5.0' }]]],
      ['websocket-api chat', [['UpdateApi', { ApiId: expect.any(String), DisableSchemaValidation: false }]]],
      ['usage-plan market', [['UpdateUsagePlan', [{ op: 'replace', path: '/productCode', value: 'prod-def456' }]]]],
    ]);
    expect(p.notices.some((n) => n.includes('rest-api shop keeps its version "2026-01" instead of "2026-02"'))).toBe(true);
    await apply(p);
    expect((await plan(changed)).ops).toStrictEqual([]);
  });

  it("drift names a stage's WAF web ACL as read-only information, without an item", async () => {
    const { emu, client, apply, compute } = await planner();
    await apply(base());
    const id = (await client.send(new GetRestApisCommand({}))).items![0]!.id!;
    // WAFv2's AssociateWebACL sets it on the stage; API Gateway itself has no call for it.
    const acl = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop-acl/0a1b2c3d-0000-4000-8000-000000000001';
    (emu.state.v1 as any).restApis[id].stages.prod.webAclArn = acl;
    const { desired, live, plan } = await compute(base());
    expect(plan.ops).toStrictEqual([]);
    const report = detectDrift({ desired, live, target: plan.target, checkedAt: plan.createdAt, liveFingerprint: plan.liveFingerprint });
    expect(report.items).toStrictEqual([]);
    expect(report.notices).toStrictEqual([
      `rest-api shop / stage prod is protected by the WAF web ACL ${acl} (associated through WAFv2; apigw-sync neither sets nor compares it).`,
    ]);
  });
});
