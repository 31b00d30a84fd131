import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { NONE, findV2Domain, v2Mapping } from '../domains.js';
import type { DomainNameRecord, Obj } from '../v1/store.js';
import { checkInput, str } from './input.js';
import { paginate } from './paginate.js';
import { body, created, findApi, noContent, notFoundV2, ok } from './store.js';

/**
 * API mappings connect a custom domain (plus an optional, possibly multi-level key such as
 * `v1/orders`) to a stage of an API: an HTTP or WebSocket API, or a REST API (developer guide, "Use
 * API mappings to connect API stages to a custom domain name for REST APIs"). They are the
 * domain's base path mappings seen through apigatewayv2 (src/emulator/domains.ts): one collection,
 * keyed by the key. The key is unique per domain; the stage must exist.
 */
const MEMBERS = { apiId: str(), apiMappingKey: str(0, 1024), stage: str(1, 128) };
const R = '/v2/domainnames/{domainName}/apimappings';

const MAPPING_KEY = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

const domainOf = (ctx: RequestContext): DomainNameRecord => findV2Domain(ctx, ctx.params.domainName ?? '');

function findMapping(ctx: RequestContext, rec: DomainNameRecord): Obj {
  const id = ctx.params.apiMappingId ?? '';
  const m = Object.values(rec.mappings).find((x) => v2Mapping(ctx, x).apiMappingId === id);
  if (!m) throw notFoundV2(`Invalid API mapping identifier specified ${id}`, 'ApiMapping');
  return m;
}

/** The stage's API: a REST API (the apigateway part of the state) or an HTTP/WebSocket one. */
function checkTarget(ctx: RequestContext, apiId: string, stage: string): void {
  const restApis = (ctx.state.v1 as { restApis?: Record<string, { stages?: Record<string, unknown> }> }).restApis ?? {};
  const rest = Object.prototype.hasOwnProperty.call(restApis, apiId) ? restApis[apiId] : undefined;
  if (rest) {
    if (!rest.stages || !Object.prototype.hasOwnProperty.call(rest.stages, stage)) throw badRequest('Invalid stage identifier specified');
    return;
  }
  const api = findApi(ctx, apiId);
  if (!api.stages.some((s) => s.stageName === stage)) throw badRequest('Invalid stage identifier specified');
}

/** Validates the mapping as it would be after the call; returns its key in the domain's collection. */
function checkMapping(ctx: RequestContext, rec: DomainNameRecord, m: { apiId: string; apiMappingKey: string; stage: string }, except?: Obj): string {
  checkTarget(ctx, m.apiId, m.stage);
  const key = m.apiMappingKey;
  if (key !== '' && !MAPPING_KEY.test(key)) {
    throw badRequest(`Invalid apiMappingKey: ${key}. Keys are path segments separated by / with no leading or trailing /`);
  }
  const basePath = key === '' ? NONE : key;
  if (rec.mappings[basePath] && rec.mappings[basePath] !== except) {
    throw conflict(`An API mapping with key '${key}' already exists for domain name ${String(rec.domain.domainName)}`);
  }
  return basePath;
}

export const apiMappingRoutes: Route[] = [
  {
    method: 'POST',
    path: R,
    operation: 'CreateApiMapping',
    handler: (ctx) => {
      const rec = domainOf(ctx);
      const input = body(ctx);
      checkInput(input, MEMBERS, ['apiId', 'stage']);
      const basePath = checkMapping(ctx, rec, { apiId: input.apiId, apiMappingKey: input.apiMappingKey ?? '', stage: input.stage });
      const m: Obj = { basePath, restApiId: input.apiId, stage: input.stage };
      rec.mappings[basePath] = m;
      return created(v2Mapping(ctx, m));
    },
  },
  { method: 'GET', path: R, operation: 'GetApiMappings', handler: (ctx) => paginate(ctx, Object.values(domainOf(ctx).mappings).map((m) => v2Mapping(ctx, m))) },
  { method: 'GET', path: `${R}/{apiMappingId}`, operation: 'GetApiMapping', handler: (ctx) => ok(v2Mapping(ctx, findMapping(ctx, domainOf(ctx)))) },
  {
    method: 'PATCH',
    path: `${R}/{apiMappingId}`,
    operation: 'UpdateApiMapping',
    handler: (ctx) => {
      const rec = domainOf(ctx);
      const current = findMapping(ctx, rec);
      const input = body(ctx);
      checkInput(input, MEMBERS, ['apiId']);
      const next = {
        apiId: String(input.apiId ?? current.restApiId),
        apiMappingKey: input.apiMappingKey !== undefined ? String(input.apiMappingKey) : current.basePath === NONE ? '' : String(current.basePath),
        stage: String(input.stage ?? current.stage),
      };
      const basePath = checkMapping(ctx, rec, next, current);
      delete rec.mappings[current.basePath];
      const m: Obj = { basePath, restApiId: next.apiId, stage: next.stage, apiMappingId: current.apiMappingId };
      rec.mappings[basePath] = m;
      return ok(v2Mapping(ctx, m));
    },
  },
  {
    method: 'DELETE',
    path: `${R}/{apiMappingId}`,
    operation: 'DeleteApiMapping',
    handler: (ctx) => {
      const rec = domainOf(ctx);
      delete rec.mappings[findMapping(ctx, rec).basePath];
      return noContent();
    },
  },
];
