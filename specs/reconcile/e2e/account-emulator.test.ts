import {
  CreateApiKeyCommand,
  CreateBasePathMappingCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { withEmulator } from '../../emulator/helpers.js';
import { specSet } from '../helpers/spec-set.js';

const OWNER = { 'apigw-sync:managed-by': 'shop' };
const KEY_VALUE = 'partner-key-value-0123456789abcdef';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc123';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function accountSpec(): SpecSet {
  return {
    ...specSet({ petstore: { resources: { '/': { GET: { integration: { type: 'MOCK' } } } }, stages: { prod: {} } } }),
    apiKeys: { partner: { description: 'Partner', value: { secretEnv: 'PARTNER_KEY' } } },
    usagePlans: {
      basic: {
        throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 10000, period: 'MONTH' },
        apiStages: [{ api: 'petstore', stage: 'prod', throttle: { 'GET /': { rateLimit: 10, burstLimit: 20 } } }], keys: ['partner'],
      },
    },
    domains: { 'api.example.com': { regionalCertificateArn: CERT, securityPolicy: 'TLS_1_2', mappings: { v1: { api: 'petstore', stage: 'prod' } } } },
  };
}

describe('account objects against the emulator', () => {
  it('a key, a usage plan and a domain built by hand plan to no changes, and no key value leaks', async () => {
    // GIVEN an API with a stage, and its key, usage plan and domain made with direct SDK calls
    const { emu, client } = await withEmulator();
    emulator = emu;
    const api = await client.send(new CreateRestApiCommand({ name: 'petstore', tags: OWNER }));
    const restApiId = api.id as string;
    await client.send(new PutMethodCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'MOCK' }));
    await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    const key = await client.send(new CreateApiKeyCommand({ name: 'partner', description: 'Partner', enabled: true, value: KEY_VALUE, tags: OWNER }));
    const plan = await client.send(new CreateUsagePlanCommand({
      name: 'basic', throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 10000, period: 'MONTH' },
      apiStages: [{ apiId: restApiId, stage: 'prod', throttle: { '//GET': { rateLimit: 10, burstLimit: 20 } } }], tags: OWNER,
    }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    await client.send(new CreateDomainNameCommand({ domainName: 'api.example.com', regionalCertificateArn: CERT,
      endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'TLS_1_2', tags: OWNER }));
    await client.send(new CreateBasePathMappingCommand({ domainName: 'api.example.com', basePath: 'v1', restApiId, stage: 'prod' }));
    emu.resetCalls();
    // WHEN the spec describing them is planned
    const result = await computePlan({ specSet: accountSpec(), clients: { apigateway: client }, env: { PARTNER_KEY: KEY_VALUE } });
    // THEN nothing changes, nothing is written, and the key's value is nowhere in plan or models
    expect(result.plan.ops).toStrictEqual([]);
    expect(emu.calls().writes).toBe(0);
    expect(JSON.stringify(result)).not.toContain(KEY_VALUE);
  });

  it("rotates the key when the environment's value differs, without printing either value", async () => {
    const { emu, client } = await withEmulator();
    emulator = emu;
    const key = await client.send(new CreateApiKeyCommand({ name: 'partner', enabled: true, value: KEY_VALUE, tags: OWNER }));
    const spec: SpecSet = { ...specSet({}), apiKeys: { partner: { value: { secretEnv: 'PARTNER_KEY' } } } };
    const result = await computePlan({ specSet: spec, clients: { apigateway: client }, env: { PARTNER_KEY: 'another-value-0123456789abcdef' } });
    expect(result.plan.ops.map((o) => [o.action, o.address, o.calls.map((c) => c.operation)])).toStrictEqual([
      ['replace', 'api-key partner', ['DeleteApiKey', 'CreateApiKey']],
    ]);
    expect(result.plan.ops[0]?.calls[0]?.input).toStrictEqual({ apiKey: key.id });
    const text = JSON.stringify(result);
    expect(text).not.toContain(KEY_VALUE);
    expect(text).not.toContain('another-value-0123456789abcdef');
  });
});
