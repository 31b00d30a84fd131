import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

let emu: RunningEmulator;
let client: A.APIGatewayClient;
beforeAll(async () => ({ emu, client } = await withEmulator()));
afterAll(() => emu.close());

/** An API with GET / on a MOCK integration: the least that can be deployed. */
async function deployableApi() {
  const api = await client.send(new A.CreateRestApiCommand({ name: 'deploy' }));
  const ids = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' };
  await client.send(new A.PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await client.send(new A.PutIntegrationCommand({ ...ids, type: 'MOCK' }));
  return api.id!;
}

describe('Deployment', () => {
  it('refuses an API without methods, and a method without integration', async () => {
    const api = await client.send(new A.CreateRestApiCommand({ name: 'empty' }));
    expect(await sdkError(() => client.send(new A.CreateDeploymentCommand({ restApiId: api.id, stageName: 'dev' })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: "The REST API doesn't contain any methods",
    });
    await client.send(new A.PutMethodCommand({ restApiId: api.id, resourceId: api.rootResourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
    expect((await sdkError(() => client.send(new A.CreateDeploymentCommand({ restApiId: api.id })))).message).toBe('No integration defined for method');
  });

  it('with stageName creates the stage, then repoints it; a deployment in use cannot be deleted', async () => {
    const restApiId = await deployableApi();
    const d1 = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev', stageDescription: 'Development stage', description: 'Initial deployment' }));
    expect(d1.$metadata.httpStatusCode).toBe(201);
    expect(d1).toMatchObject({ description: 'Initial deployment' });
    expect(d1.id).toMatch(/^[a-z0-9]{6}$/);
    const stage = await client.send(new A.GetStageCommand({ restApiId, stageName: 'dev' }));
    expect(stage).toMatchObject({ stageName: 'dev', deploymentId: d1.id, description: 'Development stage', cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE', methodSettings: {}, tracingEnabled: false });
    const d2 = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev' }));
    expect((await client.send(new A.GetStageCommand({ restApiId, stageName: 'dev' }))).deploymentId).toBe(d2.id);
    expect(await sdkError(() => client.send(new A.DeleteDeploymentCommand({ restApiId, deploymentId: d2.id })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: 'Active stages pointing to this deployment must be moved or deleted',
    });
    expect((await client.send(new A.DeleteDeploymentCommand({ restApiId, deploymentId: d1.id }))).$metadata.httpStatusCode).toBe(202);
  });
});

describe('Stage', () => {
  it('needs an existing deployment, 409s a duplicate name, lists unpaged with a deploymentId filter', async () => {
    const restApiId = await deployableApi();
    const d = await client.send(new A.CreateDeploymentCommand({ restApiId }));
    expect(await sdkError(() => client.send(new A.CreateStageCommand({ restApiId, stageName: 'prod', deploymentId: 'nope00' })))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Deployment identifier specified',
    });
    const s = await client.send(new A.CreateStageCommand({ restApiId, stageName: 'production', deploymentId: d.id, description: 'Production stage' }));
    expect(s).toMatchObject({ stageName: 'production', deploymentId: d.id, description: 'Production stage', methodSettings: {} });
    expect(await sdkError(() => client.send(new A.CreateStageCommand({ restApiId, stageName: 'production', deploymentId: d.id })))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: 'Stage already exists',
    });
    const d2 = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev' }));
    expect((await client.send(new A.GetStagesCommand({ restApiId }))).item!.map((x) => x.stageName)).toEqual(['production', 'dev']);
    expect((await client.send(new A.GetStagesCommand({ restApiId, deploymentId: d2.id }))).item!.map((x) => x.stageName)).toEqual(['dev']);
  });

  it('UpdateStage: fields, variables, method settings (all methods and one method), access logs, cache', async () => {
    const restApiId = await deployableApi();
    await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'production' }));
    const upd = (ops: A.PatchOperation[]) => client.send(new A.UpdateStageCommand({ restApiId, stageName: 'production', patchOperations: ops }));
    const s = await upd([
      { op: 'replace', path: '/description', value: 'Updated production stage' },
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterSize', value: '0.5' },
      { op: 'replace', path: '/variables/lambdaAlias', value: 'prod' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '1000' },
      { op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' },
      { op: 'replace', path: '/~1pets~1{id}/GET/logging/dataTrace', value: 'true' },
      { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:123456789012:log-group:api' },
      { op: 'replace', path: '/tracingEnabled', value: 'true' },
    ]);
    expect(s).toMatchObject({
      description: 'Updated production stage',
      cacheClusterEnabled: true,
      cacheClusterSize: '0.5',
      variables: { lambdaAlias: 'prod' },
      tracingEnabled: true,
      accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api' },
    });
    expect(s.methodSettings!['*/*']).toMatchObject({ throttlingRateLimit: 1000, loggingLevel: 'INFO', throttlingBurstLimit: 5000, metricsEnabled: false });
    // As the AWS CLI's update-stage example shows it: AWS's defaults, and no loggingLevel until one is set.
    expect(s.methodSettings!['~1pets~1{id}/GET']).toEqual({
      metricsEnabled: false,
      dataTraceEnabled: true,
      throttlingBurstLimit: 5000,
      throttlingRateLimit: 10000,
      cachingEnabled: false,
      cacheTtlInSeconds: 300,
      cacheDataEncrypted: false,
      requireAuthorizationForCacheControl: true,
      unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
    });
    const cleared = await upd([
      { op: 'remove', path: '/variables/lambdaAlias' },
      { op: 'remove', path: '/~1pets~1{id}/GET' },
      { op: 'remove', path: '/accessLogSettings' },
    ]);
    expect(cleared.variables).toBeUndefined();
    expect(Object.keys(cleared.methodSettings!)).toEqual(['*/*']);
    expect(cleared.accessLogSettings).toBeUndefined();
  });

  it('refuses an empty stage variable value on create, deploy and update, with the message AWS gives', async () => {
    const restApiId = await deployableApi();
    const d = await client.send(new A.CreateDeploymentCommand({ restApiId }));
    const refused = {
      name: 'BadRequestException',
      status: 400,
      message: "Invalid stage variable value: .  Please use values with alphanumeric characters and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.",
    };
    expect(await sdkError(() => client.send(new A.CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: d.id, variables: { alias: '' } })))).toEqual(refused);
    expect(await sdkError(() => client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'qa', variables: { alias: '' } })))).toEqual(refused);
    await client.send(new A.CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: d.id, variables: { alias: 'live' } }));
    expect(await sdkError(() => client.send(new A.UpdateStageCommand({ restApiId, stageName: 'dev',
      patchOperations: [{ op: 'replace', path: '/variables/alias', value: '' }] })))).toEqual(refused);
    expect((await client.send(new A.GetStageCommand({ restApiId, stageName: 'dev' }))).variables).toStrictEqual({ alias: 'live' });
    expect((await client.send(new A.GetStagesCommand({ restApiId }))).item!.map((x) => x.stageName)).toStrictEqual(['dev']);
  });

  it("rejects the guide's /throttle/rateLimit and /logging/loglevel with AWS's 400", async () => {
    const restApiId = await deployableApi();
    await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'production' }));
    const e = await sdkError(() =>
      client.send(new A.UpdateStageCommand({ restApiId, stageName: 'production', patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '1000' }] })),
    );
    expect([e.name, e.status]).toEqual(['BadRequestException', 400]);
    expect(e.message).toMatch(/^Invalid method setting path: \/throttle\/rateLimit\. Must be one of: \[\/deploymentId, \/description, /);
    expect(e.message).toContain('/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds');
    const log = await sdkError(() =>
      client.send(new A.UpdateStageCommand({ restApiId, stageName: 'production', patchOperations: [{ op: 'replace', path: '/logging/loglevel', value: 'INFO' }] })),
    );
    expect(log.message).toMatch(/^Invalid method setting path: \/logging\/loglevel\. Must be one of: /);
  });

  it('access-log patch errors are the recorded ones', async () => {
    const restApiId = await deployableApi();
    await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev' }));
    const msg = async (ops: A.PatchOperation[]) =>
      (await sdkError(() => client.send(new A.UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: ops })))).message;
    expect(await msg([{ op: 'add', path: '/accessLogSettings/randomValue', value: 'x' }])).toBe(
      'Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]',
    );
    expect(await msg([{ op: 'replace', path: '/accessLogSettings/format', value: '' }])).toBe('Access Log value must not be empty');
    expect(await msg([{ op: 'remove', path: '/accessLogSettings/destinationArn' }])).toBe(
      'Cannot remove method setting accessLogSettings/destinationArn because there is no method setting for this method ',
    );
    expect(await msg([{ op: 'remove', path: '/*/*' }])).toBe('Cannot remove method setting */* because there is no method setting for this method ');
  });
});
