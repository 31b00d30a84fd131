import type { HttpApiSpec, SpecSet, WebSocketApiSpec } from '../../schema/index.js';
import type { Entity, EntityKey, EntityKind } from '../model.js';
import {
  routeKey, routeResponseKey, v2ApiKey, v2ApiKind, v2AuthorizerKey, v2IntegrationKey, v2IntegrationResponseKey,
  v2ModelKey, v2StageKey, type V2Protocol,
} from './keys.js';
import { normaliseV2 } from './normalise.js';
import { segment } from '../keys.js';

/**
 * The desired entities of the spec set's HTTP and WebSocket APIs, in the v2 model's vocabulary
 * (normalise.ts). The spec set arrives with its shorthands expanded (lambda -> AWS_PROXY, route
 * keys normalised, authorizationType derived from the authorizer).
 */
type Attrs = Record<string, any>;

export class V2Collector {
  readonly out: Entity[] = [];
  constructor(readonly protocol: V2Protocol) {}
  put(kind: EntityKind, key: EntityKey, parent: EntityKey | undefined, attrs: Attrs, refs: EntityKey[] = []): Entity {
    const e: Entity = { kind, key, attrs: normaliseV2(kind, attrs, this.protocol) };
    if (parent !== undefined) e.parent = parent;
    if (refs.length) e.refs = [...new Set(refs)].sort();
    this.out.push(e);
    return e;
  }
}

const throttle = (s: Attrs | undefined) =>
  s === undefined ? undefined : {
    throttlingBurstLimit: s.throttle?.burstLimit,
    throttlingRateLimit: s.throttle?.rateLimit,
    detailedMetricsEnabled: s.detailedMetricsEnabled,
    loggingLevel: s.loggingLevel,
    dataTraceEnabled: s.dataTraceEnabled,
  };

export function desiredV2Api(protocol: V2Protocol, name: string, spec: HttpApiSpec | WebSocketApiSpec): Entity[] {
  const c = new V2Collector(protocol);
  const s = spec as Attrs;
  const api = v2ApiKey(protocol, name);
  const root = c.put(v2ApiKind(protocol), api, undefined, {
    description: s.description, disableExecuteApiEndpoint: s.disableExecuteApiEndpoint, ipAddressType: s.ipAddressType,
    version: s.version, disableSchemaValidation: s.disableSchemaValidation,
    routeSelectionExpression: s.routeSelectionExpression, apiKeySelectionExpression: s.apiKeySelectionExpression,
    corsConfiguration: s.cors, tags: s.tags,
    // Quick create (HTTP APIs): AWS makes and manages the route, integration and $default stage.
    ...(s.target !== undefined ? { target: s.target, routeKey: s.routeKey ?? '$default', credentialsArn: s.credentialsArn } : {}),
  });
  // Not an attribute: the description of deployments is no part of the configuration they deploy.
  if (typeof s.deploymentDescription === 'string') root.meta = { deploymentDescription: s.deploymentDescription };
  for (const [m, model] of Object.entries((s.models ?? {}) as Attrs)) {
    c.put('v2-model', v2ModelKey(api, m), api, model);
  }
  for (const [a, { lambdaPermission: _a, ...auth }] of Object.entries((s.authorizers ?? {}) as Record<string, Attrs>)) {
    c.put('v2-authorizer', v2AuthorizerKey(api, a), api, {
      ...auth, authorizerType: auth.type, jwtConfiguration: auth.jwt,
    });
  }
  for (const [i, { lambdaPermission: _i, ...integ }] of Object.entries((s.integrations ?? {}) as Record<string, Attrs>)) {
    const key = v2IntegrationKey(api, i);
    c.put('v2-integration', key, api, {
      ...integ, integrationType: integ.type, integrationUri: integ.uri, integrationMethod: integ.httpMethod,
      contentHandlingStrategy: integ.contentHandling,
    });
    for (const [r, resp] of Object.entries((integ.responses ?? {}) as Attrs)) {
      c.put('v2-integration-response', v2IntegrationResponseKey(key, r), key, { ...resp, contentHandlingStrategy: resp.contentHandling });
    }
  }
  for (const [rk, route] of Object.entries((s.routes ?? {}) as Attrs)) {
    const key = routeKey(api, rk);
    const models = Object.values((route.requestModels ?? {}) as Attrs).map((m) => v2ModelKey(api, String(m)));
    c.put('route', key, api, { ...route, target: route.integration }, [
      ...(route.integration ? [v2IntegrationKey(api, route.integration)] : []),
      ...(route.authorizer ? [v2AuthorizerKey(api, route.authorizer)] : []),
      ...models,
    ]);
    for (const [r, resp] of Object.entries((route.responses ?? {}) as Attrs)) {
      const rmodels = Object.values((resp.responseModels ?? {}) as Attrs).map((m) => v2ModelKey(api, String(m)));
      c.put('route-response', routeResponseKey(key, r), key, resp, rmodels);
    }
  }
  for (const [st, stage] of Object.entries((s.stages ?? {}) as Attrs)) {
    const e = c.put('v2-stage', v2StageKey(api, st), api, {
      description: stage.description, autoDeploy: stage.autoDeploy, stageVariables: stage.variables,
      accessLogSettings: stage.accessLog, defaultRouteSettings: throttle(stage.defaultRouteSettings),
      routeSettings: Object.fromEntries(Object.entries((stage.routeSettings ?? {}) as Attrs).map(([k, v]) => [k, throttle(v)])),
      clientCertificate: stage.clientCertificate, clientCertificateId: stage.clientCertificateId, tags: stage.tags,
    }, [
      ...Object.keys((stage.routeSettings ?? {}) as Attrs).map((rk) => routeKey(api, rk)),
      // A stage that names a client certificate waits for it (and the certificate's delete for the stage).
      ...(typeof stage.clientCertificate === 'string' ? [segment('client-certificate', stage.clientCertificate)] : []),
    ]);
    // `deployment: pinned` or a configuration hash: resolved against the live API (pins.ts).
    if (typeof stage.deployment === 'string' && stage.deployment !== 'follow') e.meta = { ...e.meta, deployment: stage.deployment };
  }
  return c.out;
}

export function desiredV2Entities(specSet: SpecSet): Entity[] {
  return [
    ...Object.entries(specSet.httpApis ?? {}).flatMap(([n, s]) => desiredV2Api('HTTP', n, s)),
    ...Object.entries(specSet.webSocketApis ?? {}).flatMap(([n, s]) => desiredV2Api('WEBSOCKET', n, s)),
  ];
}
