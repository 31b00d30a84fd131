import {
  CreateApiCommand,
  CreateDeploymentCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteAccessLogSettingsCommand,
  DeleteDeploymentCommand,
  DeleteRouteSettingsCommand,
  DeleteStageCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetStageCommand,
  GetStagesCommand,
  NotFoundException,
  ResetAuthorizersCacheCommand,
  UpdateDeploymentCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

let h: V2Harness;
beforeAll(async () => {
  h = await startV2();
});
afterAll(() => stopV2(h));

const LOG_ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:api-logs';

async function httpApi(): Promise<string> {
  return (await h.client.send(new CreateApiCommand({ Name: 'http', ProtocolType: 'HTTP' }))).ApiId!;
}

describe('stages', () => {
  it('fills in the defaults', async () => {
    const ApiId = await httpApi();
    const s = await h.client.send(new CreateStageCommand({ ApiId, StageName: 'prod' }));
    expect(s.$metadata.httpStatusCode).toBe(201);
    expect(s).toMatchObject({
      StageName: 'prod',
      AutoDeploy: false,
      DefaultRouteSettings: { DetailedMetricsEnabled: false },
      RouteSettings: {},
      StageVariables: {},
      Tags: {},
    });
    expect(s.CreatedDate).toBeInstanceOf(Date);
    expect(s.LastUpdatedDate).toBeInstanceOf(Date);
    expect(s.DeploymentId).toBeUndefined();
  });

  it('allows $default on HTTP APIs only, and answers a duplicate name with a conflict', async () => {
    const ApiId = await httpApi();
    await h.client.send(new CreateStageCommand({ ApiId, StageName: '$default' }));
    const dup = await rejection(h.client.send(new CreateStageCommand({ ApiId, StageName: '$default' })));
    expect(dup.name).toBe('ConflictException');
    expect(dup.$metadata.httpStatusCode).toBe(409);
    expect(dup.message).toBe('Stage already exists');
    const ws = (await h.client.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.a' }))).ApiId;
    const onWs = await rejection(h.client.send(new CreateStageCommand({ ApiId: ws, StageName: '$default' })));
    expect(onWs.message).toBe('Invalid stage name: $default. Stage names may contain only A-Za-z0-9_- ($default is allowed for HTTP APIs)');
  });

  it('merges stage variables and route settings, and clears a variable sent as ""', async () => {
    const ApiId = await httpApi();
    await h.client.send(
      new CreateStageCommand({
        ApiId,
        StageName: 'dev',
        StageVariables: { lambdaAlias: 'dev', environment: 'development' },
        DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
        RouteSettings: { 'GET /a': { ThrottlingBurstLimit: 5 } },
        Description: 'development',
      }),
    );
    const u = await h.client.send(
      new UpdateStageCommand({
        ApiId,
        StageName: 'dev',
        StageVariables: { lambdaAlias: '', version: '2' },
        DefaultRouteSettings: { DetailedMetricsEnabled: true },
        RouteSettings: { 'GET /a': { ThrottlingRateLimit: 1 }, 'GET /b': { ThrottlingBurstLimit: 9 } },
      }),
    );
    expect(u.StageVariables).toEqual({ environment: 'development', version: '2' });
    expect(u.DefaultRouteSettings).toEqual({ DetailedMetricsEnabled: true, ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 });
    expect(u.RouteSettings).toEqual({
      'GET /a': { DetailedMetricsEnabled: false, ThrottlingBurstLimit: 5, ThrottlingRateLimit: 1 },
      'GET /b': { DetailedMetricsEnabled: false, ThrottlingBurstLimit: 9 },
    });
    expect(u.Description).toBe('development');
    const del = await h.client.send(new DeleteRouteSettingsCommand({ ApiId, StageName: 'dev', RouteKey: 'GET /a' }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect(Object.keys((await h.client.send(new GetStageCommand({ ApiId, StageName: 'dev' }))).RouteSettings!)).toEqual(['GET /b']);
    const missing = await rejection(h.client.send(new DeleteRouteSettingsCommand({ ApiId, StageName: 'dev', RouteKey: 'GET /zzz' })));
    expect(missing.name).toBe('NotFoundException');
  });

  it('refuses execution-log settings on HTTP APIs', async () => {
    const ApiId = await httpApi();
    const err = await rejection(
      h.client.send(new CreateStageCommand({ ApiId, StageName: 's', DefaultRouteSettings: { LoggingLevel: 'INFO' } })),
    );
    expect(err.message).toBe('Execution logs are not supported on protocolType HTTP');
  });

  it('keeps access-log settings until DeleteAccessLogSettings', async () => {
    const ApiId = await httpApi();
    await h.client.send(
      new CreateStageCommand({ ApiId, StageName: 'logs', AccessLogSettings: { DestinationArn: LOG_ARN, Format: '$context.requestId' } }),
    );
    const u = await h.client.send(new UpdateStageCommand({ ApiId, StageName: 'logs', AccessLogSettings: { Format: '$context.status' } }));
    expect(u.AccessLogSettings).toEqual({ DestinationArn: LOG_ARN, Format: '$context.status' });
    await h.client.send(new DeleteAccessLogSettingsCommand({ ApiId, StageName: 'logs' }));
    expect((await h.client.send(new GetStageCommand({ ApiId, StageName: 'logs' }))).AccessLogSettings).toBeUndefined();
    const half = await rejection(h.client.send(new UpdateStageCommand({ ApiId, StageName: 'logs', AccessLogSettings: { Format: 'x' } })));
    expect(half.message).toBe('Access log settings need both destinationArn and format');
  });

  it('lists, resets the authorizer cache, deletes, and reports a missing stage', async () => {
    const ApiId = await httpApi();
    await h.client.send(new CreateStageCommand({ ApiId, StageName: 'a' }));
    await h.client.send(new CreateStageCommand({ ApiId, StageName: 'b' }));
    expect((await h.client.send(new GetStagesCommand({ ApiId }))).Items!.map((s) => s.StageName)).toEqual(['a', 'b']);
    expect((await h.client.send(new ResetAuthorizersCacheCommand({ ApiId, StageName: 'a' }))).$metadata.httpStatusCode).toBe(204);
    expect((await h.client.send(new DeleteStageCommand({ ApiId, StageName: 'a' }))).$metadata.httpStatusCode).toBe(204);
    const err = await rejection(h.client.send(new GetStageCommand({ ApiId, StageName: 'a' })));
    expect(err).toBeInstanceOf(NotFoundException);
    expect(err.message).toBe('Invalid stage identifier specified a');
  });
});

describe('deployments', () => {
  it('creates a deployment, optionally pointing a stage at it', async () => {
    const ApiId = await httpApi();
    await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /a' }));
    await h.client.send(new CreateStageCommand({ ApiId, StageName: 'prod' }));
    const d = await h.client.send(new CreateDeploymentCommand({ ApiId, StageName: 'prod', Description: 'first' }));
    expect(d.$metadata.httpStatusCode).toBe(201);
    expect(d.DeploymentId).toMatch(/^[a-z0-9]{6}$/);
    expect(d).toMatchObject({ DeploymentStatus: 'DEPLOYED', Description: 'first', AutoDeployed: false });
    expect(d.CreatedDate).toBeInstanceOf(Date);
    expect((await h.client.send(new GetStageCommand({ ApiId, StageName: 'prod' }))).DeploymentId).toBe(d.DeploymentId);
    const unattached = await h.client.send(new CreateDeploymentCommand({ ApiId }));
    expect((await h.client.send(new GetStageCommand({ ApiId, StageName: 'prod' }))).DeploymentId).toBe(d.DeploymentId);
    const u = await h.client.send(new UpdateDeploymentCommand({ ApiId, DeploymentId: unattached.DeploymentId, Description: 'second' }));
    expect(u.Description).toBe('second');
    expect((await h.client.send(new GetDeploymentsCommand({ ApiId }))).Items).toHaveLength(2);
    // A stage can be pointed at an existing deployment, but not at a missing one.
    await h.client.send(new UpdateStageCommand({ ApiId, StageName: 'prod', DeploymentId: unattached.DeploymentId }));
    const missing = await rejection(h.client.send(new UpdateStageCommand({ ApiId, StageName: 'prod', DeploymentId: 'nope00' })));
    expect(missing.message).toBe('Invalid Deployment identifier specified nope00');
  });

  it('will not delete a deployment a stage uses', async () => {
    const ApiId = await httpApi();
    await h.client.send(new CreateStageCommand({ ApiId, StageName: 'prod' }));
    const d = await h.client.send(new CreateDeploymentCommand({ ApiId, StageName: 'prod' }));
    const err = await rejection(h.client.send(new DeleteDeploymentCommand({ ApiId, DeploymentId: d.DeploymentId })));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toBe('Active stages pointing to this deployment must be moved or deleted');
    await h.client.send(new DeleteStageCommand({ ApiId, StageName: 'prod' }));
    await h.client.send(new DeleteDeploymentCommand({ ApiId, DeploymentId: d.DeploymentId }));
    const gone = await rejection(h.client.send(new GetDeploymentCommand({ ApiId, DeploymentId: d.DeploymentId })));
    expect(gone.message).toBe(`Invalid Deployment identifier specified ${d.DeploymentId}`);
  });

  it('deploys an auto-deploy stage on creation and after every API change', async () => {
    const ApiId = await httpApi();
    const s = await h.client.send(new CreateStageCommand({ ApiId, StageName: 'production', AutoDeploy: true }));
    expect(s.AutoDeploy).toBe(true);
    expect(s.DeploymentId).toMatch(/^[a-z0-9]{6}$/);
    await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /a' }));
    const after = await h.client.send(new GetStageCommand({ ApiId, StageName: 'production' }));
    expect(after.DeploymentId).not.toBe(s.DeploymentId);
    expect(after.LastDeploymentStatusMessage).toBe(`Successfully deployed stage with deployment ID '${after.DeploymentId}'`);
    const deployments = (await h.client.send(new GetDeploymentsCommand({ ApiId }))).Items!;
    expect(deployments).toHaveLength(2);
    expect(deployments.every((d) => d.AutoDeployed === true)).toBe(true);
    expect(deployments[1]!.Description).toBe('Automatic deployment triggered by changes to the Api configuration');
    // With autoDeploy on, the deployment cannot be chosen by hand.
    const manual = await rejection(h.client.send(new UpdateStageCommand({ ApiId, StageName: 'production', DeploymentId: s.DeploymentId })));
    expect(manual.message).toBe('The deploymentId cannot be set on a stage with autoDeploy enabled');
    const viaDeployment = await rejection(h.client.send(new CreateDeploymentCommand({ ApiId, StageName: 'production' })));
    expect(viaDeployment.message).toBe('Stage production has autoDeploy enabled; deployments are created automatically');
  });

  it('deploys when autoDeploy is switched on', async () => {
    const ApiId = await httpApi();
    await h.client.send(new CreateStageCommand({ ApiId, StageName: 's' }));
    const u = await h.client.send(new UpdateStageCommand({ ApiId, StageName: 's', AutoDeploy: true }));
    expect(u.DeploymentId).toMatch(/^[a-z0-9]{6}$/);
  });
});

describe('persistence of the v2 state', () => {
  it('survives a restart from the state file, auto-deploy included', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'v2-state-')), 'state.json');
    const first = await startV2({ statePath });
    let ApiId: string | undefined;
    try {
      ApiId = (await first.client.send(new CreateApiCommand({ Name: 'kept', ProtocolType: 'HTTP', Target: 'https://example.com' }))).ApiId;
      await first.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /kept' }));
    } finally {
      await stopV2(first);
    }
    expect(JSON.parse(readFileSync(statePath, 'utf8')).v2.apis[0].api.name).toBe('kept');
    const second = await startV2({ statePath });
    try {
      const stage = await second.client.send(new GetStageCommand({ ApiId, StageName: '$default' }));
      expect(stage.AutoDeploy).toBe(true);
      await second.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /after-restart' }));
      const deployments = (await second.client.send(new GetDeploymentsCommand({ ApiId }))).Items!;
      // Quick create, the route before the restart and the route after it each deployed the stage.
      expect(deployments).toHaveLength(3);
      expect((await second.client.send(new GetStageCommand({ ApiId, StageName: '$default' }))).DeploymentId).toBe(deployments[2]!.DeploymentId);
    } finally {
      await stopV2(second);
    }
  });
});
