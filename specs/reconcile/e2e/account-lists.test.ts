import { DeleteApiKeyCommand, GetApiKeysCommand, GetRestApisCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-api-gateway';
import { GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { LISTS_TAG } from '../../../src/reconcile/account-lists.js';
import type { Plan } from '../../../src/reconcile/index.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';
import { specSet } from '../helpers/spec-set.js';
import { runPlan } from '../helpers/run-plan.js';
import { load, ROOT } from '../../schema/helpers.js';

/**
 * The account-wide lists a plan reads (src/reconcile/account-lists.ts): the set's APIs record in
 * the tag apigw-sync:lists which lists the set has objects in, written before the first object of
 * a list exists; a plan reads those and the ones its specs need, and every list when the record
 * cannot be trusted. Against the emulator, with the real SDK.
 */
const planner = emulatorPlanner({ allowDestroy: true, maxAttempts: 1 });

const ACCOUNT_LISTS = [
  'apigateway:GetApiKeys', 'apigateway:GetUsagePlans', 'apigateway:GetDomainNames', 'apigateway:GetClientCertificates',
  'apigateway:GetVpcLinks', 'apigatewayv2:GetVpcLinks', 'apigatewayv2:GetApis',
];

function shop(extra: Partial<SpecSet> = {}): SpecSet {
  return { ...specSet({ shop: { resources: { '/items': { GET: { integration: { type: 'MOCK' } } } }, stages: { prod: {} } } }), ...extra };
}

const withKey = () => shop({ apiKeys: { partner: { description: 'Partner' } } });

async function setup() {
  const t = await planner();
  const restApi = async (name = 'shop') => ((await t.client.send(new GetRestApisCommand({}))).items ?? []).find((a) => a.name === name)!;
  /** The account lists one plan reads (calls by operation, the other reads left out). */
  const listsRead = async (s: SpecSet) => {
    t.emu.resetCalls();
    const { plan } = await t.compute(s);
    const read = Object.keys(t.emu.calls().byOperation).filter((op) => ACCOUNT_LISTS.includes(op)).sort();
    return { plan, read };
  };
  return { ...t, restApi, listsRead };
}

const calls = (p: Plan, kind: string) => p.ops.find((o) => o.kind === kind)!.calls.map((c) => c.operation);

describe('the account-wide lists a plan reads', () => {
  it('a set of one REST API reads none of them once its API records that it has no objects there', async () => {
    // GIVEN a REST API applied from empty (the first plan reads every list: nothing is recorded yet)
    const t = await setup();
    expect((await t.listsRead(shop())).read).toStrictEqual([...ACCOUNT_LISTS].sort());
    await t.apply(shop());
    // THEN the API carries the record, "none"
    expect((await t.restApi()).tags?.[LISTS_TAG]).toBe('none');
    // WHEN planned again
    const { plan, read } = await t.listsRead(shop());
    // THEN nothing changes and no account-wide list is read: GetRestApis and the API's own lists
    expect(plan.ops).toStrictEqual([]);
    expect(read).toStrictEqual([]);
    expect(t.emu.calls().byOperation).toStrictEqual(Object.fromEntries([
      'GetRestApis', 'GetResources', 'GetAuthorizers', 'GetModels', 'GetRequestValidators', 'GetGatewayResponses',
      'GetStages', 'GetDeployments', 'GetDocumentationParts', 'GetDocumentationVersions',
    ].map((op) => [`apigateway:${op}`, 1])));
  });

  it('records the first API key before creating it; deleting the last one leaves the list out again', async () => {
    // GIVEN the REST API applied, recording "none"
    const t = await setup();
    await t.apply(shop());
    // WHEN a key is added to the specs
    const { plan, read } = await t.listsRead(withKey());
    // THEN the keys are read (one of that name may exist), and the op that creates the key first tags the API
    expect(read).toStrictEqual(['apigateway:GetApiKeys']);
    expect(calls(plan, 'api-key')).toStrictEqual(['TagResource', 'CreateApiKey']);
    const api = await t.restApi();
    expect(plan.ops[0]!.calls[0]!.input).toStrictEqual({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${api.id}`, tags: { [LISTS_TAG]: 'api-keys' } });
    expect(plan.ops[0]!.explanation).toBe(`first records api-keys in the tag ${LISTS_TAG} on rest-api shop`);
    await t.apply(plan);
    expect((await t.restApi()).tags?.[LISTS_TAG]).toBe('api-keys');
    // THEN the next plan is empty, and a second apply writes nothing
    expect((await t.listsRead(withKey())).plan.ops).toStrictEqual([]);
    // WHEN the specs drop the key
    const dropped = await t.listsRead(shop());
    // THEN the recorded list is read, so the owned key is found and deleted, and then the list
    // is left out of the record
    expect(dropped.read).toStrictEqual(['apigateway:GetApiKeys']);
    expect(dropped.plan.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual(['delete api-key partner']);
    expect(calls(dropped.plan, 'api-key')).toStrictEqual(['DeleteApiKey', 'TagResource']);
    expect(dropped.plan.ops[0]!.calls[1]!.input).toStrictEqual({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${api.id}`, tags: { [LISTS_TAG]: 'none' } });
    await t.apply(dropped.plan);
    expect((await t.client.send(new GetApiKeysCommand({}))).items ?? []).toStrictEqual([]);
    expect((await t.restApi()).tags?.[LISTS_TAG]).toBe('none');
    const after = await t.listsRead(shop());
    expect(after.plan.ops).toStrictEqual([]);
    expect(after.read).toStrictEqual([]);
  });

  it('an apply stopped after deleting the last key, before the record left it out: the key list is read, nothing is written', async () => {
    const t = await setup();
    await t.apply(withKey());
    const { plan } = await t.listsRead(shop());
    // GIVEN only the delete made
    await t.client.send(new DeleteApiKeyCommand(plan.ops[0]!.calls[0]!.input as never));
    // THEN the next plan reads the recorded list, finds nothing, and writes nothing for the record alone
    const again = await t.listsRead(shop());
    expect(again.read).toStrictEqual(['apigateway:GetApiKeys']);
    expect(again.plan.ops).toStrictEqual([]);
  });

  it('one op records several new lists at once, and the others that make their objects wait for it', async () => {
    const t = await setup();
    await t.apply(shop());
    const all = shop({
      apiKeys: { partner: {} },
      usagePlans: { basic: { apiStages: [{ api: 'shop', stage: 'prod' }], keys: ['partner'] } },
      clientCertificates: { backend: { description: 'backend' } },
    });
    const { plan } = await t.listsRead(all);
    const recording = plan.ops.filter((o) => o.calls.some((c) => c.operation === 'TagResource'));
    expect(recording).toHaveLength(1);
    expect(recording[0]!.calls[0]!.input.tags).toStrictEqual({ [LISTS_TAG]: 'api-keys client-certificates usage-plans' });
    for (const o of plan.ops.filter((x) => ['api-key', 'usage-plan', 'client-certificate'].includes(x.kind) && x !== recording[0])) {
      expect(o.dependsOn).toContain(recording[0]!.id);
    }
    await t.apply(plan);
    const after = await t.listsRead(all);
    expect(after.plan.ops).toStrictEqual([]);
    expect(after.read).toStrictEqual(['apigateway:GetApiKeys', 'apigateway:GetClientCertificates', 'apigateway:GetUsagePlans', 'apigatewayv2:GetApis']);
  });

  it('an apply stopped after the record was written converges, and one stopped before it leaves nothing to miss', async () => {
    const t = await setup();
    await t.apply(shop());
    const { plan } = await t.listsRead(withKey());
    // GIVEN only the op's first call made (the record), the apply stopped there
    const first = plan.ops[0]!.calls[0]!;
    await t.client.send(new TagResourceCommand(first.input as never));
    // WHEN planned again: the key is created without another record
    const again = await t.listsRead(withKey());
    expect(calls(again.plan, 'api-key')).toStrictEqual(['CreateApiKey']);
    // and if instead the specs dropped the key meanwhile, nothing is left to do
    expect((await t.listsRead(shop())).plan.ops).toStrictEqual([]);
    await t.apply(again.plan);
    expect((await t.listsRead(withKey())).plan.ops).toStrictEqual([]);
  });

  it('reads every list when an owned API lacks the record, and writes one only with an op that makes or deletes objects', async () => {
    // GIVEN a key applied, then the record removed by hand from the API
    const t = await setup();
    await t.apply(withKey());
    const api = await t.restApi();
    await t.client.send(new UntagResourceCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${api.id}`, tagKeys: [LISTS_TAG] }));
    // WHEN the specs drop the key
    const { plan, read } = await t.listsRead(shop());
    // THEN every list is read, and the key is still found and deleted; having read every list,
    // the op that deletes the set's last key writes the whole record afresh
    expect(read).toStrictEqual([...ACCOUNT_LISTS].sort());
    expect(plan.ops.map((o) => `${o.action} ${o.address}`)).toStrictEqual(['delete api-key partner']);
    expect(plan.ops[0]!.calls.map((c) => c.operation)).toStrictEqual(['DeleteApiKey', 'TagResource']);
    expect(plan.ops[0]!.calls[1]!.input.tags).toStrictEqual({ [LISTS_TAG]: 'none' });
    // and once applied and the record removed again, with nothing to make or delete, no write for the record alone
    await t.apply(plan);
    expect((await t.restApi()).tags?.[LISTS_TAG]).toBe('none');
    await t.client.send(new UntagResourceCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${api.id}`, tagKeys: [LISTS_TAG] }));
    const idle = await t.listsRead(shop());
    expect(idle.read).toStrictEqual([...ACCOUNT_LISTS].sort());
    expect(idle.plan.ops).toStrictEqual([]);
  });

  it('a saved plan is stale once the record changed (the record is part of the live fingerprint)', async () => {
    // GIVEN a plan made (its live fingerprint is what a saved plan is checked against)
    const t = await setup();
    await t.apply(shop());
    const before = (await t.listsRead(shop())).plan.liveFingerprint;
    expect((await t.listsRead(shop())).plan.liveFingerprint).toBe(before);
    // WHEN another apply records a list in the meantime
    const api = await t.restApi();
    await t.client.send(new TagResourceCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${api.id}`, tags: { [LISTS_TAG]: 'usage-plans' } }));
    // THEN the live state no longer matches the saved plan's
    expect((await t.listsRead(shop())).plan.liveFingerprint).not.toBe(before);
  });

  it('a value that is not a list of ours is not trusted either', async () => {
    const t = await setup();
    await t.apply(shop());
    const api = await t.restApi();
    await t.client.send(new TagResourceCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${api.id}`, tags: { [LISTS_TAG]: 'api-keys widgets' } }));
    expect((await t.listsRead(shop())).read).toStrictEqual([...ACCOUNT_LISTS].sort());
  });

  it('an HTTP API set records on its API: apigatewayv2 GetApis is read (it finds the record), the account lists are not', async () => {
    const t = await setup();
    const s: SpecSet = { ...specSet({}), httpApis: { orders: { routes: { 'GET /orders': { integration: 'fn' } }, integrations: { fn: { type: 'HTTP_PROXY', uri: 'https://example.com/orders', httpMethod: 'GET' } } } } };
    await t.apply(s);
    const api = ((await t.v2.send(new GetApisCommand({}))).Items ?? []).find((a) => a.Name === 'orders')!;
    expect(api.Tags?.[LISTS_TAG]).toBe('v2-apis');
    const { plan, read } = await t.listsRead(s);
    expect(plan.ops).toStrictEqual([]);
    expect(read).toStrictEqual(['apigatewayv2:GetApis']);
  });

  it('an HTTP API added to a REST API set: the REST API records the list first', async () => {
    const t = await setup();
    await t.apply(shop());
    const s: SpecSet = { ...shop(), httpApis: { orders: { routes: { 'GET /orders': { integration: 'fn' } }, integrations: { fn: { type: 'HTTP_PROXY', uri: 'https://example.com/orders', httpMethod: 'GET' } } } } };
    const { plan, read } = await t.listsRead(s);
    expect(read).toStrictEqual(['apigatewayv2:GetApis']);
    expect(calls(plan, 'http-api')).toStrictEqual(['TagResource', 'CreateApi']);
    await runPlan(t.client, plan, {}, t.v2);
    expect((await t.restApi()).tags?.[LISTS_TAG]).toBe('v2-apis');
    // the new API carries the record too: the next plan reads only the HTTP APIs
    const after = await t.listsRead(s);
    expect(after.plan.ops).toStrictEqual([]);
    expect(after.read).toStrictEqual(['apigatewayv2:GetApis']);
  });
});

describe('validate: the lists tag', () => {
  it('refuses apigw-sync:lists in a spec\'s tags, at its line and column, saying who writes it', () => {
    const { result } = load({ 'apigw-sync.yaml': ROOT, 'shop.yaml': 'restApis:\n  shop:\n    tags:\n      "apigw-sync:lists": none\n' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column, d.message])).toStrictEqual([
      ['spec/reserved-tag', 4, 7, 'The tag "apigw-sync:lists" is reserved (apigw-sync records in it which account-wide lists the spec set has objects in).'],
    ]);
  });
});
