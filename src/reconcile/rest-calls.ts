import { awsMethodSettingKey } from './live-rest.js';
import { linkVersionFor, vpcLinkKey } from './vpc-links.js';
import { SEP, ancestorOfKind, nameOf, resourceKey, rootOf } from './keys.js';
import { OWNERSHIP_TAG, PIN_TAG, type Entity, type EntityKey } from './model.js';
import { scalar, type PatchOp } from './patch.js';
import type { AwsCall, IdRef } from './plan-types.js';

/**
 * The exact apigateway (v1) calls that create, update or delete one REST entity. Ids come from
 * the context: the live id when the object exists, a `{ $ref, id }` placeholder when an earlier op
 * of the same plan creates it.
 */
export interface CallContext {
  region: string;
  specSet: string;
  /** The OWNERSHIP_TAG value written on what this plan creates or adopts (ownerTagValue). */
  owner: string;
  id(key: EntityKey, name: string): string | IdRef;
  /** Names of the WebSocket APIs (desired or live): usage plans name their stages like REST stages. */
  webSocketApis?: Set<string>;
}

type Attrs = Record<string, any>;
const call = (operation: string, input: Record<string, unknown>, produces?: AwsCall['produces']): AwsCall =>
  produces ? { service: 'apigateway', operation, input, produces } : { service: 'apigateway', operation, input };

/** Drops undefined members, so the calls in a plan hold only what is sent. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}


/** restApiId, resourceId, httpMethod (and statusCode) of a method-level entity. */
function methodIds(ctx: CallContext, key: EntityKey): Record<string, unknown> {
  const res = ancestorOfKind(key, 'resource');
  const verb = nameOf(ancestorOfKind(key, 'method'));
  return { restApiId: ctx.id(rootOf(key), 'restApiId'), resourceId: ctx.id(res, 'resourceId'), httpMethod: verb };
}

const apiId = (ctx: CallContext, key: EntityKey) => ({ restApiId: ctx.id(rootOf(key), 'restApiId') });
const refKey = (key: EntityKey, kind: string, name: unknown) => `${rootOf(key)}${SEP}${kind}:${String(name)}`;
const json = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * A template map as the AWS CLI sends it: a passthrough template (null in the canonical form,
 * which is how AWS returns it) goes as `""`. The SDK's JSON serialiser drops null map values, so
 * a null would never reach AWS and the content type would be lost; AWS stores `""` as null.
 */
export function wireTemplates(v: unknown): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x === null || x === undefined ? '' : String(x)]));
}

export function arnOf(ctx: CallContext, e: Entity): string {
  const api = String(ctx.id(rootOf(e.key), 'restApiId'));
  const base = `arn:aws:apigateway:${ctx.region}::/restapis/${api}`;
  return e.kind === 'stage' ? `${base}/stages/${nameOf(e.key)}` : base;
}

const defaultRestPolicy = (a: Attrs) => ((a.endpointConfiguration as Attrs | undefined)?.types as string[] | undefined)?.includes('PRIVATE') ? 'TLS_1_2' : 'TLS_1_0';

export function createCalls(ctx: CallContext, e: Entity): AwsCall[] {
  const a = e.attrs as Attrs;
  const key = e.key;
  switch (e.kind) {
    case 'rest-api':
      return [
        call('CreateRestApi', defined({
          name: nameOf(key),
          description: a.description,
          version: a.version,
          apiKeySource: a.apiKeySource,
          binaryMediaTypes: a.binaryMediaTypes,
          minimumCompressionSize: a.minimumCompressionSize,
          disableExecuteApiEndpoint: a.disableExecuteApiEndpoint,
          policy: json(a.policy),
          endpointConfiguration: a.endpointConfiguration,
          // AWS's default policy is left to AWS (TLS_1_0; TLS_1_2 for PRIVATE APIs).
          securityPolicy: a.securityPolicy === defaultRestPolicy(a) ? undefined : a.securityPolicy,
          endpointAccessMode: a.endpointAccessMode,
          tags: { ...(a.tags ?? {}), [OWNERSHIP_TAG]: ctx.owner },
        }), { key, ids: { restApiId: 'id', rootResourceId: 'rootResourceId' } }),
      ];
    case 'resource': {
      const path = nameOf(key);
      if (path === '/') return [];
      const parentPath = path.slice(0, path.lastIndexOf('/')) || '/';
      return [
        call('CreateResource', {
          ...apiId(ctx, key),
          parentId: ctx.id(resourceKey(rootOf(key), parentPath), 'resourceId'),
          pathPart: path.slice(path.lastIndexOf('/') + 1),
        }, { key, ids: { resourceId: 'id' } }),
      ];
    }
    case 'method':
      return [
        call('PutMethod', defined({
          ...methodIds(ctx, key),
          authorizationType: a.authorizationType,
          authorizerId: a.authorizer === undefined ? undefined : ctx.id(refKey(key, 'authorizer', a.authorizer), 'authorizerId'),
          authorizationScopes: a.authorizationScopes,
          apiKeyRequired: a.apiKeyRequired,
          operationName: a.operationName,
          requestParameters: a.requestParameters,
          requestModels: a.requestModels,
          requestValidatorId:
            a.requestValidator === undefined ? undefined : ctx.id(refKey(key, 'request-validator', a.requestValidator), 'requestValidatorId'),
        })),
      ];
    case 'integration':
      return [
        call('PutIntegration', defined({
          ...methodIds(ctx, key),
          type: a.type,
          integrationHttpMethod: a.httpMethod,
          uri: a.uri,
          connectionType: a.connectionType,
          connectionId: a.vpcLink !== undefined ? ctx.id(vpcLinkKey(linkVersionFor(e), a.vpcLink), 'vpcLinkId') : a.connectionId,
          credentials: a.credentials,
          requestParameters: a.requestParameters,
          requestTemplates: wireTemplates(a.requestTemplates),
          passthroughBehavior: a.passthroughBehavior,
          contentHandling: a.contentHandling,
          timeoutInMillis: a.timeoutInMillis,
          cacheNamespace: a.cacheNamespace,
          cacheKeyParameters: a.cacheKeyParameters,
          tlsConfig: a.tlsConfig,
          responseTransferMode: a.responseTransferMode,
          integrationTarget: a.integrationTarget,
        })),
      ];
    case 'method-response':
      return [call('PutMethodResponse', defined({ ...methodIds(ctx, key), statusCode: nameOf(key),
        responseParameters: a.responseParameters, responseModels: a.responseModels }))];
    case 'integration-response':
      return [call('PutIntegrationResponse', defined({ ...methodIds(ctx, key), statusCode: nameOf(key),
        selectionPattern: a.selectionPattern, contentHandling: a.contentHandling,
        responseParameters: a.responseParameters, responseTemplates: wireTemplates(a.responseTemplates) }))];
    case 'model':
      return [call('CreateModel', defined({ ...apiId(ctx, key), name: nameOf(key), contentType: a.contentType,
        schema: json(a.schema), description: a.description }))];
    case 'request-validator':
      return [call('CreateRequestValidator', { ...apiId(ctx, key), name: nameOf(key),
        validateRequestBody: a.validateRequestBody, validateRequestParameters: a.validateRequestParameters },
        { key, ids: { requestValidatorId: 'id' } })];
    case 'authorizer':
      return [call('CreateAuthorizer', defined({ ...apiId(ctx, key), name: nameOf(key), type: a.type,
        providerARNs: a.providerARNs, authType: a.authType, authorizerUri: a.authorizerUri,
        authorizerCredentials: a.authorizerCredentials, identitySource: a.identitySource,
        identityValidationExpression: a.identityValidationExpression,
        authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds }), { key, ids: { authorizerId: 'id' } })];
    case 'gateway-response':
      return [call('PutGatewayResponse', defined({ ...apiId(ctx, key), responseType: nameOf(key),
        statusCode: a.statusCode, responseParameters: a.responseParameters, responseTemplates: a.responseTemplates }))];
    case 'documentation-part':
      return [call('CreateDocumentationPart', { ...apiId(ctx, key), location: a.location, properties: JSON.stringify(a.properties ?? {}) },
        { key, ids: { documentationPartId: 'id' } })];
    case 'documentation-version':
      return [call('CreateDocumentationVersion', defined({ ...apiId(ctx, key), documentationVersion: nameOf(key), description: a.description }))];
    case 'stage':
      return stageCreateCalls(ctx, e);
    default:
      throw new Error(`no create calls for kind ${e.kind}`);
  }
}

function stageCreateCalls(ctx: CallContext, e: Entity): AwsCall[] {
  const a = e.attrs as Attrs;
  const deploymentId = a.deploymentId ?? ctx.id(`${rootOf(e.key)}${SEP}deployment`, 'deploymentId');
  const create = call('CreateStage', defined({
    ...apiId(ctx, e.key),
    stageName: nameOf(e.key),
    deploymentId,
    description: a.description,
    cacheClusterEnabled: a.cacheClusterEnabled,
    cacheClusterSize: a.cacheClusterSize,
    variables: a.variables,
    documentationVersion: a.documentationVersion,
    // A new stage's canary starts on the same deployment as the stage.
    canarySettings: a.canarySettings ? { ...a.canarySettings, deploymentId } : undefined,
    tracingEnabled: a.tracingEnabled,
    // A new pinned stage records the deployment it starts on (pins.ts).
    tags: e.meta?.deployment === 'pinned' && a.deploymentId === undefined ? { ...(a.tags ?? {}), [PIN_TAG]: deploymentId } : a.tags,
  }));
  // CreateStage takes no method settings, access logs or client certificate: patch them after.
  const rest = [
    ...stageSettingsPatch({}, a),
    ...scalar('/clientCertificateId', undefined, a.clientCertificate !== undefined
      ? ctx.id(`client-certificate:${String(a.clientCertificate)}`, 'clientCertificateId') : a.clientCertificateId),
  ];
  return rest.length
    ? [create, call('UpdateStage', { ...apiId(ctx, e.key), stageName: nameOf(e.key), patchOperations: rest })]
    : [create];
}

export function deleteCalls(ctx: CallContext, e: Entity): AwsCall[] {
  const key = e.key;
  switch (e.kind) {
    case 'rest-api': return [call('DeleteRestApi', apiId(ctx, key))];
    case 'resource': return [call('DeleteResource', { ...apiId(ctx, key), resourceId: ctx.id(key, 'resourceId') })];
    case 'method': return [call('DeleteMethod', methodIds(ctx, key))];
    case 'integration': return [call('DeleteIntegration', methodIds(ctx, key))];
    case 'method-response': return [call('DeleteMethodResponse', { ...methodIds(ctx, key), statusCode: nameOf(key) })];
    case 'integration-response':
      return [call('DeleteIntegrationResponse', { ...methodIds(ctx, key), statusCode: nameOf(key) })];
    case 'model': return [call('DeleteModel', { ...apiId(ctx, key), modelName: nameOf(key) })];
    case 'request-validator':
      return [call('DeleteRequestValidator', { ...apiId(ctx, key), requestValidatorId: ctx.id(key, 'requestValidatorId') })];
    case 'authorizer':
      return [call('DeleteAuthorizer', { ...apiId(ctx, key), authorizerId: ctx.id(key, 'authorizerId') })];
    case 'gateway-response': return [call('DeleteGatewayResponse', { ...apiId(ctx, key), responseType: nameOf(key) })];
    case 'documentation-part':
      return [call('DeleteDocumentationPart', { ...apiId(ctx, key), documentationPartId: ctx.id(key, 'documentationPartId') })];
    case 'documentation-version':
      return [call('DeleteDocumentationVersion', { ...apiId(ctx, key), documentationVersion: nameOf(key) })];
    case 'stage': return [call('DeleteStage', { ...apiId(ctx, key), stageName: nameOf(key) })];
    default: throw new Error(`no delete calls for kind ${e.kind}`);
  }
}

/** Method settings and access logs of a stage, as UpdateStage patch operations. */
export function stageSettingsPatch(from: Attrs, to: Attrs): PatchOp[] {
  const out: PatchOp[] = [];
  const f = (from.methodSettings ?? {}) as Record<string, Attrs>;
  const t = (to.methodSettings ?? {}) as Record<string, Attrs>;
  for (const k of Object.keys(f).sort()) if (!(k in t)) out.push({ op: 'remove', path: `/${awsMethodSettingKey(k)}` });
  for (const k of Object.keys(t).sort()) {
    for (const field of Object.keys(t[k] ?? {}).sort()) {
      const path = `/${awsMethodSettingKey(k)}/${METHOD_SETTING_PATHS[field] ?? field}`;
      out.push(...scalar(path, f[k]?.[field], t[k]?.[field]));
    }
  }
  const fl = (from.accessLogSettings ?? {}) as Attrs;
  const tl = (to.accessLogSettings ?? {}) as Attrs;
  if (Object.keys(tl).length === 0 && Object.keys(fl).length > 0) out.push({ op: 'remove', path: '/accessLogSettings' });
  else {
    out.push(...scalar('/accessLogSettings/destinationArn', fl.destinationArn, tl.destinationArn, 'remove'));
    out.push(...scalar('/accessLogSettings/format', fl.format, tl.format, 'remove'));
  }
  return out;
}

/** Method setting fields and their PATCH paths under `/{resourcePath}/{httpMethod}/`. */
const METHOD_SETTING_PATHS: Record<string, string> = {
  metricsEnabled: 'metrics/enabled',
  loggingLevel: 'logging/loglevel',
  dataTraceEnabled: 'logging/dataTrace',
  throttlingBurstLimit: 'throttling/burstLimit',
  throttlingRateLimit: 'throttling/rateLimit',
  cachingEnabled: 'caching/enabled',
  cacheTtlInSeconds: 'caching/ttlInSeconds',
  cacheDataEncrypted: 'caching/dataEncrypted',
  requireAuthorizationForCacheControl: 'caching/requireAuthorizationForCacheControl',
  unauthorizedCacheControlHeaderStrategy: 'caching/unauthorizedCacheControlHeaderStrategy',
};

