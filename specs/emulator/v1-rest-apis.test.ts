import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

let emu: RunningEmulator;
let client: A.APIGatewayClient;
beforeAll(async () => ({ emu, client } = await withEmulator({ accountId: '111111111111' })));
afterAll(() => emu.close());

describe('RestApi', () => {
  it('CreateRestApi fills in the defaults AWS returns and creates the root resource', async () => {
    // WHEN
    const api = await client.send(new A.CreateRestApiCommand({ name: 'shop', description: 'this is my api' }));
    // THEN: the recorded shape (apigateway-api.json test_list_and_delete_apis)
    expect(api.$metadata.httpStatusCode).toBe(201);
    expect(api.id).toMatch(/^[a-z0-9]{10}$/);
    expect(api).toMatchObject({
      name: 'shop',
      description: 'this is my api',
      apiKeySource: 'HEADER',
      disableExecuteApiEndpoint: false,
      endpointConfiguration: { ipAddressType: 'ipv4', types: ['EDGE'] },
    });
    expect(api.tags).toBeUndefined();
    expect(api.createdDate).toBeInstanceOf(Date);
    const resources = await client.send(new A.GetResourcesCommand({ restApiId: api.id }));
    expect(resources.items).toEqual([{ id: api.rootResourceId, path: '/' }]);
    const models = await client.send(new A.GetModelsCommand({ restApiId: api.id }));
    expect(models.items?.map((m) => [m.name, m.description])).toEqual([
      ['Empty', 'This is a default empty schema model'],
      ['Error', 'This is a default error schema model'],
    ]);
  });

  it('returns tags on GetRestApi and on create/list only when there are some', async () => {
    const api = await client.send(new A.CreateRestApiCommand({ name: 'tagged', tags: { team: 'a' } }));
    expect(api.tags).toEqual({ team: 'a' });
    const plain = await client.send(new A.CreateRestApiCommand({ name: 'plain' }));
    expect((await client.send(new A.GetRestApiCommand({ restApiId: plain.id }))).tags).toEqual({});
    const listed = (await client.send(new A.GetRestApisCommand({}))).items!;
    expect(listed.find((a) => a.id === api.id)?.tags).toEqual({ team: 'a' });
    expect(listed.find((a) => a.id === plain.id)?.tags).toBeUndefined();
  });

  it.each([
    { name: 'empty description', input: { description: '' }, error: ['BadRequestException', 400, 'Description cannot be an empty string'] },
    {
      name: 'two endpoint types',
      input: { endpointConfiguration: { types: ['EDGE', 'REGIONAL'] as A.EndpointType[] } },
      error: ['BadRequestException', 400, 'Cannot create an api with multiple Endpoint Types.'],
    },
    {
      name: 'no endpoint types',
      input: { endpointConfiguration: { types: [] } },
      error: ['BadRequestException', 400, 'REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.'],
    },
    {
      name: 'private with ipv4',
      input: { endpointConfiguration: { types: ['PRIVATE'] as A.EndpointType[], ipAddressType: 'ipv4' as A.IpAddressType } },
      error: ['BadRequestException', 400, 'Only dualstack ipAddressType is supported for Private APIs.'],
    },
    {
      name: 'an unknown endpoint type',
      input: { endpointConfiguration: { types: ['wrong'] as unknown as A.EndpointType[] } },
      error: [
        'ValidationException',
        400,
        "1 validation error detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [PRIVATE, EDGE, REGIONAL]]",
      ],
    },
  ])('CreateRestApi rejects $name as AWS does', async ({ input, error }) => {
    const e = await sdkError(() => client.send(new A.CreateRestApiCommand({ name: 'bad', ...input })));
    expect([e.name, e.status, e.message]).toEqual(error);
  });

  it('PRIVATE defaults to dualstack', async () => {
    const api = await client.send(new A.CreateRestApiCommand({ name: 'p', endpointConfiguration: { types: ['PRIVATE'] } }));
    expect(api.endpointConfiguration).toEqual({ types: ['PRIVATE'], ipAddressType: 'dualstack' });
  });

  it('UpdateRestApi applies the listed paths and converts string values', async () => {
    const api = await client.send(new A.CreateRestApiCommand({ name: 'u', description: 'this is my api' }));
    const patch = (ops: A.PatchOperation[]) => client.send(new A.UpdateRestApiCommand({ restApiId: api.id, patchOperations: ops }));
    await patch([
      { op: 'add', path: '/binaryMediaTypes/image~1png' },
      { op: 'add', path: '/binaryMediaTypes/image~1jpeg' },
    ]);
    const replaced = await patch([{ op: 'replace', path: '/binaryMediaTypes/image~1png', value: 'image/gif' }]);
    // Recorded: replace drops the old type and appends the new one.
    expect(replaced.binaryMediaTypes).toEqual(['image/jpeg', 'image/gif']);
    const u = await patch([
      { op: 'replace', path: '/minimumCompressionSize', value: '10' },
      { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' },
      { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'REGIONAL' },
      { op: 'remove', path: '/description' },
      { op: 'replace', path: '/name', value: 'renamed' },
    ]);
    expect(u).toMatchObject({ name: 'renamed', minimumCompressionSize: 10, disableExecuteApiEndpoint: true, endpointConfiguration: { types: ['REGIONAL'] }, tags: {} });
    expect(u.description).toBeUndefined();
    const off = await patch([{ op: 'replace', path: '/minimumCompressionSize', value: '' }]);
    expect(off.minimumCompressionSize).toBeUndefined();
  });

  it.each([
    { ops: [{ op: 'add', path: '/minimumCompressionSize', value: '1' }], message: 'Invalid patch operation specified. Must be one of: [replace]' },
    { ops: [{ op: 'replace', path: '/binaryMediaTypes', value: 'x' }], message: 'Invalid patch path /binaryMediaTypes' },
    { ops: [{ op: 'replace', path: '/minimumCompressionSize', value: '-1' }], message: 'Invalid minimum compression size, must be between 0 and 10485760' },
    { ops: [{ op: 'replace', path: '/version', value: '2' }], message: 'Invalid patch path /version' },
    { ops: [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'x' }], message: 'ipAddressType must be either ipv4 or dualstack.' },
  ])('UpdateRestApi rejects $ops.0.op $ops.0.path', async ({ ops }) => {
    const api = await client.send(new A.CreateRestApiCommand({ name: 'r' }));
    const e = await sdkError(() => client.send(new A.UpdateRestApiCommand({ restApiId: api.id, patchOperations: ops as A.PatchOperation[] })));
    expect([e.name, e.status]).toEqual(['BadRequestException', 400]);
  });

  it("UpdateRestApi error messages are AWS's", async () => {
    const api = await client.send(new A.CreateRestApiCommand({ name: 'm' }));
    const msg = async (ops: A.PatchOperation[]) => (await sdkError(() => client.send(new A.UpdateRestApiCommand({ restApiId: api.id, patchOperations: ops })))).message;
    expect(await msg([{ op: 'add', path: '/minimumCompressionSize', value: '1' }])).toBe('Invalid patch operation specified. Must be one of: [replace]');
    expect(await msg([{ op: 'replace', path: '/binaryMediaTypes', value: 'x' }])).toBe('Invalid patch path /binaryMediaTypes');
    expect(await msg([{ op: 'wrong' as A.Op, path: '/name' }, { op: 'wrong' as A.Op, path: '/name' }])).toBe(
      "2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'wrong' at 'updateRestApiInput.patchOperations.2.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    );
  });

  it('GetRestApi and DeleteRestApi of a missing API are NotFoundException with the account in the message', async () => {
    const e = await sdkError(() => client.send(new A.GetRestApiCommand({ restApiId: 'api_id' })));
    expect(e).toEqual({ name: 'NotFoundException', status: 404, message: 'Invalid API identifier specified 111111111111:api_id' });
    const api = await client.send(new A.CreateRestApiCommand({ name: 'd' }));
    const del = await client.send(new A.DeleteRestApiCommand({ restApiId: api.id }));
    expect(del.$metadata.httpStatusCode).toBe(202);
    expect((await sdkError(() => client.send(new A.DeleteRestApiCommand({ restApiId: api.id })))).name).toBe('NotFoundException');
  });
});

describe('Resource', () => {
  async function api() {
    const a = await client.send(new A.CreateRestApiCommand({ name: 'res' }));
    const mk = (parentId: string, pathPart: string) => client.send(new A.CreateResourceCommand({ restApiId: a.id, parentId, pathPart }));
    return { a, mk };
  }

  it('creates nested resources, lists them sorted by path, and 409s a duplicate path part', async () => {
    const { a, mk } = await api();
    const proxy = await mk(a.rootResourceId!, '{proxy+}');
    const parent = await mk(a.rootResourceId!, 'parent');
    expect(parent).toMatchObject({ parentId: a.rootResourceId, pathPart: 'parent', path: '/parent' });
    expect(parent.id).toMatch(/^[a-z0-9]{6}$/);
    await mk(parent.id!, 'child');
    await mk(parent.id!, '{id}');
    await mk(a.rootResourceId!, 'events:batch');
    const paths = (await client.send(new A.GetResourcesCommand({ restApiId: a.id }))).items!.map((r) => r.path);
    expect(paths).toEqual(['/', '/events:batch', '/parent', '/parent/child', '/parent/{id}', '/{proxy+}']);
    expect(await sdkError(() => mk(a.rootResourceId!, 'parent'))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: 'Another resource with the same parent already has this name: parent',
    });
    expect((await sdkError(() => mk(parent.id!, '{other}'))).message).toBe(
      'A sibling ({id}) of this resource already has a variable path part -- only one is allowed',
    );
    expect((await sdkError(() => mk(proxy.id!, 'x'))).message).toBe('Cannot create a child of a resource with a greedy path variable: {proxy+}');
    expect(await sdkError(() => mk('nope00', 'x'))).toEqual({ name: 'NotFoundException', status: 404, message: 'Invalid Resource identifier specified' });
    expect((await sdkError(() => mk(a.rootResourceId!, 'a b'))).message).toBe(
      "Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  });

  it('UpdateResource moves and renames, refusing cycles and the root', async () => {
    const { a, mk } = await api();
    const pets = await mk(a.rootResourceId!, 'pets');
    const sub = await mk(pets.id!, 'subpets');
    const upd = (id: string, ops: A.PatchOperation[]) => client.send(new A.UpdateResourceCommand({ restApiId: a.id, resourceId: id, patchOperations: ops }));
    expect((await sdkError(() => upd(pets.id!, [{ op: 'replace', path: '/parentId', value: sub.id }]))).message).toBe('Resources cannot be cyclical.');
    expect((await sdkError(() => upd(a.rootResourceId!, [{ op: 'replace', path: '/pathPart', value: 'x' }]))).message).toBe(
      'Root resource cannot update its pathPart.',
    );
    expect((await sdkError(() => upd(pets.id!, [{ op: 'replace', path: '/invalid', value: 'x' }]))).message).toBe(
      "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]",
    );
    expect((await sdkError(() => upd(pets.id!, [{ op: 'remove', path: '/pathPart' }]))).message).toBe(
      "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations",
    );
    const moved = await upd(sub.id!, [{ op: 'replace', path: '/parentId', value: a.rootResourceId }]);
    expect(moved.path).toBe('/subpets');
    const renamed = await upd(pets.id!, [{ op: 'replace', path: '/pathPart', value: 'dogs' }]);
    expect(renamed).toMatchObject({ path: '/dogs', pathPart: 'dogs' });
  });

  it('DeleteResource deletes the whole subtree', async () => {
    const { a, mk } = await api();
    const pets = await mk(a.rootResourceId!, 'pets');
    const sub = await mk(pets.id!, 'sub');
    await client.send(new A.PutMethodCommand({ restApiId: a.id, resourceId: sub.id, httpMethod: 'GET', authorizationType: 'NONE' }));
    const del = await client.send(new A.DeleteResourceCommand({ restApiId: a.id, resourceId: pets.id }));
    expect(del.$metadata.httpStatusCode).toBe(202);
    expect((await client.send(new A.GetResourcesCommand({ restApiId: a.id }))).items!.map((r) => r.path)).toEqual(['/']);
    expect((await sdkError(() => client.send(new A.GetResourceCommand({ restApiId: a.id, resourceId: sub.id })))).message).toBe(
      'Invalid Resource identifier specified',
    );
  });

  it('enforces the resources-per-API quota (AWS default 300) as LimitExceededException', async () => {
    const { emu: small, client: c } = await withEmulator({ limits: { resourcesPerApi: 3 } });
    try {
      const a = await c.send(new A.CreateRestApiCommand({ name: 'small' }));
      await c.send(new A.CreateResourceCommand({ restApiId: a.id, parentId: a.rootResourceId, pathPart: 'a' }));
      await c.send(new A.CreateResourceCommand({ restApiId: a.id, parentId: a.rootResourceId, pathPart: 'b' }));
      const e = await sdkError(() => c.send(new A.CreateResourceCommand({ restApiId: a.id, parentId: a.rootResourceId, pathPart: 'c' })));
      expect(e).toEqual({ name: 'LimitExceededException', status: 429, message: 'Cannot create more than 3 resources in a REST API' });
    } finally {
      await small.close();
    }
  });
});
