import type { RequestContext, Route } from '../router.js';
import { badRequest, conflict, notFound } from '../aws-error.js';
import { applyPatch, readPatchOps, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { check } from './validate.js';
import { clone, compact, epoch, getApi, uniqueId, v1, type Obj, type RestApiRecord } from './store.js';

/**
 * Documentation parts and versions of a REST API (service model `DocumentationPart`,
 * `DocumentationVersion`; developer guide "Documenting REST APIs").
 *
 * - A part is found by its location: at most one part per location, a second Create answers 409
 *   "Documentation part already exists for the specified location: type 'API'." (developer guide,
 *   "Document an API using the API Gateway REST API").
 * - A location field the type does not take is refused (400); one the type takes but the request
 *   omits is AWS's default: path `/`, method `*`, statusCode `*` (same page: a RESOURCE part
 *   without path comes back with path `/`).
 * - `properties` is a JSON string; only `/properties` can be patched.
 * - A version is a snapshot of the parts when it is created; only its description can change.
 *   CreateDocumentationVersion (1 every 20 s) and ImportDocumentationParts (1 every 30 s) have
 *   quotas of their own (throttle.ts).
 */
const PARTS = '/restapis/{restapi_id}/documentation/parts';
const VERSIONS = '/restapis/{restapi_id}/documentation/versions';

export const DOCUMENTATION_PART_TYPES = ['API', 'AUTHORIZER', 'MODEL', 'RESOURCE', 'METHOD', 'PATH_PARAMETER', 'QUERY_PARAMETER',
  'REQUEST_HEADER', 'REQUEST_BODY', 'RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY'];

const PATH_TYPES = ['RESOURCE', 'METHOD', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER', 'REQUEST_BODY', 'RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY'];
const METHOD_TYPES = PATH_TYPES.filter((t) => t !== 'RESOURCE');
const STATUS_TYPES = ['RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY'];
const NAME_REQUIRED = ['AUTHORIZER', 'MODEL', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER', 'RESPONSE_HEADER'];
const NAME_TYPES = [...NAME_REQUIRED, 'REQUEST_BODY'];
const STATUS_PATTERN = /^([1-5]\d\d|\*|\s*)$/;

const PART_NOT_FOUND = 'Invalid Documentation part identifier specified';
export const VERSION_NOT_FOUND = 'Invalid Documentation version specified';

interface DocState {
  parts: Record<string, Obj>;
  versions: Record<string, Obj & { snapshot?: Obj[] }>;
}

/** The API's documentation, made on first use (APIs made before this module have none). */
export function docs(api: RestApiRecord): DocState {
  const a = api as RestApiRecord & { documentation?: DocState };
  a.documentation ??= { parts: {}, versions: {} };
  return a.documentation;
}

const given = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));

/** The location as AWS stores it, or the 400 AWS answers for a bad one. */
export function readLocation(raw: unknown): Obj {
  if (!raw || typeof raw !== 'object') throw badRequest('Invalid location: location is required');
  const l = raw as Obj;
  const type = String(l.type ?? '');
  if (!DOCUMENTATION_PART_TYPES.includes(type)) {
    throw badRequest(`Invalid documentation part type '${type}'. Must be one of: [${DOCUMENTATION_PART_TYPES.join(', ')}]`);
  }
  const invalid = (field: string) => badRequest(`Invalid location field '${field}' for documentation part type '${type}'`);
  if (given(l.path) !== undefined && !PATH_TYPES.includes(type)) throw invalid('path');
  if (given(l.method) !== undefined && !METHOD_TYPES.includes(type)) throw invalid('method');
  if (given(l.statusCode) !== undefined && !STATUS_TYPES.includes(type)) throw invalid('statusCode');
  if (given(l.name) !== undefined && !NAME_TYPES.includes(type)) throw invalid('name');
  if (NAME_REQUIRED.includes(type) && given(l.name) === undefined) throw badRequest(`Location field 'name' is required for documentation part type '${type}'`);
  if (l.statusCode !== undefined && l.statusCode !== null && !STATUS_PATTERN.test(String(l.statusCode))) {
    throw badRequest(`Invalid status code '${String(l.statusCode)}' in location`);
  }
  const path = given(l.path);
  return compact({
    type,
    path: PATH_TYPES.includes(type) ? (path ?? '/') : undefined,
    method: METHOD_TYPES.includes(type) ? (given(l.method)?.trim() || '*') : undefined,
    statusCode: STATUS_TYPES.includes(type) ? (given(l.statusCode)?.trim() || '*') : undefined,
    name: NAME_TYPES.includes(type) ? given(l.name) : undefined,
  });
}

/** AWS's words for a location in its conflict message: `type 'METHOD', path '/pets', method 'GET'`. */
function describe(loc: Obj): string {
  return ['type', 'path', 'method', 'statusCode', 'name'].filter((k) => loc[k] !== undefined).map((k) => `${k} '${String(loc[k])}'`).join(', ');
}

const sameLocation = (a: Obj, b: Obj) => ['type', 'path', 'method', 'statusCode', 'name'].every((k) => a[k] === b[k]);

function readProperties(v: unknown): string {
  if (typeof v !== 'string') throw badRequest('Invalid properties: properties must be a JSON string');
  try {
    JSON.parse(v);
  } catch {
    throw badRequest('Invalid properties: properties must be valid JSON');
  }
  return v;
}

function findPart(state: DocState, location: Obj): Obj | undefined {
  return Object.values(state.parts).find((p) => sameLocation(p.location as Obj, location));
}

function createPart(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createDocumentationPartInput', b).required('location', 'properties').done();
  const state = docs(getApi(ctx));
  const location = readLocation(b.location);
  const properties = readProperties(b.properties);
  if (findPart(state, location)) throw conflict(`Documentation part already exists for the specified location: ${describe(location)}.`);
  const part = { id: uniqueId(6, state.parts), location, properties };
  state.parts[part.id] = part;
  return { status: 201, body: clone(part) };
}

function getPart(ctx: RequestContext): Obj {
  const api = v1(ctx).restApis[ctx.params.restapi_id!];
  const part = api ? docs(api).parts[ctx.params.part_id!] : undefined;
  if (!part) throw notFound(PART_NOT_FOUND);
  return part;
}

function listParts(ctx: RequestContext) {
  const q = ctx.query;
  const type = q.get('type');
  if (type !== null && !DOCUMENTATION_PART_TYPES.includes(type)) throw badRequest(`Invalid documentation part type '${type}'`);
  const name = q.get('name');
  const path = q.get('path');
  // UNDOCUMENTED asks for entities without a part: the emulator keeps only parts, so none.
  if (q.get('locationStatus') === 'UNDOCUMENTED') return { status: 200, body: { item: [] } };
  const parts = Object.values(docs(getApi(ctx)).parts).filter((p) => {
    const l = p.location as Obj;
    return (type === null || l.type === type) && (name === null || l.name === name) && (path === null || l.path === path);
  });
  return { status: 200, body: paginate(ctx, parts.map(clone)) };
}

const partRules: PatchRule<Obj>[] = [
  { path: '/properties', ops: ['replace'], apply: (p, op) => (p.properties = readProperties(op.value)) },
];

/**
 * ImportDocumentationParts: the body is an OpenAPI document whose `x-amazon-apigateway-documentation`
 * holds the parts. `merge` creates or updates the parts it names and keeps the others; `overwrite`
 * replaces every part of the API with those of the document.
 */
export function importParts(api: RestApiRecord, document: unknown, mode: string, warnings: string[]): string[] {
  if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(`Invalid mode '${mode}': must be merge or overwrite`);
  const ext = (document as Obj | undefined)?.['x-amazon-apigateway-documentation'] as Obj | undefined;
  const list = ext?.documentationParts;
  if (ext !== undefined && !Array.isArray(list)) throw badRequest('Invalid x-amazon-apigateway-documentation: documentationParts must be an array');
  const incoming: { location: Obj; properties: string }[] = [];
  for (const raw of (list ?? []) as Obj[]) {
    const location = readLocation(raw?.location);
    const p = raw?.properties;
    const properties = typeof p === 'string' ? readProperties(p) : JSON.stringify(p ?? {});
    const dup = incoming.findIndex((x) => sameLocation(x.location, location));
    if (dup >= 0) {
      warnings.push(`Documentation part for location ${describe(location)} appears more than once; the last one is kept.`);
      incoming.splice(dup, 1);
    }
    incoming.push({ location, properties });
  }
  const state = docs(api);
  if (mode === 'overwrite') state.parts = {};
  const ids: string[] = [];
  for (const x of incoming) {
    const existing = findPart(state, x.location);
    if (existing) {
      existing.properties = x.properties;
      ids.push(String(existing.id));
    } else {
      const part = { id: uniqueId(6, state.parts), location: x.location, properties: x.properties };
      state.parts[part.id] = part;
      ids.push(part.id);
    }
  }
  return ids;
}

function importPartsRoute(ctx: RequestContext) {
  const api = getApi(ctx);
  let document: unknown;
  try {
    document = JSON.parse(ctx.rawBody.toString('utf8'));
  } catch {
    throw badRequest('Invalid documentation import: the body must be a JSON object');
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) throw badRequest('Invalid documentation import: the body must be a JSON object');
  const warnings: string[] = [];
  const failOnWarnings = ctx.query.get('failonwarnings') === 'true';
  // Checked on a copy first: a failed import (or one refused for its warnings) changes nothing.
  const trial = clone(docs(api));
  const ids = importParts({ ...api, documentation: trial } as RestApiRecord, document, ctx.query.get('mode') ?? 'merge', warnings);
  if (failOnWarnings && warnings.length) throw badRequest(`Import failed on warnings: ${warnings.join('; ')}`);
  (api as RestApiRecord & { documentation?: DocState }).documentation = trial;
  return { status: 200, body: compact({ ids, warnings: warnings.length ? warnings : undefined }) };
}

function publicVersion(v: Obj): Obj {
  const { snapshot: _snapshot, ...rest } = v;
  return clone(rest);
}

function getVersion(ctx: RequestContext): Obj {
  const api = v1(ctx).restApis[ctx.params.restapi_id!];
  const v = api ? docs(api).versions[ctx.params.doc_version!] : undefined;
  if (!v) throw notFound(VERSION_NOT_FOUND);
  return v;
}

function createVersion(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createDocumentationVersionInput', b).required('documentationVersion').done();
  const api = getApi(ctx);
  const state = docs(api);
  const version = String(b.documentationVersion);
  if (state.versions[version]) throw conflict(`Documentation version already exists: ${version}`);
  if (b.stageName !== undefined && !api.stages[String(b.stageName)]) throw notFound('Invalid stage identifier specified');
  const v = compact({ version, createdDate: epoch(ctx), description: b.description, snapshot: Object.values(state.parts).map(clone) });
  state.versions[version] = v;
  // The stage named publishes the new version at once.
  if (b.stageName !== undefined) api.stages[String(b.stageName)]!.documentationVersion = version;
  return { status: 201, body: publicVersion(v) };
}

const versionRules: PatchRule<Obj>[] = [
  { path: '/description', ops: ['replace'], apply: (v, op) => (op.value ? (v.description = op.value) : delete v.description) },
];

/** A stage may only name a version of its API (CreateStage, UpdateStage `/documentationVersion`). */
export function checkStageDocumentationVersion(api: RestApiRecord, version: unknown): void {
  if (version === undefined || version === null || version === '') return;
  if (!docs(api).versions[String(version)]) throw badRequest(VERSION_NOT_FOUND);
}

export const documentationRoutes: Route[] = [
  { method: 'POST', path: PARTS, operation: 'CreateDocumentationPart', handler: createPart },
  { method: 'GET', path: PARTS, operation: 'GetDocumentationParts', handler: listParts },
  { method: 'PUT', path: PARTS, operation: 'ImportDocumentationParts', rawBody: true, handler: importPartsRoute },
  { method: 'GET', path: `${PARTS}/{part_id}`, operation: 'GetDocumentationPart', handler: (ctx) => ({ status: 200, body: clone(getPart(ctx)) }) },
  {
    method: 'PATCH',
    path: `${PARTS}/{part_id}`,
    operation: 'UpdateDocumentationPart',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateDocumentationPartInput');
      const current = getPart(ctx);
      const updated = applyPatch(clone(current), ops, partRules, 'listed');
      docs(getApi(ctx)).parts[current.id] = updated;
      return { status: 200, body: clone(updated) };
    },
  },
  {
    method: 'DELETE',
    path: `${PARTS}/{part_id}`,
    operation: 'DeleteDocumentationPart',
    handler: (ctx) => {
      const part = getPart(ctx);
      delete docs(getApi(ctx)).parts[part.id];
      return { status: 202 };
    },
  },
  { method: 'POST', path: VERSIONS, operation: 'CreateDocumentationVersion', handler: createVersion },
  {
    method: 'GET',
    path: VERSIONS,
    operation: 'GetDocumentationVersions',
    handler: (ctx) => ({ status: 200, body: paginate(ctx, Object.values(docs(getApi(ctx)).versions).map(publicVersion)) }),
  },
  { method: 'GET', path: `${VERSIONS}/{doc_version}`, operation: 'GetDocumentationVersion', handler: (ctx) => ({ status: 200, body: publicVersion(getVersion(ctx)) }) },
  {
    method: 'PATCH',
    path: `${VERSIONS}/{doc_version}`,
    operation: 'UpdateDocumentationVersion',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateDocumentationVersionInput');
      const current = getVersion(ctx);
      const updated = applyPatch(clone(current), ops, versionRules, 'listed');
      docs(getApi(ctx)).versions[String(current.version)] = updated;
      return { status: 200, body: publicVersion(updated) };
    },
  },
  {
    method: 'DELETE',
    path: `${VERSIONS}/{doc_version}`,
    operation: 'DeleteDocumentationVersion',
    handler: (ctx) => {
      const v = getVersion(ctx);
      delete docs(getApi(ctx)).versions[String(v.version)];
      return { status: 202 };
    },
  },
];
