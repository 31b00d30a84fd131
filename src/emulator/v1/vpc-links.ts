import type { RequestContext, Route } from '../router.js';
import { badRequest, notFound } from '../aws-error.js';
import { check } from './validate.js';
import { applyPatch, readPatchOps, stringField } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, uniqueId, v1, type Obj } from './store.js';

/**
 * VPC links (v1, for VPC_LINK integrations). AWS answers CreateVpcLink with 202 and status PENDING
 * (recorded), then the link becomes AVAILABLE ("Your vpc link is ready for use", recorded). The
 * emulator makes it available at once unless asked to keep it PENDING for a while, and can hide it
 * from reads right after its create (consistency.ts).
 */
const READY = { status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use' };
const KIND = 'apigateway:vpclink';

const links = (ctx: RequestContext): Record<string, Obj> => v1(ctx).vpcLinks;

const hidden = (ctx: RequestContext, id: string): boolean => ctx.consistency?.model.hidden(KIND, id, ctx.consistency.timeScale) ?? false;

export function getVpcLink(ctx: RequestContext, id = ctx.params.vpclink_id!): Obj {
  const l = links(ctx)[id];
  if (!l || (ctx.operation.startsWith('Get') && hidden(ctx, id))) throw notFound('Invalid Vpc Link identifier specified');
  return l;
}

/** The link as reads show it: PENDING (without a status message, as CreateVpcLink answers) while provisioning. */
function current(ctx: RequestContext, l: Obj): Obj {
  if (!ctx.consistency?.model.pending(KIND, l.id as string, ctx.consistency.timeScale)) return l;
  const { statusMessage: _m, ...rest } = l;
  return { ...rest, status: 'PENDING' };
}

function createVpcLink(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createVpcLinkInput', b).required('name', 'targetArns').done();
  if (b.name === '') throw badRequest('Name cannot be empty');
  for (const arn of b.targetArns as string[]) {
    if (!/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/.+/.test(arn)) throw badRequest(`Invalid ARN. ARN is not well formed ${arn}`);
  }
  const all = links(ctx);
  const link = compact({ id: uniqueId(6, all), name: b.name, description: b.description, targetArns: [...b.targetArns], ...READY, tags: { ...(b.tags ?? {}) } });
  all[link.id] = link;
  ctx.consistency?.model.recordCreate(KIND, link.id as string);
  return { status: 202, body: { ...view(link, false), status: 'PENDING', statusMessage: undefined } };
}

const view = (l: Obj, withTags: boolean): Obj => {
  const out = clone(l);
  if (!withTags) delete out.tags;
  return out;
};

export const vpcLinkRoutes: Route[] = [
  { method: 'POST', path: '/vpclinks', operation: 'CreateVpcLink', handler: createVpcLink },
  {
    method: 'GET',
    path: '/vpclinks',
    operation: 'GetVpcLinks',
    handler: (ctx) => ({ status: 200, body: paginate(ctx, Object.values(links(ctx)).filter((l) => !hidden(ctx, l.id as string)).map((l) => view(current(ctx, l), false))) }),
  },
  { method: 'GET', path: '/vpclinks/{vpclink_id}', operation: 'GetVpcLink', handler: (ctx) => ({ status: 200, body: view(current(ctx, getVpcLink(ctx)), true) }) },
  {
    method: 'PATCH',
    path: '/vpclinks/{vpclink_id}',
    operation: 'UpdateVpcLink',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateVpcLinkInput');
      const l = getVpcLink(ctx);
      const updated = applyPatch(clone(l), ops, [stringField('name'), stringField('description')], 'listed');
      links(ctx)[l.id] = updated;
      return { status: 200, body: view(current(ctx, updated), true) };
    },
  },
  {
    method: 'DELETE',
    path: '/vpclinks/{vpclink_id}',
    operation: 'DeleteVpcLink',
    handler: (ctx) => {
      const l = getVpcLink(ctx);
      delete links(ctx)[l.id];
      return { status: 202 };
    },
  },
];
