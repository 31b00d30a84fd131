import { Type } from '@sinclair/typebox';
import { bool, enumOf, int, list, mapOf, obj, opt, str, stringMap, templates } from './fields.js';

/** Schemas of a REST API method: the method itself, its integration and their responses. */

export const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const;
export const PASSTHROUGH = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const;
export const REST_INTEGRATION_TYPES = ['AWS', 'AWS_PROXY', 'HTTP', 'HTTP_PROXY', 'MOCK'] as const;
export const REST_AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'] as const;

export const IntegrationResponse = obj('How a backend response becomes this method response status.', {
  selectionPattern: opt(str('Regular expression matched against the backend error message (Lambda) or HTTP status (HTTP); omit for the default response.')),
  responseParameters: opt(stringMap('Response header mappings: `method.response.header.NAME` to a value such as `\'*\'` or `integration.response.header.NAME`.', 'Mapping expression or quoted static value.')),
  responseTemplates: opt(templates('Content type to response mapping template (VTL).', { passthrough: true })),
  contentHandling: opt(enumOf(CONTENT_HANDLING, 'Convert the response payload between text and binary.')),
});

export const Integration = obj('The backend this method calls (AWS `PutIntegration`).', {
  lambda: opt(str('Shorthand: a Lambda function ARN (may end in `:${stageVariables.NAME}`). Sets `type: AWS_PROXY` (unless `type: AWS`), `httpMethod: POST` and the invocation `uri`.')),
  type: opt(enumOf(REST_INTEGRATION_TYPES, 'Integration type. Required unless `lambda` is given.')),
  lambdaPermission: opt(bool('`false`: apigw-sync adds no invoke permission for the Lambda this calls (the function\'s own stack grants it). Default: the permission is managed (see `lambdaPermissions` at the top of a spec file).')),
  uri: opt(str('Backend URI: an https URL for HTTP/HTTP_PROXY, an `arn:aws:apigateway:REGION:SERVICE:path|action/...` for AWS/AWS_PROXY. Not allowed for MOCK.')),
  httpMethod: opt(str('HTTP method API Gateway uses to call the backend (`integrationHttpMethod`); always POST for Lambda.')),
  credentials: opt(str('IAM role ARN API Gateway assumes to call the backend, or `arn:aws:iam::*:user/*` to pass the caller\'s credentials.')),
  requestParameters: opt(stringMap('Integration request parameters: `integration.request.(header|querystring|path).NAME` to a source such as `method.request.path.id` or a quoted static value.', 'Source expression.')),
  requestTemplates: opt(templates('Content type to request mapping template (VTL).', { passthrough: true })),
  passthroughBehavior: opt(enumOf(PASSTHROUGH, 'What happens to a request whose content type has no template (AWS default WHEN_NO_MATCH).')),
  timeoutInMillis: opt(int('Integration timeout in milliseconds (AWS default 29000): 50 to 29000; up to 300000 on REGIONAL and PRIVATE APIs once the account\'s integration timeout quota is raised; up to 900000 (15 minutes) with responseTransferMode STREAM.', 50, 900000)),
  contentHandling: opt(enumOf(CONTENT_HANDLING, 'Convert the request payload between text and binary.')),
  cacheKeyParameters: opt(list('Request parameters (`method.request.*`) that are part of the cache key.', Type.String())),
  cacheNamespace: opt(str('Cache namespace shared by related methods (AWS default: the resource).')),
  vpcLink: opt(str('Private integration: the name of the VPC link (a REST link with `targetArns`, or with `integrationTarget` an HTTP API link with `subnetIds`; under `vpcLinks` or existing in the account) it goes through. Implies `connectionType: VPC_LINK`.')),
  connectionType: opt(enumOf(['INTERNET', 'VPC_LINK'] as const, 'INTERNET (default) or VPC_LINK for a private integration (implied by `vpcLink`).')),
  integrationTarget: opt(str('Private integration to a load balancer through a VPC link V2: the ARN of the Application or Network Load Balancer (or its listener). `vpcLink` then names an HTTP API link (with `subnetIds`); `uri` is the URL API Gateway sends (its host and port, e.g. `https://orders.internal:443/`).')),
  connectionId: opt(str('`${stageVariables.NAME}`: the stage variable that holds the VPC link id, with `connectionType: VPC_LINK`. Name a link with `vpcLink` instead of writing its id.')),
  responseTransferMode: opt(enumOf(['BUFFERED', 'STREAM'] as const, 'BUFFERED (AWS default): API Gateway sends the response once it has all of it; STREAM: it streams the backend\'s response as it arrives. STREAM is allowed on HTTP_PROXY and AWS_PROXY (Lambda proxy) integrations only.')),
  tlsConfig: opt(obj('TLS settings for HTTP backends.', {
    insecureSkipVerification: opt(bool('Skip verification of the backend certificate (not recommended).')),
  })),
  responses: opt(mapOf('Integration responses by method response status code (`"200"`).', IntegrationResponse)),
});

export const MethodResponse = obj('A response status this method declares (AWS `PutMethodResponse`).', {
  responseParameters: opt(Type.Record(Type.String(), Type.Boolean({ description: 'Whether the header is required.' }), {
    description: 'Response headers the method may return: `method.response.header.NAME` to required (true/false).',
  })),
  responseModels: opt(stringMap('Content type to the name of a model of this API (or `Empty`, `Error`).', 'Model name.')),
});

export const Method = obj('An HTTP method on a resource (AWS `PutMethod`).', {
  authorizationType: opt(enumOf(REST_AUTHORIZATION_TYPES, 'NONE (default), AWS_IAM, CUSTOM or COGNITO_USER_POOLS. Derived from `authorizer` when omitted.')),
  authorizer: opt(str('Name of an authorizer of this API (under `authorizers`).')),
  authorizationScopes: opt(list('OAuth scopes accepted by a COGNITO_USER_POOLS authorizer.', Type.String())),
  apiKeyRequired: opt(bool('Whether callers must send an API key (`x-api-key`). Default false.')),
  operationName: opt(str('Friendly operation name, used by generated SDKs.')),
  requestParameters: opt(Type.Record(Type.String(), Type.Boolean({ description: 'Whether the parameter is required.' }), {
    description: 'Request parameters: `method.request.(path|querystring|header|multivaluequerystring|multivalueheader).NAME` to required (true/false).',
  })),
  requestModels: opt(stringMap('Content type to the name of a model of this API that describes the request body.', 'Model name.')),
  requestValidator: opt(str('Name of a request validator of this API (under `requestValidators`).')),
  integration: Integration,
  responses: opt(mapOf('Method responses by status code (`"200"`).', MethodResponse)),
});

/** A resource: its methods keyed by HTTP verb. */
export const Resource = obj('A resource (URL path) and its methods, keyed by HTTP verb.', {
  GET: opt(Method),
  POST: opt(Method),
  PUT: opt(Method),
  PATCH: opt(Method),
  DELETE: opt(Method),
  HEAD: opt(Method),
  OPTIONS: opt(Method),
  ANY: opt(Method),
});
