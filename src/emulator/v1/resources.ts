import type { RequestContext, Route } from '../router.js';
import { AwsError, badRequest, conflict, notFound } from '../aws-error.js';
import { check } from './validate.js';
import { applyPatch, readPatchOps, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, getApi, getResource, resourcePath, uniqueId, type Obj, type ResourceRecord, type RestApiRecord } from './store.js';

/** Resources per API: AWS's default quota (adjustable on request, so configurable here too). */
export const DEFAULT_RESOURCES_PER_API = 300;

// AWS's current wording, with the colon it has accepted for some years (older messages lack it).
const PATH_PART = /^(?:[a-zA-Z0-9._:-]+|\{[a-zA-Z0-9._-]+\+?\})$/;
const PATH_PART_MESSAGE =
  "Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces at the beginning and the end and an optional plus sign before the closing brace.";
const isVariable = (part: string) => part.startsWith('{') && part.endsWith('}');
const isGreedy = (part: string) => isVariable(part) && part.endsWith('+}');

/**
 * A Resource as returned by GetResource(s). Without `embed=methods` each verb maps to `{}`; with it,
 * to the full Method including methodResponses and methodIntegration with its integrationResponses.
 */
export function resourceView(api: RestApiRecord, r: ResourceRecord, embed: boolean): Obj {
  const out: Obj = { id: r.id };
  if (r.parentId) out.parentId = r.parentId;
  if (r.pathPart !== undefined) out.pathPart = r.pathPart;
  out.path = resourcePath(api, r);
  const verbs = Object.keys(r.methods);
  if (verbs.length > 0) {
    out.resourceMethods = Object.fromEntries(verbs.map((v) => [v, embed ? clone(r.methods[v]) : {}]));
  }
  return out;
}

const wantsMethods = (ctx: RequestContext) => ctx.query.getAll('embed').some((e) => e.split(',').includes('methods'));

/** Sorted by path, as AWS lists them (a parent always comes before its children). */
export function sortedResources(api: RestApiRecord): { r: ResourceRecord; path: string }[] {
  return Object.values(api.resources)
    .map((r) => ({ r, path: resourcePath(api, r) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function children(api: RestApiRecord, parentId: string): ResourceRecord[] {
  return Object.values(api.resources).filter((r) => r.parentId === parentId);
}

function checkPlacement(api: RestApiRecord, parent: ResourceRecord, pathPart: string, selfId?: string): void {
  if (parent.pathPart && isGreedy(parent.pathPart)) {
    throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  }
  const siblings = children(api, parent.id).filter((s) => s.id !== selfId);
  if (siblings.some((s) => s.pathPart === pathPart)) throw conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  const variable = isVariable(pathPart) ? siblings.find((s) => isVariable(s.pathPart!)) : undefined;
  if (variable) {
    throw badRequest(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`);
  }
}

function createResource(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createResourceInput', b).required('pathPart').done();
  const api = getApi(ctx);
  const parent = api.resources[ctx.params.parent_id!];
  if (!parent) throw notFound('Invalid Resource identifier specified');
  const pathPart = String(b.pathPart);
  if (!PATH_PART.test(pathPart)) throw badRequest(PATH_PART_MESSAGE);
  checkPlacement(api, parent, pathPart);
  const limit = ctx.limits?.resourcesPerApi ?? DEFAULT_RESOURCES_PER_API;
  if (Object.keys(api.resources).length >= limit) {
    throw new AwsError('LimitExceededException', 429, `Cannot create more than ${limit} resources in a REST API`);
  }
  const id = uniqueId(6, api.resources);
  const r: ResourceRecord = { id, parentId: parent.id, pathPart, methods: {} };
  api.resources[id] = r;
  return { status: 201, body: resourceView(api, r, false) };
}

function isDescendant(api: RestApiRecord, candidate: ResourceRecord, ancestorId: string): boolean {
  let cur: ResourceRecord | undefined = candidate;
  while (cur) {
    if (cur.id === ancestorId) return true;
    cur = cur.parentId ? api.resources[cur.parentId] : undefined;
  }
  return false;
}

function updateResource(ctx: RequestContext) {
  const ops = readPatchOps(ctx, 'updateResourceInput');
  const api = getApi(ctx);
  const r = getResource(ctx, api);
  const rules: PatchRule<ResourceRecord>[] = [
    {
      path: '/parentId',
      ops: ['replace'],
      apply: (t, op) => {
        if (!t.parentId) throw badRequest('Root resource cannot update its parentId.');
        const parent = api.resources[String(op.value)];
        if (!parent) throw notFound('Invalid Resource identifier specified');
        if (isDescendant(api, parent, t.id)) throw badRequest('Resources cannot be cyclical.');
        t.parentId = parent.id;
      },
    },
    {
      path: '/pathPart',
      ops: ['replace'],
      apply: (t, op) => {
        if (!t.parentId) throw badRequest('Root resource cannot update its pathPart.');
        if (!PATH_PART.test(String(op.value ?? ''))) throw badRequest(PATH_PART_MESSAGE);
        t.pathPart = String(op.value);
      },
    },
  ];
  const updated = applyPatch({ ...r }, ops, rules, 'listed');
  checkPlacement(api, api.resources[updated.parentId!]!, updated.pathPart!, r.id);
  api.resources[r.id] = updated;
  return { status: 200, body: resourceView(api, updated, false) };
}

function deleteResource(ctx: RequestContext) {
  const api = getApi(ctx);
  const r = getResource(ctx, api);
  if (!r.parentId) throw badRequest('Cannot delete the root resource');
  // The whole subtree goes, with every method, integration and response in it.
  const doomed = Object.values(api.resources).filter((x) => isDescendant(api, x, r.id));
  for (const d of doomed) delete api.resources[d.id];
  return { status: 202 };
}

export const resourceRoutes: Route[] = [
  {
    method: 'GET',
    path: '/restapis/{restapi_id}/resources',
    operation: 'GetResources',
    handler: (ctx) => {
      const api = getApi(ctx);
      const embed = wantsMethods(ctx);
      const all = sortedResources(api);
      const page = paginate(ctx, all);
      return { status: 200, body: { ...page, item: page.item.map(({ r }) => resourceView(api, r, embed)) } };
    },
  },
  {
    method: 'GET',
    path: '/restapis/{restapi_id}/resources/{resource_id}',
    operation: 'GetResource',
    handler: (ctx) => {
      const api = getApi(ctx);
      return { status: 200, body: resourceView(api, getResource(ctx, api), wantsMethods(ctx)) };
    },
  },
  { method: 'POST', path: '/restapis/{restapi_id}/resources/{parent_id}', operation: 'CreateResource', handler: createResource },
  { method: 'PATCH', path: '/restapis/{restapi_id}/resources/{resource_id}', operation: 'UpdateResource', handler: updateResource },
  { method: 'DELETE', path: '/restapis/{restapi_id}/resources/{resource_id}', operation: 'DeleteResource', handler: deleteResource },
];
