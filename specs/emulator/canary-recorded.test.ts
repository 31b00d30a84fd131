import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

/**
 * Canary releases as AWS answers them, replayed call by call. The expected answers are AWS's own:
 * LocalStack's canary snapshot tests (tests/aws/services/apigateway/test_apigateway_canary.py and
 * its .snapshot.json), recorded against AWS on 2025-05-30. Each `it` is one recorded test; each
 * expectation one recorded step, named as the recording names it.
 */

let emu: RunningEmulator;
let client: A.APIGatewayClient;
beforeAll(async () => {
  ({ emu, client } = await withEmulator());
});
afterAll(() => emu.close());

/** The recordings' fixture: an API whose root GET has a MOCK integration, ready to deploy. */
async function apiForDeployment(): Promise<string> {
  const api = await client.send(new A.CreateRestApiCommand({ name: 'canary' }));
  const restApiId = api.id!;
  const resourceId = api.rootResourceId!;
  await client.send(new A.PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await client.send(new A.PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
  await client.send(new A.PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await client.send(new A.PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', selectionPattern: '' }));
  return restApiId;
}

const bad = (message: string) => ({ name: 'BadRequestException', status: 400, message });

/** The fields of a recorded Stage response the emulator must return alike (dates and ids aside). */
function stageFields(s: A.Stage): Record<string, unknown> {
  const { createdDate: _c, lastUpdatedDate: _l, $metadata: _m, ...rest } = s as A.Stage & { $metadata?: unknown };
  return rest;
}

describe('canary releases, as AWS recorded them', () => {
  it('test_create_update_stages: a stage created with a canary, one override replaced, the canary removed', async () => {
    const restApiId = await apiForDeployment();
    const d1 = await client.send(new A.CreateDeploymentCommand({ restApiId }));
    const d2 = await client.send(new A.CreateDeploymentCommand({ restApiId }));
    const created = await client.send(
      new A.CreateStageCommand({
        restApiId,
        stageName: 'dev',
        deploymentId: d1.id,
        description: 'dev stage',
        variables: { testVar: 'default' },
        canarySettings: { deploymentId: d2.id, percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } },
      }),
    );
    // create-stage: AWS fills in useStageCache false.
    expect(stageFields(created)).toEqual({
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      canarySettings: { deploymentId: d2.id, percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' }, useStageCache: false },
      deploymentId: d1.id,
      description: 'dev stage',
      methodSettings: {},
      stageName: 'dev',
      tracingEnabled: false,
      variables: { testVar: 'default' },
    });
    const update = (ops: A.PatchOperation[]) => client.send(new A.UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: ops }));
    // update-stage-canary-settings-overrides
    const overridden = await update([{ op: 'replace', path: '/canarySettings/stageVariableOverrides/testVar', value: 'updated' }]);
    expect(overridden.canarySettings).toEqual({ deploymentId: d2.id, percentTraffic: 50, stageVariableOverrides: { testVar: 'updated' }, useStageCache: false });
    // update-stage-remove-canary-settings, get-stage-after-remove
    expect((await update([{ op: 'remove', path: '/canarySettings' }])).canarySettings).toBeUndefined();
    expect((await client.send(new A.GetStageCommand({ restApiId, stageName: 'dev' }))).canarySettings).toBeUndefined();
  });

  it('test_create_canary_deployment: a canary deployment replaces the canary; a stage may be created on it; an unknown one is refused', async () => {
    const restApiId = await apiForDeployment();
    const d1 = await client.send(new A.CreateDeploymentCommand({ restApiId }));
    await client.send(
      new A.CreateStageCommand({ restApiId, stageName: 'dev1', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' }, canarySettings: { deploymentId: d1.id, percentTraffic: 40, stageVariableOverrides: { testVar: 'canary1' } } }),
    );
    const canary = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev1', canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary2' } } }));
    // get-stage-1: the stage keeps its deployment; the canary is the new one's, overrides replaced.
    const stage1 = await client.send(new A.GetStageCommand({ restApiId, stageName: 'dev1' }));
    expect(stage1.deploymentId).toBe(d1.id);
    expect(stage1.canarySettings).toEqual({ deploymentId: canary.id, percentTraffic: 50, stageVariableOverrides: { testVar: 'canary2' }, useStageCache: false });
    // create-stage-2
    const stage2 = await client.send(
      new A.CreateStageCommand({ restApiId, stageName: 'dev2', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' }, canarySettings: { deploymentId: canary.id, percentTraffic: 60, stageVariableOverrides: { testVar: 'canary-overridden' } } }),
    );
    expect(stage2.canarySettings).toEqual({ deploymentId: canary.id, percentTraffic: 60, stageVariableOverrides: { testVar: 'canary-overridden' }, useStageCache: false });
    // bad-canary-deployment-id: refused, and no stage is left behind.
    expect(await sdkError(() => client.send(new A.CreateStageCommand({ restApiId, stageName: 'dev3', deploymentId: d1.id, description: 'dev stage', canarySettings: { deploymentId: 'deploy' } })))).toEqual(
      bad('Deployment id does not exist'),
    );
    expect((await client.send(new A.GetStagesCommand({ restApiId }))).item?.map((s) => s.stageName).sort()).toEqual(['dev1', 'dev2']);
  });

  it('test_create_canary_deployment_by_stage_update: a canary made by UpdateStage, removed, made again from the traffic share', async () => {
    const restApiId = await apiForDeployment();
    const d1 = await client.send(new A.CreateDeploymentCommand({ restApiId }));
    const d2 = await client.send(new A.CreateDeploymentCommand({ restApiId }));
    await client.send(new A.CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' } }));
    const update = (ops: A.PatchOperation[]) => client.send(new A.UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: ops }));
    // update-stage-with-deployment
    expect((await update([{ op: 'replace', path: '/canarySettings/deploymentId', value: d2.id }])).canarySettings).toEqual({ deploymentId: d2.id, percentTraffic: 0, useStageCache: false });
    // remove-stage-canary
    expect((await update([{ op: 'remove', path: '/canarySettings' }])).canarySettings).toBeUndefined();
    // update-stage-with-percent: the new canary starts on the stage's own deployment.
    expect((await update([{ op: 'replace', path: '/canarySettings/percentTraffic', value: '50' }])).canarySettings).toEqual({ deploymentId: d1.id, percentTraffic: 50, useStageCache: false });
  });

  it('test_create_canary_deployment_validation: a canary deployment needs an existing stage, named', async () => {
    const restApiId = await apiForDeployment();
    const canarySettings = { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } };
    // create-canary-deployment-no-stage
    expect(await sdkError(() => client.send(new A.CreateDeploymentCommand({ restApiId, canarySettings })))).toEqual(
      bad('Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is null'),
    );
    // create-canary-deployment-empty-stage
    expect(await sdkError(() => client.send(new A.CreateDeploymentCommand({ restApiId, stageName: '', canarySettings })))).toEqual(
      bad('Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is '),
    );
    // create-canary-deployment-non-existing-stage
    expect(await sdkError(() => client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'non-existing', canarySettings })))).toEqual(
      bad('Invalid deployment content specified.Stage non-existing must already be created before making a canary release deployment'),
    );
    // Nothing refused left a deployment behind.
    expect((await client.send(new A.GetDeploymentsCommand({ restApiId }))).items ?? []).toEqual([]);
  });

  it('test_update_stage_canary_deployment_validation: the canary paths and operations UpdateStage refuses', async () => {
    const restApiId = await apiForDeployment();
    await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev' }));
    // get-stage: a stage made by CreateDeployment alone.
    expect(stageFields(await client.send(new A.GetStageCommand({ restApiId, stageName: 'dev' })))).toEqual({
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      deploymentId: expect.any(String),
      methodSettings: {},
      stageName: 'dev',
      tracingEnabled: false,
    });
    await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev', canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } } }));
    const update = (stageName: string, ops: A.PatchOperation[]) => sdkError(() => client.send(new A.UpdateStageCommand({ restApiId, stageName, patchOperations: ops })));
    const noSetting = (what: string) => bad(`Cannot remove method setting ${what} because there is no method setting for this method `);
    // update-stage-canary-settings-remove-overrides (the canary has overrides: AWS refuses all the same)
    expect(await update('dev', [{ op: 'remove', path: '/canarySettings/stageVariableOverrides' }])).toEqual(noSetting('canarySettings/stageVariableOverrides'));
    // update-stage-canary-settings-bad-path
    expect(await update('dev', [{ op: 'remove', path: '/canarySettings/badPath' }])).toEqual(noSetting('canarySettings/badPath'));
    // update-stage-canary-settings-bad-path-2, update-stage-canary-settings-replace-bad-path
    for (const path of ['/canarySettings', '/canarySettings/badPath']) {
      const e = await update('dev', [{ op: 'replace', path, value: 'test' }]);
      expect(e.name).toBe('BadRequestException');
      expect(e.message).toMatch(new RegExp(`^Invalid method setting path: ${path}\\. Must be one of: \\[/deploymentId, /description, .*, /variables/\\{variable_name\\}, /tracingEnabled\\]$`));
    }
    const d2 = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev2' }));
    // update-stage-add-deployment: every canary setting is set with replace, never add.
    expect(await update('dev2', [{ op: 'add', path: '/canarySettings/deploymentId', value: d2.id! }])).toEqual(bad('Invalid add operation with path: /canarySettings/deploymentId'));
    // update-stage-no-deployment: refused, and no canary is left behind.
    expect(await update('dev2', [{ op: 'replace', path: '/canarySettings/deploymentId', value: 'deploy' }])).toEqual(bad('Deployment id does not exist'));
    expect((await client.send(new A.GetStageCommand({ restApiId, stageName: 'dev2' }))).canarySettings).toBeUndefined();
  });

  it('test_update_stage_with_copy_ops: copy only promotes a canary, in one direction', async () => {
    const restApiId = await apiForDeployment();
    const d1 = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev', variables: { testVar: 'test', testVar2: 'test2' } }));
    const update = (ops: A.PatchOperation[]) => client.send(new A.UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: ops }));
    // copy-with-bad-statement
    expect(
      await sdkError(() =>
        update([
          { op: 'copy', path: '/canarySettings/stageVariableOverrides', from: '/variables' },
          { op: 'copy', path: '/canarySettings/deploymentId', from: '/deploymentId' },
        ]),
      ),
    ).toEqual(
      bad(
        'Invalid copy operation with path: /canarySettings/stageVariableOverrides and from /variables. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]',
      ),
    );
    // copy-with-no-replace
    expect(
      await sdkError(() =>
        update([
          { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
          { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
        ]),
      ),
    ).toEqual(bad('Promotion not available. Canary does not exist.'));
    const promote: A.PatchOperation[] = [
      { op: 'replace', value: '0.0', path: '/canarySettings/percentTraffic' },
      { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
      { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
    ];
    // update-stage-with-copy: the replace makes a canary on the stage's deployment; the copies change nothing.
    const copied = await update(promote);
    expect(copied.deploymentId).toBe(d1.id);
    expect(copied.canarySettings).toEqual({ deploymentId: d1.id, percentTraffic: 0, useStageCache: false });
    expect(copied.variables).toEqual({ testVar: 'test', testVar2: 'test2' });
    // deployment-canary, get-stage
    const canary = await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'dev', canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: 'override' } } }));
    expect((await client.send(new A.GetStageCommand({ restApiId, stageName: 'dev' }))).canarySettings).toEqual({
      deploymentId: canary.id,
      percentTraffic: 50,
      stageVariableOverrides: { testVar: 'override' },
      useStageCache: false,
    });
    // update-stage-with-copy-2: promoted; the canary stays, at 0 %.
    const promoted = await update(promote);
    expect(promoted.deploymentId).toBe(canary.id);
    expect(promoted.variables).toEqual({ testVar: 'override', testVar2: 'test2' });
    expect(promoted.canarySettings).toEqual({ deploymentId: canary.id, percentTraffic: 0, stageVariableOverrides: { testVar: 'override' }, useStageCache: false });
  });
});
