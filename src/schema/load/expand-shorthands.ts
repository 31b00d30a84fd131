import type { SpecSourceMap } from './source-map.js';
import type { MethodSpec, ResourceSpec, RestApiSpec, RestCorsSpec, SpecSet } from '../types.js';
import { lambdaInvocationUri } from '../check/arns.js';
import { entries } from '../check/context.js';
import { normalisePath, normaliseRouteKey, parseMethodKey } from '../check/paths.js';

const methodKey = (k: string) => {
  const m = parseMethodKey(k);
  return m ? `${m[0]} ${m[1]}` : k;
};

/**
 * Expands the shorthands of a validated spec set in place, so planning sees only what AWS
 * stores (docs/spec.md lists each expansion). Generated objects are located at the shorthand
 * that produced them, so later errors about them still point at a line the user wrote.
 */
export const CORS_DEFAULT_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token'];
const VERB_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export function expandShorthands(set: SpecSet, sources: SpecSourceMap): void {
  for (const [name, api] of entries(set.restApis)) expandRestApi(set, name, api, sources);
  for (const [name, api] of entries(set.httpApis)) {
    const base = ['httpApis', name];
    for (const [iname, i] of entries(api.integrations)) {
      if (i.lambda === undefined) continue;
      sources.setValueFrom([...base, 'integrations', iname, 'uri'], [...base, 'integrations', iname, 'lambda']);
      Object.assign(i, { type: 'AWS_PROXY', uri: i.lambda, httpMethod: 'POST', payloadFormatVersion: i.payloadFormatVersion ?? '2.0' });
      delete i.lambda;
    }
    for (const [, a] of entries(api.authorizers)) {
      if (a.lambda !== undefined) {
        a.authorizerUri = lambdaInvocationUri(a.lambda, set.region);
        if (a.type === 'REQUEST') a.authorizerPayloadFormatVersion ??= '2.0';
        delete a.lambda;
      }
    }
    renameKeys(api.routes, (k) => normaliseRouteKey(k) ?? k, [...base, 'routes'], sources);
    for (const [stage, s] of entries(api.stages)) {
      renameKeys(s.routeSettings, (k) => normaliseRouteKey(k) ?? k, [...base, 'stages', stage, 'routeSettings'], sources);
    }
    for (const [, r] of entries(api.routes)) {
      if (r.authorizer !== undefined) r.authorizationType ??= api.authorizers?.[r.authorizer]?.type === 'JWT' ? 'JWT' : 'CUSTOM';
    }
  }
  for (const [name, api] of entries(set.webSocketApis)) {
    const base = ['webSocketApis', name];
    for (const [iname, i] of entries(api.integrations)) {
      if (i.lambda === undefined) continue;
      sources.setValueFrom([...base, 'integrations', iname, 'uri'], [...base, 'integrations', iname, 'lambda']);
      Object.assign(i, { type: 'AWS_PROXY', uri: lambdaInvocationUri(i.lambda, set.region), httpMethod: 'POST' });
      delete i.lambda;
    }
    for (const [, a] of entries(api.authorizers)) {
      if (a.lambda !== undefined) {
        a.authorizerUri = lambdaInvocationUri(a.lambda, set.region);
        delete a.lambda;
      }
    }
    for (const [, r] of entries(api.routes)) if (r.authorizer !== undefined) r.authorizationType ??= 'CUSTOM';
  }
  for (const [, key] of entries(set.apiKeys)) key.enabled ??= true;
  for (const [plan, p] of entries(set.usagePlans)) {
    (p.apiStages ?? []).forEach((s, i) => {
      renameKeys(s.throttle, methodKey, ['usagePlans', plan, 'apiStages', String(i), 'throttle'], sources);
    });
  }
}

function expandRestApi(set: SpecSet, name: string, api: RestApiSpec, sources: SpecSourceMap): void {
  const base = ['restApis', name];
  renameKeys(api.resources, normalisePath, [...base, 'resources'], sources);
  for (const [stage, s] of entries(api.stages)) {
    renameKeys(s.methodSettings, methodKey, [...base, 'stages', stage, 'methodSettings'], sources);
  }
  for (const [, a] of entries(api.authorizers)) {
    if (a.lambda !== undefined) {
      a.authorizerUri = lambdaInvocationUri(a.lambda, set.region);
      delete a.lambda;
    }
  }
  for (const [, resource] of entries(api.resources)) {
    for (const [, method] of entries(resource as Record<string, MethodSpec>)) {
      const auth = method.authorizer !== undefined ? api.authorizers?.[method.authorizer] : undefined;
      method.authorizationType ??= auth ? (auth.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM') : 'NONE';
      const i = method.integration;
      if (i.lambda !== undefined) {
        Object.assign(i, { type: i.type ?? 'AWS_PROXY', httpMethod: 'POST', uri: lambdaInvocationUri(i.lambda, set.region) });
        delete i.lambda;
      }
    }
  }
  if (api.cors) {
    for (const [path, resource] of entries(api.resources)) {
      resource.OPTIONS = corsMethod(api.cors, resource);
      sources.setValueFrom([...base, 'resources', path, 'OPTIONS'], [...base, 'cors'], true);
    }
    delete api.cors;
  }
}

/** Exactly the OPTIONS + MOCK + headers setup AWS's guide builds by hand for one resource. */
export function corsMethod(cors: RestCorsSpec, resource: ResourceSpec): MethodSpec {
  const own = Object.keys(resource).includes('ANY') ? VERB_ORDER : [...Object.keys(resource), 'OPTIONS'];
  const methods = cors.allowMethods
    ? [...cors.allowMethods, ...(cors.allowMethods.includes('OPTIONS') ? [] : ['OPTIONS'])]
    : VERB_ORDER.filter((v) => own.includes(v));
  const headers: [string, string][] = [
    ['Access-Control-Allow-Headers', (cors.allowHeaders ?? CORS_DEFAULT_HEADERS).join(',')],
    ['Access-Control-Allow-Methods', methods.join(',')],
    ['Access-Control-Allow-Origin', cors.allowOrigin ?? '*'],
  ];
  if (cors.allowCredentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
  if (cors.exposeHeaders?.length) headers.push(['Access-Control-Expose-Headers', cors.exposeHeaders.join(',')]);
  if (cors.maxAge !== undefined) headers.push(['Access-Control-Max-Age', String(cors.maxAge)]);
  return {
    authorizationType: 'NONE',
    integration: {
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: {
        '200': { responseParameters: Object.fromEntries(headers.map(([h, v]) => [`method.response.header.${h}`, `'${v}'`])) },
      },
    },
    responses: {
      '200': { responseParameters: Object.fromEntries(headers.map(([h]) => [`method.response.header.${h}`, true])) },
    },
  };
}

/** Normalises the keys of a map in place (order kept), moving their source positions along. */
function renameKeys<T>(map: Record<string, T> | undefined, fn: (k: string) => string, at: string[], sources: SpecSourceMap): void {
  if (!map || Object.keys(map).every((k) => fn(k) === k)) return;
  const items = Object.entries(map);
  for (const [k] of items) delete map[k];
  for (const [k, v] of items) {
    const nk = fn(k);
    if (nk !== k) sources.rename([...at, k], [...at, nk]);
    map[nk] = v;
  }
}
