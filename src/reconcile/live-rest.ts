import { toJsonDoc, type Json } from './canonical.js';
import { normaliseAttrs } from './rest-normalise.js';
import { locationKey } from '../schema/check/documentation.js';
import {
  childKey,
  integrationKey,
  integrationResponseKey,
  methodKey,
  methodResponseKey,
  resourceKey,
  restApiKey,
} from './keys.js';
import { LISTS_TAG } from './account-lists.js';
import { DNS_ZONE_TAG, OWNERSHIP_TAG, type Entity, type EntityKey, type EntityKind } from './model.js';

/**
 * What the reader fetched for one REST API, in AWS's response shapes (the SDK's output members),
 * and its pure conversion into live entities: ids replaced by names and paths, defaults filled in
 * by the same normaliser the desired side uses, AWS's ids kept aside in `ids`.
 */
type Obj = Record<string, any>;

export interface RawRestApi {
  api: Obj;
  /** GetResources with embed=methods: each `resourceMethods` verb maps to the full Method. */
  resources: Obj[];
  authorizers: Obj[];
  models: Obj[];
  requestValidators: Obj[];
  gatewayResponses: Obj[];
  stages: Obj[];
  deployments: Obj[];
  /** GetDocumentationParts and GetDocumentationVersions (absent: the API was read shallow). */
  documentationParts?: Obj[];
  documentationVersions?: Obj[];
}

/** Models every new REST API gets from AWS; never deleted because a spec does not list them. */
export const AWS_DEFAULT_MODELS = ['Empty', 'Error'];

export function withoutOwnershipTag(tags: unknown): Record<string, string> | undefined {
  if (!tags || typeof tags !== 'object') return undefined;
  const out = { ...(tags as Record<string, string>) };
  delete out[OWNERSHIP_TAG];
  delete out[DNS_ZONE_TAG];
  delete out[LISTS_TAG];
  return out;
}

/** A date as AWS's SDK gives it (Date, epoch seconds or ISO text), as milliseconds; 0 when absent. */
export function dateOf(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v * 1000;
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

export function liveRestApiEntities(raw: RawRestApi): Entity[] {
  const api = raw.api;
  const apiKey = restApiKey(String(api.name));
  const restApiId = String(api.id);
  const out: Entity[] = [];
  const add = (
    kind: EntityKind,
    key: EntityKey,
    parent: EntityKey | undefined,
    attrs: Obj,
    ids: Record<string, string>,
    extra?: { refs: EntityKey[] },
  ) => {
    const e: Entity = extra ? { kind, key, attrs: normaliseAttrs(kind, attrs), ids, refs: extra.refs } : { kind, key, attrs: normaliseAttrs(kind, attrs), ids };
    if (parent !== undefined) e.parent = parent;
    out.push(e);
    return e;
  };

  const root = add('rest-api', apiKey, undefined, { ...api, policy: foldOwnArns(api.policy, restApiId), tags: withoutOwnershipTag(api.tags) }, {
    restApiId,
    ...(api.rootResourceId ? { rootResourceId: String(api.rootResourceId) } : {}),
  });
  // The account-wide lists the API records: not compared, but part of the live fingerprint, so a
  // saved plan is stale once another apply changed them (account-lists.ts).
  const lists = (api.tags as Record<string, string> | undefined)?.[LISTS_TAG];
  if (typeof lists === 'string') root.meta = { lists };

  const authorizerNames = new Map<string, string>(raw.authorizers.map((a) => [String(a.id), String(a.name)]));
  const validatorNames = new Map<string, string>(raw.requestValidators.map((v) => [String(v.id), String(v.name)]));
  const nameOrId = (names: Map<string, string>, id: unknown) =>
    id ? (names.get(String(id)) ?? `(unknown id ${String(id)})`) : undefined;

  for (const a of raw.authorizers) {
    add('authorizer', childKey(apiKey, 'authorizer', String(a.name)), apiKey, a, {
      restApiId,
      authorizerId: String(a.id),
    });
  }
  for (const v of raw.requestValidators) {
    add('request-validator', childKey(apiKey, 'request-validator', String(v.name)), apiKey, v, {
      restApiId,
      requestValidatorId: String(v.id),
    });
  }
  for (const m of raw.models) {
    const e = add('model', childKey(apiKey, 'model', String(m.name)), apiKey, m, {
      restApiId,
      modelName: String(m.name),
    });
    if (AWS_DEFAULT_MODELS.includes(String(m.name))) e.meta = { awsDefault: 'true' };
  }
  for (const g of raw.gatewayResponses) {
    // Every type exists with defaultResponse:true until someone sets it: only set ones are ours.
    if (g.defaultResponse !== false) continue;
    add('gateway-response', childKey(apiKey, 'gateway-response', String(g.responseType)), apiKey, g, {
      restApiId,
      responseType: String(g.responseType),
    });
  }

  for (const r of raw.resources) {
    const resKey = resourceKey(apiKey, String(r.path));
    const resourceId = String(r.id);
    add('resource', resKey, apiKey, {}, { restApiId, resourceId });
    for (const [verb, m] of Object.entries((r.resourceMethods ?? {}) as Obj)) {
      addMethod(add, resKey, { restApiId, resourceId, httpMethod: verb }, m as Obj, authorizerNames, validatorNames, nameOrId);
    }
  }

  for (const p of raw.documentationParts ?? []) {
    const location = (p.location ?? {}) as Obj;
    add('documentation-part', childKey(apiKey, 'documentation-part', locationKey(location)), apiKey, { location, properties: p.properties }, {
      restApiId,
      documentationPartId: String(p.id),
    });
  }
  for (const v of raw.documentationVersions ?? []) {
    add('documentation-version', childKey(apiKey, 'documentation-version', String(v.version)), apiKey, v, { restApiId, documentationVersion: String(v.version) });
  }

  const deploymentDescriptions = new Map<string, string>(
    raw.deployments.map((d) => [String(d.id), String(d.description ?? '')]),
  );
  // The deployment of each configuration (the newest, when several carry its hash): what a stage
  // pinned to a configuration hash runs.
  const byDate = [...raw.deployments].sort((a, b) => dateOf(a.createdDate) - dateOf(b.createdDate));
  const deploymentDates = new Map<string, number>(raw.deployments.map((d) => [String(d.id), dateOf(d.createdDate)]));
  const marked: Record<string, string> = {};
  for (const d of byDate) {
    const m = /\[config:([0-9a-f]+)\]/.exec(String(d.description ?? ''));
    if (m) marked[`config:${m[1]}`] = String(d.id);
  }
  const apiEntity = out.find((e) => e.key === apiKey);
  if (apiEntity && Object.keys(marked).length) apiEntity.meta = { ...apiEntity.meta, ...marked };
  for (const s of raw.stages) {
    const settings: Obj = {};
    for (const [k, v] of Object.entries((s.methodSettings ?? {}) as Obj)) settings[methodSettingKey(k)] = v;
    const deploymentId = String(s.deploymentId ?? '');
    const canaryDeploymentId = s.canarySettings?.deploymentId ? String(s.canarySettings.deploymentId) : undefined;
    const e = add(
      'stage',
      childKey(apiKey, 'stage', String(s.stageName)),
      apiKey,
      { ...s, methodSettings: settings, tags: withoutOwnershipTag(s.tags) },
      { restApiId, stageName: String(s.stageName), deploymentId, ...(canaryDeploymentId ? { canaryDeploymentId } : {}) },
      s.documentationVersion ? { refs: [childKey(apiKey, 'documentation-version', String(s.documentationVersion))] } : undefined,
    );
    // The deployment the stage's newest configuration reaches: the canary's, when there is one.
    e.meta = { deploymentDescription: deploymentDescriptions.get(canaryDeploymentId ?? deploymentId) ?? '' };
    // When the stage's deployment was made: import pins a stage that runs an older deployment than
    // another stage of the API (the guide's dev, left behind when only production was redeployed).
    const deployedAt = deploymentDates.get(deploymentId);
    if (deployedAt) e.meta.deployedAt = String(deployedAt);
    // A WAF web ACL is associated through WAFv2, not API Gateway: reported by drift, never compared.
    if (typeof s.webAclArn === 'string' && s.webAclArn) e.meta.webAclArn = s.webAclArn;
  }
  return out;
}

/**
 * AWS stores a policy's `execute-api:/*` (the documented way to name the API itself, whose id a
 * spec cannot know) expanded to `arn:aws:execute-api:<region>:<account>:<api id>/*`. Folding the
 * API's own ARNs back to the shorthand keeps that from showing as a change forever.
 */
export function foldOwnArns(policy: unknown, restApiId: string): unknown {
  return foldArns(policy, restApiId.replace(/[^a-z0-9]/gi, ''));
}

/**
 * The policy with every `arn:<partition>:execute-api:<region>:<account>:<resource>[/path]` of the
 * given resource (a REST API's id, or a private domain's `/domainnames/<name>+<id>`, as a regular
 * expression) read back as `execute-api:[/path]`, the shorthand a spec writes.
 */
export function foldArns(policy: unknown, resource: string): unknown {
  const doc = toJsonDoc(policy);
  if (doc === undefined || typeof doc !== 'object' || doc === null) return policy;
  const own = new RegExp(`^arn:[^:]+:execute-api:[^:]*:[^:]*:${resource}(/.*)?$`);
  const fold = (v: Json): Json => {
    if (typeof v === 'string') {
      const m = own.exec(v);
      return m ? `execute-api:${m[1] ?? '/*'}` : v;
    }
    if (Array.isArray(v)) return v.map(fold);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fold(x)]));
    return v;
  };
  return fold(doc);
}

/** AWS keys method settings `*\/*` or `~1pets~1{id}/GET`; the model says `GET /pets/{id}`. */
export function methodSettingKey(awsKey: string): string {
  if (awsKey === '*/*') return awsKey;
  const i = awsKey.lastIndexOf('/');
  const path = awsKey.slice(0, i).replace(/~1/g, '/').replace(/~0/g, '~');
  return `${awsKey.slice(i + 1)} ${path.startsWith('/') ? path : `/${path}`}`;
}

/** The inverse, for PATCH paths: `GET /pets/{id}` -> `~1pets~1{id}/GET`. */
export function awsMethodSettingKey(key: string): string {
  if (key === '*/*') return key;
  const [verb, path = '/'] = key.split(' ');
  return `${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${verb}`;
}

type Add = (
  kind: EntityKind,
  key: EntityKey,
  parent: EntityKey | undefined,
  attrs: Obj,
  ids: Record<string, string>,
  extra?: { refs: EntityKey[] },
) => Entity;

function addMethod(
  add: Add,
  resKey: EntityKey,
  ids: Record<string, string>,
  m: Obj,
  authorizerNames: Map<string, string>,
  validatorNames: Map<string, string>,
  nameOrId: (names: Map<string, string>, id: unknown) => string | undefined,
): void {
  const mKey = methodKey(resKey, ids.httpMethod ?? '');
  const apiKey = resKey.split(' / ')[0] ?? '';
  const authorizer = nameOrId(authorizerNames, m.authorizerId);
  const requestValidator = nameOrId(validatorNames, m.requestValidatorId);
  const refs: EntityKey[] = [];
  if (authorizer) refs.push(childKey(apiKey, 'authorizer', authorizer));
  if (requestValidator) refs.push(childKey(apiKey, 'request-validator', requestValidator));
  for (const model of Object.values((m.requestModels ?? {}) as Obj)) refs.push(childKey(apiKey, 'model', String(model)));
  add('method', mKey, resKey, { ...m, authorizer, requestValidator }, ids, refs.length ? { refs } : undefined);

  const responses = (m.methodResponses ?? {}) as Obj;
  for (const status in responses) {
    const r = responses[status] as Obj;
    const mrRefs = Object.values((r.responseModels ?? {}) as Obj).map((n) => childKey(apiKey, 'model', String(n)));
    add('method-response', methodResponseKey(mKey, status), mKey, r, { ...ids, statusCode: status },
      mrRefs.length ? { refs: mrRefs } : undefined);
  }
  const integ = m.methodIntegration as Obj | undefined;
  if (!integ) return;
  const iKey = integrationKey(mKey);
  // AWS sets cacheNamespace to the resource id when none is given: that is its default, not a choice.
  const cacheNamespace = integ.cacheNamespace === ids.resourceId ? undefined : integ.cacheNamespace;
  add('integration', iKey, mKey, { ...integ, cacheNamespace, integrationResponses: undefined }, ids);
  const integrationResponses = (integ.integrationResponses ?? {}) as Obj;
  for (const status in integrationResponses) {
    add('integration-response', integrationResponseKey(iKey, status), iKey, integrationResponses[status] as Obj, { ...ids, statusCode: status });
  }
}
