import { CreateRestApiCommand, GetTagsCommand, PutIntegrationCommand, PutMethodCommand, TagResourceCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { ownerTagValue } from '../../../src/reconcile/model.js';
import { computePlan } from '../../../src/reconcile/index.js';
import type { RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { withEmulator } from '../../emulator/helpers.js';
import { specSet } from '../helpers/spec-set.js';

// The ownership tag's value per environment, and the migration of objects tagged with the bare set
// name (before the set defined environments): owned by no environment, retagged by --adopt.

const spec: RestApiSpec = { resources: { '/': { GET: { integration: { type: 'MOCK' } } } } };
const TAG = 'apigw-sync:managed-by';

async function makeApi(client: APIGatewayClient, name: string, tags?: Record<string, string>): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({ name, ...(tags ? { tags } : {}) }));
  const restApiId = api.id as string;
  await client.send(new PutMethodCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'MOCK' }));
  return restApiId;
}

const inEnv = (s: SpecSet, environment: string): SpecSet => ({ ...s, environment });

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(): Promise<APIGatewayClient> {
  const { emu, client } = await withEmulator();
  emulator = emu;
  return client;
}

describe('ownerTagValue', () => {
  it('is the set name without environments, and <set>/<environment> with one', () => {
    expect(ownerTagValue('shop')).toBe('shop');
    expect(ownerTagValue('shop', 'dev')).toBe('shop/dev');
    expect(ownerTagValue('shop', 'prod')).toBe('shop/prod');
  });
});

describe('ownership per environment', () => {
  it('an environment creates with its own tag value and ignores the other environment\'s objects', async () => {
    const client = await start();
    await makeApi(client, 'old', { [TAG]: 'shop/dev' });
    const { plan } = await computePlan({ specSet: inEnv(specSet({ orders: spec }), 'prod'), clients: { apigateway: client } });
    expect(plan.ops.filter((o) => o.action === 'delete')).toStrictEqual([]);
    expect(plan.notices).toStrictEqual([]);
    const create = plan.ops.find((o) => o.address === 'rest-api orders');
    expect(create?.calls[0]).toMatchObject({ operation: 'CreateRestApi', input: { tags: { [TAG]: 'shop/prod' } } });
  });

  it('an object tagged with the bare set name is no environment\'s: the plan says how to take it over', async () => {
    const client = await start();
    const id = await makeApi(client, 'orders', { [TAG]: 'shop' });
    const { plan } = await computePlan({ specSet: inEnv(specSet({}), 'dev'), clients: { apigateway: client } });
    expect(plan.ops).toStrictEqual([]);
    const withSpec = (await computePlan({ specSet: inEnv(specSet({ orders: spec }), 'dev'), clients: { apigateway: client } })).plan;
    expect(withSpec.ops[0]).toMatchObject({ action: 'create', address: 'rest-api orders', blocked: true, blockedBy: 'duplicate-name' });
    expect(withSpec.notices).toStrictEqual([
      `A REST API named "orders" exists (${id}) with apigw-sync:managed-by=shop, the tag of this spec set before it had environments, ` +
        'so it belongs to no environment; creating a second one is blocked. Use --adopt to retag it apigw-sync:managed-by=shop/dev and manage it in this environment instead.',
    ]);
  });

  it('an untagged object in a set with environments keeps the untagged notice', async () => {
    const client = await start();
    const id = await makeApi(client, 'orders');
    const { plan } = await computePlan({ specSet: inEnv(specSet({ orders: spec }), 'dev'), clients: { apigateway: client } });
    expect(plan.notices).toStrictEqual([
      `A REST API named "orders" exists (${id}) without the apigw-sync:managed-by tag; creating a second one is blocked. ` +
        'Use --adopt to manage the existing one, or --allow-duplicate-name to create another of that name.',
    ]);
  });

  it('--adopt retags it from the bare set name to <set>/<environment>, showing the change, then owns it', async () => {
    const client = await start();
    const id = await makeApi(client, 'orders', { [TAG]: 'shop' });
    const { plan } = await computePlan({ specSet: inEnv(specSet({ orders: spec }), 'dev'), clients: { apigateway: client }, options: { adopt: true } });
    expect(plan.ops).toStrictEqual([{
      id: 'op-1', kind: 'rest-api', key: 'rest-api:orders', address: 'rest-api orders', action: 'adopt', reason: 'adopt-by-name',
      explanation: 'adopt: an API of this name exists tagged apigw-sync:managed-by=shop (from before the spec set had environments); --adopt takes it over',
      changes: [{ path: '/tags/apigw-sync:managed-by', from: 'shop', to: 'shop/dev' }],
      calls: [{ service: 'apigateway', operation: 'TagResource',
        input: { resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${id}`, tags: { 'apigw-sync:managed-by': 'shop/dev' } } }],
      dependsOn: [],
    }]);
    // Once retagged (as the apply does), dev owns it and prod does not.
    await client.send(new TagResourceCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${id}`, tags: { [TAG]: 'shop/dev' } }));
    expect((await client.send(new GetTagsCommand({ resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${id}` }))).tags?.[TAG]).toBe('shop/dev');
    expect((await computePlan({ specSet: inEnv(specSet({ orders: spec }), 'dev'), clients: { apigateway: client } })).plan.ops).toStrictEqual([]);
    const prod = (await computePlan({ specSet: inEnv(specSet({}), 'prod'), clients: { apigateway: client }, options: { adopt: true } })).plan;
    expect(prod.ops).toStrictEqual([]);
  });

  it('a set without environments still owns what carries the bare set name, and not an environment\'s objects', async () => {
    const client = await start();
    await makeApi(client, 'orders', { [TAG]: 'shop' });
    await makeApi(client, 'other', { [TAG]: 'shop/dev' });
    const { plan } = await computePlan({ specSet: specSet({ orders: spec }), clients: { apigateway: client } });
    expect(plan.ops).toStrictEqual([]);
    expect(plan.notices).toStrictEqual([]);
  });
});
