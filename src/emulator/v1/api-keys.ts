import { randomInt } from 'node:crypto';
import type { RequestContext, Route } from '../router.js';
import { badRequest, conflict, notFound } from '../aws-error.js';
import { applyPatch, readPatchOps, toBool, valueSet, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, epoch, uniqueId, v1, type Obj } from './store.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A generated key value: 40 characters, as AWS generates them. */
function newKeyValue(): string {
  let s = '';
  for (let i = 0; i < 40; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/**
 * An ApiKey as returned. The value only when asked for (CreateApiKey always; Get with includeValue,
 * GetApiKeys with includeValues); `tags` on Get/Update always, elsewhere only when there are some.
 */
export function apiKeyView(k: Obj, withValue: boolean, alwaysTags: boolean): Obj {
  const out = clone(k);
  if (!withValue) delete out.value;
  if (alwaysTags) out.tags ??= {};
  else if (!Object.keys(out.tags ?? {}).length) delete out.tags;
  return out;
}

function checkDescription(d: unknown): void {
  if (typeof d === 'string' && d.length > 125) throw badRequest('Invalid API Key description specified.');
}

function createApiKey(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  const state = v1(ctx);
  if (typeof b.name === 'string' && b.name.length > 1024) throw badRequest('Invalid API Key name, can be at most 1024 characters.');
  checkDescription(b.description);
  let value: string = b.value ?? '';
  if (value !== '') {
    if (value.length < 20) throw badRequest('API Key value should be at least 20 characters');
    if (value.length > 128) throw badRequest('API Key value exceeds maximum size of 128 characters');
    if (Object.values(state.apiKeys).some((k) => k.value === value)) throw conflict('API Key already exists');
  } else {
    value = newKeyValue();
  }
  const now = epoch(ctx);
  const key: Obj = compact({
    id: uniqueId(10, state.apiKeys),
    value,
    name: b.name || undefined,
    customerId: b.customerId,
    description: b.description,
    enabled: Boolean(b.enabled),
    createdDate: now,
    lastUpdatedDate: now,
    stageKeys: (b.stageKeys ?? []).map((s: Obj) => `${s.restApiId}/${s.stageName}`),
    tags: { ...(b.tags ?? {}) },
  });
  state.apiKeys[key.id] = key;
  return { status: 201, body: apiKeyView(key, true, false) };
}

export function getApiKey(ctx: RequestContext, id = ctx.params.api_Key!): Obj {
  const k = v1(ctx).apiKeys[id];
  if (!k) throw notFound('Invalid API Key identifier specified');
  return k;
}

const byName = (a: Obj, b: Obj) => String(a.name ?? '').localeCompare(String(b.name ?? '')) || String(a.id).localeCompare(String(b.id));

const rules: PatchRule<Obj>[] = [
  {
    path: '/description',
    ops: ['replace'],
    apply: (k, op) => {
      checkDescription(op.value);
      k.description = op.value ?? undefined;
    },
  },
  { path: '/enabled', ops: ['replace'], apply: (k, op) => (k.enabled = toBool(op.value)) },
  { path: '/name', ops: ['replace'], apply: (k, op) => (k.name = op.value ?? undefined) },
  { path: '/customerId', ops: ['replace'], apply: (k, op) => (k.customerId = op.value ?? undefined) },
  valueSet('/stages', 'stageKeys'),
  valueSet('/labels', 'labels'),
];

export const apiKeyRoutes: Route[] = [
  { method: 'POST', path: '/apikeys', operation: 'CreateApiKey', handler: createApiKey },
  {
    method: 'GET',
    path: '/apikeys',
    operation: 'GetApiKeys',
    handler: (ctx) => {
      const name = ctx.query.get('name');
      const customerId = ctx.query.get('customerId');
      const withValues = ctx.query.get('includeValues') === 'true';
      // `name` is a case-sensitive prefix match (recorded).
      const keys = Object.values(v1(ctx).apiKeys)
        .filter((k) => !name || String(k.name ?? '').startsWith(name))
        .filter((k) => !customerId || k.customerId === customerId)
        .sort(byName);
      return { status: 200, body: paginate(ctx, keys.map((k) => apiKeyView(k, withValues, false))) };
    },
  },
  {
    method: 'GET',
    path: '/apikeys/{api_Key}',
    operation: 'GetApiKey',
    handler: (ctx) => ({ status: 200, body: apiKeyView(getApiKey(ctx), ctx.query.get('includeValue') === 'true', true) }),
  },
  {
    method: 'PATCH',
    path: '/apikeys/{api_Key}',
    operation: 'UpdateApiKey',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateApiKeyInput');
      const k = getApiKey(ctx);
      const updated = applyPatch(clone(k), ops, rules, 'listed');
      updated.lastUpdatedDate = epoch(ctx);
      v1(ctx).apiKeys[k.id] = compact(updated);
      return { status: 200, body: apiKeyView(updated, false, true) };
    },
  },
  {
    method: 'DELETE',
    path: '/apikeys/{api_Key}',
    operation: 'DeleteApiKey',
    handler: (ctx) => {
      const state = v1(ctx);
      const k = getApiKey(ctx);
      delete state.apiKeys[k.id];
      for (const up of Object.values(state.usagePlans)) up.keyIds = up.keyIds.filter((id) => id !== k.id);
      return { status: 202 };
    },
  },
];
