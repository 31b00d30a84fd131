import type { Route } from '../router.js';

/** apigatewayv2 (2018-11-29) routes; every path starts with /v2/. */
export const v2Routes: Route[] = [];
