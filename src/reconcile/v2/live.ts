import { LISTS_TAG } from '../account-lists.js';
import { dateOf, withoutOwnershipTag } from '../live-rest.js';
import type { Entity, EntityKey, Model } from '../model.js';
import { nameIntegrations } from './integration-names.js';
import {
  routeKey, routeResponseKey, v2ApiKey, v2ApiKind, v2AuthorizerKey, v2IntegrationKey, v2IntegrationResponseKey,
  v2ModelKey, v2StageKey, type V2Protocol,
} from './keys.js';
import { V2Collector } from './desired.js';
import { normaliseV2 } from './normalise.js';

/**
 * Live HTTP/WebSocket API (as the apigatewayv2 SDK returns it, PascalCase members) -> entities in
 * the v2 model. Ids become names: a route's target `integrations/<id>` the integration's name
 * (integration-names.ts), `authorizerId` the authorizer's name. AWS ids go to `ids`.
 */
type Obj = Record<string, any>;

export interface LiveV2Api {
  api: Obj;
  routes: (Obj & { responses?: Obj[] })[];
  integrations: (Obj & { responses?: Obj[] })[];
  authorizers: Obj[];
  models: Obj[];
  stages: Obj[];
  deployments: Obj[];
}

/** `{ Required: true }` maps -> `{ required: true }`. */
const requiredMap = (m: Obj | undefined) =>
  m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { required: (v as Obj)?.Required }]));

const routeSettings = (s: Obj | undefined) => s && {
  throttlingBurstLimit: s.ThrottlingBurstLimit, throttlingRateLimit: s.ThrottlingRateLimit,
  detailedMetricsEnabled: s.DetailedMetricsEnabled, loggingLevel: s.LoggingLevel, dataTraceEnabled: s.DataTraceEnabled,
};

export function integrationAttrs(i: Obj, protocol: V2Protocol): Obj {
  return normaliseV2('v2-integration', {
    integrationType: i.IntegrationType, integrationUri: i.IntegrationUri, integrationMethod: i.IntegrationMethod,
    integrationSubtype: i.IntegrationSubtype, description: i.Description, credentialsArn: i.CredentialsArn,
    connectionType: i.ConnectionType, connectionId: i.ConnectionId, payloadFormatVersion: i.PayloadFormatVersion,
    timeoutInMillis: i.TimeoutInMillis, requestParameters: i.RequestParameters, responseParameters: i.ResponseParameters,
    requestTemplates: i.RequestTemplates, templateSelectionExpression: i.TemplateSelectionExpression,
    passthroughBehavior: i.PassthroughBehavior, contentHandlingStrategy: i.ContentHandlingStrategy,
    tlsConfig: { serverNameToVerify: i.TlsConfig?.ServerNameToVerify },
  }, protocol);
}

const targetId = (t: unknown) => (typeof t === 'string' && t.startsWith('integrations/') ? t.slice('integrations/'.length) : undefined);

/** `desired` supplies the names integrations are matched to (integration-names.ts). */
export function liveV2ApiEntities(raw: LiveV2Api, desired: Model): Entity[] {
  const protocol: V2Protocol = raw.api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
  const c = new V2Collector(protocol);
  const apiId = String(raw.api.ApiId);
  const api = v2ApiKey(protocol, String(raw.api.Name));
  const idsOf = (e: Entity, ids: Record<string, string>, tags?: Record<string, string>) => {
    e.ids = ids;
    // The account-wide lists the API records: not compared, but part of the live fingerprint, so
    // a saved plan is stale once another apply changed them (account-lists.ts).
    if (typeof tags?.[LISTS_TAG] === 'string') e.meta = { ...e.meta, lists: tags[LISTS_TAG] };
    return e;
  };
  // Quick create: the managed route, integration and stage are the API's `target`, `routeKey` and
  // `credentialsArn`, not objects of their own (AWS refuses to change or delete them directly).
  const managedIntegration = raw.integrations.find((i) => i.ApiGatewayManaged);
  const managedRoute = raw.routes.find((r) => r.ApiGatewayManaged);
  const quick = managedIntegration && managedRoute
    ? { target: managedIntegration.IntegrationUri, routeKey: managedRoute.RouteKey, credentialsArn: managedIntegration.CredentialsArn }
    : {};
  raw = {
    ...raw,
    routes: raw.routes.filter((r) => !r.ApiGatewayManaged),
    integrations: raw.integrations.filter((i) => !i.ApiGatewayManaged),
    stages: raw.stages.filter((s) => !s.ApiGatewayManaged),
  };
  idsOf(c.put(v2ApiKind(protocol), api, undefined, {
    ...quick,
    description: raw.api.Description, disableExecuteApiEndpoint: raw.api.DisableExecuteApiEndpoint, ipAddressType: raw.api.IpAddressType,
    version: raw.api.Version, disableSchemaValidation: raw.api.DisableSchemaValidation,
    routeSelectionExpression: raw.api.RouteSelectionExpression, apiKeySelectionExpression: raw.api.ApiKeySelectionExpression,
    corsConfiguration: raw.api.CorsConfiguration && {
      allowOrigins: raw.api.CorsConfiguration.AllowOrigins, allowMethods: raw.api.CorsConfiguration.AllowMethods,
      allowHeaders: raw.api.CorsConfiguration.AllowHeaders, exposeHeaders: raw.api.CorsConfiguration.ExposeHeaders,
      allowCredentials: raw.api.CorsConfiguration.AllowCredentials, maxAge: raw.api.CorsConfiguration.MaxAge,
    },
    tags: withoutOwnershipTag(raw.api.Tags),
  }), { apiId }, raw.api.Tags);

  const names = integrationNames(raw, protocol, api, desired);
  const authNames = new Map(raw.authorizers.map((a) => [String(a.AuthorizerId), String(a.Name)]));
  const modelKey = (m: unknown) => v2ModelKey(api, String(m));
  for (const m of raw.models) {
    idsOf(c.put('v2-model', modelKey(m.Name), api, { contentType: m.ContentType, description: m.Description, schema: m.Schema }),
      { apiId, modelId: String(m.ModelId) });
  }
  for (const a of raw.authorizers) {
    idsOf(c.put('v2-authorizer', v2AuthorizerKey(api, String(a.Name)), api, {
      authorizerType: a.AuthorizerType, identitySource: a.IdentitySource,
      jwtConfiguration: a.JwtConfiguration && { issuer: a.JwtConfiguration.Issuer, audience: a.JwtConfiguration.Audience },
      authorizerUri: a.AuthorizerUri, authorizerCredentialsArn: a.AuthorizerCredentialsArn,
      authorizerResultTtlInSeconds: a.AuthorizerResultTtlInSeconds, authorizerPayloadFormatVersion: a.AuthorizerPayloadFormatVersion,
      enableSimpleResponses: a.EnableSimpleResponses, identityValidationExpression: a.IdentityValidationExpression,
    }), { apiId, authorizerId: String(a.AuthorizerId) });
  }
  for (const i of raw.integrations) {
    const id = String(i.IntegrationId);
    const key = v2IntegrationKey(api, names.get(id) ?? id);
    const e = c.put('v2-integration', key, api, {});
    e.attrs = integrationAttrs(i, protocol);
    idsOf(e, { apiId, integrationId: id });
    if (i.ApiGatewayManaged) e.meta = { managed: 'true' };
    for (const r of i.responses ?? []) {
      idsOf(c.put('v2-integration-response', v2IntegrationResponseKey(key, String(r.IntegrationResponseKey)), key, {
        responseTemplates: r.ResponseTemplates, responseParameters: r.ResponseParameters,
        templateSelectionExpression: r.TemplateSelectionExpression, contentHandlingStrategy: r.ContentHandlingStrategy,
      }), { apiId, integrationId: id, integrationResponseId: String(r.IntegrationResponseId) });
    }
  }
  for (const r of raw.routes) {
    const key = routeKey(api, String(r.RouteKey));
    const tid = targetId(r.Target);
    const target = tid === undefined ? r.Target : (names.get(tid) ?? tid);
    const auth = r.AuthorizerId ? authNames.get(String(r.AuthorizerId)) : undefined;
    const refs: EntityKey[] = [];
    if (tid !== undefined) refs.push(v2IntegrationKey(api, String(target)));
    if (auth) refs.push(v2AuthorizerKey(api, auth));
    for (const m of Object.values((r.RequestModels ?? {}) as Obj)) refs.push(modelKey(m));
    idsOf(c.put('route', key, api, {
      target, authorizationType: r.AuthorizationType, authorizer: auth, authorizationScopes: r.AuthorizationScopes,
      apiKeyRequired: r.ApiKeyRequired, operationName: r.OperationName,
      routeResponseSelectionExpression: r.RouteResponseSelectionExpression, modelSelectionExpression: r.ModelSelectionExpression,
      requestModels: r.RequestModels, requestParameters: requiredMap(r.RequestParameters),
    }, refs), { apiId, routeId: String(r.RouteId) });
    for (const rr of r.responses ?? []) {
      idsOf(c.put('route-response', routeResponseKey(key, String(rr.RouteResponseKey)), key, {
        modelSelectionExpression: rr.ModelSelectionExpression, responseModels: rr.ResponseModels,
        responseParameters: requiredMap(rr.ResponseParameters),
      }, Object.values((rr.ResponseModels ?? {}) as Obj).map(modelKey)), { apiId, routeId: String(r.RouteId), routeResponseId: String(rr.RouteResponseId) });
    }
  }
  const deployments = new Map(raw.deployments.map((d) => [String(d.DeploymentId), d]));
  // The deployment of each configuration (the newest, when several carry its hash): what a stage
  // pinned to a configuration hash runs.
  const marked: Record<string, string> = {};
  for (const d of [...raw.deployments].sort((a, b) => dateOf(a.CreatedDate) - dateOf(b.CreatedDate))) {
    const m = /\[config:([0-9a-f]+)\]/.exec(String(d.Description ?? ''));
    if (m) marked[`config:${m[1]}`] = String(d.DeploymentId);
  }
  const root = c.out.find((e) => e.key === api);
  if (root && Object.keys(marked).length) root.meta = { ...root.meta, ...marked };
  for (const s of raw.stages) {
    const e = c.put('v2-stage', v2StageKey(api, String(s.StageName)), api, {
      description: s.Description, autoDeploy: s.AutoDeploy, stageVariables: s.StageVariables,
      accessLogSettings: s.AccessLogSettings && { destinationArn: s.AccessLogSettings.DestinationArn, format: s.AccessLogSettings.Format },
      defaultRouteSettings: routeSettings(s.DefaultRouteSettings),
      routeSettings: Object.fromEntries(Object.entries((s.RouteSettings ?? {}) as Obj).map(([k, v]) => [k, routeSettings(v)])),
      clientCertificateId: s.ClientCertificateId, tags: s.Tags,
      // Compared only with a pinned stage's (alignV2): a following stage is moved by the deployment planner.
      deploymentId: s.DeploymentId,
    });
    idsOf(e, { apiId, ...(s.DeploymentId ? { deploymentId: String(s.DeploymentId) } : {}) });
    const meta: Record<string, string> = {};
    const description = deployments.get(String(s.DeploymentId))?.Description;
    if (description !== undefined) meta.deploymentDescription = String(description);
    // When the stage's deployment was made: import pins a stage that runs an older deployment than another.
    const deployedAt = dateOf(deployments.get(String(s.DeploymentId))?.CreatedDate);
    if (deployedAt) meta.deployedAt = String(deployedAt);
    if (s.ApiGatewayManaged) meta.managed = 'true';
    if (Object.keys(meta).length) e.meta = meta;
  }
  return c.out;
}

function integrationNames(raw: LiveV2Api, protocol: V2Protocol, api: EntityKey, desired: Model): Map<string, string> {
  const desiredTargets = new Map<string, string>();
  const desiredIntegrations = new Map<string, Record<string, unknown>>();
  const prefix = `${api} / `;
  for (const e of Object.values(desired.entities)) {
    if (!e.key.startsWith(prefix)) continue;
    if (e.kind === 'route' && typeof e.attrs.target === 'string') desiredTargets.set(e.key.slice(`${prefix}route:`.length), e.attrs.target);
    if (e.kind === 'v2-integration') desiredIntegrations.set(e.key.slice(`${prefix}integration:`.length), e.attrs);
  }
  const liveTargets = new Map<string, string>();
  for (const r of raw.routes) {
    const id = targetId(r.Target);
    if (id !== undefined) liveTargets.set(String(r.RouteKey), id);
  }
  return nameIntegrations({
    integrations: raw.integrations.map((i) => ({ id: String(i.IntegrationId), attrs: integrationAttrs(i, protocol) })),
    liveTargets, desiredTargets, desiredIntegrations,
  });
}
