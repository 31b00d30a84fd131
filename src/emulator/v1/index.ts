import type { Route } from '../router.js';
import { restApiRoutes } from './rest-apis.js';
import { resourceRoutes } from './resources.js';
import { methodRoutes } from './methods.js';
import { integrationRoutes } from './integrations.js';
import { authorizerRoutes } from './authorizers.js';
import { modelRoutes } from './models.js';
import { requestValidatorRoutes } from './request-validators.js';
import { gatewayResponseRoutes } from './gateway-responses.js';
import { deploymentRoutes } from './deployments.js';
import { stageRoutes } from './stages.js';
import { apiKeyRoutes } from './api-keys.js';
import { usagePlanRoutes } from './usage-plans.js';
import { usagePlanKeyRoutes } from './usage-plan-keys.js';
import { domainNameRoutes } from './domain-names.js';
import { basePathMappingRoutes } from './base-path-mappings.js';
import { accessAssociationRoutes } from './access-associations.js';
import { tagRoutes } from './tags.js';
import { accountRoutes } from './account.js';
import { vpcLinkRoutes } from './vpc-links.js';
import { notEmulatedRoutes } from './not-emulated.js';
import { importRoutes } from './import.js';
import { clientCertificateRoutes } from './client-certificates.js';
import { documentationRoutes } from './documentation.js';

/** apigateway (2015-07-09) routes: paths and operation names as in the service model. */
export const v1Routes: Route[] = [
  ...restApiRoutes,
  ...resourceRoutes,
  ...methodRoutes,
  ...integrationRoutes,
  ...authorizerRoutes,
  ...modelRoutes,
  ...requestValidatorRoutes,
  ...gatewayResponseRoutes,
  ...deploymentRoutes,
  ...stageRoutes,
  ...apiKeyRoutes,
  ...usagePlanRoutes,
  ...usagePlanKeyRoutes,
  ...domainNameRoutes,
  ...basePathMappingRoutes,
  ...accessAssociationRoutes,
  ...tagRoutes,
  ...clientCertificateRoutes,
  ...accountRoutes,
  ...vpcLinkRoutes,
  ...importRoutes,
  ...documentationRoutes,
  ...notEmulatedRoutes,
];
