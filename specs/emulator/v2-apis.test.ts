import {
  BadRequestException,
  CreateApiCommand,
  DeleteApiCommand,
  DeleteCorsConfigurationCommand,
  DeleteIntegrationCommand,
  GetApiCommand,
  GetApisCommand,
  GetDeploymentsCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  NotFoundException,
  UpdateApiCommand,
  UpdateIntegrationCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

let h: V2Harness;
beforeAll(async () => {
  h = await startV2();
});
afterAll(() => stopV2(h));

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:my-function';

describe('CreateApi', () => {
  it('fills in the HTTP defaults', async () => {
    const api = await h.client.send(new CreateApiCommand({ Name: 'my-http-api', ProtocolType: 'HTTP', Description: 'My HTTP API' }));
    expect(api.$metadata.httpStatusCode).toBe(201);
    expect(api.ApiId).toMatch(/^[a-z0-9]{10}$/);
    expect(api).toMatchObject({
      Name: 'my-http-api',
      ProtocolType: 'HTTP',
      Description: 'My HTTP API',
      RouteSelectionExpression: '$request.method $request.path',
      ApiKeySelectionExpression: '$request.header.x-api-key',
      DisableExecuteApiEndpoint: false,
      ApiEndpoint: `https://${api.ApiId}.execute-api.us-east-1.amazonaws.com`,
      Tags: {},
    });
    // The SDK parses the ISO-8601 timestamp into a Date.
    expect(api.CreatedDate).toBeInstanceOf(Date);
    expect(h.emu.state.v2.apis.at(-1).api.createdDate).toMatch(ISO);
  });

  it('accepts the documented ${request.method} spelling and answers with the plain one', async () => {
    const api = await h.client.send(
      new CreateApiCommand({ Name: 'a', ProtocolType: 'HTTP', RouteSelectionExpression: '${request.method} ${request.path}' }),
    );
    expect(api.RouteSelectionExpression).toBe('$request.method $request.path');
  });

  it('creates a WebSocket API with a wss endpoint', async () => {
    const api = await h.client.send(
      new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }),
    );
    expect(api).toMatchObject({
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
      ApiKeySelectionExpression: '$request.header.x-api-key',
      ApiEndpoint: `wss://${api.ApiId}.execute-api.us-east-1.amazonaws.com`,
    });
  });

  it('requires a route selection expression for WebSocket APIs', async () => {
    const err = await rejection(h.client.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET' })));
    expect(err).toBeInstanceOf(BadRequestException);
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.message).toBe('Route selection expression is required for WEBSOCKET APIs');
  });

  it('rejects an unknown protocol and a missing name with one validation message', async () => {
    const err = await rejection(h.client.send(new CreateApiCommand({ ProtocolType: 'GRPC' as never } as never)));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toBe(
      "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; " +
        "Value 'GRPC' at 'protocolType' failed to satisfy constraint: Member must satisfy enum value set: [WEBSOCKET, HTTP]",
    );
  });

  it('rejects CORS on a WebSocket API', async () => {
    const err = await rejection(
      h.client.send(
        new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.a', CorsConfiguration: { AllowOrigins: ['*'] } }),
      ),
    );
    expect(err.message).toBe('corsConfiguration is supported only for HTTP APIs');
  });
});

describe('GetApi, GetApis, UpdateApi, DeleteApi', () => {
  it('returns what was created and lists it', async () => {
    const api = await h.client.send(new CreateApiCommand({ Name: 'listed', ProtocolType: 'HTTP', Tags: { team: 'a' } }));
    const got = await h.client.send(new GetApiCommand({ ApiId: api.ApiId }));
    expect(got).toMatchObject({ ApiId: api.ApiId, Name: 'listed', Tags: { team: 'a' } });
    const list = await h.client.send(new GetApisCommand({}));
    expect(list.Items?.map((a) => a.ApiId)).toContain(api.ApiId);
    expect(list.NextToken).toBeUndefined();
  });

  it('updates only the members sent, merges CORS, and clears it only with DeleteCorsConfiguration', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'u', ProtocolType: 'HTTP', Description: 'keep', Version: '1' }));
    const u1 = await h.client.send(
      new UpdateApiCommand({ ApiId, CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: ['GET', 'POST'], MaxAge: 300 } }),
    );
    expect(u1).toMatchObject({ Name: 'u', Description: 'keep', Version: '1' });
    expect(u1.CorsConfiguration).toEqual({ AllowOrigins: ['*'], AllowMethods: ['GET', 'POST'], MaxAge: 300 });
    const u2 = await h.client.send(new UpdateApiCommand({ ApiId, Name: 'renamed', CorsConfiguration: { AllowHeaders: ['content-type'] } }));
    expect(u2.Name).toBe('renamed');
    expect(u2.CorsConfiguration).toEqual({ AllowOrigins: ['*'], AllowMethods: ['GET', 'POST'], MaxAge: 300, AllowHeaders: ['content-type'] });
    const del = await h.client.send(new DeleteCorsConfigurationCommand({ ApiId }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect((await h.client.send(new GetApiCommand({ ApiId }))).CorsConfiguration).toBeUndefined();
  });

  it('disables the execute-api endpoint and clears the description sent as ""', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'e', ProtocolType: 'HTTP', Description: 'gone soon' }));
    const u = await h.client.send(new UpdateApiCommand({ ApiId, DisableExecuteApiEndpoint: true, Description: '' }));
    expect(u.DisableExecuteApiEndpoint).toBe(true);
    expect(u.Description).toBeUndefined();
    expect((await h.client.send(new GetApiCommand({ ApiId }))).DisableExecuteApiEndpoint).toBe(true);
  });

  it('keeps the HTTP route selection expression fixed', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'r', ProtocolType: 'HTTP' }));
    const err = await rejection(h.client.send(new UpdateApiCommand({ ApiId, RouteSelectionExpression: '$request.body.action' })));
    expect(err.message).toBe('Unsupported route selection expression for HTTP APIs: $request.body.action. Use $request.method $request.path.');
  });

  it('rejects a CORS maxAge out of range', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'c', ProtocolType: 'HTTP' }));
    const err = await rejection(h.client.send(new UpdateApiCommand({ ApiId, CorsConfiguration: { MaxAge: 90000 } })));
    expect(err.message).toBe(
      "1 validation error detected: Value '90000' at 'corsConfiguration.maxAge' failed to satisfy constraint: Member must have value less than or equal to 86400",
    );
  });

  it('deletes with 204, after which the API is not found with AWS message', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'd', ProtocolType: 'HTTP' }));
    const del = await h.client.send(new DeleteApiCommand({ ApiId }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    const err = await rejection(h.client.send(new GetApiCommand({ ApiId })));
    expect(err).toBeInstanceOf(NotFoundException);
    expect(err.$metadata.httpStatusCode).toBe(404);
    expect(err.message).toBe(`Invalid API identifier specified 123456789012:${ApiId}`);
    expect(err.ResourceType).toBe('Api');
  });
});

describe('quick create', () => {
  it('makes a managed $default route, Lambda integration and auto-deployed $default stage', async () => {
    const api = await h.client.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: LAMBDA }));
    const ApiId = api.ApiId;
    const [routes, integrations, stages, deployments] = await Promise.all([
      h.client.send(new GetRoutesCommand({ ApiId })),
      h.client.send(new GetIntegrationsCommand({ ApiId })),
      h.client.send(new GetStagesCommand({ ApiId })),
      h.client.send(new GetDeploymentsCommand({ ApiId })),
    ]);
    const integration = integrations.Items![0]!;
    expect(integration).toMatchObject({
      ApiGatewayManaged: true,
      ConnectionType: 'INTERNET',
      IntegrationMethod: 'POST',
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: LAMBDA,
      PayloadFormatVersion: '2.0',
      TimeoutInMillis: 30000,
    });
    expect(integration.IntegrationId).toMatch(/^[a-z0-9]{7}$/);
    expect(routes.Items).toEqual([
      {
        ApiGatewayManaged: true,
        ApiKeyRequired: false,
        AuthorizationType: 'NONE',
        RouteId: expect.stringMatching(/^[a-z0-9]{7}$/),
        RouteKey: '$default',
        Target: `integrations/${integration.IntegrationId}`,
      },
    ]);
    expect(deployments.Items).toHaveLength(1);
    expect(deployments.Items![0]).toMatchObject({ AutoDeployed: true, DeploymentStatus: 'DEPLOYED' });
    expect(stages.Items![0]).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      ApiGatewayManaged: true,
      DeploymentId: deployments.Items![0]!.DeploymentId,
      LastDeploymentStatusMessage: `Successfully deployed stage with deployment ID '${deployments.Items![0]!.DeploymentId}'`,
    });
  });

  it('uses the given route key, and re-points the managed pieces through UpdateApi', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'q', ProtocolType: 'HTTP', Target: 'https://example.com', RouteKey: 'GET /pets' }));
    const route = (await h.client.send(new GetRoutesCommand({ ApiId }))).Items![0]!;
    expect(route.RouteKey).toBe('GET /pets');
    const integration = (await h.client.send(new GetIntegrationsCommand({ ApiId }))).Items![0]!;
    expect(integration).toMatchObject({ IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0' });
    await h.client.send(new UpdateApiCommand({ ApiId, Target: LAMBDA, RouteKey: 'ANY /{proxy+}' }));
    expect((await h.client.send(new GetRoutesCommand({ ApiId }))).Items![0]!.RouteKey).toBe('ANY /{proxy+}');
    expect((await h.client.send(new GetIntegrationsCommand({ ApiId }))).Items![0]).toMatchObject({
      IntegrationId: integration.IntegrationId,
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: LAMBDA,
    });
  });

  it('refuses to modify the managed route, integration and stage, or delete the integration', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'q', ProtocolType: 'HTTP', Target: LAMBDA }));
    const RouteId = (await h.client.send(new GetRoutesCommand({ ApiId }))).Items![0]!.RouteId;
    const IntegrationId = (await h.client.send(new GetIntegrationsCommand({ ApiId }))).Items![0]!.IntegrationId;
    const cases: [() => Promise<unknown>, string][] = [
      [() => h.client.send(new UpdateRouteCommand({ ApiId, RouteId, OperationName: 'x' })), 'Cannot modify a route managed by API Gateway. Use UpdateApi with target and routeKey instead.'],
      [() => h.client.send(new UpdateIntegrationCommand({ ApiId, IntegrationId, TimeoutInMillis: 100 })), 'Cannot modify an integration managed by API Gateway. Use UpdateApi with target instead.'],
      [() => h.client.send(new UpdateStageCommand({ ApiId, StageName: '$default', Description: 'x' })), 'Cannot modify a stage managed by API Gateway'],
      [() => h.client.send(new DeleteIntegrationCommand({ ApiId, IntegrationId })), 'Cannot delete an integration managed by API Gateway'],
    ];
    for (const [call, message] of cases) {
      const err = await rejection(call());
      expect(err.name).toBe('BadRequestException');
      expect(err.message).toBe(message);
    }
  });

  it('is HTTP only', async () => {
    const err = await rejection(
      h.client.send(new CreateApiCommand({ Name: 'q', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.a', Target: LAMBDA })),
    );
    expect(err.message).toBe('target is supported only for HTTP APIs');
  });
});
