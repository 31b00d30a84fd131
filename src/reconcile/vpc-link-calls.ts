import { nameOf } from './keys.js';
import { OWNERSHIP_TAG, type Entity } from './model.js';
import { scalar } from './patch.js';
import type { AwsCall, IdRef, WaitFor } from './plan-types.js';
import type { CallContext } from './rest-calls.js';

/**
 * The calls for VPC links. apigateway links (`vpc-link`) have a name, description and targetArns;
 * apigatewayv2 links (`v2-vpc-link`) subnets and security groups. Creating one is followed by a
 * wait until AWS reports it AVAILABLE, so the integrations after it can use it. Only a v1 link's
 * description and either kind's tags can change in place; the rest is a replacement (diff.ts).
 */
type Attrs = Record<string, any>;

const V1_WAIT: WaitFor = { path: 'status', until: ['AVAILABLE'], failOn: ['FAILED', 'DELETING'] };
const V2_WAIT: WaitFor = { path: 'VpcLinkStatus', until: ['AVAILABLE'], failOn: ['FAILED', 'DELETING', 'INACTIVE'] };

export function vpcLinkArn(ctx: CallContext, e: Entity): string | IdRef {
  const id = ctx.id(e.key, 'vpcLinkId');
  const prefix = `arn:aws:apigateway:${ctx.region}::/vpclinks/`;
  return typeof id === 'string' ? `${prefix}${id}` : { ...id, format: `${prefix}{}` };
}

const baseName = (e: Entity) => nameOf(e.key);

export function vpcLinkCreateCalls(ctx: CallContext, e: Entity): AwsCall[] {
  const a = e.attrs as Attrs;
  const tags = { ...(a.tags ?? {}), [OWNERSHIP_TAG]: ctx.owner };
  const id = { $ref: e.key, id: 'vpcLinkId' };
  if (e.kind === 'vpc-link') {
    return [
      { service: 'apigateway', operation: 'CreateVpcLink',
        input: { name: baseName(e), ...(a.description !== undefined ? { description: a.description } : {}), targetArns: a.targetArns, tags },
        produces: { key: e.key, ids: { vpcLinkId: 'id' } } },
      { service: 'apigateway', operation: 'GetVpcLink', input: { vpcLinkId: id }, waitFor: V1_WAIT },
    ];
  }
  return [
    { service: 'apigatewayv2', operation: 'CreateVpcLink',
      input: { Name: baseName(e), SubnetIds: a.subnetIds, ...(a.securityGroupIds ? { SecurityGroupIds: a.securityGroupIds } : {}), Tags: tags },
      produces: { key: e.key, ids: { vpcLinkId: 'VpcLinkId' } } },
    { service: 'apigatewayv2', operation: 'GetVpcLink', input: { VpcLinkId: id }, waitFor: V2_WAIT },
  ];
}

/** Deletes act on the live link: its own id. */
export function vpcLinkDeleteCalls(e: Entity): AwsCall[] {
  const id = e.ids?.vpcLinkId;
  return e.kind === 'vpc-link'
    ? [{ service: 'apigateway', operation: 'DeleteVpcLink', input: { vpcLinkId: id } }]
    : [{ service: 'apigatewayv2', operation: 'DeleteVpcLink', input: { VpcLinkId: id } }];
}

/** The description (apigateway links) by patch; tags by TagResource/UntagResource on either kind. */
export function vpcLinkUpdateCalls(ctx: CallContext, e: Entity, from: Attrs, to: Attrs): AwsCall[] {
  const calls: AwsCall[] = [];
  const v1 = e.kind === 'vpc-link';
  if (v1) {
    const ops = scalar('/description', from.description, to.description, 'empty');
    if (ops.length) calls.push({ service: 'apigateway', operation: 'UpdateVpcLink', input: { vpcLinkId: ctx.id(e.key, 'vpcLinkId'), patchOperations: ops } });
  }
  const f = (from.tags ?? {}) as Record<string, string>;
  const t = (to.tags ?? {}) as Record<string, string>;
  const set = Object.fromEntries(Object.keys(t).sort().filter((k) => f[k] !== t[k]).map((k) => [k, t[k]]));
  const removed = Object.keys(f).filter((k) => !(k in t)).sort();
  const arn = vpcLinkArn(ctx, e);
  if (Object.keys(set).length) {
    calls.push(v1
      ? { service: 'apigateway', operation: 'TagResource', input: { resourceArn: arn, tags: set } }
      : { service: 'apigatewayv2', operation: 'TagResource', input: { ResourceArn: arn, Tags: set } });
  }
  if (removed.length) {
    calls.push(v1
      ? { service: 'apigateway', operation: 'UntagResource', input: { resourceArn: arn, tagKeys: removed } }
      : { service: 'apigatewayv2', operation: 'UntagResource', input: { ResourceArn: arn, TagKeys: removed } });
  }
  return calls;
}

/** The ownership tag on a link adopted by name. */
export function vpcLinkAdoptCall(ctx: CallContext, e: Entity): AwsCall {
  const arn = vpcLinkArn(ctx, e);
  return e.kind === 'vpc-link'
    ? { service: 'apigateway', operation: 'TagResource', input: { resourceArn: arn, tags: { [OWNERSHIP_TAG]: ctx.owner } } }
    : { service: 'apigatewayv2', operation: 'TagResource', input: { ResourceArn: arn, Tags: { [OWNERSHIP_TAG]: ctx.owner } } };
}
