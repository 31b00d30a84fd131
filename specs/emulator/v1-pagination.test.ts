import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { withEmulator } from './helpers.js';

let emu: RunningEmulator;
let client: A.APIGatewayClient;
beforeAll(async () => ({ emu, client } = await withEmulator({ limits: { resourcesPerApi: 1001 } })));
afterAll(() => emu.close());

describe('v1 pagination', () => {
  it('pages with limit/position and returns position only while more items follow', async () => {
    for (let i = 0; i < 30; i++) await client.send(new A.CreateApiKeyCommand({ name: `key-${String(i).padStart(2, '0')}` }));
    const first = await client.send(new A.GetApiKeysCommand({}));
    expect(first.items).toHaveLength(25);
    expect(first.position).toEqual(expect.any(String));
    const second = await client.send(new A.GetApiKeysCommand({ position: first.position }));
    expect(second.items).toHaveLength(5);
    expect(second.position).toBeUndefined();
    const names = [...first.items!, ...second.items!].map((k) => k.name);
    expect(new Set(names).size).toBe(30);
    // The SDK's paginator follows position until it is absent.
    const pages: number[] = [];
    for await (const page of A.paginateGetApiKeys({ client, pageSize: 7 }, {})) pages.push(page.items!.length);
    expect(pages).toEqual([7, 7, 7, 7, 2]);
  });

  it('GetResources embed=methods on a 1,000-resource API: everything in 2 pages of 500', async () => {
    // GIVEN an API with 999 resources under / (1,000 with the root), each with a method,
    // a method response, an integration and an integration response
    const api = await client.send(new A.CreateRestApiCommand({ name: 'big', endpointConfiguration: { types: ['REGIONAL'] } }));
    const restApiId = api.id!;
    for (let i = 0; i < 999; i++) {
      const r = await client.send(new A.CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: `r${String(i).padStart(4, '0')}` }));
      const ids = { restApiId, resourceId: r.id!, httpMethod: 'GET' };
      await client.send(new A.PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
      await client.send(new A.PutMethodResponseCommand({ ...ids, statusCode: '200' }));
      await client.send(new A.PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await client.send(new A.PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': '{}' } }));
    }
    emu.resetCalls();
    // WHEN the resources are read with embed=methods at the maximum page size
    const items: A.Resource[] = [];
    for await (const page of A.paginateGetResources({ client, pageSize: 500 }, { restApiId, embed: ['methods'] })) items.push(...page.items!);
    // THEN two calls return all 1,000 resources with full methods
    expect(emu.callCount('GetResources')).toBe(2);
    expect(items).toHaveLength(1000);
    const withMethod = items.filter((r) => r.path !== '/');
    expect(withMethod.every((r) => r.resourceMethods?.GET?.methodIntegration?.integrationResponses?.['200']?.responseTemplates?.['application/json'] === '{}')).toBe(true);
    expect(withMethod.every((r) => r.resourceMethods?.GET?.methodResponses?.['200']?.statusCode === '200')).toBe(true);
    // and without embed each verb is only a stub
    const plain = await client.send(new A.GetResourcesCommand({ restApiId, limit: 2 }));
    expect(plain.items![1]!.resourceMethods).toEqual({ GET: {} });
  });
});
