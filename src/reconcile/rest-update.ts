import { deepEqual } from './canonical.js';
import { SEP, ancestorOfKind, nameOf, rootOf } from './keys.js';
import type { Entity, EntityKey } from './model.js';
import { mapEntries, scalar, setInPath, setInValue, tlsPolicyPatch, type PatchOp } from './patch.js';
import type { AwsCall } from './plan-types.js';
import { arnOf, stageSettingsPatch, type CallContext } from './rest-calls.js';
import { ACCOUNT_KINDS, API_STAGES, accountArn, accountPatch } from './account-calls.js';
import { routingRuleUpdateCalls } from './routing-rules.js';
import { linkVersionFor, vpcLinkKey } from './vpc-links.js';

/**
 * The one Update call (plus tag calls) that takes a live REST entity to its desired attrs: every
 * changed field of the object in the same `patchOperations` list, with the paths and ops AWS
 * accepts for that object (reference: v1 PATCH paths per Update* call).
 */
type Attrs = Record<string, any>;


function restApiPatch(f: Attrs, t: Attrs): PatchOp[] {
  const fe = (f.endpointConfiguration ?? {}) as Attrs;
  const te = (t.endpointConfiguration ?? {}) as Attrs;
  const out: PatchOp[] = [
    ...scalar('/description', f.description, t.description, 'remove'),
    ...scalar('/apiKeySource', f.apiKeySource, t.apiKeySource),
    ...setInPath('/binaryMediaTypes', f.binaryMediaTypes, t.binaryMediaTypes),
    ...scalar('/minimumCompressionSize', f.minimumCompressionSize, t.minimumCompressionSize),
    ...scalar('/disableExecuteApiEndpoint', f.disableExecuteApiEndpoint, t.disableExecuteApiEndpoint),
    ...scalar('/policy', f.policy === undefined ? undefined : JSON.stringify(f.policy),
      t.policy === undefined ? undefined : JSON.stringify(t.policy), 'empty'),
  ];
  // An API has one endpoint type; AWS switches it by replacing the current one.
  const [fromType] = (fe.types ?? []) as string[];
  const [toType] = (te.types ?? []) as string[];
  if (fromType !== toType && toType) out.push({ op: 'replace', path: `/endpointConfiguration/types/${fromType ?? 0}`, value: toType });
  out.push(...scalar('/endpointConfiguration/ipAddressType', fe.ipAddressType, te.ipAddressType));
  out.push(...tlsPolicyPatch(f, t));
  out.push(...setInValue('/endpointConfiguration/vpcEndpointIds', fe.vpcEndpointIds, te.vpcEndpointIds));
  return out;
}

function methodPatch(ctx: CallContext, key: EntityKey, f: Attrs, t: Attrs): PatchOp[] {
  const api = rootOf(key);
  const out: PatchOp[] = [...scalar('/authorizationType', f.authorizationType, t.authorizationType)];
  if (f.authorizer !== t.authorizer) {
    if (t.authorizer !== undefined) {
      out.push({ op: 'replace', path: '/authorizerId', value: ctx.id(`${api}${SEP}authorizer:${t.authorizer}`, 'authorizerId') });
    } else if (!['NONE', 'AWS_IAM'].includes(String(t.authorizationType))) {
      out.push({ op: 'replace', path: '/authorizerId', value: '' });
    }
    // Switching to NONE or AWS_IAM drops the authorizer id on AWS's side.
  }
  out.push(...setInValue('/authorizationScopes', f.authorizationScopes, t.authorizationScopes));
  out.push(...scalar('/apiKeyRequired', f.apiKeyRequired, t.apiKeyRequired));
  out.push(...scalar('/operationName', f.operationName, t.operationName, 'empty'));
  if (f.requestValidator !== t.requestValidator) {
    const value = t.requestValidator === undefined
      ? ''
      : ctx.id(`${api}${SEP}request-validator:${t.requestValidator}`, 'requestValidatorId');
    out.push({ op: 'replace', path: '/requestValidatorId', value });
  }
  out.push(...mapEntries('/requestParameters', f.requestParameters, t.requestParameters));
  out.push(...mapEntries('/requestModels', f.requestModels, t.requestModels));
  return out;
}

function integrationPatch(ctx: CallContext, f: Attrs, t: Attrs): PatchOp[] {
  const fields = ['httpMethod', 'uri', 'connectionType', 'credentials', 'passthroughBehavior',
    'contentHandling', 'timeoutInMillis', 'cacheNamespace', 'responseTransferMode', 'integrationTarget'];
  const out: PatchOp[] = [];
  for (const field of fields) out.push(...scalar(`/${field}`, f[field], t[field]));
  // A link named in the spec is sent as its id: the live one's, or the one an earlier op creates.
  const version = (a: Attrs) => linkVersionFor({ kind: 'integration', key: '', attrs: a });
  const connection = (a: Attrs) => (a.vpcLink !== undefined ? `link:${version(a)}:${String(a.vpcLink)}` : a.connectionId);
  if (connection(f) !== connection(t)) {
    const value = t.vpcLink !== undefined ? ctx.id(vpcLinkKey(version(t), t.vpcLink), 'vpcLinkId') : t.connectionId;
    out.push(value === undefined ? { op: 'replace', path: '/connectionId' } : { op: 'replace', path: '/connectionId', value });
  }
  const fromSkip = Boolean(f.tlsConfig?.insecureSkipVerification);
  const toSkip = Boolean(t.tlsConfig?.insecureSkipVerification);
  if (fromSkip !== toSkip) out.push({ op: 'replace', path: '/tlsConfig/insecureSkipVerification', value: String(toSkip) });
  out.push(...setInPath('/cacheKeyParameters', f.cacheKeyParameters, t.cacheKeyParameters));
  out.push(...mapEntries('/requestParameters', f.requestParameters, t.requestParameters));
  out.push(...mapEntries('/requestTemplates', f.requestTemplates, t.requestTemplates));
  return out;
}

function authorizerPatch(f: Attrs, t: Attrs): PatchOp[] {
  const out: PatchOp[] = [];
  for (const field of ['type', 'authType', 'authorizerUri', 'authorizerCredentials', 'identitySource',
    'identityValidationExpression', 'authorizerResultTtlInSeconds']) {
    out.push(...scalar(`/${field}`, f[field], t[field], field === 'identitySource' ? 'remove' : 'none'));
  }
  out.push(...setInValue('/providerARNs', f.providerARNs, t.providerARNs));
  return out;
}

function stagePatch(ctx: CallContext, f: Attrs, t: Attrs): PatchOp[] {
  const out: PatchOp[] = [];
  // A certificate named in the spec is sent as its id (the live one's, or the one GenerateClientCertificate returns).
  const cert = (a: Attrs) => (a.clientCertificate !== undefined ? `name:${String(a.clientCertificate)}` : a.clientCertificateId);
  for (const field of ['description', 'cacheClusterEnabled', 'cacheClusterSize', 'tracingEnabled',
    'clientCertificateId', 'documentationVersion', 'deploymentId']) {
    if (field === 'cacheClusterSize' && t.cacheClusterSize === undefined) continue;
    if (field === 'clientCertificateId') {
      if (cert(f) === cert(t)) continue;
      const value = t.clientCertificate !== undefined ? ctx.id(`client-certificate:${String(t.clientCertificate)}`, 'clientCertificateId') : t.clientCertificateId;
      out.push(value === undefined ? { op: 'replace', path: '/clientCertificateId' } : { op: 'replace', path: '/clientCertificateId', value });
      continue;
    }
    out.push(...scalar(`/${field}`, f[field], t[field], field === 'description' ? 'empty' : 'none'));
  }
  // AWS has no `add` for stage variables: replace creates one.
  out.push(...mapEntries('/variables', f.variables, t.variables));
  out.push(...stageSettingsPatch(f, t));
  const fc = f.canarySettings as Attrs | undefined;
  const tc = t.canarySettings as Attrs | undefined;
  if (!deepEqual(fc, tc)) {
    if (tc === undefined) out.push({ op: 'remove', path: '/canarySettings' });
    else {
      out.push(...scalar('/canarySettings/percentTraffic', fc?.percentTraffic, tc.percentTraffic));
      out.push(...scalar('/canarySettings/useStageCache', fc?.useStageCache, tc.useStageCache));
      // Overrides are a map: one entry per path, like the stage's own variables.
      out.push(...mapEntries('/canarySettings/stageVariableOverrides', fc?.stageVariableOverrides, tc.stageVariableOverrides));
    }
  }
  const replaceOnly = (path: string) => path.startsWith('/variables/') || path.startsWith('/canarySettings/stageVariableOverrides/');
  return out.map((p) => (p.op === 'add' && replaceOnly(p.path) ? { ...p, op: 'replace' } : p));
}

function patchFor(ctx: CallContext, e: Entity, f: Attrs, t: Attrs): PatchOp[] {
  switch (e.kind) {
    case 'rest-api': return restApiPatch(f, t);
    case 'method': return methodPatch(ctx, e.key, f, t);
    case 'integration': return integrationPatch(ctx, f, t);
    case 'method-response':
      return [...mapEntries('/responseParameters', f.responseParameters, t.responseParameters),
        ...mapEntries('/responseModels', f.responseModels, t.responseModels)];
    case 'integration-response':
      return [...scalar('/selectionPattern', f.selectionPattern, t.selectionPattern, 'empty'),
        ...scalar('/contentHandling', f.contentHandling, t.contentHandling),
        ...mapEntries('/responseParameters', f.responseParameters, t.responseParameters),
        ...mapEntries('/responseTemplates', f.responseTemplates, t.responseTemplates)];
    case 'model':
      return [...scalar('/description', f.description, t.description, 'empty'),
        ...scalar('/schema', f.schema === undefined ? undefined : JSON.stringify(f.schema),
          t.schema === undefined ? undefined : JSON.stringify(t.schema))];
    case 'request-validator':
      return [...scalar('/validateRequestBody', f.validateRequestBody, t.validateRequestBody),
        ...scalar('/validateRequestParameters', f.validateRequestParameters, t.validateRequestParameters)];
    case 'authorizer': return authorizerPatch(f, t);
    case 'gateway-response':
      return [...scalar('/statusCode', f.statusCode, t.statusCode),
        ...mapEntries('/responseParameters', f.responseParameters, t.responseParameters),
        ...mapEntries('/responseTemplates', f.responseTemplates, t.responseTemplates)];
    case 'stage': return stagePatch(ctx, f, t);
    // The whole content map at once: AWS patches /properties only as one JSON string.
    case 'documentation-part':
      return deepEqual(f.properties, t.properties) ? [] : [{ op: 'replace', path: '/properties', value: JSON.stringify(t.properties ?? {}) }];
    case 'documentation-version': return scalar('/description', f.description, t.description, 'empty');
    default: return [];
  }
}

const UPDATE_OPERATION: Record<string, string> = {
  'rest-api': 'UpdateRestApi', method: 'UpdateMethod', integration: 'UpdateIntegration',
  'method-response': 'UpdateMethodResponse', 'integration-response': 'UpdateIntegrationResponse',
  model: 'UpdateModel', 'request-validator': 'UpdateRequestValidator', authorizer: 'UpdateAuthorizer',
  'gateway-response': 'UpdateGatewayResponse', stage: 'UpdateStage',
  'documentation-part': 'UpdateDocumentationPart', 'documentation-version': 'UpdateDocumentationVersion',
};

/** Identifiers of the object for its Update call. */
function targetIds(ctx: CallContext, e: Entity): Record<string, unknown> {
  const restApiId = ctx.id(rootOf(e.key), 'restApiId');
  switch (e.kind) {
    case 'rest-api': return { restApiId };
    case 'method':
    case 'integration':
    case 'method-response':
    case 'integration-response': {
      const ids: Record<string, unknown> = {
        restApiId,
        resourceId: ctx.id(ancestorOfKind(e.key, 'resource'), 'resourceId'),
        httpMethod: nameOf(ancestorOfKind(e.key, 'method')),
      };
      if (e.kind.endsWith('response')) ids.statusCode = nameOf(e.key);
      return ids;
    }
    case 'model': return { restApiId, modelName: nameOf(e.key) };
    case 'request-validator': return { restApiId, requestValidatorId: ctx.id(e.key, 'requestValidatorId') };
    case 'authorizer': return { restApiId, authorizerId: ctx.id(e.key, 'authorizerId') };
    case 'gateway-response': return { restApiId, responseType: nameOf(e.key) };
    case 'stage': return { restApiId, stageName: nameOf(e.key) };
    case 'documentation-part': return { restApiId, documentationPartId: ctx.id(e.key, 'documentationPartId') };
    case 'documentation-version': return { restApiId, documentationVersion: nameOf(e.key) };
    default: return { restApiId };
  }
}

/**
 * `extra` carries patch operations decided outside the attrs (a stage moved to the plan's new
 * deployment), so that they share the object's one Update call.
 */
export function updateCalls(ctx: CallContext, e: Entity, from: Attrs, to: Attrs, extra: PatchOp[] = []): AwsCall[] {
  const calls: AwsCall[] = [];
  if (e.kind === 'routing-rule') {
    calls.push(...routingRuleUpdateCalls(ctx, e, to));
  } else if (ACCOUNT_KINDS.has(e.kind)) {
    const p = accountPatch(ctx, e, from, to);
    if (p && p.ops.length) {
      const goneOk = p.operation === 'UpdateUsagePlan' && p.ops.some((o) => o.op === 'remove' && o.path === API_STAGES);
      calls.push({ service: 'apigateway', operation: p.operation, input: { ...p.target, patchOperations: p.ops },
        ...(p.produces ? { produces: p.produces } : {}), ...(goneOk ? { removeGoneOk: [API_STAGES] } : {}) });
    }
  } else {
    // A `copy` (a canary's promotion) reads what later operations may remove: it goes first.
    const ops = [...extra.filter((o) => o.op === 'copy'), ...patchFor(ctx, e, from, to), ...extra.filter((o) => o.op !== 'copy')];
    const operation = UPDATE_OPERATION[e.kind];
    if (ops.length && operation) {
      calls.push({ service: 'apigateway', operation, input: { ...targetIds(ctx, e), patchOperations: ops } });
    }
  }
  calls.push(...tagCalls(ctx, e, from.tags, to.tags));
  return calls;
}

const TAGGED = new Set(['rest-api', 'stage', 'api-key', 'usage-plan', 'domain-name', 'client-certificate']);

/** Tags are not patchable: TagResource for new or changed values, UntagResource for removed keys. */
export function tagCalls(ctx: CallContext, e: Entity, from: unknown, to: unknown): AwsCall[] {
  if (!TAGGED.has(e.kind)) return [];
  const f = (from ?? {}) as Record<string, string>;
  const t = (to ?? {}) as Record<string, string>;
  const calls: AwsCall[] = [];
  const set = Object.fromEntries(Object.keys(t).sort().filter((k) => f[k] !== t[k]).map((k) => [k, t[k]]));
  const removed = Object.keys(f).filter((k) => !(k in t)).sort();
  const resourceArn = ACCOUNT_KINDS.has(e.kind) ? accountArn(ctx, e) : arnOf(ctx, e);
  if (Object.keys(set).length) calls.push({ service: 'apigateway', operation: 'TagResource', input: { resourceArn, tags: set } });
  if (removed.length) calls.push({ service: 'apigateway', operation: 'UntagResource', input: { resourceArn, tagKeys: removed } });
  return calls;
}
