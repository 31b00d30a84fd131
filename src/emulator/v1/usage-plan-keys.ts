import type { RequestContext, Route } from '../router.js';
import { conflict, notFound } from '../aws-error.js';
import { check } from './validate.js';
import { paginate } from './pagination.js';
import { v1, type Obj } from './store.js';
import { getApiKey } from './api-keys.js';
import { getPlan } from './usage-plans.js';

const R = '/usageplans/{usageplanId}/keys';

/** A UsagePlanKey: its id is the API key's id, and AWS includes the key's value (recorded). */
const keyView = (k: Obj): Obj => ({ id: k.id, type: 'API_KEY', value: k.value, ...(k.name ? { name: k.name } : {}) });

function createUsagePlanKey(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createUsagePlanKeyInput', b).required('keyId', 'keyType').oneOf('keyType', b.keyType, ['API_KEY']).done();
  const up = getPlan(ctx);
  const key = getApiKey(ctx, b.keyId);
  if (up.keyIds.includes(key.id)) throw conflict('Usage Plan already contains specified API key');
  up.keyIds.push(key.id);
  return { status: 201, body: keyView(key) };
}

function getUsagePlanKey(ctx: RequestContext): Obj {
  const up = getPlan(ctx);
  const id = ctx.params.keyId!;
  if (!up.keyIds.includes(id)) throw notFound('Invalid Usage Plan Key identifier specified');
  return getApiKey(ctx, id);
}

export const usagePlanKeyRoutes: Route[] = [
  { method: 'POST', path: R, operation: 'CreateUsagePlanKey', handler: createUsagePlanKey },
  {
    method: 'GET',
    path: R,
    operation: 'GetUsagePlanKeys',
    handler: (ctx) => {
      // Recorded: an unknown plan lists as empty rather than 404; `name` is a case-sensitive prefix.
      const up = v1(ctx).usagePlans[ctx.params.usageplanId!];
      const name = ctx.query.get('name');
      const keys = (up?.keyIds ?? [])
        .map((id) => v1(ctx).apiKeys[id])
        .filter((k): k is Obj => Boolean(k))
        .filter((k) => !name || String(k.name ?? '').startsWith(name))
        .sort((a, b) => String(a.name ?? '').localeCompare(String(b.name ?? '')) || a.id.localeCompare(b.id));
      return { status: 200, body: paginate(ctx, keys.map(keyView)) };
    },
  },
  { method: 'GET', path: `${R}/{keyId}`, operation: 'GetUsagePlanKey', handler: (ctx) => ({ status: 200, body: keyView(getUsagePlanKey(ctx)) }) },
  {
    method: 'DELETE',
    path: `${R}/{keyId}`,
    operation: 'DeleteUsagePlanKey',
    handler: (ctx) => {
      const key = getUsagePlanKey(ctx);
      const up = getPlan(ctx);
      up.keyIds = up.keyIds.filter((id) => id !== key.id);
      return { status: 202 };
    },
  },
];
