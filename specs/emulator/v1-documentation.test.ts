import {
  CreateDeploymentCommand,
  CreateDocumentationPartCommand,
  CreateDocumentationVersionCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDocumentationPartCommand,
  GetDocumentationPartCommand,
  GetDocumentationPartsCommand,
  GetDocumentationVersionCommand,
  ImportDocumentationPartsCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateDocumentationPartCommand,
  UpdateDocumentationVersionCommand,
  UpdateStageCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/server.js';
import { findAwsCli, runAws, type AwsCli } from './aws-cli.js';
import { sdkError, withEmulator } from './helpers.js';

/**
 * Documentation parts and versions as AWS serves them (service model; developer guide "Documenting
 * REST APIs"): one part per location, AWS's defaults filled into the location, only /properties
 * patchable, versions as snapshots, a stage naming only a version that exists.
 */
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function api(): Promise<{ client: APIGatewayClient; restApiId: string; root: string }> {
  const started = await withEmulator();
  emu = started.emu;
  const made = await started.client.send(new CreateRestApiCommand({ name: 'shop', endpointConfiguration: { types: ['REGIONAL'] } }));
  return { client: started.client, restApiId: made.id!, root: made.rootResourceId! };
}

describe('documentation parts', () => {
  it('create fills in AWS defaults, refuses a second part for the same location (409) and fields the type does not take (400)', async () => {
    const { client, restApiId } = await api();
    const resource = await client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'RESOURCE' }, properties: '{"description":"root"}' }));
    expect(resource.location).toStrictEqual({ type: 'RESOURCE', path: '/' });
    const method = await client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'METHOD', path: '/pets' }, properties: '{}' }));
    expect(method.location).toStrictEqual({ type: 'METHOD', path: '/pets', method: '*' });
    // An omitted field is its default: the same location as the one above.
    expect(await sdkError(() => client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'METHOD', path: '/pets', method: '*' }, properties: '{}' }))))
      .toStrictEqual({ name: 'ConflictException', status: 409, message: "Documentation part already exists for the specified location: type 'METHOD', path '/pets', method '*'." });
    expect(await sdkError(() => client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API', path: '/pets' }, properties: '{}' }))))
      .toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(await sdkError(() => client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'QUERY_PARAMETER', path: '/pets' }, properties: '{}' }))))
      .toMatchObject({ name: 'BadRequestException', status: 400, message: "Location field 'name' is required for documentation part type 'QUERY_PARAMETER'" });
    expect(await sdkError(() => client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API' }, properties: 'not json' }))))
      .toMatchObject({ name: 'BadRequestException', status: 400 });
  });

  it('list filters by type and path and pages; update patches /properties only; delete answers 202', async () => {
    const { client, restApiId } = await api();
    for (const name of ['a', 'b', 'c']) {
      await client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name }, properties: `{"description":"${name}"}` }));
    }
    const api_ = await client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API' }, properties: '{}' }));
    expect((await client.send(new GetDocumentationPartsCommand({ restApiId, type: 'QUERY_PARAMETER' }))).items).toHaveLength(3);
    const page = await client.send(new GetDocumentationPartsCommand({ restApiId, limit: 2 }));
    expect(page.items).toHaveLength(2);
    expect((await client.send(new GetDocumentationPartsCommand({ restApiId, limit: 2, position: page.position }))).items).toHaveLength(2);
    const updated = await client.send(new UpdateDocumentationPartCommand({ restApiId, documentationPartId: api_.id!, patchOperations: [{ op: 'replace', path: '/properties', value: '{"info":{"title":"Shop"}}' }] }));
    expect(updated.properties).toBe('{"info":{"title":"Shop"}}');
    expect(await sdkError(() => client.send(new UpdateDocumentationPartCommand({ restApiId, documentationPartId: api_.id!, patchOperations: [{ op: 'replace', path: '/location/type', value: 'MODEL' }] }))))
      .toMatchObject({ name: 'BadRequestException', status: 400 });
    await client.send(new DeleteDocumentationPartCommand({ restApiId, documentationPartId: api_.id! }));
    expect(await sdkError(() => client.send(new GetDocumentationPartCommand({ restApiId, documentationPartId: api_.id! }))))
      .toStrictEqual({ name: 'NotFoundException', status: 404, message: 'Invalid Documentation part identifier specified' });
  });

  it('ImportDocumentationParts: merge creates or updates by location, overwrite replaces them all', async () => {
    const { client, restApiId } = await api();
    await client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'MODEL', name: 'Pet' }, properties: '{"title":"old"}' }));
    const doc = (parts: unknown[]) => new TextEncoder().encode(JSON.stringify({ swagger: '2.0', 'x-amazon-apigateway-documentation': { documentationParts: parts } }));
    const merged = await client.send(new ImportDocumentationPartsCommand({ restApiId, mode: 'merge', body: doc([
      { location: { type: 'API' }, properties: { description: 'Shop' } },
      { location: { type: 'MODEL', name: 'Pet' }, properties: { title: 'new' } },
    ]) }));
    expect(merged.ids).toHaveLength(2);
    const all = (await client.send(new GetDocumentationPartsCommand({ restApiId }))).items!;
    expect(all.map((p) => [p.location?.type, p.properties]).sort()).toStrictEqual([['API', '{"description":"Shop"}'], ['MODEL', '{"title":"new"}']]);
    await client.send(new ImportDocumentationPartsCommand({ restApiId, mode: 'overwrite', body: doc([{ location: { type: 'RESOURCE', path: '/pets' }, properties: {} }]) }));
    expect((await client.send(new GetDocumentationPartsCommand({ restApiId }))).items!.map((p) => p.location)).toStrictEqual([{ type: 'RESOURCE', path: '/pets' }]);
  });
});

describe('documentation versions', () => {
  it('a version snapshots the parts, only its description changes, and a stage may only name one that exists', async () => {
    const { client, restApiId, root } = await api();
    await client.send(new PutMethodCommand({ restApiId, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }));
    await client.send(new PutIntegrationCommand({ restApiId, resourceId: root, httpMethod: 'GET', type: 'MOCK' }));
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId }));
    expect(await sdkError(() => client.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: deployment.id!, documentationVersion: '1.0' }))))
      .toStrictEqual({ name: 'BadRequestException', status: 400, message: 'Invalid Documentation version specified' });
    await client.send(new CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: deployment.id! }));
    await client.send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API' }, properties: '{}' }));
    const v = await client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0', description: 'First', stageName: 'prod' }));
    expect(v).toMatchObject({ version: '1.0', description: 'First' });
    expect(v.createdDate).toBeInstanceOf(Date);
    expect(await sdkError(() => client.send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0' }))))
      .toMatchObject({ name: 'ConflictException', status: 409 });
    const updated = await client.send(new UpdateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0', patchOperations: [{ op: 'replace', path: '/description', value: 'First release' }] }));
    expect(updated.description).toBe('First release');
    expect(await sdkError(() => client.send(new GetDocumentationVersionCommand({ restApiId, documentationVersion: '9' }))))
      .toStrictEqual({ name: 'NotFoundException', status: 404, message: 'Invalid Documentation version specified' });
    expect(await sdkError(() => client.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/documentationVersion', value: '9' }] }))))
      .toMatchObject({ name: 'BadRequestException', status: 400 });
    const stage = await client.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/documentationVersion', value: '1.0' }] }));
    expect(stage.documentationVersion).toBe('1.0');
  });
});

const cli = findAwsCli();
describe.skipIf(!cli)(`documentation with the AWS CLI (${cli?.version ?? 'not found on PATH'})`, () => {
  let server: RunningEmulator;
  beforeAll(async () => {
    server = await startEmulator({ port: 0 });
  });
  afterAll(() => server?.close());
  const ok = async (...args: string[]): Promise<any> => {
    const r = await runAws(cli as AwsCli, server.url, args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.json;
  };

  it('create-documentation-part, get-documentation-parts, create and get documentation versions', async () => {
    const made = await ok('create-rest-api', '--name', 'shop');
    const part = await ok('create-documentation-part', '--rest-api-id', made.id, '--location', 'type=METHOD,path=/pets,method=GET', '--properties', '{"summary":"List pets"}');
    expect(part.location).toStrictEqual({ type: 'METHOD', path: '/pets', method: 'GET' });
    const listed = await ok('get-documentation-parts', '--rest-api-id', made.id);
    expect(listed.items).toStrictEqual([{ id: part.id, location: { type: 'METHOD', path: '/pets', method: 'GET' }, properties: '{"summary":"List pets"}' }]);
    const version = await ok('create-documentation-version', '--rest-api-id', made.id, '--documentation-version', '1.0.0', '--description', 'First');
    expect(version).toMatchObject({ version: '1.0.0', description: 'First' });
    expect((await ok('get-documentation-versions', '--rest-api-id', made.id)).items.map((v: any) => v.version)).toStrictEqual(['1.0.0']);
    const dup = await runAws(cli as AwsCli, server.url, ['create-documentation-part', '--rest-api-id', made.id, '--location', 'type=METHOD,path=/pets,method=GET', '--properties', '{}']);
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain('ConflictException');
  });
});
