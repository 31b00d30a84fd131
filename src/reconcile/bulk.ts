import { LISTS_TAG } from './account-lists.js';
import { authorizerScheme, openApiParameters } from '../openapi/to-openapi.js';
import { chooseHttpBulk } from './bulk-http.js';
import { AWS_RATES, paceKey } from './apply/pacer.js';
import { SEP, nameOf } from './keys.js';
import type { Entity, EntityKey, Model } from './model.js';
import type { AwsCall, BulkWrite, Plan, PlannedOp } from './plan-types.js';
import { copyWith } from './lazy-field.js';
import { entitiesOf, entitiesOfKind } from './entity-list.js';

/**
 * Bulk writes: a plan that creates or rewrites many objects inside one REST API can write them
 * with a few ImportRestApi / PutRestApi (mode=merge) calls carrying an OpenAPI document with API
 * Gateway's extensions, instead of one call per object. The document is built from the desired
 * model; whatever OpenAPI cannot carry, or AWS imports differently, is left to the residual plan
 * that apply makes after the bulk calls (it reads the API back and plans again), so the end state
 * is the per-call path's. mode=overwrite is never used: merge deletes nothing.
 *
 * The choice is made per API by estimated AWS time: the per-call path costs each call's quota
 * interval (10 calls/s for the account, CreateResource 5/s, CreateRestApi 1 per 3 s or 30 s); the
 * bulk path costs its calls' intervals (ImportRestApi as CreateRestApi, PutRestApi 1/s) plus the
 * read-back. Whichever is shorter is taken.
 */

/** AWS's limit on an imported API definition (ImportRestApi/PutRestApi `body`: 6 MB). */
export const AWS_DOCUMENT_LIMIT = 6 * 1024 * 1024;
/** What a batch may hold: under the limit, with room for the request's own framing. */
export const BATCH_BYTES = 5 * 1024 * 1024;
/** GetResources pages hold up to 500 resources. */
const RESOURCES_PER_PAGE = 500;
/** The read-back besides GetResources: GetRestApis, authorizers, models, validators, gateway responses, stages, deployments, documentation parts and versions. */
const READ_BACK_LISTS = 9;

const CHILD_KINDS = new Set(['resource', 'method', 'integration', 'method-response', 'integration-response', 'model', 'authorizer', 'request-validator']);

type Attrs = Record<string, any>;

/** Seconds of AWS time a call costs at the quotas: its own quota's interval, at least the account's. */
export function callSeconds(call: Pick<AwsCall, 'service' | 'operation' | 'input'>): number {
  const own = AWS_RATES[paceKey(call)];
  const account = AWS_RATES['*']!.intervalMs;
  return Math.max(account, own?.intervalMs ?? 0) / 1000;
}

function apiOf(key: EntityKey): EntityKey {
  return key.split(SEP)[0]!;
}

/** The method key a key belongs to (the method itself, its integration, responses), if any. */
function methodOf(key: EntityKey): EntityKey | undefined {
  const segs = key.split(SEP);
  const i = segs.findIndex((s) => s.startsWith('method:'));
  return i < 0 ? undefined : segs.slice(0, i + 1).join(SEP);
}

function resourcePathOf(key: EntityKey): string {
  const seg = key.split(SEP).find((s) => s.startsWith('resource:'))!;
  return seg.slice('resource:'.length);
}

/** Integrations through a VPC link need the link's id in the document: those methods stay per-call. */
function bulkable(desired: Model, method: EntityKey): boolean {
  const m = desired.entities[method];
  if (!m || m.kind !== 'method') return false;
  const i = desired.entities[`${method}${SEP}integration`];
  return !(i && (i.attrs.connectionType === 'VPC_LINK' || i.attrs.vpcLink !== undefined || i.attrs.connectionId !== undefined));
}

export interface BulkChoiceInput {
  plan: Plan;
  desired: Model;
  live: Model;
}

/**
 * Decides, API by API, whether the plan's writes inside it go in bulk; returns the plan with
 * `bulk` set (or unchanged when no API gains from it).
 */
export function chooseBulkWrites({ plan, desired, live }: BulkChoiceInput): Plan {
  const byApi = new Map<EntityKey, PlannedOp[]>();
  for (const op of plan.ops) {
    if (!op.key.startsWith('rest-api:') && !op.key.startsWith('http-api:')) continue;
    const list = byApi.get(apiOf(op.key)) ?? [];
    list.push(op);
    byApi.set(apiOf(op.key), list);
  }
  const bulk: BulkWrite[] = [];
  // (A delete that leaves a list out of the record afterwards does not count: nothing is made.)
  const recordsLists = plan.ops.some((op) => op.action !== 'delete' && op.calls.some((c) => c.operation === 'TagResource' && LISTS_TAG in ((c.input.tags ?? c.input.Tags ?? {}) as object)));
  for (const [apiKey, ops] of byApi) {
    if (apiKey.startsWith('http-api:')) {
      // ImportApi runs before every op: not while an op must first record the account's lists
      // the set's APIs are in (record-lists.ts), so no new API exists before its record.
      if (recordsLists) continue;
      const write = chooseHttpBulk({ apiKey, ops, desired, callSeconds });
      if (write) bulk.push(write);
      continue;
    }
    const apiOp = ops.find((o) => o.key === apiKey);
    if (apiOp?.blocked) continue;
    // Only an API this plan creates, or one we own already: never one being adopted or replaced.
    if (apiOp && apiOp.action !== 'create' && apiOp.action !== 'update') continue;
    if (!apiOp && !live.entities[apiKey]) continue;
    if (apiOp?.action === 'update' && !live.entities[apiKey]) continue;
    const creates = apiOp?.action === 'create';
    const methods = new Set<EntityKey>();
    for (const op of ops) {
      if (op.action !== 'create' && op.action !== 'update' && op.action !== 'replace') continue;
      const m = methodOf(op.key);
      if (m && bulkable(desired, m)) methods.add(m);
    }
    if (methods.size === 0) {
      const docWrite = documentationOnly(ops, apiKey, desired);
      if (docWrite) bulk.push(docWrite);
      continue;
    }
    // Resources the documents make: each method's resource and its ancestors.
    const paths = new Set<string>();
    for (const mk of methods) {
      const segs = resourcePathOf(mk).split('/').filter(Boolean);
      for (let i = 0; i <= segs.length; i++) paths.add(`/${segs.slice(0, i).join('/')}`);
    }
    // Documentation parts to create or rewrite ride along (AWS imports them by location).
    const parts = ops.filter((op) => op.kind === 'documentation-part' && (op.action === 'create' || op.action === 'update')).map((op) => op.key).sort();
    const covered = ops.filter((op) => {
      if (op.action === 'delete' || op.action === 'deploy' || op.action === 'adopt') return false;
      if (op.key === apiKey) return creates;
      const kind = op.kind;
      if (kind === 'documentation-part') return parts.includes(op.key);
      if (!CHILD_KINDS.has(kind)) return false;
      const m = methodOf(op.key);
      if (m) return methods.has(m);
      if (kind === 'resource') return paths.has(resourcePathOf(op.key));
      return kind === 'model' || kind === 'authorizer' || kind === 'request-validator';
    });
    const perCall = covered.reduce((s, op) => s + op.calls.reduce((t, c) => t + callSeconds(c), 0), 0);
    const createCall = creates ? apiOp!.calls.find((c) => c.operation === 'CreateRestApi') : undefined;
    if (creates && !createCall) continue;
    const docs = bulkDocuments(desired, apiKey, [...methods], { ...(creates ? { create: createCall!.input } : {}), documentationParts: parts });
    const endpointType = creates ? endpointTypeOf(createCall!.input) : undefined;
    const firstCall = creates ? callSeconds({ service: 'apigateway', operation: 'ImportRestApi', input: { parameters: { endpointConfigurationTypes: endpointType } } }) : 0;
    const puts = docs.length - (creates ? 1 : 0);
    const resources = entitiesOfKind(desired, 'resource').filter((e) => apiOf(e.key) === apiKey).length;
    const readBack = Math.ceil(resources / RESOURCES_PER_PAGE) * (2 / 5) + READ_BACK_LISTS * 0.1;
    const bulkSeconds = firstCall + puts * callSeconds({ service: 'apigateway', operation: 'PutRestApi', input: {} }) + readBack;
    if (!(bulkSeconds < perCall)) continue;
    bulk.push({
      key: apiKey,
      via: creates ? 'ImportRestApi' : 'PutRestApi',
      ...(endpointType ? { endpointType } : {}),
      methods: [...methods].sort(),
      ...(parts.length ? { documentationParts: parts } : {}),
      ops: covered.map((o) => o.id),
      counts: {
        resources: covered.filter((o) => o.kind === 'resource').length,
        methods: methods.size,
        objects: covered.length,
      },
      calls: docs.length,
      estimate: { bulkSeconds: round(bulkSeconds), perCallSeconds: round(perCall) },
    });
  }
  return bulk.length ? copyWith(plan, { bulk }) : plan;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * An API whose only bulk-worthy writes are documentation parts: ImportDocumentationParts
 * (mode=merge, which creates or rewrites the parts it names and keeps the others) writes them all
 * in one call. Its own quota is one call every 30 s against 10 per-part calls a second, so it wins
 * only past about 300 parts; the read-back then lists the parts and versions again.
 */
function documentationOnly(ops: PlannedOp[], apiKey: EntityKey, desired: Model): BulkWrite | undefined {
  const parts = ops.filter((op) => op.kind === 'documentation-part' && (op.action === 'create' || op.action === 'update'));
  if (parts.length === 0) return undefined;
  const perCall = parts.reduce((s, op) => s + op.calls.reduce((t, c) => t + callSeconds(c), 0), 0);
  const docs = documentationDocuments(desired, parts.map((op) => op.key));
  const bulkSeconds = docs.length * callSeconds({ service: 'apigateway', operation: 'ImportDocumentationParts', input: {} }) + 2 * 0.1;
  if (!(bulkSeconds < perCall)) return undefined;
  return {
    key: apiKey,
    via: 'ImportDocumentationParts',
    methods: [],
    documentationParts: parts.map((op) => op.key).sort(),
    ops: parts.map((op) => op.id),
    counts: { resources: 0, methods: 0, objects: parts.length },
    calls: docs.length,
    estimate: { bulkSeconds: round(bulkSeconds), perCallSeconds: round(perCall) },
  };
}

/** ImportDocumentationParts bodies: the parts in `x-amazon-apigateway-documentation`, in batches under `maxBytes`. */
export function documentationDocuments(desired: Model, partKeys: EntityKey[], maxBytes = BATCH_BYTES): string[] {
  const parts = partKeys
    .map((k) => desired.entities[k])
    .filter((e): e is Entity => e !== undefined && e.kind === 'documentation-part')
    .map((e) => ({ location: e.attrs.location, properties: e.attrs.properties ?? {} }));
  const wrap = (list: unknown[]) => JSON.stringify({ swagger: '2.0', 'x-amazon-apigateway-documentation': { documentationParts: list } });
  const out: string[] = [];
  let batch: unknown[] = [];
  let size = 0;
  for (const p of parts) {
    const bytes = Buffer.byteLength(JSON.stringify(p)) + 1;
    if (batch.length && size + bytes + 100 > maxBytes) {
      out.push(wrap(batch));
      batch = [];
      size = 0;
    }
    batch.push(p);
    size += bytes;
  }
  if (batch.length) out.push(wrap(batch));
  return out;
}

function endpointTypeOf(input: Record<string, unknown>): string {
  const types = (input.endpointConfiguration as { types?: string[] } | undefined)?.types;
  return types?.[0] ?? 'EDGE';
}

// ---- the OpenAPI document ------------------------------------------------------------------------

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function defined(o: Attrs): Attrs {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
const nonEmpty = (o: Attrs | undefined) => (o && Object.keys(o).length ? o : undefined);
const asDoc = (v: unknown) => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
};

/** The models CreateRestApi makes by default (ImportRestApi makes only what the document names). */
const DEFAULT_MODELS: Attrs = {
  Empty: { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Empty Schema', type: 'object' },
  Error: { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Error Schema', type: 'object', properties: { message: { type: 'string' } } },
};

/** AWS's descriptions of the default models (GetModels on a new API). */
export const DEFAULT_MODEL_DESCRIPTIONS: Record<string, string> = {
  Empty: 'This is a default empty schema model',
  Error: 'This is a default error schema model',
};

interface DocContext {
  desired: Model;
  apiKey: EntityKey;
  jsonModels: Set<string>;
  authorizers: Map<string, Entity>;
}

function operation(ctx: DocContext, methodKey: EntityKey, childIndex: Map<EntityKey, Entity[]>): Attrs | undefined {
  const m = ctx.desired.entities[methodKey]!.attrs as Attrs;
  const kids = childIndex.get(methodKey) ?? [];
  const parameters = openApiParameters(m.requestParameters);
  const model = (name: unknown) => (ctx.jsonModels.has(String(name)) ? { $ref: `#/components/schemas/${String(name)}` } : undefined);
  const requestContent: Attrs = {};
  for (const [ct, name] of Object.entries((m.requestModels ?? {}) as Attrs)) if (model(name)) requestContent[ct] = { schema: model(name) };
  const responses: Attrs = {};
  for (const r of kids.filter((k) => k.kind === 'method-response')) {
    const status = nameOf(r.key);
    const a = r.attrs as Attrs;
    const headers = Object.keys((a.responseParameters ?? {}) as Attrs)
      .filter((h) => h.startsWith('method.response.header.'))
      .map((h) => [h.slice('method.response.header.'.length), { schema: { type: 'string' } }]);
    const content: Attrs = {};
    for (const [ct, name] of Object.entries((a.responseModels ?? {}) as Attrs)) if (model(name)) content[ct] = { schema: model(name) };
    responses[status] = defined({ description: `${status} response`, headers: headers.length ? Object.fromEntries(headers) : undefined, content: nonEmpty(content) });
  }
  const requirement: Attrs = {};
  if ((m.authorizationType === 'CUSTOM' || m.authorizationType === 'COGNITO_USER_POOLS') && m.authorizer !== undefined) {
    requirement[String(m.authorizer)] = m.authorizationType === 'COGNITO_USER_POOLS' ? (m.authorizationScopes ?? []) : [];
  }
  if (m.authorizationType === 'AWS_IAM') requirement.sigv4 = [];
  if (m.apiKeyRequired === true) requirement.api_key = [];
  const integration = ctx.desired.entities[`${methodKey}${SEP}integration`];
  return defined({
    operationId: m.operationName,
    parameters: parameters.length ? parameters : undefined,
    requestBody: nonEmpty(requestContent) ? { content: requestContent } : undefined,
    responses,
    security: Object.keys(requirement).length ? [requirement] : undefined,
    'x-amazon-apigateway-request-validator': m.requestValidator,
    'x-amazon-apigateway-integration': integration ? integrationDoc(integration.attrs as Attrs, childIndex.get(integration.key) ?? []) : undefined,
  });
}

function integrationDoc(i: Attrs, kids: Entity[]): Attrs {
  const responses: Attrs = {};
  for (const r of kids.filter((k) => k.kind === 'integration-response')) {
    const a = r.attrs as Attrs;
    responses[a.selectionPattern ?? 'default'] = defined({
      statusCode: nameOf(r.key),
      responseParameters: nonEmpty(a.responseParameters),
      responseTemplates: a.responseTemplates,
      contentHandling: a.contentHandling,
    });
  }
  return defined({
    type: lower(i.type),
    httpMethod: i.httpMethod,
    uri: i.uri,
    credentials: i.credentials,
    requestParameters: nonEmpty(i.requestParameters),
    requestTemplates: nonEmpty(i.requestTemplates),
    passthroughBehavior: lower(i.passthroughBehavior),
    timeoutInMillis: i.timeoutInMillis,
    contentHandling: i.contentHandling,
    cacheKeyParameters: Array.isArray(i.cacheKeyParameters) && i.cacheKeyParameters.length ? i.cacheKeyParameters : undefined,
    cacheNamespace: i.cacheNamespace,
    connectionType: i.connectionType,
    tlsConfig: i.tlsConfig,
    responses: nonEmpty(responses),
  });
}

export interface DocumentOptions {
  /** For an API being created: CreateRestApi's input (name, tags, description, settings). */
  create?: Record<string, unknown>;
  /** Documentation parts (keys) the first document carries as `x-amazon-apigateway-documentation`. */
  documentationParts?: EntityKey[];
  maxBytes?: number;
}

/**
 * The documents (JSON text) that write `methods` (method keys) of the API, in batches under
 * `maxBytes`. Every batch carries the API's models, authorizers and validators (its methods name
 * them); the first of a new API also carries the API's own settings and tags, so the API is ours
 * from the call that makes it.
 */
export function bulkDocuments(desired: Model, apiKey: EntityKey, methods: EntityKey[], opts: DocumentOptions = {}): string[] {
  const maxBytes = opts.maxBytes ?? BATCH_BYTES;
  const name = apiKey.slice('rest-api:'.length);
  const childIndex = new Map<EntityKey, Entity[]>();
  const prefix = `${apiKey}${SEP}`;
  for (const e of entitiesOf(desired)) {
    if (!e.key.startsWith(prefix) || !e.parent) continue;
    const list = childIndex.get(e.parent) ?? [];
    list.push(e);
    childIndex.set(e.parent, list);
  }
  const top = childIndex.get(apiKey) ?? [];
  const schemas: Attrs = {};
  if (opts.create) Object.assign(schemas, DEFAULT_MODELS);
  for (const e of top.filter((x) => x.kind === 'model')) {
    if ((e.attrs.contentType ?? 'application/json') !== 'application/json') continue;
    const schema = asDoc(e.attrs.schema);
    if (schema && typeof schema === 'object') schemas[nameOf(e.key)] = schema;
  }
  const authorizers = new Map(top.filter((x) => x.kind === 'authorizer').map((e) => [nameOf(e.key), e]));
  const ctx: DocContext = { desired, apiKey, jsonModels: new Set([...Object.keys(schemas), ...(opts.create ? [] : ['Empty', 'Error'])]), authorizers };
  const securitySchemes: Attrs = {};
  for (const [n, e] of authorizers) securitySchemes[n] = authorizerScheme(e.attrs as Attrs);
  securitySchemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  securitySchemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  const validators: Attrs = {};
  for (const e of top.filter((x) => x.kind === 'request-validator')) {
    validators[nameOf(e.key)] = { validateRequestBody: e.attrs.validateRequestBody === true, validateRequestParameters: e.attrs.validateRequestParameters === true };
  }
  const documentation = (opts.documentationParts ?? [])
    .map((k) => desired.entities[k])
    .filter((e): e is Entity => e !== undefined && e.kind === 'documentation-part')
    .map((e) => ({ location: e.attrs.location, properties: e.attrs.properties ?? {} }));
  const head = (first: boolean): Attrs => {
    const c = first ? opts.create : undefined;
    const tags = Object.entries((c?.tags ?? {}) as Attrs).map(([k, v]) => ({ name: k, 'x-amazon-apigateway-tag-value': String(v) }));
    return defined({
      openapi: '3.0.1',
      // The version too: AWS sets a REST API's version only when it is created (UpdateRestApi has no path for it).
      info: defined({ title: name, description: c?.description, version: c?.version }),
      tags: tags.length ? tags : undefined,
      components: { schemas, securitySchemes },
      'x-amazon-apigateway-request-validators': nonEmpty(validators),
      'x-amazon-apigateway-api-key-source': c?.apiKeySource,
      'x-amazon-apigateway-binary-media-types': (c?.binaryMediaTypes as unknown[] | undefined)?.length ? c!.binaryMediaTypes : undefined,
      'x-amazon-apigateway-minimum-compression-size': c?.minimumCompressionSize,
      'x-amazon-apigateway-policy': c?.policy === undefined ? undefined : asDoc(c.policy) ?? c.policy,
      'x-amazon-apigateway-endpoint-configuration': c
        ? nonEmpty(defined({
            disableExecuteApiEndpoint: c.disableExecuteApiEndpoint,
            vpcEndpointIds: (c.endpointConfiguration as Attrs | undefined)?.vpcEndpointIds,
          }))
        : undefined,
      'x-amazon-apigateway-documentation': first && documentation.length ? { documentationParts: documentation } : undefined,
    });
  };
  // Paths in batches: each path item whole in one document.
  const items = new Map<string, Attrs>();
  for (const mk of methods) {
    const path = resourcePathOf(mk);
    const verb = nameOf(mk);
    const op = operation(ctx, mk, childIndex);
    if (!op) continue;
    const item = items.get(path) ?? {};
    item[verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()] = op;
    items.set(path, item);
  }
  const docs: string[] = [];
  let paths: Attrs = {};
  let size = 0;
  const flush = (): void => {
    docs.push(JSON.stringify({ ...head(docs.length === 0), paths }));
    paths = {};
    size = 0;
  };
  const headSize = Buffer.byteLength(JSON.stringify(head(true)));
  for (const [path, item] of [...items].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + Buffer.byteLength(path) + 4;
    if (size > 0 && headSize + size + bytes > maxBytes) flush();
    paths[path] = item;
    size += bytes;
  }
  if (size > 0 || docs.length === 0) flush();
  return docs;
}
