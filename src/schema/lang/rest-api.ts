import { Type } from '@sinclair/typebox';
import { EndpointAccessMode, SECURITY_POLICIES } from './account.js';
import { bool, enumOf, int, INT32_MAX, jsonDocument, list, mapOf, obj, opt, str, stringMap, Tags, templates } from './fields.js';
import { Resource } from './rest-method.js';
import { RestStage } from './rest-stage.js';

/** Schema of a REST API (AWS `apigateway`): the API's own settings and everything under it. */

export const GATEWAY_RESPONSE_TYPES = [
  'DEFAULT_4XX', 'DEFAULT_5XX', 'RESOURCE_NOT_FOUND', 'UNAUTHORIZED', 'INVALID_API_KEY', 'ACCESS_DENIED',
  'AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR', 'INVALID_SIGNATURE', 'EXPIRED_TOKEN',
  'MISSING_AUTHENTICATION_TOKEN', 'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT', 'API_CONFIGURATION_ERROR',
  'UNSUPPORTED_MEDIA_TYPE', 'BAD_REQUEST_PARAMETERS', 'BAD_REQUEST_BODY', 'REQUEST_TOO_LARGE', 'THROTTLED',
  'QUOTA_EXCEEDED', 'WAF_FILTERED',
] as const;

export const Model = obj('A model: a JSON Schema (draft 4) describing a request or response body.', {
  contentType: opt(str('Content type the model describes (default `application/json`).')),
  description: opt(str('Description of the model.')),
  schema: jsonDocument('The JSON Schema: a YAML mapping, a JSON string, or `{ $file: models/x.schema.json }`.'),
});

export const RequestValidator = obj('A request validator that methods name in `requestValidator`.', {
  validateRequestBody: opt(bool('Validate the body against the method\'s request model.')),
  validateRequestParameters: opt(bool('Validate that required request parameters are present.')),
});

export const Authorizer = obj('An authorizer: a Lambda (TOKEN, REQUEST) or a Cognito user pool.', {
  type: enumOf(['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'] as const, 'TOKEN or REQUEST (Lambda authorizers), or COGNITO_USER_POOLS.'),
  lambda: opt(str('Shorthand for Lambda authorizers: the function ARN; builds `authorizerUri`.')),
  authorizerUri: opt(str('Invocation URI of the Lambda authorizer (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FN_ARN/invocations`).')),
  lambdaPermission: opt(bool('`false`: apigw-sync adds no invoke permission for the Lambda this calls (the function\'s own stack grants it). Default: the permission is managed (see `lambdaPermissions` at the top of a spec file).')),
  authorizerCredentials: opt(str('IAM role ARN API Gateway assumes to invoke the authorizer.')),
  identitySource: opt(str('Where the identity comes from: `method.request.header.Authorization` (TOKEN, COGNITO) or a comma-separated list of `method.request.*`/`stageVariables.*`/`context.*` (REQUEST).')),
  identityValidationExpression: opt(str('Regular expression the token must match before the authorizer is called (TOKEN, COGNITO).')),
  authorizerResultTtlInSeconds: opt(int('How long the authorizer\'s result is cached, 0 to 3600 seconds (AWS default 300).', 0, 3600)),
  providerArns: opt(list('Cognito user pool ARNs (COGNITO_USER_POOLS).', Type.String(), { minItems: 1 })),
  authType: opt(str('Optional label of the authorization type, shown in generated SDKs.')),
});

export const GatewayResponse = obj('A customised gateway response (AWS `PutGatewayResponse`).', {
  statusCode: opt(str('HTTP status code to return instead of the default.', { pattern: '^[1-5][0-9][0-9]$' })),
  responseParameters: opt(stringMap('Response headers: `gatewayresponse.header.NAME` to a quoted static value or mapping expression.', 'Value.')),
  responseTemplates: opt(templates('Content type to response template.')),
});

const gatewayResponseProps = Object.fromEntries(GATEWAY_RESPONSE_TYPES.map((t) => [t, opt(GatewayResponse)]));

export const DOCUMENTATION_PART_TYPES = [
  'API', 'AUTHORIZER', 'MODEL', 'RESOURCE', 'METHOD', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER',
  'REQUEST_BODY', 'RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY',
] as const;

export const DocumentationLocation = obj('Which entity of the API the part documents (AWS `DocumentationPartLocation`). Which fields a type takes: `path` for RESOURCE, METHOD and every parameter, body and response type (default `/`); `method` for METHOD and those below it (default `*`, any method); `statusCode` for RESPONSE, RESPONSE_HEADER and RESPONSE_BODY (default `*`, any status); `name` for AUTHORIZER, MODEL, PATH_PARAMETER, QUERY_PARAMETER, REQUEST_HEADER and RESPONSE_HEADER (required), and REQUEST_BODY (optional).', {
  type: enumOf(DOCUMENTATION_PART_TYPES, 'The kind of entity documented.'),
  path: opt(str('Resource path, e.g. `/pets/{petId}` (default `/`). Must be a resource of the spec.')),
  method: opt(str('HTTP verb, e.g. `GET`, or `*` for any method (default `*`).')),
  statusCode: opt(str('Status code of a response, or `*` for any (default `*`).', { pattern: '^([1-5][0-9][0-9]|\\*)$' })),
  name: opt(str('Name of the authorizer, model, parameter or header documented.')),
});

export const DocumentationPart = obj('A documentation part: content for one entity of the API, identified by its location (never by id).', {
  location: DocumentationLocation,
  properties: jsonDocument('The content: a YAML mapping (or a JSON string, or `{ $file: docs/x.json }`) of OpenAPI documentation fields such as `description`, `summary`, `tags`. Compared as parsed JSON.'),
});

export const DocumentationVersion = obj('A documentation version: a snapshot of the parts, taken when apply creates it.', {
  description: opt(str('Description of the version.')),
});

export const Documentation = obj('Documentation of the API (AWS documentation parts and versions).', {
  parts: opt(list('Documentation parts; each location at most once.', DocumentationPart)),
  versions: opt(mapOf('Documentation versions by version id (e.g. `1.0.0`). A version snapshots the parts when it is created; AWS keeps it as it was (only its description can change), so publish new content under a new version.', DocumentationVersion)),
});

export const RestCors = obj('CORS shorthand: adds to every resource an OPTIONS method with a MOCK integration returning the Access-Control-* headers (see docs/spec.md for the exact expansion).', {
  allowOrigin: opt(str('Value of Access-Control-Allow-Origin (one origin, or `*`; default `*`).')),
  allowMethods: opt(list('Methods for Access-Control-Allow-Methods (default: the resource\'s own methods and OPTIONS).', Type.String())),
  allowHeaders: opt(list('Headers for Access-Control-Allow-Headers (default Content-Type, X-Amz-Date, Authorization, X-Api-Key, X-Amz-Security-Token).', Type.String())),
  exposeHeaders: opt(list('Headers for Access-Control-Expose-Headers (omitted when absent).', Type.String())),
  allowCredentials: opt(bool('Send Access-Control-Allow-Credentials: true.')),
  maxAge: opt(int('Access-Control-Max-Age in seconds (omitted when absent).', 0, INT32_MAX)),
});

export const RestApi = obj('A REST API (API Gateway v1).', {
  description: opt(str('Description of the API.')),
  deploymentDescription: opt(str('Description of the deployments apigw-sync makes for this API, e.g. `"${env:GITHUB_SHA:-local}"` so the console\'s deployment history says which commit deployed what. apigw-sync appends `[config:<hash>]`, the hash of the configuration deployed, which later plans read (default: a summary of the changes deployed).', { maxLength: 400 })),
  version: opt(str('Version label of the API (shown in exports). AWS sets it when the API is created and has no update path for it: a changed version is kept, with a notice.')),
  endpointType: opt(enumOf(['REGIONAL', 'EDGE', 'PRIVATE'] as const, 'Endpoint type (AWS default EDGE).')),
  vpcEndpointIds: opt(list('VPC endpoint ids that may reach a PRIVATE API.', Type.String())),
  ipAddressType: opt(enumOf(['ipv4', 'dualstack'] as const, 'IP address types that can invoke the API: `ipv4` (AWS default) or `dualstack` (IPv4 and IPv6). PRIVATE APIs are always `dualstack` (AWS\'s default for them).')),
  securityPolicy: opt(enumOf(SECURITY_POLICIES, 'TLS security policy of the API\'s default endpoint (AWS default TLS_1_0, TLS_1_2 for PRIVATE APIs). `SecurityPolicy_*` policies are enhanced and need `endpointAccessMode`; `*_EDGE` ones are for EDGE APIs, the others for REGIONAL and PRIVATE ones.')),
  endpointAccessMode: opt(EndpointAccessMode),
  tags: opt(Tags),
  binaryMediaTypes: opt(list('Content types treated as binary, e.g. `image/png`, `*/*`.', Type.String())),
  minimumCompressionSize: opt(int('Compress responses larger than this many bytes (0 to 10485760); absent means compression off.', 0, 10485760)),
  apiKeySource: opt(enumOf(['HEADER', 'AUTHORIZER'] as const, 'Where API keys come from (AWS default HEADER).')),
  policy: opt(jsonDocument('Resource policy (IAM policy document): a YAML mapping, a JSON string, or `{ $file: policy.json }`.')),
  disableExecuteApiEndpoint: opt(bool('Disable the default execute-api endpoint (clients must use a custom domain).')),
  cors: opt(RestCors),
  models: opt(mapOf('Models by name (alphanumeric). `Empty` and `Error` exist on every API.', Model)),
  requestValidators: opt(mapOf('Request validators by name.', RequestValidator)),
  authorizers: opt(mapOf('Authorizers by name.', Authorizer)),
  gatewayResponses: opt(obj('Customised gateway responses by response type.', gatewayResponseProps)),
  resources: opt(mapOf('Resources by path (`/users`, `/users/{id}`, `/{proxy+}`). Parent paths are created as needed.', Resource)),
  documentation: opt(Documentation),
  stages: opt(mapOf('Stages by name. Each stage is deployed with the API\'s current definition.', RestStage)),
});
