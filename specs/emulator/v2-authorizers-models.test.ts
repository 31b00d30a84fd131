import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateModelCommand,
  CreateRouteCommand,
  DeleteAuthorizerCommand,
  DeleteModelCommand,
  DeleteRouteCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  GetModelCommand,
  GetModelTemplateCommand,
  GetModelsCommand,
  NotFoundException,
  UpdateAuthorizerCommand,
  UpdateModelCommand,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

let h: V2Harness;
beforeAll(async () => {
  h = await startV2();
});
afterAll(() => stopV2(h));

const AUTHORIZER_URI =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_ABC123';

async function api(protocol: 'HTTP' | 'WEBSOCKET'): Promise<string> {
  const input = protocol === 'HTTP' ? {} : { RouteSelectionExpression: '$request.body.action' };
  return (await h.client.send(new CreateApiCommand({ Name: 'a', ProtocolType: protocol, ...input }))).ApiId!;
}

describe('authorizers', () => {
  it('creates a JWT authorizer as the guide shows', async () => {
    const ApiId = await api('HTTP');
    const a = await h.client.send(
      new CreateAuthorizerCommand({
        ApiId,
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        Name: 'my-jwt-authorizer',
        JwtConfiguration: { Audience: ['my-api'], Issuer: ISSUER },
      }),
    );
    expect(a.$metadata.httpStatusCode).toBe(201);
    expect(a.AuthorizerId).toMatch(/^[a-z0-9]{6}$/);
    expect(a).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      Name: 'my-jwt-authorizer',
      JwtConfiguration: { Audience: ['my-api'], Issuer: ISSUER },
    });
    expect(await h.client.send(new GetAuthorizerCommand({ ApiId, AuthorizerId: a.AuthorizerId }))).toMatchObject({ Name: 'my-jwt-authorizer' });
  });

  it('validates JWT identity sources and configuration', async () => {
    const ApiId = await api('HTTP');
    const twoSources = await rejection(
      h.client.send(
        new CreateAuthorizerCommand({
          ApiId,
          AuthorizerType: 'JWT',
          IdentitySource: ['$request.header.A', '$request.header.B'],
          Name: 'j',
          JwtConfiguration: { Audience: ['x'], Issuer: ISSUER },
        }),
      ),
    );
    expect(twoSources.message).toBe(
      'Invalid identitySource for a JWT authorizer: ["$request.header.A","$request.header.B"]. Use exactly one $request.header.<name> or $request.querystring.<name>',
    );
    const noAudience = await rejection(
      h.client.send(new CreateAuthorizerCommand({ ApiId, AuthorizerType: 'JWT', IdentitySource: ['$request.header.A'], Name: 'j', JwtConfiguration: { Issuer: ISSUER } })),
    );
    expect(noAudience.message).toBe('A JWT authorizer requires jwtConfiguration with an issuer and at least one audience');
    const ws = await api('WEBSOCKET');
    const onWs = await rejection(
      h.client.send(
        new CreateAuthorizerCommand({ ApiId: ws, AuthorizerType: 'JWT', IdentitySource: ['$request.header.A'], Name: 'j', JwtConfiguration: { Audience: ['x'], Issuer: ISSUER } }),
      ),
    );
    expect(onWs.message).toBe('JWT authorizers are supported only for HTTP APIs');
  });

  it('creates an HTTP Lambda authorizer with payload 2.0 and simple responses', async () => {
    const ApiId = await api('HTTP');
    const a = await h.client.send(
      new CreateAuthorizerCommand({
        ApiId,
        AuthorizerType: 'REQUEST',
        AuthorizerUri: AUTHORIZER_URI,
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        AuthorizerResultTtlInSeconds: 300,
        IdentitySource: ['$request.header.Authorization'],
        Name: 'lambda',
      }),
    );
    expect(a).toMatchObject({ AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 300 });
    const noVersion = await rejection(
      h.client.send(new CreateAuthorizerCommand({ ApiId, AuthorizerType: 'REQUEST', AuthorizerUri: AUTHORIZER_URI, IdentitySource: [], Name: 'l' })),
    );
    expect(noVersion.message).toBe('An authorizerPayloadFormatVersion of 1.0 or 2.0 is required for REQUEST authorizers of HTTP APIs');
    const caching = await rejection(
      h.client.send(
        new CreateAuthorizerCommand({
          ApiId,
          AuthorizerType: 'REQUEST',
          AuthorizerUri: AUTHORIZER_URI,
          AuthorizerPayloadFormatVersion: '1.0',
          AuthorizerResultTtlInSeconds: 60,
          IdentitySource: [],
          Name: 'l',
        }),
      ),
    );
    expect(caching.message).toBe('An identitySource is required when authorizer caching is enabled (authorizerResultTtlInSeconds > 0)');
    const ttl = await rejection(
      h.client.send(
        new CreateAuthorizerCommand({ ApiId, AuthorizerType: 'REQUEST', AuthorizerUri: AUTHORIZER_URI, AuthorizerResultTtlInSeconds: 4000, IdentitySource: [], Name: 'l' }),
      ),
    );
    expect(ttl.message).toBe(
      "1 validation error detected: Value '4000' at 'authorizerResultTtlInSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600",
    );
  });

  it('creates a WebSocket REQUEST authorizer', async () => {
    const ApiId = await api('WEBSOCKET');
    const a = await h.client.send(
      new CreateAuthorizerCommand({ ApiId, AuthorizerType: 'REQUEST', AuthorizerUri: AUTHORIZER_URI, IdentitySource: ['route.request.header.Auth'], Name: 'ws' }),
    );
    expect(a).toMatchObject({ AuthorizerType: 'REQUEST', IdentitySource: ['route.request.header.Auth'] });
  });

  it('updates partially, lists, and refuses to delete an authorizer a route uses', async () => {
    const ApiId = await api('HTTP');
    const a = await h.client.send(
      new CreateAuthorizerCommand({ ApiId, AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], Name: 'j', JwtConfiguration: { Audience: ['a'], Issuer: ISSUER } }),
    );
    const u = await h.client.send(new UpdateAuthorizerCommand({ ApiId, AuthorizerId: a.AuthorizerId, JwtConfiguration: { Audience: ['a', 'b'] } }));
    expect(u).toMatchObject({ Name: 'j', JwtConfiguration: { Audience: ['a', 'b'], Issuer: ISSUER } });
    expect((await h.client.send(new GetAuthorizersCommand({ ApiId }))).Items).toHaveLength(1);
    const { RouteId } = await h.client.send(
      new CreateRouteCommand({ ApiId, RouteKey: 'GET /a', AuthorizationType: 'JWT', AuthorizerId: a.AuthorizerId }),
    );
    const inUse = await rejection(h.client.send(new DeleteAuthorizerCommand({ ApiId, AuthorizerId: a.AuthorizerId })));
    expect(inUse.name).toBe('ConflictException');
    expect(inUse.message).toBe("Cannot delete authorizer 'j', is referenced in route: GET /a");
    await h.client.send(new DeleteRouteCommand({ ApiId, RouteId }));
    expect((await h.client.send(new DeleteAuthorizerCommand({ ApiId, AuthorizerId: a.AuthorizerId }))).$metadata.httpStatusCode).toBe(204);
    const gone = await rejection(h.client.send(new GetAuthorizerCommand({ ApiId, AuthorizerId: a.AuthorizerId })));
    expect(gone).toBeInstanceOf(NotFoundException);
    expect(gone.message).toBe(`Invalid Authorizer identifier specified ${a.AuthorizerId}`);
  });
});

describe('models (WebSocket)', () => {
  const schema = JSON.stringify({ type: 'object', properties: { action: { type: 'string' } } });

  it('creates, reads, lists, updates and deletes a model; names are unique', async () => {
    const ApiId = await api('WEBSOCKET');
    const m = await h.client.send(new CreateModelCommand({ ApiId, Name: 'Message', Schema: schema, ContentType: 'application/json' }));
    expect(m.$metadata.httpStatusCode).toBe(201);
    expect(m).toMatchObject({ Name: 'Message', Schema: schema, ContentType: 'application/json' });
    const dup = await rejection(h.client.send(new CreateModelCommand({ ApiId, Name: 'Message', Schema: schema })));
    expect(dup.name).toBe('ConflictException');
    expect(dup.message).toBe('Model name already exists for this API: Message');
    const u = await h.client.send(new UpdateModelCommand({ ApiId, ModelId: m.ModelId, Description: 'chat message' }));
    expect(u).toMatchObject({ Name: 'Message', Description: 'chat message', Schema: schema });
    expect((await h.client.send(new GetModelsCommand({ ApiId }))).Items).toHaveLength(1);
    expect((await h.client.send(new GetModelTemplateCommand({ ApiId, ModelId: m.ModelId }))).Value).toContain('$input');
    await h.client.send(new DeleteModelCommand({ ApiId, ModelId: m.ModelId }));
    const gone = await rejection(h.client.send(new GetModelCommand({ ApiId, ModelId: m.ModelId })));
    expect(gone.message).toBe(`Invalid Model identifier specified ${m.ModelId}`);
  });

  it('rejects a schema that is not JSON and models on HTTP APIs', async () => {
    const ApiId = await api('WEBSOCKET');
    const bad = await rejection(h.client.send(new CreateModelCommand({ ApiId, Name: 'M', Schema: '{nope' })));
    expect(bad.message).toBe('Invalid model schema specified: the schema must be a JSON document');
    const http = await api('HTTP');
    const onHttp = await rejection(h.client.send(new CreateModelCommand({ ApiId: http, Name: 'M', Schema: schema })));
    expect(onHttp.message).toBe('Models are supported only for WebSocket APIs');
  });
});
