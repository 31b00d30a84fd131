import { badRequest, conflict } from '../aws-error.js';
import type { ApiRecord, RouteRecord } from './store.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY'];
const WEBSOCKET_SPECIAL = ['$connect', '$disconnect', '$default'];

/**
 * Route keys: an HTTP API takes `$default` or `METHOD /path` (a greedy `{name+}` only as the last
 * segment); a WebSocket API takes `$connect`, `$disconnect`, `$default` or a custom key that does not
 * start with `$`.
 */
export function checkRouteKey(protocolType: string, routeKey: string): void {
  if (protocolType === 'HTTP') {
    if (routeKey === '$default') return;
    const m = /^(\S+) (\/\S*)$/.exec(routeKey);
    const method = m?.[1];
    const path = m?.[2] ?? '';
    const segments = path.split('/').slice(1);
    const greedyMisplaced = segments.some((s, i) => /^\{.+\+\}$/.test(s) && i !== segments.length - 1);
    if (!method || !HTTP_METHODS.includes(method) || greedyMisplaced || (path.length > 1 && path.endsWith('/'))) {
      throw badRequest(
        `Invalid route key '${routeKey}'. A route key must be $default or an HTTP method (${HTTP_METHODS.join(', ')}) followed by a space and a path starting with /.`,
      );
    }
    return;
  }
  if (routeKey.startsWith('$') && !WEBSOCKET_SPECIAL.includes(routeKey)) {
    throw badRequest(`Invalid route key '${routeKey}'. Route keys starting with $ must be one of ${WEBSOCKET_SPECIAL.join(', ')}.`);
  }
}

/** Route keys are unique within an API: a second route with the same key is a conflict. */
export function checkRouteKeyFree(api: ApiRecord, routeKey: string, except?: RouteRecord): void {
  if (api.routes.some((r) => r !== except && r.route.routeKey === routeKey)) {
    throw conflict(`Route with key ${routeKey} already exists for this API`);
  }
}
