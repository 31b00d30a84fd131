import { badRequest, conflict } from '../aws-error.js';
import { apiChanged } from './deployments.js';
import { ENUMS, bool, checkInput, checkNested, int, obj, oneOf, str, strList } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import {
  type ApiRecord,
  type Wire,
  assignPresent,
  findApi,
  freshId,
  isHttp,
} from './store.js';

const MEMBERS = {
  authorizerCredentialsArn: str(),
  authorizerPayloadFormatVersion: str(1, 64),
  authorizerResultTtlInSeconds: int(0, 3600),
  authorizerType: oneOf(...ENUMS.authorizerType),
  authorizerUri: str(1, 2048),
  enableSimpleResponses: bool,
  identitySource: strList,
  identityValidationExpression: str(0, 1024),
  jwtConfiguration: obj,
  name: str(1, 128),
};

const SIMPLE = Object.keys(MEMBERS).filter((m) => m !== 'jwtConfiguration');

/** A JWT authorizer reads its token from exactly one header or query string. */
const JWT_SOURCE = /^\$request\.(header|querystring)\.[^\s.]+$/;

function checkAuthorizer(api: ApiRecord, a: Wire): void {
  const http = isHttp(api);
  if (a.authorizerType === 'JWT') {
    if (!http) throw badRequest('JWT authorizers are supported only for HTTP APIs');
    const jwt = a.jwtConfiguration;
    if (!jwt?.issuer || !Array.isArray(jwt.audience) || jwt.audience.length === 0) {
      throw badRequest('A JWT authorizer requires jwtConfiguration with an issuer and at least one audience');
    }
    if (a.identitySource.length !== 1 || !JWT_SOURCE.test(a.identitySource[0])) {
      throw badRequest(
        `Invalid identitySource for a JWT authorizer: ${JSON.stringify(a.identitySource)}. Use exactly one $request.header.<name> or $request.querystring.<name>`,
      );
    }
    return;
  }
  // REQUEST (Lambda) authorizers.
  if (a.authorizerUri === undefined) throw badRequest('An authorizerUri is required for REQUEST authorizers');
  if (http) {
    if (!['1.0', '2.0'].includes(a.authorizerPayloadFormatVersion)) {
      throw badRequest('An authorizerPayloadFormatVersion of 1.0 or 2.0 is required for REQUEST authorizers of HTTP APIs');
    }
    if (a.enableSimpleResponses === true && a.authorizerPayloadFormatVersion !== '2.0') {
      throw badRequest('Simple responses are supported only with authorizerPayloadFormatVersion 2.0');
    }
  } else if (a.enableSimpleResponses !== undefined || a.authorizerPayloadFormatVersion !== undefined) {
    throw badRequest('enableSimpleResponses and authorizerPayloadFormatVersion are supported only for HTTP APIs');
  }
  if ((a.authorizerResultTtlInSeconds ?? 0) > 0 && a.identitySource.length === 0) {
    throw badRequest('An identitySource is required when authorizer caching is enabled (authorizerResultTtlInSeconds > 0)');
  }
}

function pickJwt(jwt: Wire): Wire {
  const out: Wire = {};
  assignPresent(out, jwt, ['audience', 'issuer']);
  return out;
}

function checkJwtInput(input: Wire): void {
  checkNested(input.jwtConfiguration, 'jwtConfiguration', { audience: strList, issuer: str(1, 2048) });
}

export function createAuthorizer(api: ApiRecord, input: Wire): Wire {
  checkInput(input, MEMBERS, ['authorizerType', 'identitySource', 'name']);
  checkJwtInput(input);
  const a: Wire = { authorizerId: freshId(6, (id) => api.authorizers.some((x) => x.authorizerId === id)) };
  assignPresent(a, input, SIMPLE);
  if (input.jwtConfiguration !== undefined) a.jwtConfiguration = pickJwt(input.jwtConfiguration);
  checkAuthorizer(api, a);
  return a;
}

export const authorizerRoutes = subCollectionRoutes<ApiRecord>({
  noun: 'Authorizer',
  path: '/v2/apis/{apiId}/authorizers',
  idMember: 'authorizerId',
  parent: (ctx) => findApi(ctx),
  items: (api) => api.authorizers,
  create: (_ctx, api, input) => createAuthorizer(api, input),
  update: (_ctx, api, current, input) => {
    checkInput(input, MEMBERS);
    checkJwtInput(input);
    const next: Wire = structuredClone(current);
    assignPresent(next, input, SIMPLE);
    if (input.jwtConfiguration !== undefined) next.jwtConfiguration = { ...(next.jwtConfiguration ?? {}), ...pickJwt(input.jwtConfiguration) };
    checkAuthorizer(api, next);
    Object.assign(current, next);
  },
  checkDelete: (_ctx, api, a) => {
    const user = api.routes.find((r) => r.route.authorizerId === a.authorizerId);
    // AWS's wording (seen from real AWS); only the first route that uses it is named.
    if (user) throw conflict(`Cannot delete authorizer '${a.name}', is referenced in route: ${user.route.routeKey}`);
  },
  changed: apiChanged,
});
