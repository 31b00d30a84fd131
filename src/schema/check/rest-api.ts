import type { AuthorizerSpec, IntegrationSpec, MethodSpec, RestApiSpec } from '../types.js';
import { checkArn as arn } from './arns.js';
import { type CheckContext, entries, names, report, warn, wasPruned } from './context.js';
import { didYouMean } from '../load/did-you-mean.js';
import { normalisePath, parseMethodKey } from './paths.js';
import { checkRestResources } from './rest-resources.js';
import { checkTlsPolicy } from './tls.js';
import { checkDocumentation } from './documentation.js';

/** Semantic rules of a REST API beyond its resources' paths: references, integrations, stages. */
const BUILTIN_MODELS = ['Empty', 'Error'];

export function checkRestApi(api: string, spec: RestApiSpec, ctx: CheckContext): void {
  const base = ['restApis', api];
  checkRestResources(api, spec, ctx);
  if (spec.endpointType === 'PRIVATE' && spec.ipAddressType === 'ipv4') {
    // AWS: "Only dualstack ipAddressType is supported for Private APIs."
    report(ctx, 'spec/invalid-value', [...base, 'ipAddressType'], `REST API ${api} is PRIVATE, and private APIs only support ipAddressType dualstack.`, 'remove ipAddressType (dualstack is the default for PRIVATE) or set it to dualstack.');
  }
  checkTlsPolicy(ctx, base, `REST API ${api}`, spec.endpointType ?? 'EDGE', spec.securityPolicy, spec.endpointAccessMode);
  for (const [name] of entries(spec.models)) {
    if (!/^[A-Za-z0-9]+$/.test(name)) {
      report(ctx, 'spec/invalid-name', [...base, 'models', name], `Model name "${name}" (REST API ${api}) must be alphanumeric.`, 'rename the model, e.g. UserInput.', 'key');
    }
  }
  for (const [name, auth] of entries(spec.authorizers)) checkAuthorizer(api, name, auth, ctx);
  // The hot loop of a large API: no arrays of entries, and messages built only when reported.
  const resources = spec.resources;
  if (resources) {
    for (const path in resources) {
      const resource = resources[path];
      if (resource === undefined || resource === null || !Object.hasOwn(resources, path)) continue;
      for (const verb in resource) {
        const method = (resource as Record<string, MethodSpec | undefined>)[verb];
        if (method === undefined || method === null || !Object.hasOwn(resource, verb)) continue;
        const at = [...base, 'resources', path, verb];
        checkMethodRefs(api, spec, verb, path, method, at, ctx);
        if (method.integration) checkIntegration(() => `the integration of ${verb} ${path} (REST API ${api})`, method.integration, [...at, 'integration'], ctx, spec.endpointType ?? 'EDGE');
      }
    }
  }
  checkStages(api, spec, ctx);
  checkDocumentation(api, spec, ctx);
}

function ref(ctx: CheckContext, kind: string, name: string, pool: Record<string, unknown> | undefined, poolPath: (string | number)[], at: (string | number)[], owner: string, extra: string[] = []): void {
  if (extra.includes(name) || (pool && Object.hasOwn(pool, name)) || wasPruned(ctx, [...poolPath, name])) return;
  const known = [...names(pool), ...extra];
  report(ctx, 'spec/unresolved-reference', at, `${owner} refers to the ${kind} "${name}", which is not defined.${didYouMean(name, known)}`,
    known.length ? `use one of: ${known.join(', ')}; or define "${name}".` : `define "${name}" under ${poolPath.slice(2).join('.') || poolPath.join('.')}.`);
}

/** True when `name` is a built-in (`extra`) or defined in `pool`: what `ref` accepts without looking further. */
function defined(name: string, pool: Record<string, unknown> | undefined, extra?: string[]): boolean {
  return (extra !== undefined && extra.includes(name)) || (pool !== undefined && Object.hasOwn(pool, name));
}

function checkMethodRefs(api: string, spec: RestApiSpec, verb: string, path: string, m: MethodSpec, at: (string | number)[], ctx: CheckContext): void {
  const label = () => `${verb} ${path}`;
  const owner = () => `Method ${label()} (REST API ${api})`;
  const base = ['restApis', api];
  if (m.authorizer !== undefined) {
    if (!defined(m.authorizer, spec.authorizers)) ref(ctx, 'authorizer', m.authorizer, spec.authorizers, [...base, 'authorizers'], [...at, 'authorizer'], owner());
    const auth = spec.authorizers?.[m.authorizer];
    if (auth) {
      const needed = auth.type === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
      if (m.authorizationType !== undefined && m.authorizationType !== needed) {
        report(ctx, 'spec/authorization-mismatch', [...at, 'authorizationType'],
          `${owner()} has authorizationType ${m.authorizationType}, but its authorizer "${m.authorizer}" is a ${auth.type} authorizer (needs ${needed}).`,
          `remove authorizationType (it is derived from the authorizer) or set it to ${needed}.`);
      }
      if (m.authorizationScopes?.length && auth.type !== 'COGNITO_USER_POOLS') {
        report(ctx, 'spec/authorization-mismatch', [...at, 'authorizationScopes'], `${owner()} has authorizationScopes, which only COGNITO_USER_POOLS authorizers use.`, 'remove authorizationScopes.');
      }
    }
  } else if (m.authorizationType === 'CUSTOM' || m.authorizationType === 'COGNITO_USER_POOLS') {
    report(ctx, 'spec/missing-field', at, `${owner()} has authorizationType ${m.authorizationType} but names no authorizer.`, 'add authorizer: NAME (one of the API\'s authorizers).', 'key');
  } else if (m.authorizationScopes?.length) {
    report(ctx, 'spec/authorization-mismatch', [...at, 'authorizationScopes'], `${owner()} has authorizationScopes but no COGNITO_USER_POOLS authorizer.`, 'add a Cognito authorizer, or remove authorizationScopes.');
  }
  if (m.requestValidator !== undefined) {
    if (!defined(m.requestValidator, spec.requestValidators)) ref(ctx, 'request validator', m.requestValidator, spec.requestValidators, [...base, 'requestValidators'], [...at, 'requestValidator'], owner());
  }
  const requestModels = m.requestModels;
  if (requestModels) {
    for (const ct of Object.keys(requestModels)) {
      const model = requestModels[ct]!;
      if (!defined(model, spec.models, BUILTIN_MODELS)) ref(ctx, 'model', model, spec.models, [...base, 'models'], [...at, 'requestModels', ct], owner(), BUILTIN_MODELS);
    }
  }
  const responses = m.responses;
  if (responses) {
    for (const status of Object.keys(responses)) {
      const resp = responses[status];
      if (resp === undefined || resp === null) continue;
      const responseModels = resp.responseModels;
      if (responseModels) {
        for (const ct of Object.keys(responseModels)) {
          const model = responseModels[ct]!;
          if (!defined(model, spec.models, BUILTIN_MODELS)) {
            ref(ctx, 'model', model, spec.models, [...base, 'models'], [...at, 'responses', status, 'responseModels', ct], `Method response ${status} of ${label()} (REST API ${api})`, BUILTIN_MODELS);
          }
        }
      }
      if (!STATUS.test(status)) report(ctx, 'spec/invalid-status', [...at, 'responses', status], `${owner()} has the response status "${status}", which is not an HTTP status code.`, 'use a code from 100 to 599.', 'key');
    }
  }
  const integrationResponses = m.integration?.responses;
  if (integrationResponses) {
    for (const status of Object.keys(integrationResponses)) {
      const r = integrationResponses[status];
      if (r === undefined || r === null) continue;
      if (!STATUS.test(status)) {
        report(ctx, 'spec/invalid-status', [...at, 'integration', 'responses', status], `The integration of ${label()} (REST API ${api}) has the response status "${status}", which is not an HTTP status code.`, 'use a code from 100 to 599.', 'key');
      } else if (m.responses && !Object.hasOwn(m.responses, status)) {
        report(ctx, 'spec/unresolved-reference', [...at, 'integration', 'responses', status],
          `The integration of ${label()} (REST API ${api}) has a response ${status}, but the method declares no response ${status}.`,
          `add responses: { "${status}": {} } to the method.`, 'key');
      }
    }
  }
}

const STATUS = /^[1-5]\d\d$/;


/** Type-specific requirements of a REST integration (what PutIntegration would reject). */
/**
 * Integration timeouts (developer guide, "Quotas for configuring and running a REST API" and
 * "Stream the integration response"): 50 to 29,000 ms; more than 29,000 ms, up to 300,000, only for
 * regional and private APIs once the account's quota is raised (edge-optimized APIs cannot);
 * with response streaming (STREAM) up to 15 minutes on every endpoint type.
 */
export const TIMEOUT = { default: 29_000, raised: 300_000, stream: 900_000 } as const;

function checkTimeout(Owner: () => string, i: IntegrationSpec, at: (string | number)[], ctx: CheckContext, endpointType: string): void {
  const t = i.timeoutInMillis;
  if (t === undefined || t <= TIMEOUT.default) return;
  const path = [...at, 'timeoutInMillis'];
  if (i.responseTransferMode === 'STREAM') return; // the schema caps it at 900000
  if (endpointType === 'EDGE') {
    report(ctx, 'spec/out-of-range', path, `${Owner()} has timeoutInMillis ${t}; an EDGE API's integrations time out after at most 29000 ms.`,
      'use at most 29000, make the API REGIONAL (up to 300000 with a quota raise), or stream the response (responseTransferMode: STREAM, up to 900000).');
  } else if (t > TIMEOUT.raised) {
    report(ctx, 'spec/out-of-range', path, `${Owner()} has timeoutInMillis ${t}; a buffered integration times out after at most 300000 ms.`,
      'use at most 300000, or stream the response (responseTransferMode: STREAM, up to 900000 ms on HTTP_PROXY and AWS_PROXY integrations).');
  } else {
    warn(ctx, 'spec/quota-needed', path, `${Owner()} has timeoutInMillis ${t}, more than the default quota of 29000 ms; AWS refuses it unless the account's "Maximum integration timeout in milliseconds" quota is raised.`,
      'request the quota increase in Service Quotas (API Gateway) before applying, or use at most 29000.');
  }
}

export function checkIntegration(ownerOf: () => string, i: IntegrationSpec, at: (string | number)[], ctx: CheckContext, endpointType = 'EDGE'): void {
  // Built when first reported: a valid integration (the common case) allocates no message.
  let owner: string | undefined;
  const Owner = () => {
    if (owner === undefined) { const o = ownerOf(); owner = o.charAt(0).toUpperCase() + o.slice(1); }
    return owner;
  };
  if (i.lambda !== undefined) {
    arn(ctx, i.lambda, 'lambda', [...at, 'lambda'], Owner(), 'lambda');
    if (i.type !== undefined && i.type !== 'AWS_PROXY' && i.type !== 'AWS') {
      report(ctx, 'spec/invalid-integration', [...at, 'type'], `${Owner()} uses the lambda shorthand with type ${i.type}; Lambda integrations are AWS_PROXY or AWS.`, 'remove type (AWS_PROXY is implied) or use AWS.');
    }
    if (i.uri !== undefined) report(ctx, 'spec/invalid-integration', [...at, 'uri'], `${Owner()} has both lambda and uri.`, 'keep one: lambda builds the uri.');
  } else if (i.type === undefined) {
    report(ctx, 'spec/missing-field', at, `${Owner()} has neither "type" nor "lambda".`, 'add type (AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK), or lambda: FUNCTION_ARN.', 'key');
  } else if (i.type === 'MOCK') {
    if (i.uri !== undefined) report(ctx, 'spec/invalid-integration', [...at, 'uri'], `${Owner()} is a MOCK integration and cannot have a uri.`, 'remove uri, or change the type.');
  } else {
    if (i.uri === undefined) report(ctx, 'spec/missing-field', at, `${Owner()} (type ${i.type}) is missing the required field "uri".`, 'add the backend uri.', 'key');
    if (i.httpMethod === undefined) report(ctx, 'spec/missing-field', at, `${Owner()} (type ${i.type}) is missing the required field "httpMethod".`, 'add httpMethod (POST for Lambda).', 'key');
    if (i.uri !== undefined) {
      const isHttp = i.type === 'HTTP' || i.type === 'HTTP_PROXY';
      const vpc = i.connectionType === 'VPC_LINK' || i.vpcLink !== undefined;
      if (isHttp && !vpc) arn(ctx, i.uri, 'httpUrl', [...at, 'uri'], Owner(), 'uri');
      if (!isHttp && !/^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:/.test(i.uri)) arn(ctx, i.uri, 'awsServiceUri', [...at, 'uri'], Owner(), 'uri');
      if (!isHttp && /:lambda:path\//.test(i.uri)) arn(ctx, i.uri, 'lambdaInvocationUri', [...at, 'uri'], Owner(), 'uri');
    }
  }
  if (i.integrationTarget !== undefined) {
    arn(ctx, i.integrationTarget, 'loadBalancerTarget', [...at, 'integrationTarget'], Owner(), 'integrationTarget');
    const type = i.type ?? (i.lambda !== undefined ? 'AWS_PROXY' : undefined);
    if (type !== undefined && type !== 'HTTP' && type !== 'HTTP_PROXY') {
      report(ctx, 'spec/invalid-integration', [...at, 'integrationTarget'], `${Owner()} is a ${type} integration; an integrationTarget (a load balancer through a VPC link V2) needs type HTTP_PROXY or HTTP.`,
        'use type HTTP_PROXY with the uri API Gateway sends to the load balancer, or remove integrationTarget.');
    }
  }
  if (i.responseTransferMode === 'STREAM') {
    const type = i.type ?? (i.lambda !== undefined ? 'AWS_PROXY' : undefined);
    if (type !== undefined && type !== 'HTTP_PROXY' && type !== 'AWS_PROXY') {
      report(ctx, 'spec/invalid-integration', [...at, 'responseTransferMode'], `${Owner()} is a ${type} integration; response streaming (responseTransferMode STREAM) works with HTTP_PROXY and AWS_PROXY integrations only.`,
        'remove responseTransferMode (BUFFERED is the default), or use type HTTP_PROXY or AWS_PROXY.');
    }
  }
  checkTimeout(Owner, i, at, ctx, endpointType);
  // VPC link references (vpcLink, connectionId) are checked across the spec set: vpc-links.ts.
  if (i.credentials !== undefined) arn(ctx, i.credentials, 'integrationCredentials', [...at, 'credentials'], Owner(), 'credentials');
}

function checkAuthorizer(api: string, name: string, a: AuthorizerSpec, ctx: CheckContext): void {
  const at = ['restApis', api, 'authorizers', name];
  const owner = `Authorizer ${name} (REST API ${api})`;
  if (a.type === 'COGNITO_USER_POOLS') {
    if (!a.providerArns?.length) report(ctx, 'spec/missing-field', at, `${owner} (COGNITO_USER_POOLS) is missing the required field "providerArns".`, 'add providerArns: [USER_POOL_ARN].', 'key');
    (a.providerArns ?? []).forEach((p, i) => arn(ctx, p, 'cognitoUserPool', [...at, 'providerArns', i], owner, 'providerArns'));
    if (a.lambda !== undefined || a.authorizerUri !== undefined) report(ctx, 'spec/invalid-authorizer', at, `${owner} is a Cognito authorizer and cannot have a Lambda function.`, 'remove lambda/authorizerUri, or change the type.', 'key');
  } else {
    if (a.lambda === undefined && a.authorizerUri === undefined) {
      report(ctx, 'spec/missing-field', at, `${owner} (${a.type}) needs its Lambda function: "lambda" or "authorizerUri".`, 'add lambda: FUNCTION_ARN.', 'key');
    }
    if (a.lambda !== undefined && a.authorizerUri !== undefined) report(ctx, 'spec/invalid-authorizer', [...at, 'authorizerUri'], `${owner} has both lambda and authorizerUri.`, 'keep one: lambda builds the authorizerUri.');
    arn(ctx, a.lambda, 'lambda', [...at, 'lambda'], owner, 'lambda');
    arn(ctx, a.authorizerUri, 'lambdaInvocationUri', [...at, 'authorizerUri'], owner, 'authorizerUri');
    if (a.providerArns !== undefined) report(ctx, 'spec/invalid-authorizer', [...at, 'providerArns'], `${owner} is a Lambda authorizer; providerArns is for COGNITO_USER_POOLS.`, 'remove providerArns.');
    if (a.type === 'REQUEST' && a.identitySource === undefined && (a.authorizerResultTtlInSeconds ?? 300) > 0) {
      report(ctx, 'spec/missing-field', at, `${owner} (REQUEST) caches results, so it needs an identitySource.`, 'add identitySource (e.g. method.request.header.Authorization), or set authorizerResultTtlInSeconds: 0.', 'key');
    }
  }
  if (a.type === 'TOKEN' && a.identitySource !== undefined && !/^method\.request\.header\.[^,\s]+$/.test(a.identitySource)) {
    report(ctx, 'spec/invalid-authorizer', [...at, 'identitySource'], `${owner}: a TOKEN authorizer's identitySource must be one header, method.request.header.NAME, not ${JSON.stringify(a.identitySource)}.`, 'write method.request.header.Authorization.');
  }
  arn(ctx, a.authorizerCredentials, 'iamRole', [...at, 'authorizerCredentials'], owner, 'authorizerCredentials');
}

function checkStages(api: string, spec: RestApiSpec, ctx: CheckContext): void {
  // Every method's key, made only for a stage with method settings to check against it.
  let known: Set<string> | undefined;
  const methodKeys = (): Set<string> => {
    if (known) return known;
    known = new Set<string>();
    for (const [path, resource] of entries(spec.resources)) for (const verb of Object.keys(resource)) known.add(`${verb} ${normalisePath(path)}`);
    return known;
  };
  for (const [stage, s] of entries(spec.stages)) {
    const at = ['restApis', api, 'stages', stage];
    const owner = `Stage ${stage} (REST API ${api})`;
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(stage)) report(ctx, 'spec/invalid-name', at, `Stage name "${stage}" (REST API ${api}) may only hold letters, digits, - and _.`, 'rename the stage.', 'key');
    for (const key of Object.keys(s.methodSettings ?? {})) {
      const methods = methodKeys();
      const parsed = parseMethodKey(key);
      if (!parsed || !methods.has(`${parsed[0]} ${parsed[1]}`)) {
        report(ctx, 'spec/unresolved-reference', [...at, 'methodSettings', key],
          `${owner} has method settings for "${key}", which is not a method of the API.${didYouMean(key, methods)}`,
          'write the key as VERB /path of a method under resources (e.g. "GET /users/{id}").', 'key');
      }
    }
    const caching = [s.caching, ...Object.values(s.methodSettings ?? {}).map((m) => m?.caching)].some((c) => c?.enabled);
    if (caching && !s.cacheClusterEnabled) {
      warn(ctx, 'spec/cache-disabled', at, `${owner} enables method caching, but cacheClusterEnabled is not true: nothing will be cached.`, 'add cacheClusterEnabled: true to the stage.');
    }
    if (s.accessLog) arn(ctx, s.accessLog.destinationArn, 'accessLogDestination', [...at, 'accessLog', 'destinationArn'], owner, 'accessLog.destinationArn');
  }
}
