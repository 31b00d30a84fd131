import { Type } from '@sinclair/typebox';
import { bool, enumOf, int, mapOf, obj, opt, str, stringMap, Tags, templates } from './fields.js';
import { CONTENT_HANDLING, PASSTHROUGH } from './rest-method.js';
import { V2Model, V2Stage, v2AuthorizerBase, v2IntegrationBase, v2IpAddressType } from './v2-common.js';

/** Schema of a WebSocket API (AWS `apigatewayv2`, protocol WEBSOCKET). */

export const WsIntegrationResponse = obj('An integration response, keyed by integration response key (`$default`, `/4\\d\\d/`).', {
  responseTemplates: opt(templates('Template key to response template.')),
  responseParameters: opt(stringMap('Response parameter mappings.', 'Value.')),
  templateSelectionExpression: opt(str('Selects the response template.')),
  contentHandling: opt(enumOf(CONTENT_HANDLING, 'Convert the payload between text and binary.')),
});

export const WsIntegration = obj('An integration of a WebSocket API, named so that routes can refer to it.', {
  ...v2IntegrationBase,
  timeoutInMillis: opt(int('Integration timeout in milliseconds, 50 to 29000 (AWS default 29000).', 50, 29000)),
  requestTemplates: opt(templates('Template key to request template (VTL).')),
  templateSelectionExpression: opt(str('Selects the request template, e.g. `\\$default`.')),
  requestParameters: opt(stringMap('Request parameter mappings: `integration.request.header.NAME` to a source.', 'Source expression.')),
  passthroughBehavior: opt(enumOf(PASSTHROUGH, 'What happens when no template matches (AWS default WHEN_NO_MATCH).')),
  contentHandling: opt(enumOf(CONTENT_HANDLING, 'Convert the payload between text and binary.')),
  responses: opt(mapOf('Integration responses by integration response key.', WsIntegrationResponse)),
});

export const WsAuthorizer = obj('A Lambda REQUEST authorizer of a WebSocket API (used on `$connect`).', {
  type: enumOf(['REQUEST'] as const, 'REQUEST (the only type WebSocket APIs support).'),
  ...v2AuthorizerBase,
  identityValidationExpression: opt(str('Regular expression the identity must match.')),
});

export const WsRouteResponse = obj('A route response (sends the integration\'s answer back to the client), keyed by route response key (`$default`).', {
  modelSelectionExpression: opt(str('Selects the response model.')),
  responseModels: opt(stringMap('Model names by key.', 'Model name.')),
  responseParameters: opt(Type.Record(Type.String(), obj('Parameter constraint.', { required: bool('Whether the parameter is required.') }), {
    description: 'Response parameters and whether they are required.',
  })),
});

export const WsRoute = obj('A route of a WebSocket API, keyed by route key (`$connect`, `$disconnect`, `$default` or a custom action).', {
  integration: opt(str('Name of an integration of this API (under `integrations`).')),
  authorizer: opt(str('Name of an authorizer of this API; only on `$connect`.')),
  authorizationType: opt(enumOf(['NONE', 'AWS_IAM', 'CUSTOM'] as const, 'NONE (default), AWS_IAM or CUSTOM. Derived from `authorizer` when omitted.')),
  apiKeyRequired: opt(bool('Require an API key (only on `$connect`).')),
  operationName: opt(str('Friendly operation name.')),
  routeResponseSelectionExpression: opt(str('Enables route responses, e.g. `$default`.')),
  modelSelectionExpression: opt(str('Selects the request model.')),
  requestModels: opt(stringMap('Model names by key.', 'Model name.')),
  requestParameters: opt(Type.Record(Type.String(), obj('Parameter constraint.', { required: bool('Whether the parameter is required.') }), {
    description: 'Request parameters of `$connect`, e.g. `route.request.querystring.token`, and whether they are required.',
  })),
  responses: opt(mapOf('Route responses by route response key.', WsRouteResponse)),
});

export const WebSocketApi = obj('A WebSocket API (API Gateway v2, protocol WEBSOCKET).', {
  description: opt(str('Description of the API.')),
  deploymentDescription: opt(str('Description of the deployments apigw-sync makes for this API, e.g. `"${env:GITHUB_SHA:-local}"` so the console\'s deployment history says which commit deployed what. apigw-sync appends `[config:<hash>]`, the hash of the configuration deployed, which later plans read (default: a summary of the changes deployed).', { maxLength: 400 })),
  version: opt(str('Version label of the API.')),
  disableSchemaValidation: opt(bool('Skip validating the models when a deployment is created (AWS default false).')),
  tags: opt(Tags),
  routeSelectionExpression: str('Expression that selects the route of a message, e.g. `$request.body.action`.'),
  apiKeySelectionExpression: opt(str('Where the API key comes from: `$request.header.x-api-key` (default) or `$context.authorizer.usageIdentifierKey`.')),
  disableExecuteApiEndpoint: opt(bool('Disable the default execute-api endpoint.')),
  ipAddressType: opt(v2IpAddressType()),
  models: opt(mapOf('Models by name.', V2Model)),
  integrations: opt(mapOf('Integrations by name; routes refer to them by name.', WsIntegration)),
  authorizers: opt(mapOf('Authorizers by name.', WsAuthorizer)),
  routes: opt(mapOf('Routes by route key.', WsRoute)),
  stages: opt(mapOf('Stages by name.', V2Stage)),
});

export { bool };
