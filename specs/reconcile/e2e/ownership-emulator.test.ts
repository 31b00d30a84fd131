import { CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { ApigwError } from '../../../src/errors.js';
import { computePlan } from '../../../src/reconcile/index.js';
import type { RestApiSpec } from '../../../src/schema/index.js';
import { withEmulator } from '../../emulator/helpers.js';
import { specSet } from '../helpers/spec-set.js';

const spec: RestApiSpec = { resources: { '/': { GET: { integration: { type: 'MOCK' } } } } };

/** An API with GET / on MOCK, tagged as given. */
async function makeApi(client: APIGatewayClient, name: string, tags?: Record<string, string>): Promise<string> {
  const api = await client.send(new CreateRestApiCommand({ name, ...(tags ? { tags } : {}) }));
  const restApiId = api.id as string;
  await client.send(new PutMethodCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new PutIntegrationCommand({ restApiId, resourceId: api.rootResourceId, httpMethod: 'GET', type: 'MOCK' }));
  return restApiId;
}

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

describe('ownership: which live APIs a spec set manages', () => {
  it('leaves an untagged API of the same name alone and says how to adopt it', async () => {
    // GIVEN an API named orders made outside apigw-sync
    const client = await start();
    const id = await makeApi(client, 'orders');
    // WHEN a spec with an API of that name is planned without --adopt
    const { plan } = await computePlan({ specSet: specSet({ orders: spec }), clients: { apigateway: client } });
    // THEN creating a second API of that name is blocked, and the plan tells why and what to do
    expect(plan.ops[0]).toMatchObject({ action: 'create', address: 'rest-api orders', blocked: true, blockedBy: 'duplicate-name' });
    expect(plan.notices).toStrictEqual([
      `A REST API named "orders" exists (${id}) without the apigw-sync:managed-by tag; creating a second one is blocked. ` +
        'Use --adopt to manage the existing one, or --allow-duplicate-name to create another of that name.',
    ]);
    // AND with --allow-duplicate-name the create is planned as runnable
    const allowed = (await computePlan({ specSet: specSet({ orders: spec }), clients: { apigateway: client }, options: { allowDuplicateName: true } })).plan;
    expect(allowed.ops[0]).toMatchObject({ action: 'create', address: 'rest-api orders' });
    expect(allowed.ops[0]?.blocked).toBeUndefined();
  });

  it('adopts it with --adopt: one op that tags it, nothing else when it matches', async () => {
    const client = await start();
    const id = await makeApi(client, 'orders');
    const { plan } = await computePlan({ specSet: specSet({ orders: spec }), clients: { apigateway: client }, options: { adopt: true } });
    expect(plan.ops).toStrictEqual([{
      id: 'op-1', kind: 'rest-api', key: 'rest-api:orders', address: 'rest-api orders', action: 'adopt', reason: 'adopt-by-name',
      explanation: 'adopt: an API of this name exists without the ownership tag; --adopt takes it over',
      changes: [{ path: '/tags/apigw-sync:managed-by', to: 'shop' }],
      calls: [{ service: 'apigateway', operation: 'TagResource',
        input: { resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${id}`, tags: { 'apigw-sync:managed-by': 'shop' } } }],
      dependsOn: [],
    }]);
  });

  it('refuses to adopt when two APIs have the name, naming both', async () => {
    const client = await start();
    const a = await makeApi(client, 'orders');
    const b = await makeApi(client, 'orders');
    const err = await computePlan({ specSet: specSet({ orders: spec }), clients: { apigateway: client }, options: { adopt: true } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApigwError);
    expect((err as ApigwError).message).toBe(`Cannot adopt REST API "orders": 2 APIs have that name (${a} and ${b}).`);
  });

  it('errors when two owned APIs match one spec, naming both ids', async () => {
    const client = await start();
    const a = await makeApi(client, 'orders', { 'apigw-sync:managed-by': 'shop' });
    const b = await makeApi(client, 'orders', { 'apigw-sync:managed-by': 'shop' });
    const err = await computePlan({ specSet: specSet({ orders: spec }), clients: { apigateway: client } }).catch((e: unknown) => e);
    // Both ids, oldest first, and the commands that remove (or untag) the newer one.
    const [older, newer] = [a, b];
    expect((err as ApigwError).message).toMatch(new RegExp(`^Two REST APIs named "orders" carry apigw-sync:managed-by=shop:\n  ${older} \\(created \\S+\\)\n  ${newer} \\(created \\S+\\)\nNothing was changed\\.$`));
    expect((err as ApigwError).hint).toBe(
      `Keep one and remove the other (usually the newer, an empty copy): \`aws apigateway delete-rest-api --rest-api-id ${newer}\`, ` +
        `or stop managing it: \`aws apigateway untag-resource --resource-arn arn:aws:apigateway:us-east-1::/restapis/${newer} --tag-keys apigw-sync:managed-by\`. Then plan again.`,
    );
  });

  it('plans the deletion of an owned API no spec names, blocked without --allow-destroy', async () => {
    // GIVEN an owned API that left the specs, an API of another spec set and an untagged one
    const client = await start();
    const mine = await makeApi(client, 'legacy', { 'apigw-sync:managed-by': 'shop' });
    await makeApi(client, 'theirs', { 'apigw-sync:managed-by': 'other-team' });
    await makeApi(client, 'manual');
    // WHEN the (empty) spec set is planned, with and without --allow-destroy
    const blocked = (await computePlan({ specSet: specSet({}), clients: { apigateway: client } })).plan;
    const allowed = (await computePlan({ specSet: specSet({}), clients: { apigateway: client }, options: { allowDestroy: true } })).plan;
    // THEN only our API is deleted, and only when allowed
    expect(blocked.ops).toStrictEqual([{
      id: 'op-1', kind: 'rest-api', key: 'rest-api:legacy', address: 'rest-api legacy', action: 'delete', reason: 'absent-desired',
      explanation: 'blocked: deleting a whole API needs --allow-destroy', changes: [], blocked: true, dependsOn: [],
      calls: [{ service: 'apigateway', operation: 'DeleteRestApi', input: { restApiId: mine } }],
    }]);
    expect(allowed.ops.map((o) => [o.action, o.address, o.blocked])).toStrictEqual([['delete', 'rest-api legacy', undefined]]);
  });

  it('reads only the API a target names', async () => {
    const { emu, client } = await withEmulator();
    emulator = emu;
    await makeApi(client, 'a', { 'apigw-sync:managed-by': 'shop' });
    await makeApi(client, 'b', { 'apigw-sync:managed-by': 'shop' });
    await client.send(new CreateRestApiCommand({ name: 'c' }));
    emu.resetCalls();
    const { plan } = await computePlan({ specSet: specSet({ a: spec, b: spec }), clients: { apigateway: client }, options: { target: 'rest-api b' } });
    expect(plan.ops).toStrictEqual([]);
    expect(emu.callCount('GetResources')).toBe(1);
  });
});
