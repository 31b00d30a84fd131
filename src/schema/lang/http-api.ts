import { Type } from '@sinclair/typebox';
import { bool, enumOf, int, list, mapOf, obj, opt, str, stringMap, Tags } from './fields.js';
import { V2Stage, v2AuthorizerBase, v2IntegrationBase, v2IpAddressType } from './v2-common.js';

/** Schema of an HTTP API (AWS `apigatewayv2`, protocol HTTP). */

export const HttpCors = obj('CORS configuration of the HTTP API (AWS `CorsConfiguration`); API Gateway answers preflight requests itself.', {
  allowOrigins: opt(list('Allowed origins, e.g. `https://app.example.com` or `*`.', Type.String())),
  allowMethods: opt(list('Allowed methods, e.g. GET, POST or `*`.', Type.String())),
  allowHeaders: opt(list('Allowed request headers.', Type.String())),
  exposeHeaders: opt(list('Response headers exposed to the browser.', Type.String())),
  allowCredentials: opt(bool('Allow credentials (cookies, authorization headers).')),
  maxAge: opt(int('Seconds browsers may cache the preflight response, -1 to 86400.', -1, 86400)),
});

export const HttpIntegration = obj('An integration of an HTTP API, named so that routes can refer to it.', {
  ...v2IntegrationBase,
  payloadFormatVersion: opt(enumOf(['1.0', '2.0'] as const, 'Payload format sent to Lambda: 1.0 or 2.0 (the `lambda` shorthand defaults to 2.0).')),
  integrationSubtype: opt(str('AWS service action for AWS_PROXY service integrations, e.g. `SQS-SendMessage`.')),
  timeoutInMillis: opt(int('Integration timeout in milliseconds, 50 to 30000 (AWS default 30000).', 50, 30000)),
  requestParameters: opt(stringMap('Parameter mappings, e.g. `append:header.X-Source` to `$context.requestId`, or for service integrations `QueueUrl` to a value.', 'Value or mapping expression.')),
  responseParameters: opt(Type.Record(Type.String(), stringMap('Mappings for this status code, e.g. `overwrite:header.X` to a value.', 'Value.'), {
    description: 'Response parameter mappings by backend status code (`"200"`).',
  })),
  tlsConfig: opt(obj('TLS settings for private integrations.', {
    serverNameToVerify: opt(str('Server name API Gateway verifies in the backend\'s certificate.')),
  })),
});

export const HttpAuthorizer = obj('An authorizer of an HTTP API: JWT (OIDC/OAuth 2.0) or a Lambda REQUEST authorizer.', {
  type: enumOf(['JWT', 'REQUEST'] as const, 'JWT or REQUEST (Lambda).'),
  ...v2AuthorizerBase,
  jwt: opt(obj('JWT settings (type JWT).', {
    issuer: str('Token issuer URL, e.g. `https://cognito-idp.REGION.amazonaws.com/POOL_ID`.'),
    audience: list('Accepted audiences (`aud` or `client_id`).', Type.String(), { minItems: 1 }),
  })),
  authorizerPayloadFormatVersion: opt(enumOf(['1.0', '2.0'] as const, 'Payload format sent to a Lambda authorizer (required for REQUEST).')),
  enableSimpleResponses: opt(bool('The Lambda authorizer returns `{ isAuthorized: bool }` (payload format 2.0 only).')),
});

export const HttpRoute = obj('A route of an HTTP API, keyed by route key (`GET /users/{id}`, `ANY /{proxy+}`, `$default`).', {
  integration: opt(str('Name of an integration of this API (under `integrations`).')),
  authorizer: opt(str('Name of an authorizer of this API (under `authorizers`).')),
  authorizationType: opt(enumOf(['NONE', 'AWS_IAM', 'JWT', 'CUSTOM'] as const, 'NONE (default), AWS_IAM, JWT or CUSTOM. Derived from `authorizer` when omitted.')),
  authorizationScopes: opt(list('Scopes the JWT must carry.', Type.String())),
  operationName: opt(str('Friendly operation name.')),
});

export const HttpApi = obj('An HTTP API (API Gateway v2, protocol HTTP).', {
  description: opt(str('Description of the API.')),
  deploymentDescription: opt(str('Description of the deployments apigw-sync makes for this API, e.g. `"${env:GITHUB_SHA:-local}"` so the console\'s deployment history says which commit deployed what. apigw-sync appends `[config:<hash>]`, the hash of the configuration deployed, which later plans read (default: a summary of the changes deployed).', { maxLength: 400 })),
  version: opt(str('Version label of the API (shown in exports).')),
  tags: opt(Tags),
  disableExecuteApiEndpoint: opt(bool('Disable the default execute-api endpoint (clients must use a custom domain).')),
  ipAddressType: opt(v2IpAddressType()),
  routeSelectionExpression: opt(str('Route selection expression (AWS default `$request.method $request.path`).')),
  cors: opt(HttpCors),
  target: opt(str('Quick create: a Lambda function ARN or an HTTP URL. AWS then makes the API with a route (`routeKey`) to an integration calling it (AWS_PROXY, payload 2.0, or HTTP_PROXY) and an auto-deploying `$default` stage, all managed by API Gateway. The target can be changed, never removed, and only on an API made this way.')),
  routeKey: opt(str('Quick create: the route key of the managed route (default `$default`), e.g. `ANY /orders`. Needs `target`.')),
  credentialsArn: opt(str('Quick create: IAM role API Gateway assumes to call the target (then no Lambda permission is needed). Needs `target`.')),
  integrations: opt(mapOf('Integrations by name; routes refer to them by name.', HttpIntegration)),
  authorizers: opt(mapOf('Authorizers by name.', HttpAuthorizer)),
  routes: opt(mapOf('Routes by route key.', HttpRoute)),
  stages: opt(mapOf('Stages by name (`$default` serves the API at its root).', V2Stage)),
});
