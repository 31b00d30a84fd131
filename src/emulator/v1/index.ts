import type { Route } from '../router.js';

/** apigateway (2015-07-09) routes. */
export const v1Routes: Route[] = [];
