import type { RequestContext, Route } from '../router.js';
import { checkInput, str, strList, strMap } from './input.js';
import { paginate } from './paginate.js';
import { checkTags } from './tags.js';
import { type Wire, body, created, freshId, notFoundV2, ok, timestamp, v2State } from './store.js';

/**
 * VPC links (version V2) for HTTP API private integrations (`connectionType: VPC_LINK`,
 * `connectionId`: the link's id). AWS provisions them asynchronously: CreateVpcLink answers
 * PENDING, and the emulator's link is AVAILABLE from the next read on, unless asked to keep it
 * PENDING for a while or to hide it from reads right after its create (consistency.ts).
 */
const KIND = 'apigatewayv2:vpclink';
const hidden = (ctx: RequestContext, id: string): boolean => ctx.consistency?.model.hidden(KIND, id, ctx.consistency.timeScale) ?? false;

/** The link as reads show it: PENDING with the create's status message while provisioning. */
function current(ctx: RequestContext, l: Wire): Wire {
  if (!ctx.consistency?.model.pending(KIND, l.vpcLinkId as string, ctx.consistency.timeScale)) return l;
  return { ...l, vpcLinkStatus: 'PENDING', vpcLinkStatusMessage: 'VPC link is provisioning ENIs' };
}
const MEMBERS = { name: str(1, 128), securityGroupIds: strList, subnetIds: strList };

export function findVpcLink(ctx: RequestContext, id = ctx.params.vpcLinkId ?? ''): Wire {
  const link = v2State(ctx).vpcLinks.find((l) => l.vpcLinkId === id);
  if (!link || (ctx.operation.startsWith('Get') && hidden(ctx, id))) throw notFoundV2(`Invalid VpcLink identifier specified ${id}`, 'VpcLink');
  return link;
}

export const vpcLinkRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/vpclinks',
    operation: 'CreateVpcLink',
    handler: (ctx) => {
      const input = body(ctx);
      checkInput(input, { ...MEMBERS, tags: strMap }, ['name', 'subnetIds']);
      checkTags(input.tags);
      const state = v2State(ctx);
      const link: Wire = {
        createdDate: timestamp(ctx),
        name: input.name,
        securityGroupIds: input.securityGroupIds ?? [],
        subnetIds: input.subnetIds,
        tags: input.tags ?? {},
        vpcLinkId: freshId(6, (id) => state.vpcLinks.some((l) => l.vpcLinkId === id)),
        vpcLinkStatus: 'AVAILABLE',
        vpcLinkStatusMessage: 'VPC link is ready to route traffic',
        vpcLinkVersion: 'V2',
      };
      state.vpcLinks.push(link);
      ctx.consistency?.model.recordCreate(KIND, link.vpcLinkId as string);
      return created({ ...link, vpcLinkStatus: 'PENDING', vpcLinkStatusMessage: 'VPC link is provisioning ENIs' });
    },
  },
  {
    method: 'GET',
    path: '/v2/vpclinks',
    operation: 'GetVpcLinks',
    handler: (ctx) => paginate(ctx, v2State(ctx).vpcLinks.filter((l) => !hidden(ctx, l.vpcLinkId as string)).map((l) => current(ctx, l))),
  },
  { method: 'GET', path: '/v2/vpclinks/{vpcLinkId}', operation: 'GetVpcLink', handler: (ctx) => ok(current(ctx, findVpcLink(ctx))) },
  {
    method: 'PATCH',
    path: '/v2/vpclinks/{vpcLinkId}',
    operation: 'UpdateVpcLink',
    handler: (ctx) => {
      const link = findVpcLink(ctx);
      const input = body(ctx);
      checkInput(input, { name: str(1, 128) });
      if (input.name !== undefined) link.name = input.name;
      return ok(link);
    },
  },
  {
    method: 'DELETE',
    path: '/v2/vpclinks/{vpcLinkId}',
    operation: 'DeleteVpcLink',
    // The model gives DeleteVpcLink a 202 and an empty response structure.
    handler: (ctx) => {
      const link = findVpcLink(ctx);
      const state = v2State(ctx);
      state.vpcLinks = state.vpcLinks.filter((l) => l !== link);
      return { status: 202, body: {} };
    },
  },
];
