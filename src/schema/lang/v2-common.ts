import { Type } from '@sinclair/typebox';
import { AccessLog, bool, enumOf, int, jsonDocument, list, mapOf, obj, opt, str, stringMap, Tags, Throttle } from './fields.js';
import { LOGGING_LEVELS, STAGE_DEPLOYMENT_PATTERN } from './rest-stage.js';

/** Schemas shared by HTTP and WebSocket APIs (AWS `apigatewayv2`). */

export const v2IpAddressType = () =>
  enumOf(['ipv4', 'dualstack'] as const, 'IP address types that can invoke the API: `ipv4` (AWS default) or `dualstack` (IPv4 and IPv6).');

export const RouteSettings = obj('Route settings (throttling, logging, metrics).', {
  throttle: opt(Throttle),
  detailedMetricsEnabled: opt(bool('Publish detailed per-route CloudWatch metrics.')),
  loggingLevel: opt(enumOf(LOGGING_LEVELS, 'Execution log level (WebSocket APIs only): OFF, ERROR or INFO.')),
  dataTraceEnabled: opt(bool('Log full message data (WebSocket APIs only).')),
});

export const V2Stage = obj('A stage of an HTTP or WebSocket API.', {
  description: opt(str('Description of the stage.')),
  autoDeploy: opt(bool('Deploy every change automatically (AWS default false; apigw-sync then deploys when needed).')),
  deployment: opt(str('Which deployment the stage runs (not with `autoDeploy: true`): `follow` (default) takes every deployment apigw-sync makes; `pinned` stays on its deployment until `apigw-sync promote --from STAGE --to THIS`; a configuration hash (12 hex digits, the `[config:...]` of a deployment\'s description and of the plan) runs the deployment of that configuration.', { pattern: STAGE_DEPLOYMENT_PATTERN })),
  variables: opt(stringMap('Stage variables.', 'Value.')),
  accessLog: opt(AccessLog),
  defaultRouteSettings: opt(RouteSettings),
  routeSettings: opt(mapOf('Per-route overrides keyed by route key.', RouteSettings)),
  clientCertificate: opt(str('Name of a client certificate (under `clientCertificates`) API Gateway presents to HTTP backends (WebSocket APIs only).')),
  clientCertificateId: opt(str('Id of a client certificate made outside the spec set (WebSocket APIs only; prefer `clientCertificate`, by name).')),
  tags: opt(Tags),
});

export const V2Model = obj('A model (JSON Schema) for WebSocket request or response validation.', {
  contentType: opt(str('Content type (default `application/json`).')),
  description: opt(str('Description.')),
  schema: jsonDocument('The JSON Schema: a YAML mapping, a JSON string, or `{ $file: path }`.'),
});

export const V2_INTEGRATION_TYPES = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'] as const;

/** Fields of an integration common to HTTP and WebSocket APIs. */
export const v2IntegrationBase = {
  lambda: opt(str('Shorthand: a Lambda function ARN. Sets `type: AWS_PROXY` and the `uri` (see docs/spec.md).')),
  type: opt(enumOf(V2_INTEGRATION_TYPES, 'Integration type. Required unless `lambda` is given.')),
  lambdaPermission: opt(bool('`false`: apigw-sync adds no invoke permission for the Lambda this calls (the function\'s own stack grants it). Default: the permission is managed (see `lambdaPermissions` at the top of a spec file).')),
  uri: opt(str('Integration URI: a Lambda ARN, an HTTP URL, or for private integrations an ALB/NLB listener ARN or Cloud Map service ARN.')),
  httpMethod: opt(str('HTTP method used to call the backend (`integrationMethod`).')),
  description: opt(str('Description of the integration.')),
  credentialsArn: opt(str('IAM role ARN API Gateway assumes to call the backend.')),
  vpcLink: opt(str('Private integration: the name of the VPC link (under `vpcLinks` or existing in the account) it goes through; HTTP APIs use links with `subnetIds`, WebSocket APIs links with `targetArns`. Implies `connectionType: VPC_LINK`.')),
  connectionType: opt(enumOf(['INTERNET', 'VPC_LINK'] as const, 'INTERNET (default) or VPC_LINK for a private integration (implied by `vpcLink`).')),
  connectionId: opt(str('Deprecated in specs: a VPC link id. Name the link with `vpcLink` instead.')),
} as const;

export const v2AuthorizerBase = {
  identitySource: list('Identity sources, e.g. `$request.header.Authorization` (HTTP) or `route.request.header.Auth` (WebSocket).', Type.String(), { minItems: 1 }),
  lambda: opt(str('Shorthand for REQUEST authorizers: the function ARN; builds `authorizerUri`.')),
  authorizerUri: opt(str('Invocation URI of the Lambda authorizer.')),
  lambdaPermission: opt(bool('`false`: apigw-sync adds no invoke permission for the Lambda this calls (the function\'s own stack grants it). Default: the permission is managed (see `lambdaPermissions` at the top of a spec file).')),
  authorizerCredentialsArn: opt(str('IAM role ARN API Gateway assumes to invoke the authorizer.')),
  authorizerResultTtlInSeconds: opt(int('Result cache time in seconds, 0 to 3600 (HTTP APIs).', 0, 3600)),
} as const;

export { jsonDocument, Tags };
