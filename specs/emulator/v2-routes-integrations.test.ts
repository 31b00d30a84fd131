import {
  ConflictException,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  DeleteRouteCommand,
  DeleteRouteRequestParameterCommand,
  DeleteRouteResponseCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetIntegrationResponsesCommand,
  GetIntegrationsCommand,
  GetRouteCommand,
  GetRouteResponseCommand,
  GetRouteResponsesCommand,
  NotFoundException,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
  UpdateRouteCommand,
  UpdateRouteResponseCommand,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

let h: V2Harness;
beforeAll(async () => {
  h = await startV2();
});
afterAll(() => stopV2(h));

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:my-function';

async function httpApi(): Promise<string> {
  return (await h.client.send(new CreateApiCommand({ Name: 'http', ProtocolType: 'HTTP' }))).ApiId!;
}
async function wsApi(): Promise<string> {
  return (await h.client.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' })))
    .ApiId!;
}
async function lambdaIntegration(ApiId: string): Promise<string> {
  const i = await h.client.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0' }));
  return i.IntegrationId!;
}

describe('routes', () => {
  it('creates a route with the defaults and a target that exists', async () => {
    const ApiId = await httpApi();
    const IntegrationId = await lambdaIntegration(ApiId);
    const r = await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /users', Target: `integrations/${IntegrationId}` }));
    expect(r.$metadata.httpStatusCode).toBe(201);
    expect(r.RouteId).toMatch(/^[a-z0-9]{7}$/);
    expect(r).toMatchObject({ RouteKey: 'GET /users', Target: `integrations/${IntegrationId}`, ApiKeyRequired: false, AuthorizationType: 'NONE' });
    expect(await h.client.send(new GetRouteCommand({ ApiId, RouteId: r.RouteId }))).toMatchObject({ RouteKey: 'GET /users' });
  });

  it('answers a duplicate route key with ConflictException', async () => {
    const ApiId = await httpApi();
    await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /users' }));
    const err = await rejection(h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /users' })));
    expect(err).toBeInstanceOf(ConflictException);
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect(err.message).toBe("Route with key GET /users already exists for this API");
  });

  it('rejects a target naming a missing integration, and a malformed route key', async () => {
    const ApiId = await httpApi();
    const missing = await rejection(h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /a', Target: 'integrations/abcdefg' })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(missing.message).toBe('Invalid Integration identifier specified abcdefg');
    const badKey = await rejection(h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'FETCH /a' })));
    expect(badKey.name).toBe('BadRequestException');
    expect(badKey.message).toBe(
      "Invalid route key 'FETCH /a'. A route key must be $default or an HTTP method (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY) followed by a space and a path starting with /.",
    );
  });

  it('needs a JWT authorizer for JWT authorization, and keeps scopes with it', async () => {
    const ApiId = await httpApi();
    const noAuthorizer = await rejection(h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /a', AuthorizationType: 'JWT' })));
    expect(noAuthorizer.message).toBe('An authorizerId is required for authorizationType JWT');
    const { AuthorizerId } = await h.client.send(
      new CreateAuthorizerCommand({
        ApiId,
        AuthorizerType: 'JWT',
        Name: 'jwt',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Audience: ['my-api'], Issuer: 'https://issuer.example.com' },
      }),
    );
    const r = await h.client.send(
      new CreateRouteCommand({ ApiId, RouteKey: 'GET /a', AuthorizationType: 'JWT', AuthorizerId, AuthorizationScopes: ['read'] }),
    );
    expect(r).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId, AuthorizationScopes: ['read'] });
    // Switching authorization off drops the authorizer and its scopes.
    const off = await h.client.send(new UpdateRouteCommand({ ApiId, RouteId: r.RouteId, AuthorizationType: 'NONE' }));
    expect(off.AuthorizerId).toBeUndefined();
    expect(off.AuthorizationScopes).toBeUndefined();
  });

  it('updates only the members sent, checks key uniqueness, and deletes', async () => {
    const ApiId = await httpApi();
    await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /b' }));
    const r = await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /a', OperationName: 'getA' }));
    const u = await h.client.send(new UpdateRouteCommand({ ApiId, RouteId: r.RouteId, RouteKey: 'POST /a' }));
    expect(u).toMatchObject({ RouteKey: 'POST /a', OperationName: 'getA' });
    const dup = await rejection(h.client.send(new UpdateRouteCommand({ ApiId, RouteId: r.RouteId, RouteKey: 'GET /b' })));
    expect(dup.name).toBe('ConflictException');
    expect((await h.client.send(new DeleteRouteCommand({ ApiId, RouteId: r.RouteId }))).$metadata.httpStatusCode).toBe(204);
    const gone = await rejection(h.client.send(new GetRouteCommand({ ApiId, RouteId: r.RouteId })));
    expect(gone.message).toBe(`Invalid Route identifier specified ${r.RouteId}`);
  });

  it('keeps HTTP-only and WebSocket-only members apart', async () => {
    const http = await httpApi();
    const apiKey = await rejection(h.client.send(new CreateRouteCommand({ ApiId: http, RouteKey: 'GET /a', ApiKeyRequired: true })));
    expect(apiKey.message).toBe('API keys are supported only for WebSocket APIs');
    const params = await rejection(
      h.client.send(new CreateRouteCommand({ ApiId: http, RouteKey: 'GET /a', RequestParameters: { 'route.request.header.x': { Required: true } } })),
    );
    expect(params.message).toBe('requestParameters is supported only for WebSocket APIs');
    const ws = await wsApi();
    const r = await h.client.send(
      new CreateRouteCommand({ ApiId: ws, RouteKey: '$connect', ApiKeyRequired: true, AuthorizationType: 'AWS_IAM', RouteResponseSelectionExpression: '$default' }),
    );
    expect(r).toMatchObject({ ApiKeyRequired: true, AuthorizationType: 'AWS_IAM', RouteResponseSelectionExpression: '$default' });
    const notConnect = await rejection(h.client.send(new CreateRouteCommand({ ApiId: ws, RouteKey: 'sendMessage', AuthorizationType: 'AWS_IAM' })));
    expect(notConnect.message).toBe('Authorization is supported only on the $connect route of a WebSocket API');
  });

  it('merges request parameters on update and removes one only with DeleteRouteRequestParameter', async () => {
    const ApiId = await wsApi();
    const r = await h.client.send(
      new CreateRouteCommand({ ApiId, RouteKey: '$connect', RequestParameters: { 'route.request.querystring.token': { Required: true } } }),
    );
    const u = await h.client.send(
      new UpdateRouteCommand({ ApiId, RouteId: r.RouteId, RequestParameters: { 'route.request.header.x-id': { Required: false } } }),
    );
    expect(u.RequestParameters).toEqual({
      'route.request.querystring.token': { Required: true },
      'route.request.header.x-id': { Required: false },
    });
    const del = await h.client.send(
      new DeleteRouteRequestParameterCommand({ ApiId, RouteId: r.RouteId, RequestParameterKey: 'route.request.querystring.token' }),
    );
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect((await h.client.send(new GetRouteCommand({ ApiId, RouteId: r.RouteId }))).RequestParameters).toEqual({
      'route.request.header.x-id': { Required: false },
    });
  });
});

describe('route responses (WebSocket)', () => {
  it('creates, reads, lists, updates and deletes, with unique keys', async () => {
    const ApiId = await wsApi();
    const { RouteId } = await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'sendMessage', RouteResponseSelectionExpression: '$default' }));
    const rr = await h.client.send(new CreateRouteResponseCommand({ ApiId, RouteId, RouteResponseKey: '$default' }));
    expect(rr.$metadata.httpStatusCode).toBe(201);
    expect(rr.RouteResponseId).toMatch(/^[a-z0-9]{6}$/);
    const dup = await rejection(h.client.send(new CreateRouteResponseCommand({ ApiId, RouteId, RouteResponseKey: '$default' })));
    expect(dup.name).toBe('ConflictException');
    const u = await h.client.send(
      new UpdateRouteResponseCommand({ ApiId, RouteId, RouteResponseId: rr.RouteResponseId, ModelSelectionExpression: '$default' }),
    );
    expect(u).toMatchObject({ RouteResponseKey: '$default', ModelSelectionExpression: '$default' });
    expect((await h.client.send(new GetRouteResponsesCommand({ ApiId, RouteId }))).Items).toHaveLength(1);
    await h.client.send(new DeleteRouteResponseCommand({ ApiId, RouteId, RouteResponseId: rr.RouteResponseId }));
    const gone = await rejection(h.client.send(new GetRouteResponseCommand({ ApiId, RouteId, RouteResponseId: rr.RouteResponseId })));
    expect(gone.message).toBe(`Invalid RouteResponse identifier specified ${rr.RouteResponseId}`);
  });

  it('does not exist on HTTP APIs', async () => {
    const ApiId = await httpApi();
    const { RouteId } = await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /a' }));
    const err = await rejection(h.client.send(new CreateRouteResponseCommand({ ApiId, RouteId, RouteResponseKey: '$default' })));
    expect(err.message).toBe('Route responses are supported only for WebSocket APIs');
  });
});

describe('integrations', () => {
  it('fills in the HTTP API defaults', async () => {
    const ApiId = await httpApi();
    const i = await h.client.send(
      new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0' }),
    );
    expect(i.$metadata.httpStatusCode).toBe(201);
    expect(i.IntegrationId).toMatch(/^[a-z0-9]{7}$/);
    expect(i).toMatchObject({
      ConnectionType: 'INTERNET',
      IntegrationMethod: 'POST',
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: LAMBDA,
      PayloadFormatVersion: '2.0',
      TimeoutInMillis: 30000,
    });
    expect(i.PassthroughBehavior).toBeUndefined();
    expect(i.IntegrationResponseSelectionExpression).toBeUndefined();
  });

  it('requires a payload format version for an HTTP API Lambda proxy, and allows 2.0 only there', async () => {
    const ApiId = await httpApi();
    const err = await rejection(h.client.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA })));
    expect(err.message).toBe('A payloadFormatVersion (1.0 or 2.0) is required for AWS_PROXY integrations of HTTP APIs');
    const http = await rejection(
      h.client.send(
        new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: 'https://example.com', PayloadFormatVersion: '2.0' }),
      ),
    );
    expect(http.message).toBe('Payload format version 2.0 is supported only for Lambda proxy (AWS_PROXY) integrations; use 1.0');
  });

  it('accepts only proxy integrations on HTTP APIs', async () => {
    const ApiId = await httpApi();
    const err = await rejection(h.client.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'MOCK' })));
    expect(err.message).toBe('Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)');
    const bad = await rejection(h.client.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'LAMBDA' as never })));
    expect(bad.message).toBe(
      "1 validation error detected: Value 'LAMBDA' at 'integrationType' failed to satisfy constraint: Member must satisfy enum value set: [AWS, HTTP, MOCK, HTTP_PROXY, AWS_PROXY]",
    );
  });

  it('fills in the WebSocket defaults (29 s timeout, passthrough, response selection)', async () => {
    const ApiId = await wsApi();
    const proxy = await h.client.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA }));
    expect(proxy).toMatchObject({
      ConnectionType: 'INTERNET',
      IntegrationMethod: 'POST',
      PassthroughBehavior: 'WHEN_NO_MATCH',
      PayloadFormatVersion: '1.0',
      TimeoutInMillis: 29000,
    });
    const mock = await h.client.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'MOCK', RequestTemplates: { '$default': '{"statusCode":200}' } }));
    expect(mock).toMatchObject({
      IntegrationResponseSelectionExpression: '${integration.response.statuscode}',
      PassthroughBehavior: 'WHEN_NO_MATCH',
      TimeoutInMillis: 29000,
      RequestTemplates: { '$default': '{"statusCode":200}' },
    });
    const tooLong = await rejection(h.client.send(new UpdateIntegrationCommand({ ApiId, IntegrationId: mock.IntegrationId, TimeoutInMillis: 30000 })));
    expect(tooLong.message).toBe('Timeout must be between 50 and 29000 milliseconds for WebSocket APIs');
  });

  it('updates partially and clears a parameter mapping sent as ""', async () => {
    const ApiId = await httpApi();
    const i = await h.client.send(
      new CreateIntegrationCommand({
        ApiId,
        IntegrationType: 'HTTP_PROXY',
        IntegrationMethod: 'GET',
        IntegrationUri: 'https://example.com',
        RequestParameters: { 'append:header.x-a': 'a', 'overwrite:path': '/p' },
        ResponseParameters: { '404': { 'overwrite:statuscode': '200' } },
        Description: 'backend',
      }),
    );
    const u = await h.client.send(
      new UpdateIntegrationCommand({
        ApiId,
        IntegrationId: i.IntegrationId,
        TimeoutInMillis: 5000,
        RequestParameters: { 'append:header.x-a': '', 'append:header.x-b': 'b' },
        ResponseParameters: { '404': { 'overwrite:statuscode': '' } },
      }),
    );
    expect(u).toMatchObject({ Description: 'backend', IntegrationMethod: 'GET', TimeoutInMillis: 5000 });
    expect(u.RequestParameters).toEqual({ 'overwrite:path': '/p', 'append:header.x-b': 'b' });
    expect(u.ResponseParameters).toBeUndefined();
    const got = await h.client.send(new GetIntegrationCommand({ ApiId, IntegrationId: i.IntegrationId }));
    expect(got.RequestParameters).toEqual({ 'overwrite:path': '/p', 'append:header.x-b': 'b' });
  });

  it('will not delete an integration a route still targets', async () => {
    const ApiId = await httpApi();
    const IntegrationId = await lambdaIntegration(ApiId);
    const { RouteId } = await h.client.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /a', Target: `integrations/${IntegrationId}` }));
    const err = await rejection(h.client.send(new DeleteIntegrationCommand({ ApiId, IntegrationId })));
    expect(err.name).toBe('ConflictException');
    expect(err.$metadata.httpStatusCode).toBe(409);
    expect(err.message).toBe(`Cannot delete Integration because it is referenced by the following Routes with Ids: [${RouteId}]`);
    await h.client.send(new DeleteRouteCommand({ ApiId, RouteId }));
    await h.client.send(new DeleteIntegrationCommand({ ApiId, IntegrationId }));
    expect((await h.client.send(new GetIntegrationsCommand({ ApiId }))).Items).toEqual([]);
  });
});

describe('integration responses (WebSocket)', () => {
  it('creates, reads, lists, updates and deletes', async () => {
    const ApiId = await wsApi();
    const { IntegrationId } = await h.client.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'MOCK' }));
    const ir = await h.client.send(
      new CreateIntegrationResponseCommand({ ApiId, IntegrationId, IntegrationResponseKey: '$default', ResponseTemplates: { '$default': '{}' } }),
    );
    expect(ir.$metadata.httpStatusCode).toBe(201);
    expect(ir).toMatchObject({ IntegrationResponseKey: '$default', ResponseTemplates: { '$default': '{}' } });
    const dup = await rejection(h.client.send(new CreateIntegrationResponseCommand({ ApiId, IntegrationId, IntegrationResponseKey: '$default' })));
    expect(dup.name).toBe('ConflictException');
    const u = await h.client.send(
      new UpdateIntegrationResponseCommand({
        ApiId,
        IntegrationId,
        IntegrationResponseId: ir.IntegrationResponseId,
        TemplateSelectionExpression: '\\$default',
        ResponseTemplates: { '$default': '' },
      }),
    );
    expect(u.TemplateSelectionExpression).toBe('\\$default');
    expect(u.ResponseTemplates).toBeUndefined();
    expect((await h.client.send(new GetIntegrationResponsesCommand({ ApiId, IntegrationId }))).Items).toHaveLength(1);
    await h.client.send(new DeleteIntegrationResponseCommand({ ApiId, IntegrationId, IntegrationResponseId: ir.IntegrationResponseId }));
    const gone = await rejection(
      h.client.send(new GetIntegrationResponseCommand({ ApiId, IntegrationId, IntegrationResponseId: ir.IntegrationResponseId })),
    );
    expect(gone.message).toBe(`Invalid IntegrationResponse identifier specified ${ir.IntegrationResponseId}`);
  });
});
