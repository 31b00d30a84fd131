import { describe, expect, it } from 'vitest';
import { apiKeyEntity, domainEntities, usagePlanEntities } from '../../src/reconcile/desired-account.js';
import { awsPlanThrottleKey, liveAccountEntities, planThrottleKey, type RawAccount } from '../../src/reconcile/live-account.js';
import type { Entity, Model } from '../../src/reconcile/model.js';
import { toModel } from '../../src/reconcile/rest-builder.js';
import { secretDigest } from '../../src/reconcile/secret-digest.js';
import { api, desiredOf, liveOf, plan, summary } from './helpers/builders.js';

const OWNER = { 'apigw-sync:managed-by': 'shop' };
const ENV = { PARTNER_KEY: 'partner-key-value-0123456789', NEW_KEY: 'rotated-key-value-9876543210' };
const petstore = () => api('petstore').resource('/users', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' }))).stage('prod').stage('dev');

/** AWS's view of the account objects, as the reader hands them over (values already digested). */
function liveAccount(over: Partial<RawAccount> = {}): Entity[] {
  return liveAccountEntities({
    apiKeys: [{ id: 'key001', name: 'partner', enabled: true, value: secretDigest(ENV.PARTNER_KEY), tags: OWNER, stageKeys: [] }],
    usagePlans: [{
      id: 'plan01', name: 'basic', throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 10000, offset: 0, period: 'MONTH' },
      apiStages: [{ apiId: 'api-petstore', stage: 'prod' }], tags: OWNER,
      keys: [{ id: 'key001', type: 'API_KEY', name: 'partner' }],
    }],
    domains: [{
      domainName: 'api.example.com', regionalCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/c', securityPolicy: 'TLS_1_2',
      endpointConfiguration: { types: ['REGIONAL'] }, regionalDomainName: 'd-abc.execute-api.us-east-1.amazonaws.com', tags: OWNER,
      mappings: [{ basePath: 'v1', restApiId: 'api-petstore', stage: 'prod' }],
    }],
    restApiNames: new Map([['api-petstore', 'petstore']]),
    ...over,
  });
}

function desiredAccount(over: { keyEnv?: string; quota?: number; keys?: string[]; mappingStage?: string; extraKey?: boolean } = {}): Entity[] {
  const rest = new Set(['petstore']);
  return [
    apiKeyEntity('partner', { value: { secretEnv: over.keyEnv ?? 'PARTNER_KEY' } }, ENV),
    ...(over.extraKey ? [apiKeyEntity('mobile', {}, ENV)] : []),
    ...usagePlanEntities('basic', {
      throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: over.quota ?? 10000, period: 'MONTH' },
      apiStages: [{ api: 'petstore', stage: 'prod' }], keys: over.keys ?? ['partner'],
    }, rest),
    ...domainEntities('api.example.com', {
      regionalCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/c', securityPolicy: 'TLS_1_2',
      mappings: { v1: { api: 'petstore', stage: over.mappingStage ?? 'prod' } },
    }, rest),
  ];
}

const model = (a: Model, extra: Entity[]): Model => toModel([...Object.values(a.entities), ...extra]);

describe('plan: account objects', () => {
  it('plans nothing when keys, plans and domains are as described', () => {
    const p = plan(model(desiredOf(petstore()), desiredAccount()), model(liveOf(petstore()), liveAccount()));
    expect(p.ops).toStrictEqual([]);
  });

  it('keeps where a domain must point, for the report after apply, out of the compared attrs', () => {
    const domain = liveAccount().find((e) => e.kind === 'domain-name');
    expect(domain?.meta).toStrictEqual({ dnsTarget: 'd-abc.execute-api.us-east-1.amazonaws.com (hosted zone ?)' });
    expect(Object.keys(domain?.attrs ?? {})).toStrictEqual(['endpointConfiguration', 'regionalCertificateArn', 'securityPolicy']);
  });

  it("leaves a usage plan's stages of APIs it cannot name (WebSocket APIs) alone", () => {
    const live = liveAccount({ usagePlans: [{
      id: 'plan01', name: 'basic', throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 10000, offset: 0, period: 'MONTH' },
      apiStages: [{ apiId: 'api-petstore', stage: 'prod' }, { apiId: 'ws1234', stage: 'production' }], tags: OWNER,
      keys: [{ id: 'key001', type: 'API_KEY', name: 'partner' }],
    }] });
    expect(plan(model(desiredOf(petstore()), desiredAccount()), model(liveOf(petstore()), live)).ops).toStrictEqual([]);
  });

  it('raises a quota with one UpdateUsagePlan', () => {
    const p = plan(model(desiredOf(petstore()), desiredAccount({ quota: 50000 })), model(liveOf(petstore()), liveAccount()));
    expect(p.ops.map((o) => [o.action, o.address, o.changes, o.calls])).toStrictEqual([[
      'update', 'usage-plan basic', [{ path: '/quota/limit', from: 10000, to: 50000 }],
      [{ service: 'apigateway', operation: 'UpdateUsagePlan',
        input: { usagePlanId: 'plan01', patchOperations: [{ op: 'replace', path: '/quota/limit', value: '50000' }] } }],
    ]]);
  });

  it('adds a new key to a plan: the key first, then CreateUsagePlanKey with its id', () => {
    const p = plan(model(desiredOf(petstore()), desiredAccount({ extraKey: true, keys: ['partner', 'mobile'] })), model(liveOf(petstore()), liveAccount()));
    expect(summary(p)).toStrictEqual([
      'op-1 create api-key mobile (CreateApiKey)',
      'op-2 create usage-plan basic / usage-plan-key mobile (CreateUsagePlanKey) after op-1',
    ]);
    expect(p.ops[0]?.calls[0]?.input).toStrictEqual({ name: 'mobile', enabled: true, tags: OWNER });
    expect(p.ops[1]?.calls[0]?.input).toStrictEqual({
      usagePlanId: 'plan01', keyId: { $ref: 'api-key:mobile', id: 'apiKeyId' }, keyType: 'API_KEY',
    });
  });

  it("rotates a key's value: the old key deleted, a new one created, the plan attachment moved; the value never shown", () => {
    // GIVEN the key's value now comes from NEW_KEY
    const p = plan(model(desiredOf(petstore()), desiredAccount({ keyEnv: 'NEW_KEY' })), model(liveOf(petstore()), liveAccount()));
    // THEN
    expect(summary(p)).toStrictEqual([
      'op-1 replace api-key partner (DeleteApiKey, CreateApiKey)',
      'op-2 create usage-plan basic / usage-plan-key partner (CreateUsagePlanKey) after op-1',
    ]);
    expect(p.ops[0]).toMatchObject({
      reason: 'immutable-field-changed',
      explanation: "replace, because an API key's value cannot be updated: a new key (value changes (sensitive)) replaces it and takes over its usage plans",
      changes: [{ path: '/value', from: '(sensitive)', to: '(sensitive)', sensitive: true }],
      calls: [
        { service: 'apigateway', operation: 'DeleteApiKey', input: { apiKey: 'key001' } },
        { service: 'apigateway', operation: 'CreateApiKey', input: { name: 'partner', enabled: true, value: { $secret: 'env:NEW_KEY' }, tags: OWNER },
          produces: { key: 'api-key:partner', ids: { apiKeyId: 'id' } } },
      ],
    });
    expect(JSON.stringify(p)).not.toContain(ENV.NEW_KEY);
    expect(JSON.stringify(p)).not.toContain(ENV.PARTNER_KEY);
    expect(JSON.stringify(p)).not.toContain(secretDigest(ENV.NEW_KEY));
  });

  it('moves a base path to another stage with one UpdateBasePathMapping', () => {
    const p = plan(model(desiredOf(petstore()), desiredAccount({ mappingStage: 'dev' })), model(liveOf(petstore()), liveAccount()));
    expect(p.ops.map((o) => [o.address, o.calls[0]?.operation, o.calls[0]?.input])).toStrictEqual([[
      'domain-name api.example.com / base-path-mapping v1', 'UpdateBasePathMapping',
      { domainName: 'api.example.com', basePath: 'v1', patchOperations: [{ op: 'replace', path: '/stage', value: 'dev' }] },
    ]]);
  });

  it('creates everything in order: stage before the plan and the mapping that use it', () => {
    const p = plan(model(desiredOf(petstore()), desiredAccount()), { entities: {} });
    const order = p.ops.map((o) => o.address);
    const at = (a: string) => order.indexOf(a);
    expect(at('rest-api petstore / stage prod')).toBeLessThan(at('usage-plan basic'));
    expect(at('rest-api petstore / stage prod')).toBeLessThan(at('domain-name api.example.com / base-path-mapping v1'));
    expect(at('api-key partner')).toBeLessThan(at('usage-plan basic / usage-plan-key partner'));
    expect(p.ops.find((o) => o.address === 'usage-plan basic')?.calls[0]?.input).toStrictEqual({
      name: 'basic', throttle: { burstLimit: 200, rateLimit: 100 }, quota: { limit: 10000, offset: 0, period: 'MONTH' },
      apiStages: [{ apiId: { $ref: 'rest-api:petstore', id: 'restApiId' }, stage: 'prod' }], tags: OWNER,
    });
  });

  it('detaches a usage plan from a stage before the stage is deleted', () => {
    const desired = api('petstore').resource('/users', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' }))).stage('dev');
    const rest = new Set(['petstore']);
    const desiredPlan = usagePlanEntities('basic', { throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 10000, period: 'MONTH' },
      apiStages: [{ api: 'petstore', stage: 'dev' }], keys: ['partner'] }, rest);
    const live = liveAccount().filter((e) => e.kind !== 'domain-name' && e.kind !== 'base-path-mapping');
    const p = plan(model(desiredOf(desired), [apiKeyEntity('partner', { value: { secretEnv: 'PARTNER_KEY' } }, ENV), ...desiredPlan]),
      model(liveOf(petstore()), live), { allowDestroy: true });
    expect(summary(p)).toStrictEqual([
      'op-1 update usage-plan basic (UpdateUsagePlan)',
      'op-2 delete rest-api petstore / stage prod (DeleteStage) after op-1',
    ]);
    expect(p.ops[0]?.calls[0]?.input).toStrictEqual({ usagePlanId: 'plan01', patchOperations: [
      { op: 'remove', path: '/apiStages', value: 'api-petstore:prod' },
      { op: 'add', path: '/apiStages', value: 'api-petstore:dev' },
    ] });
    // A stage deleted meanwhile is out of the plan already: its remove counts as done (executor).
    expect(p.ops[0]?.calls[0]?.removeGoneOk).toStrictEqual(['/apiStages']);
  });

  it('lets go of a deleted API: its usage plan stage and base path go first', () => {
    // GIVEN the spec set without the petstore API but with its plan (on no stage) and domain (no mappings)
    const rest = new Set<string>();
    const desired = toModel([
      apiKeyEntity('partner', { value: { secretEnv: 'PARTNER_KEY' } }, ENV),
      ...usagePlanEntities('basic', { throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 10000, period: 'MONTH' }, keys: ['partner'] }, rest),
      ...domainEntities('api.example.com', { regionalCertificateArn: 'arn:aws:acm:us-east-1:1:certificate/c', securityPolicy: 'TLS_1_2' }, rest),
    ]);
    // WHEN planned with destruction allowed
    const p = plan(desired, model(liveOf(petstore()), liveAccount()), { allowDestroy: true });
    // THEN the API is deleted after the mapping and the plan's stage are gone
    expect(summary(p)).toStrictEqual([
      'op-1 update usage-plan basic (UpdateUsagePlan)',
      'op-2 delete domain-name api.example.com / base-path-mapping v1 (DeleteBasePathMapping)',
      'op-3 delete rest-api petstore (DeleteRestApi) after op-1,op-2',
    ]);
  });

  it('blocks deleting keys, plans and domains without allowDestroy', () => {
    const p = plan(desiredOf(petstore()), model(liveOf(petstore()), liveAccount()));
    expect(p.ops.map((o) => [o.address, o.blocked ?? false, o.calls.map((c) => c.operation)])).toStrictEqual([
      ['domain-name api.example.com', true, ['DeleteDomainName']],
      ['usage-plan basic', true, ['UpdateUsagePlan', 'DeleteUsagePlan']],
      // the key after the plan that holds it
      ['api-key partner', true, ['DeleteApiKey']],
    ]);
  });
});

describe('usage plan throttle keys', () => {
  it.each([
    ['/pets/GET', 'GET /pets'],
    ['//GET', 'GET /'],
    ['/pets/{id}/DELETE', 'DELETE /pets/{id}'],
  ])('AWS %s is %s in the model, and back', (aws, model) => {
    expect(planThrottleKey(aws)).toBe(model);
    expect(awsPlanThrottleKey(model)).toBe(aws);
  });
});
