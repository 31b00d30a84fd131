import type { Route } from '../router.js';
import { apiMappingRoutes } from './api-mappings.js';
import { apiRoutes } from './apis.js';
import { authorizerRoutes } from './authorizers.js';
import { deploymentRoutes } from './deployments.js';
import { domainNameRoutes } from './domain-names.js';
import { integrationResponseRoutes } from './integration-responses.js';
import { importRoutes } from './import.js';
import { integrationRoutes } from './integrations.js';
import { modelRoutes } from './models.js';
import { notEmulatedV2Routes } from './not-emulated.js';
import { routeResponseRoutes } from './route-responses.js';
import { routeRoutes } from './routes.js';
import { routingRuleRoutes } from './routing-rules.js';
import { stageRoutes } from './stages.js';
import { tagRoutes } from './tags.js';
import { vpcLinkRoutes } from './vpc-links.js';

/** apigatewayv2 (2018-11-29) routes; every path starts with /v2/. */
export const v2Routes: Route[] = [
  ...apiRoutes,
  ...routeRoutes,
  ...routeResponseRoutes,
  ...integrationRoutes,
  ...integrationResponseRoutes,
  ...authorizerRoutes,
  ...modelRoutes,
  ...stageRoutes,
  ...deploymentRoutes,
  ...domainNameRoutes,
  ...apiMappingRoutes,
  ...routingRuleRoutes,
  ...tagRoutes,
  ...vpcLinkRoutes,
  ...importRoutes,
  ...notEmulatedV2Routes,
];
