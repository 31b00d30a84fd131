import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext } from '../router.js';
import { checkInput, str } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import {
  type DomainNameRecord,
  type Wire,
  findApi,
  findDomainName,
  freshId,
  notFoundV2,
  v2State,
} from './store.js';

/**
 * API mappings connect a custom domain (plus an optional, possibly multi-level key such as
 * `v1/orders`) to a stage of an API. The key is unique per domain; the stage must exist.
 */
const MEMBERS = { apiId: str(), apiMappingKey: str(0, 1024), stage: str(1, 128) };

const MAPPING_KEY = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

function findMapping(rec: DomainNameRecord, id: string): Wire {
  const m = rec.mappings.find((x) => x.apiMappingId === id);
  if (!m) throw notFoundV2(`Invalid API mapping identifier specified ${id}`, 'ApiMapping');
  return m;
}

/** Validates the mapping as it would be after the call. */
function checkMapping(ctx: RequestContext, rec: DomainNameRecord, m: Wire, except?: Wire): void {
  const api = findApi(ctx, m.apiId);
  if (!api.stages.some((s) => s.stageName === m.stage)) throw badRequest('Invalid stage identifier specified');
  const key: string = m.apiMappingKey ?? '';
  if (key !== '' && !MAPPING_KEY.test(key)) {
    throw badRequest(`Invalid apiMappingKey: ${key}. Keys are path segments separated by / with no leading or trailing /`);
  }
  if (rec.mappings.some((x) => x !== except && (x.apiMappingKey ?? '') === key)) {
    throw conflict(`An API mapping with key '${key}' already exists for domain name ${rec.domainName.domainName}`);
  }
}

/** The wire form omits an empty key, which means "the domain's root". */
function normalise(m: Wire): Wire {
  if (m.apiMappingKey === '') delete m.apiMappingKey;
  return m;
}

export const apiMappingRoutes = subCollectionRoutes<DomainNameRecord>({
  noun: 'ApiMapping',
  path: '/v2/domainnames/{domainName}/apimappings',
  idMember: 'apiMappingId',
  parent: (ctx) => findDomainName(ctx),
  items: (rec) => rec.mappings,
  find: (_ctx, rec, id) => findMapping(rec, id),
  create: (ctx, rec, input) => {
    checkInput(input, MEMBERS, ['apiId', 'stage']);
    const taken = (id: string) => v2State(ctx).domainNames.some((d) => d.mappings.some((m) => m.apiMappingId === id));
    const m: Wire = { apiId: input.apiId, apiMappingId: freshId(10, taken), apiMappingKey: input.apiMappingKey ?? '', stage: input.stage };
    checkMapping(ctx, rec, m);
    return normalise(m);
  },
  update: (ctx, rec, current, input) => {
    checkInput(input, MEMBERS, ['apiId']);
    const next: Wire = { ...current };
    for (const k of ['apiId', 'apiMappingKey', 'stage']) if (input[k] !== undefined) next[k] = input[k];
    checkMapping(ctx, rec, next, current);
    for (const k of Object.keys(current)) delete current[k];
    Object.assign(current, normalise(next));
  },
});
