import { nameOf, SEP } from '../reconcile/keys.js';
import { PIN_TAG, type Entity, type Model } from '../reconcile/model.js';
import { v2ApiKey, type V2Protocol } from '../reconcile/v2/keys.js';
import { clean, stagesLeftBehind } from './rest-to-spec.js';

/**
 * Live entities of one HTTP or WebSocket API (the v2 canonical model) -> the spec language: the
 * inverse of v2/desired.ts. Integrations, which AWS does not name, carry the names the live reader
 * gives them from their content (`orders` for a Lambda function `orders`). Defaults AWS fills in
 * are left out; fields are written out in full rather than as shorthands, so that what is written
 * is exactly what AWS holds.
 */
type Attrs = Record<string, any>;

const settingsToSpec = (s: Attrs | undefined): Attrs | undefined =>
  s === undefined ? undefined : clean({
    throttle: clean({ burstLimit: s.throttlingBurstLimit, rateLimit: s.throttlingRateLimit }),
    detailedMetricsEnabled: s.detailedMetricsEnabled,
    loggingLevel: s.loggingLevel,
    dataTraceEnabled: s.dataTraceEnabled,
  });

export function v2ApiToSpec(protocol: V2Protocol, name: string, live: Model, warnings: string[] = []): Attrs {
  const apiKey = v2ApiKey(protocol, name);
  const all = Object.values(live.entities).filter((e) => e.key.startsWith(apiKey + SEP)).sort((a, b) => (a.key < b.key ? -1 : 1));
  const childrenOf = (parent: string, kind: Entity['kind']) => all.filter((e) => e.kind === kind && e.parent === parent);
  const of = (kind: Entity['kind']) => childrenOf(apiKey, kind);
  const api = live.entities[apiKey]?.attrs ?? {};
  const ws = protocol === 'WEBSOCKET';

  const models: Attrs = {};
  for (const m of of('v2-model')) models[nameOf(m.key)] = clean({ contentType: m.attrs.contentType, description: m.attrs.description, schema: m.attrs.schema }, { contentType: 'application/json' });
  const authorizers: Attrs = {};
  const authorizerTypes = new Map<string, string>();
  for (const a of of('v2-authorizer')) {
    const n = nameOf(a.key);
    authorizerTypes.set(n, String(a.attrs.authorizerType));
    const jwt = a.attrs.jwtConfiguration as Attrs | undefined;
    authorizers[n] = clean({
      type: a.attrs.authorizerType,
      identitySource: a.attrs.identitySource,
      jwt: jwt ? clean({ issuer: jwt.issuer, audience: jwt.audience }) : undefined,
      authorizerUri: a.attrs.authorizerUri,
      authorizerCredentialsArn: a.attrs.authorizerCredentialsArn,
      authorizerResultTtlInSeconds: a.attrs.authorizerResultTtlInSeconds,
      authorizerPayloadFormatVersion: a.attrs.authorizerPayloadFormatVersion,
      enableSimpleResponses: a.attrs.enableSimpleResponses,
      identityValidationExpression: a.attrs.identityValidationExpression,
    });
  }
  const integrations: Attrs = {};
  for (const i of of('v2-integration')) {
    const a = i.attrs;
    const responses: Attrs = {};
    for (const r of childrenOf(i.key, 'v2-integration-response')) {
      responses[nameOf(r.key)] = clean({
        responseTemplates: r.attrs.responseTemplates, responseParameters: r.attrs.responseParameters,
        templateSelectionExpression: r.attrs.templateSelectionExpression, contentHandling: r.attrs.contentHandlingStrategy,
      });
    }
    integrations[nameOf(i.key)] = clean({
      type: a.integrationType,
      uri: a.integrationUri,
      httpMethod: a.integrationMethod,
      description: a.description,
      credentialsArn: a.credentialsArn,
      // A link named by import (vpcLink) implies VPC_LINK.
      connectionType: a.vpcLink !== undefined ? undefined : a.connectionType,
      connectionId: a.connectionId,
      vpcLink: a.vpcLink,
      // HTTP APIs need it spelt out for AWS_PROXY; elsewhere 1.0 is AWS's default.
      payloadFormatVersion: !ws && (a.integrationType === 'AWS_PROXY' || a.payloadFormatVersion !== '1.0') ? a.payloadFormatVersion : undefined,
      integrationSubtype: a.integrationSubtype,
      timeoutInMillis: a.timeoutInMillis,
      requestParameters: a.requestParameters,
      responseParameters: a.responseParameters,
      tlsConfig: a.tlsConfig,
      requestTemplates: a.requestTemplates,
      templateSelectionExpression: a.templateSelectionExpression,
      passthroughBehavior: a.passthroughBehavior,
      contentHandling: a.contentHandlingStrategy,
      responses,
    }, { connectionType: 'INTERNET', timeoutInMillis: ws ? 29000 : 30000, passthroughBehavior: 'WHEN_NO_MATCH' });
  }
  const routes: Attrs = {};
  for (const r of of('route')) {
    const a = r.attrs;
    const derived = a.authorizer ? (authorizerTypes.get(String(a.authorizer)) === 'JWT' ? 'JWT' : 'CUSTOM') : 'NONE';
    const responses: Attrs = {};
    for (const rr of childrenOf(r.key, 'route-response')) {
      responses[nameOf(rr.key)] = clean({
        modelSelectionExpression: rr.attrs.modelSelectionExpression, responseModels: rr.attrs.responseModels, responseParameters: rr.attrs.responseParameters,
      });
    }
    routes[nameOf(r.key)] = clean({
      integration: a.target,
      authorizer: a.authorizer,
      authorizationType: a.authorizationType === derived ? undefined : a.authorizationType,
      authorizationScopes: a.authorizationScopes,
      apiKeyRequired: a.apiKeyRequired === true ? true : undefined,
      operationName: a.operationName,
      routeResponseSelectionExpression: a.routeResponseSelectionExpression,
      modelSelectionExpression: a.modelSelectionExpression,
      requestModels: a.requestModels,
      requestParameters: a.requestParameters,
      responses: ws ? responses : undefined,
    });
  }
  const stages: Attrs = {};
  const behind = stagesLeftBehind(of('v2-stage'), `${protocol === 'HTTP' ? 'http-api' : 'websocket-api'} ${name}`, warnings);
  for (const s of of('v2-stage')) {
    const a = s.attrs;
    const routeSettings: Attrs = {};
    for (const [k, v] of Object.entries((a.routeSettings ?? {}) as Attrs)) routeSettings[k] = settingsToSpec(v as Attrs) ?? { detailedMetricsEnabled: false };
    // The pin tag is apply's record of where a pinned stage stays: the spec says `deployment: pinned`.
    const { [PIN_TAG]: pin, ...tags } = (a.tags ?? {}) as Record<string, string>;
    stages[nameOf(s.key)] = clean({
      description: a.description,
      autoDeploy: a.autoDeploy === true ? true : undefined,
      deployment: (pin !== undefined || behind.has(s.key)) && a.autoDeploy !== true ? 'pinned' : undefined,
      variables: a.stageVariables,
      accessLog: a.accessLogSettings,
      defaultRouteSettings: settingsToSpec(a.defaultRouteSettings as Attrs | undefined),
      routeSettings,
      clientCertificate: a.clientCertificate,
      clientCertificateId: a.clientCertificateId,
      tags: Object.keys(tags).length ? tags : undefined,
    });
  }
  return clean({
    description: api.description,
    version: api.version,
    disableSchemaValidation: api.disableSchemaValidation === true ? true : undefined,
    tags: api.tags,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint === true ? true : undefined,
    ipAddressType: api.ipAddressType === 'dualstack' ? 'dualstack' : undefined,
    routeSelectionExpression: ws || api.routeSelectionExpression !== '$request.method $request.path' ? api.routeSelectionExpression : undefined,
    apiKeySelectionExpression: ws && api.apiKeySelectionExpression !== '$request.header.x-api-key' ? api.apiKeySelectionExpression : undefined,
    cors: api.corsConfiguration,
    // Quick create: the managed route, integration and stage are these three, not objects of their own.
    target: api.target,
    routeKey: api.target !== undefined && api.routeKey !== '$default' ? api.routeKey : undefined,
    credentialsArn: api.credentialsArn,
    models,
    integrations,
    authorizers,
    routes,
    stages,
  });
}

/** A v2 custom domain (with API mappings) -> the spec's `domains` entry. */
export function v2DomainToSpec(live: Model, key: string): Attrs {
  const d = live.entities[key]?.attrs ?? {};
  const mappings: Attrs = {};
  for (const m of Object.values(live.entities).filter((e) => e.kind === 'api-mapping' && e.parent === key)) {
    mappings[nameOf(m.key)] = { api: m.attrs.api, stage: m.attrs.stage };
  }
  const edge = d.endpointType === 'EDGE';
  return clean({
    endpointType: edge ? 'EDGE' : undefined,
    ipAddressType: d.ipAddressType,
    regionalCertificateArn: edge ? undefined : d.certificateArn,
    certificateArn: edge ? d.certificateArn : undefined,
    securityPolicy: d.securityPolicy,
    mutualTls: d.mutualTlsAuthentication,
    ownershipVerificationCertificateArn: d.ownershipVerificationCertificateArn,
    tags: d.tags,
    mappings,
  }, { securityPolicy: 'TLS_1_2', ipAddressType: 'ipv4' });
}
