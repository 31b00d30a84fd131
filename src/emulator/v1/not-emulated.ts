import type { Route } from '../router.js';
import { AwsError } from '../aws-error.js';

/**
 * Operations of the service model the emulator does not serve. They get their own routes so that,
 * for example, ImportApiKeys (`POST /apikeys?mode=import`) is not mistaken for CreateApiKey, and
 * the caller learns plainly that the emulator, not the request, is the limit.
 */
const OPS: [Route['method'], string, string, Record<string, string>?][] = [
  ['POST', '/apikeys', 'ImportApiKeys', { mode: 'import' }],
  ['GET', '/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}', 'GetExport'],
  ['GET', '/restapis/{restapi_id}/stages/{stage_name}/sdks/{sdk_type}', 'GetSdk'],
  ['POST', '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}', 'TestInvokeMethod'],
  ['POST', '/restapis/{restapi_id}/authorizers/{authorizer_id}', 'TestInvokeAuthorizer'],
  ['DELETE', '/restapis/{restapi_id}/stages/{stage_name}/cache/data', 'FlushStageCache'],
  ['DELETE', '/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers', 'FlushStageAuthorizersCache'],
  ['GET', '/sdktypes', 'GetSdkTypes'],
  ['PATCH', '/usageplans/{usageplanId}/keys/{keyId}/usage', 'UpdateUsage'],
  ['GET', '/restapis/{restapi_id}/models/{model_name}/default_template', 'GetModelTemplate'],
  ['GET', '/sdktypes/{sdktype_id}', 'GetSdkType'],
];

export const notEmulatedRoutes: Route[] = OPS.map(([method, path, operation, query]) => ({
  method,
  path,
  operation,
  ...(query ? { query } : {}),
  handler: () => {
    throw new AwsError('NotImplementedException', 501, `${operation} is not emulated by the apigw-sync emulator (see docs/emulator.md)`);
  },
}));
