import { didYouMean } from '../load/did-you-mean.js';
import type { HttpApiSpec, HttpIntegrationSpec, V2StageSpec, WebSocketApiSpec, WsIntegrationSpec } from '../types.js';
import { type CheckContext, entries, names, report, wasPruned } from './context.js';
import { httpRouteKeyProblem, normaliseRouteKey, webSocketRouteKeyProblem } from './paths.js';
import { checkArn } from './arns.js';

/** Semantic rules of HTTP and WebSocket APIs: route keys, references, integrations, stages. */

type Path = (string | number)[];

function refCheck(ctx: CheckContext, kind: string, name: string, pool: Record<string, unknown> | undefined, poolPath: Path, at: Path, owner: string): boolean {
  // A name whose substitution failed (`${env:X}` unset) is reported where it is written already.
  if (typeof name !== 'string') return true;
  if ((pool && Object.hasOwn(pool, name)) || wasPruned(ctx, [...poolPath, name])) return true;
  const known = names(pool);
  report(ctx, 'spec/unresolved-reference', at, `${owner} refers to the ${kind} "${name}", which is not defined.${didYouMean(name, known)}`,
    known.length ? `use one of: ${known.join(', ')}; or define "${name}".` : `define "${name}" under ${String(poolPath[poolPath.length - 1])}.`);
  return false;
}

export function checkHttpApi(api: string, spec: HttpApiSpec, ctx: CheckContext): void {
  const base = ['httpApis', api];
  checkQuickCreate(api, spec, ctx);
  const seen = new Map<string, string>();
  for (const [key, route] of entries(spec.routes)) {
    const at = [...base, 'routes', key];
    const owner = `Route ${key} (HTTP API ${api})`;
    const problem = httpRouteKeyProblem(key);
    if (problem) {
      report(ctx, 'spec/invalid-route-key', at, `Route key "${key}" (HTTP API ${api}) ${problem}.`, 'write "GET /users/{id}", "ANY /{proxy+}" or "$default".', 'key');
      continue;
    }
    const norm = normaliseRouteKey(key)!;
    if (seen.has(norm)) {
      report(ctx, 'spec/duplicate-route', at, `Route "${key}" (HTTP API ${api}) is the same route as "${seen.get(norm)}".`, 'merge the two routes into one.', 'key');
      continue;
    }
    seen.set(norm, key);
    if (route.integration !== undefined) refCheck(ctx, 'integration', route.integration, spec.integrations, [...base, 'integrations'], [...at, 'integration'], owner);
    if (route.authorizer !== undefined && refCheck(ctx, 'authorizer', route.authorizer, spec.authorizers, [...base, 'authorizers'], [...at, 'authorizer'], owner)) {
      const auth = spec.authorizers?.[route.authorizer];
      const needed = auth?.type === 'JWT' ? 'JWT' : 'CUSTOM';
      if (auth && route.authorizationType !== undefined && route.authorizationType !== needed) {
        report(ctx, 'spec/authorization-mismatch', [...at, 'authorizationType'], `${owner} has authorizationType ${route.authorizationType}, but its authorizer "${route.authorizer}" needs ${needed}.`,
          `remove authorizationType (it is derived from the authorizer) or set it to ${needed}.`);
      }
    } else if (route.authorizer === undefined && (route.authorizationType === 'JWT' || route.authorizationType === 'CUSTOM')) {
      report(ctx, 'spec/missing-field', at, `${owner} has authorizationType ${route.authorizationType} but names no authorizer.`, 'add authorizer: NAME.', 'key');
    }
  }
  for (const [name, i] of entries(spec.integrations)) checkHttpIntegration(api, name, i, ctx);
  for (const [name, a] of entries(spec.authorizers)) {
    const at = [...base, 'authorizers', name];
    const owner = `Authorizer ${name} (HTTP API ${api})`;
    if (a.type === 'JWT' && !a.jwt) report(ctx, 'spec/missing-field', at, `${owner} (JWT) is missing the required field "jwt".`, 'add jwt: { issuer: URL, audience: [AUDIENCE] }.', 'key');
    if (a.type === 'JWT' && (a.lambda !== undefined || a.authorizerUri !== undefined)) report(ctx, 'spec/invalid-authorizer', at, `${owner} is a JWT authorizer and cannot have a Lambda function.`, 'remove lambda/authorizerUri, or use type REQUEST.', 'key');
    if (a.type === 'REQUEST') {
      if (a.jwt) report(ctx, 'spec/invalid-authorizer', [...at, 'jwt'], `${owner} is a REQUEST authorizer; jwt is for JWT authorizers.`, 'remove jwt.');
      if (a.lambda === undefined && a.authorizerUri === undefined) report(ctx, 'spec/missing-field', at, `${owner} (REQUEST) needs its Lambda function: "lambda" or "authorizerUri".`, 'add lambda: FUNCTION_ARN.', 'key');
      if (a.enableSimpleResponses && a.authorizerPayloadFormatVersion === '1.0') report(ctx, 'spec/invalid-authorizer', [...at, 'enableSimpleResponses'], `${owner}: simple responses need payload format 2.0.`, 'set authorizerPayloadFormatVersion: "2.0" or remove enableSimpleResponses.');
    }
    if (a.jwt && !/^https:\/\/\S+$/.test(a.jwt.issuer)) report(ctx, 'spec/invalid-value', [...at, 'jwt', 'issuer'], `${owner}: "jwt.issuer" must be an https URL, not ${JSON.stringify(a.jwt.issuer)}.`, 'write e.g. https://cognito-idp.us-east-1.amazonaws.com/us-east-1_ABC123.');
    checkArn(ctx, a.lambda, 'lambda', [...at, 'lambda'], owner, 'lambda');
    checkArn(ctx, a.authorizerCredentialsArn, 'iamRole', [...at, 'authorizerCredentialsArn'], owner, 'authorizerCredentialsArn');
  }
  checkV2Stages('httpApis', 'HTTP API', api, spec.stages, new Set([...seen.keys()]), ctx);
}

function checkHttpIntegration(api: string, name: string, i: HttpIntegrationSpec, ctx: CheckContext): void {
  const at = ['httpApis', api, 'integrations', name];
  const owner = `Integration ${name} (HTTP API ${api})`;
  commonV2Integration(owner, i, at, ctx);
  const type = i.lambda !== undefined ? 'AWS_PROXY' : i.type;
  if (type !== undefined && type !== 'AWS_PROXY' && type !== 'HTTP_PROXY') {
    report(ctx, 'spec/invalid-integration', [...at, 'type'], `${owner} has type ${type}; HTTP APIs support AWS_PROXY and HTTP_PROXY.`, 'use AWS_PROXY (Lambda, AWS services) or HTTP_PROXY (HTTP backends, private integrations).');
  }
  if (i.type === 'AWS_PROXY' && i.lambda === undefined && i.integrationSubtype === undefined) {
    if (i.uri === undefined) report(ctx, 'spec/missing-field', at, `${owner} (AWS_PROXY) is missing the required field "uri".`, 'add the Lambda function ARN as uri, or use lambda: FUNCTION_ARN.', 'key');
    if (i.payloadFormatVersion === undefined) report(ctx, 'spec/missing-field', at, `${owner} (AWS_PROXY) is missing the required field "payloadFormatVersion".`, 'add payloadFormatVersion: "2.0" (or "1.0").', 'key');
  }
  if (i.type === 'HTTP_PROXY') {
    if (i.uri === undefined) report(ctx, 'spec/missing-field', at, `${owner} (HTTP_PROXY) is missing the required field "uri".`, 'add the backend URL (or, for a private integration, the listener ARN).', 'key');
    if (i.httpMethod === undefined) report(ctx, 'spec/missing-field', at, `${owner} (HTTP_PROXY) is missing the required field "httpMethod".`, 'add httpMethod, e.g. ANY.', 'key');
    if (i.uri !== undefined) checkArn(ctx, i.uri, i.connectionType === 'VPC_LINK' || i.vpcLink !== undefined ? 'privateIntegrationTarget' : 'httpUrl', [...at, 'uri'], owner, 'uri');
  }
}

function commonV2Integration(owner: string, i: HttpIntegrationSpec | WsIntegrationSpec, at: Path, ctx: CheckContext): void {
  if (i.lambda !== undefined) {
    checkArn(ctx, i.lambda, 'lambda', [...at, 'lambda'], owner, 'lambda');
    if (i.uri !== undefined) report(ctx, 'spec/invalid-integration', [...at, 'uri'], `${owner} has both lambda and uri.`, 'keep one: lambda sets the uri.');
    if (i.type !== undefined && i.type !== 'AWS_PROXY') report(ctx, 'spec/invalid-integration', [...at, 'type'], `${owner} uses the lambda shorthand with type ${i.type}; the shorthand is AWS_PROXY.`, 'remove type.');
  } else if (i.type === undefined) {
    report(ctx, 'spec/missing-field', at, `${owner} has neither "type" nor "lambda".`, 'add type, or lambda: FUNCTION_ARN.', 'key');
  }
  checkArn(ctx, i.credentialsArn, 'integrationCredentials', [...at, 'credentialsArn'], owner, 'credentialsArn');
}

export function checkWebSocketApi(api: string, spec: WebSocketApiSpec, ctx: CheckContext): void {
  const base = ['webSocketApis', api];
  for (const [key, route] of entries(spec.routes)) {
    const at = [...base, 'routes', key];
    const owner = `Route ${key} (WebSocket API ${api})`;
    const problem = webSocketRouteKeyProblem(key);
    if (problem) report(ctx, 'spec/invalid-route-key', at, `Route key "${key}" (WebSocket API ${api}) ${problem}.`, 'use $connect, $disconnect, $default or an action name such as sendMessage.', 'key');
    if (route.integration !== undefined) refCheck(ctx, 'integration', route.integration, spec.integrations, [...base, 'integrations'], [...at, 'integration'], owner);
    if (route.authorizer !== undefined) {
      refCheck(ctx, 'authorizer', route.authorizer, spec.authorizers, [...base, 'authorizers'], [...at, 'authorizer'], owner);
      if (key !== '$connect') report(ctx, 'spec/invalid-route', [...at, 'authorizer'], `${owner} has an authorizer; WebSocket APIs authorize only on $connect.`, 'move the authorizer to the $connect route.');
    }
    if (route.apiKeyRequired && key !== '$connect') report(ctx, 'spec/invalid-route', [...at, 'apiKeyRequired'], `${owner} requires an API key; WebSocket APIs check keys only on $connect.`, 'move apiKeyRequired to the $connect route.');
    for (const [k, model] of Object.entries(route.requestModels ?? {})) refCheck(ctx, 'model', model, spec.models, [...base, 'models'], [...at, 'requestModels', k], owner);
    for (const [rk, resp] of entries(route.responses)) {
      for (const [k, model] of Object.entries(resp.responseModels ?? {})) refCheck(ctx, 'model', model, spec.models, [...base, 'models'], [...at, 'responses', rk, 'responseModels', k], `Route response ${rk} of route ${key} (WebSocket API ${api})`);
    }
    if (route.responses && Object.keys(route.responses).length && route.routeResponseSelectionExpression === undefined) {
      report(ctx, 'spec/missing-field', at, `${owner} has route responses but no routeResponseSelectionExpression, so they are never used.`, 'add routeResponseSelectionExpression: $default.', 'key');
    }
  }
  for (const [name, i] of entries(spec.integrations)) {
    const at = [...base, 'integrations', name];
    const owner = `Integration ${name} (WebSocket API ${api})`;
    commonV2Integration(owner, i, at, ctx);
    if (i.type !== undefined && i.type !== 'MOCK' && i.lambda === undefined && i.uri === undefined) {
      report(ctx, 'spec/missing-field', at, `${owner} (${i.type}) is missing the required field "uri".`, 'add uri.', 'key');
    }
    if (i.type === 'MOCK' && i.uri !== undefined) report(ctx, 'spec/invalid-integration', [...at, 'uri'], `${owner} is a MOCK integration and cannot have a uri.`, 'remove uri.');
  }
  for (const [name, a] of entries(spec.authorizers)) {
    const at = [...base, 'authorizers', name];
    const owner = `Authorizer ${name} (WebSocket API ${api})`;
    if (a.lambda === undefined && a.authorizerUri === undefined) report(ctx, 'spec/missing-field', at, `${owner} needs its Lambda function: "lambda" or "authorizerUri".`, 'add lambda: FUNCTION_ARN.', 'key');
    checkArn(ctx, a.lambda, 'lambda', [...at, 'lambda'], owner, 'lambda');
    checkArn(ctx, a.authorizerUri, 'lambdaInvocationUri', [...at, 'authorizerUri'], owner, 'authorizerUri');
  }
  checkV2Stages('webSocketApis', 'WebSocket API', api, spec.stages, new Set(Object.keys(spec.routes ?? {})), ctx);
}

function checkV2Stages(section: string, kind: string, api: string, stages: Record<string, V2StageSpec> | undefined, routes: Set<string>, ctx: CheckContext): void {
  for (const [stage, s] of entries(stages)) {
    const at = [section, api, 'stages', stage];
    const owner = `Stage ${stage} (${kind} ${api})`;
    const valid = section === 'httpApis' && stage === '$default' ? true : /^[A-Za-z0-9_-]{1,128}$/.test(stage);
    if (!valid) report(ctx, 'spec/invalid-name', at, `Stage name "${stage}" (${kind} ${api}) may only hold letters, digits, - and _${section === 'httpApis' ? ' (or be $default)' : ''}.`, 'rename the stage.', 'key');
    for (const key of Object.keys(s.routeSettings ?? {})) {
      const norm = section === 'httpApis' ? normaliseRouteKey(key) : key;
      if (norm === undefined || !routes.has(norm)) {
        report(ctx, 'spec/unresolved-reference', [...at, 'routeSettings', key], `${owner} has route settings for "${key}", which is not a route of the API.${didYouMean(key, routes)}`,
          'use the route key of a route under routes.', 'key');
      }
    }
    if (section === 'httpApis') {
      for (const [k, rs] of [['defaultRouteSettings', s.defaultRouteSettings], ...Object.entries(s.routeSettings ?? {}).map(([r, v]) => [`routeSettings.${r}`, v])] as const) {
        if (rs && typeof rs === 'object' && (rs.loggingLevel !== undefined || rs.dataTraceEnabled !== undefined)) {
          report(ctx, 'spec/invalid-value', [...at, ...String(k).split(/\.(.*)/s).filter(Boolean)], `${owner}: "${k}" sets execution logging, which only WebSocket APIs have.`, 'remove loggingLevel and dataTraceEnabled (use accessLog on HTTP APIs).');
        }
      }
    }
    if (section === 'httpApis') {
      for (const f of ['clientCertificate', 'clientCertificateId'] as const) {
        if (s[f] !== undefined) report(ctx, 'spec/invalid-value', [...at, f], `${owner}: ${f} is for WebSocket and REST stages; AWS refuses a client certificate on an HTTP API stage.`, `remove ${f} (an HTTP API authenticates to its backends through the integration's tlsConfig or a VPC link).`);
      }
    }
    if (s.accessLog) checkArn(ctx, s.accessLog.destinationArn, 'accessLogDestination', [...at, 'accessLog', 'destinationArn'], owner, 'accessLog.destinationArn');
    // AWS deploys every change to an auto-deploying stage itself: it cannot stay on a deployment.
    if (s.autoDeploy === true && s.deployment !== undefined && s.deployment !== 'follow') {
      report(ctx, 'spec/invalid-value', [...at, 'deployment'], `${owner} deploys automatically (autoDeploy: true) and cannot be pinned to a deployment (deployment: ${s.deployment}).`,
        'remove autoDeploy (or set it to false) to pin the stage, or remove deployment.');
    }
  }
}

/**
 * Quick create: `routeKey` and `credentialsArn` go with `target`; the managed route and `$default`
 * stage AWS makes cannot also be declared (AWS refuses a second route of that key, and the managed
 * stage is changed by no one but API Gateway); the target is a function ARN or an http(s) URL.
 */
function checkQuickCreate(api: string, spec: HttpApiSpec, ctx: CheckContext): void {
  const base = ['httpApis', api];
  if (spec.target === undefined) {
    for (const f of ['routeKey', 'credentialsArn'] as const) {
      if (spec[f] !== undefined) {
        report(ctx, 'spec/quick-create', [...base, f], `${f} of HTTP API ${api} belongs to quick create, and the API has no target.`,
          'add `target:` (a Lambda function ARN or an http(s) URL), or remove ' + f + '.', 'key');
      }
    }
    return;
  }
  if (!/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/.test(spec.target) && !/^https?:\/\/\S+$/.test(spec.target)) {
    report(ctx, 'spec/quick-create', [...base, 'target'], `target "${spec.target}" of HTTP API ${api} is neither a Lambda function ARN nor an HTTP URL.`,
      'write arn:aws:lambda:REGION:ACCOUNT:function:NAME or https://backend.example.com/.');
  }
  const routeKey = spec.routeKey ?? '$default';
  if (spec.routeKey !== undefined && httpRouteKeyProblem(spec.routeKey)) {
    report(ctx, 'spec/invalid-route-key', [...base, 'routeKey'], `routeKey "${spec.routeKey}" (HTTP API ${api}) ${httpRouteKeyProblem(spec.routeKey)}.`,
      'write "ANY /orders", "GET /users/{id}" or "$default".');
  }
  for (const key of Object.keys(spec.routes ?? {})) {
    if (normaliseRouteKey(key) === normaliseRouteKey(routeKey)) {
      report(ctx, 'spec/quick-create', [...base, 'routes', key], `Route ${key} of HTTP API ${api} is the route quick create makes for target (routeKey ${routeKey}).`,
        'remove the route (AWS makes and manages it), or give routeKey another key.', 'key');
    }
  }
  if (spec.stages?.['$default'] !== undefined) {
    report(ctx, 'spec/quick-create', [...base, 'stages', '$default'], `Stage $default of HTTP API ${api} is the auto-deploying stage quick create makes and API Gateway manages.`,
      'remove it from the spec (or the target, and declare the stage yourself).', 'key');
  }
}
