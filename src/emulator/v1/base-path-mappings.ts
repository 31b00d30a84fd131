import type { RequestContext, Route } from '../router.js';
import { badRequest, conflict, notFound } from '../aws-error.js';
import { check } from './validate.js';
import { readPatchOps } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, v1, type DomainNameRecord, type Obj } from './store.js';
import { getDomain, isPrivate } from './domain-names.js';
import { mappingId, v1Mapping, v1Mappings } from '../domains.js';

const R = '/domainnames/{domain_name}/basepathmappings';
/** The key AWS uses for the empty base path, in responses and in the URL. */
const NONE = '(none)';

function checkTarget(ctx: RequestContext, rec: DomainNameRecord, restApiId: string, stage: string | undefined): void {
  const api = v1(ctx).restApis[restApiId];
  if (!api) throw badRequest('Invalid REST API identifier specified');
  if (stage !== undefined && stage !== '' && !api.stages[stage]) throw badRequest('Invalid stage identifier specified');
  // "You can't send traffic from a private custom domain name to a public API" (developer guide).
  if (isPrivate(rec) && !(api.api.endpointConfiguration?.types ?? []).includes('PRIVATE')) {
    throw badRequest(`A private custom domain name can only be mapped to a private API: ${restApiId} is not a PRIVATE REST API.`);
  }
}

function createMapping(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createBasePathMappingInput', b).required('restApiId').done();
  const rec = getDomain(ctx);
  const basePath = b.basePath === undefined || b.basePath === '' ? NONE : String(b.basePath);
  // Multi-level base paths (with `/`) exist only in the v2 API mappings.
  if (basePath.includes('/')) {
    throw badRequest(
      "API Gateway V1 doesn't support the slash character (/) in base path mappings. To create a multi-level base path mapping, use API Gateway V2.",
    );
  }
  checkTarget(ctx, rec, b.restApiId, b.stage);
  if (rec.mappings[basePath]) throw conflict('Base path already exists for this domain name');
  const m = compact({ basePath, restApiId: b.restApiId, stage: b.stage || undefined });
  rec.mappings[basePath] = m;
  // The same mapping is an API mapping through apigatewayv2 (src/emulator/domains.ts).
  if (!isPrivate(rec)) mappingId(ctx, m);
  return { status: 201, body: v1Mapping(m) };
}

function getMapping(ctx: RequestContext): Obj {
  const rec = getDomain(ctx);
  const key = ctx.params.base_path === '' ? NONE : ctx.params.base_path!;
  const m = rec.mappings[key];
  // A multi-level (apigatewayv2) mapping is not one apigateway can name.
  if (!m || key.includes('/')) throw notFound('Invalid base path mapping identifier specified');
  return m;
}

function updateMapping(ctx: RequestContext) {
  const ops = readPatchOps(ctx, 'updateBasePathMappingInput');
  const rec = getDomain(ctx);
  const current = getMapping(ctx);
  const m = clone(current);
  for (const op of ops) {
    // AWS documents `/basepath` and `/restapiId`; the CLI example writes `/basePath`: accept any case.
    const field = { '/basepath': 'basePath', '/restapiid': 'restApiId', '/stage': 'stage' }[String(op.path).toLowerCase()];
    if (!field) throw badRequest(`Invalid patch path  '${op.path}' specified for op '${op.op}'. Must be one of: [/basepath, /restapiId, /stage]`);
    if (op.op !== 'replace') throw badRequest(`Invalid patch path  '${op.path}' specified for op '${op.op}'. Please choose supported operations`);
    m[field] = field === 'basePath' && !op.value ? NONE : op.value;
  }
  checkTarget(ctx, rec, m.restApiId, m.stage);
  if (m.basePath !== current.basePath && rec.mappings[m.basePath]) throw conflict('Base path already exists for this domain name');
  delete rec.mappings[current.basePath];
  rec.mappings[m.basePath] = compact(m);
  return { status: 200, body: v1Mapping(rec.mappings[m.basePath]!) };
}

export const basePathMappingRoutes: Route[] = [
  { method: 'POST', path: R, operation: 'CreateBasePathMapping', handler: createMapping },
  { method: 'GET', path: R, operation: 'GetBasePathMappings', handler: (ctx) => ({ status: 200, body: paginate(ctx, v1Mappings(getDomain(ctx)).map(v1Mapping)) }) },
  { method: 'GET', path: `${R}/{base_path}`, operation: 'GetBasePathMapping', handler: (ctx) => ({ status: 200, body: v1Mapping(getMapping(ctx)) }) },
  { method: 'PATCH', path: `${R}/{base_path}`, operation: 'UpdateBasePathMapping', handler: updateMapping },
  {
    method: 'DELETE',
    path: `${R}/{base_path}`,
    operation: 'DeleteBasePathMapping',
    handler: (ctx) => {
      const m = getMapping(ctx);
      delete getDomain(ctx).mappings[m.basePath];
      return { status: 202 };
    },
  },
];
