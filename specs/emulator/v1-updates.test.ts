import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

let emu: RunningEmulator;
let client: A.APIGatewayClient;
let restApiId: string;
let rootId: string;
beforeAll(async () => {
  ({ emu, client } = await withEmulator());
  const api = await client.send(new A.CreateRestApiCommand({ name: 'updates', endpointConfiguration: { types: ['REGIONAL'] } }));
  restApiId = api.id!;
  rootId = api.rootResourceId!;
  await client.send(new A.PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: true }));
  await client.send(new A.PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK' }));
});
afterAll(() => emu.close());

describe('Update calls of deployments and stages', () => {
  it('UpdateDeployment changes only the description; GetDeployment embeds the API summary', async () => {
    const d = await client.send(new A.CreateDeploymentCommand({ restApiId, description: 'first' }));
    const u = await client.send(new A.UpdateDeploymentCommand({ restApiId, deploymentId: d.id, patchOperations: [{ op: 'replace', path: '/description', value: 'renamed' }] }));
    expect(u.description).toBe('renamed');
    const e = await sdkError(() => client.send(new A.UpdateDeploymentCommand({ restApiId, deploymentId: d.id, patchOperations: [{ op: 'replace', path: '/createdDate', value: '1' }] })));
    expect(e.message).toBe("Invalid patch path  '/createdDate' specified for op 'replace'. Must be one of: [/description]");
    const summary = await client.send(new A.GetDeploymentCommand({ restApiId, deploymentId: d.id, embed: ['apisummary'] }));
    expect(summary.apiSummary).toEqual({ '/': { GET: { authorizationType: 'NONE', apiKeyRequired: true } } });
  });

  it('UpdateStage repoints /deploymentId, and promotes a canary with copy from /canarySettings/deploymentId', async () => {
    const d1 = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'canary' }));
    const d2 = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'canary', canarySettings: { percentTraffic: 10 } }));
    const withCanary = await client.send(new A.GetStageCommand({ restApiId, stageName: 'canary' }));
    expect(withCanary).toMatchObject({ deploymentId: d1.id, canarySettings: { deploymentId: d2.id, percentTraffic: 10 } });
    const promoted = await client.send(
      new A.UpdateStageCommand({
        restApiId,
        stageName: 'canary',
        patchOperations: [
          { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
          { op: 'remove', path: '/canarySettings' },
        ],
      }),
    );
    expect(promoted.deploymentId).toBe(d2.id);
    expect(promoted.canarySettings).toBeUndefined();
    // AWS's answers as LocalStack's provider gives them (its snapshot tests are validated against AWS).
    const update = (ops: A.PatchOperation[]) => client.send(new A.UpdateStageCommand({ restApiId, stageName: 'canary', patchOperations: ops }));
    expect(await sdkError(() => update([{ op: 'replace', path: '/deploymentId', value: 'nope00' }]))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: 'Deployment id does not exist',
    });
    expect(await sdkError(() => update([{ op: 'replace', path: '/canarySettings/deploymentId', value: 'nope00' }]))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: 'Deployment id does not exist',
    });
    for (const [path, from] of [['/deploymentId', '/canarySettings/deploymentId'], ['/variables', '/canarySettings/stageVariableOverrides']]) {
      expect(await sdkError(() => update([{ op: 'copy', path, from }]))).toEqual({ name: 'BadRequestException', status: 400, message: 'Promotion not available. Canary does not exist.' });
    }
    // A canary made by UpdateStage starts on the stage's deployment, at 0 %, without the stage cache.
    const made = await update([{ op: 'replace', path: '/canarySettings/percentTraffic', value: '10' }]);
    expect(made.canarySettings).toEqual({ deploymentId: promoted.deploymentId, percentTraffic: 10, useStageCache: false });
    await update([{ op: 'remove', path: '/canarySettings' }]);
    expect(await sdkError(() => client.send(new A.GetStageCommand({ restApiId, stageName: 'nope' })))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid stage identifier specified',
    });
  });
});

describe('canary stage variables', () => {
  it('UpdateStage adds, replaces and removes one canary stage variable, and copies them to the stage on promote, as AWS documents', async () => {
    await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'overrides', variables: { alias: 'live', keep: 'k' } }));
    await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'overrides', canarySettings: { percentTraffic: 5, stageVariableOverrides: { alias: 'canary', old: 'x' } } }));
    const updated = await client.send(new A.UpdateStageCommand({
      restApiId, stageName: 'overrides', patchOperations: [
        { op: 'replace', path: '/canarySettings/stageVariableOverrides/newVar', value: 'n' },
        { op: 'replace', path: '/canarySettings/stageVariableOverrides/alias', value: 'canary2' },
        { op: 'remove', path: '/canarySettings/stageVariableOverrides/old' },
      ],
    }));
    expect(updated.canarySettings?.stageVariableOverrides).toEqual({ alias: 'canary2', newVar: 'n' });
    const promoted = await client.send(new A.UpdateStageCommand({
      restApiId, stageName: 'overrides', patchOperations: [
        { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
        { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
        { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
      ],
    }));
    expect(promoted.variables).toEqual({ alias: 'canary2', keep: 'k', newVar: 'n' });
    expect(promoted.deploymentId).toBe(promoted.canarySettings?.deploymentId);
    expect(promoted.canarySettings?.percentTraffic).toBe(0);
  });
});

describe('Update calls of account-level objects', () => {
  it('UpdateApiKey adds a stage key; UpdateBasePathMapping takes /basePath in any case; UpdateDomainName', async () => {
    await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    const key = await client.send(new A.CreateApiKeyCommand({ name: 'k' }));
    const k = await client.send(new A.UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'add', path: '/stages', value: `${restApiId}/prod` }] }));
    expect(k.stageKeys).toEqual([`${restApiId}/prod`]);
    await client.send(new A.CreateDomainNameCommand({ domainName: 'u.example.com', regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/u', endpointConfiguration: { types: ['REGIONAL'] } }));
    await client.send(new A.CreateBasePathMappingCommand({ domainName: 'u.example.com', restApiId, stage: 'prod', basePath: 'v1' }));
    const moved = await client.send(
      new A.UpdateBasePathMappingCommand({ domainName: 'u.example.com', basePath: 'v1', patchOperations: [{ op: 'replace', path: '/basePath', value: 'v2' }] }),
    );
    expect(moved).toEqual(expect.objectContaining({ basePath: 'v2', restApiId, stage: 'prod' }));
    expect((await client.send(new A.GetBasePathMappingsCommand({ domainName: 'u.example.com' }))).items!.map((m) => m.basePath)).toEqual(['v2']);
    const d = await client.send(new A.UpdateDomainNameCommand({ domainName: 'u.example.com', patchOperations: [{ op: 'replace', path: '/securityPolicy', value: 'TLS_1_0' }] }));
    expect(d).toMatchObject({ securityPolicy: 'TLS_1_0', tags: {} });
    const slash = await sdkError(() => client.send(new A.CreateBasePathMappingCommand({ domainName: 'u.example.com', restApiId, basePath: 'a/b' })));
    expect(slash.message).toBe(
      "API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway V2.",
    );
  });
});
