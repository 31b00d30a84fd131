import { AwsError } from '../aws-error.js';
import type { Route } from '../router.js';

/**
 * apigatewayv2 operations the emulator does not serve (OpenAPI export, developer portals). They
 * have routes so that the caller learns plainly that the emulator, not the request, is the limit: a
 * 501 naming the operation instead of a routing error.
 */
const OPS: [Route['method'], string, string][] = [
  ['GET', '/v2/apis/{apiId}/exports/{specification}', 'ExportApi'],
  ['POST', '/v2/portals', 'CreatePortal'],
  ['GET', '/v2/portals', 'ListPortals'],
  ['GET', '/v2/portals/{portalId}', 'GetPortal'],
  ['PATCH', '/v2/portals/{portalId}', 'UpdatePortal'],
  ['DELETE', '/v2/portals/{portalId}', 'DeletePortal'],
  ['POST', '/v2/portals/{portalId}/preview', 'PreviewPortal'],
  ['POST', '/v2/portals/{portalId}/publish', 'PublishPortal'],
  ['DELETE', '/v2/portals/{portalId}/publish', 'DisablePortal'],
  ['POST', '/v2/portalproducts', 'CreatePortalProduct'],
  ['GET', '/v2/portalproducts', 'ListPortalProducts'],
  ['GET', '/v2/portalproducts/{portalProductId}', 'GetPortalProduct'],
  ['PATCH', '/v2/portalproducts/{portalProductId}', 'UpdatePortalProduct'],
  ['DELETE', '/v2/portalproducts/{portalProductId}', 'DeletePortalProduct'],
  ['GET', '/v2/portalproducts/{portalProductId}/sharingpolicy', 'GetPortalProductSharingPolicy'],
  ['PUT', '/v2/portalproducts/{portalProductId}/sharingpolicy', 'PutPortalProductSharingPolicy'],
  ['DELETE', '/v2/portalproducts/{portalProductId}/sharingpolicy', 'DeletePortalProductSharingPolicy'],
  ['POST', '/v2/portalproducts/{portalProductId}/productpages', 'CreateProductPage'],
  ['GET', '/v2/portalproducts/{portalProductId}/productpages', 'ListProductPages'],
  ['GET', '/v2/portalproducts/{portalProductId}/productpages/{productPageId}', 'GetProductPage'],
  ['PATCH', '/v2/portalproducts/{portalProductId}/productpages/{productPageId}', 'UpdateProductPage'],
  ['DELETE', '/v2/portalproducts/{portalProductId}/productpages/{productPageId}', 'DeleteProductPage'],
  ['POST', '/v2/portalproducts/{portalProductId}/productrestendpointpages', 'CreateProductRestEndpointPage'],
  ['GET', '/v2/portalproducts/{portalProductId}/productrestendpointpages', 'ListProductRestEndpointPages'],
  ['GET', '/v2/portalproducts/{portalProductId}/productrestendpointpages/{productRestEndpointPageId}', 'GetProductRestEndpointPage'],
  ['PATCH', '/v2/portalproducts/{portalProductId}/productrestendpointpages/{productRestEndpointPageId}', 'UpdateProductRestEndpointPage'],
  ['DELETE', '/v2/portalproducts/{portalProductId}/productrestendpointpages/{productRestEndpointPageId}', 'DeleteProductRestEndpointPage'],
];

export const notEmulatedV2Routes: Route[] = OPS.map(([method, path, operation]) => ({
  method,
  path,
  operation,
  handler: () => {
    throw new AwsError('NotImplementedException', 501, `${operation} is not emulated by the apigw-sync emulator (see docs/emulator-v2.md)`);
  },
}));
