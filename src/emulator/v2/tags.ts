import { badRequest } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { checkInput, strMap } from './input.js';
import { findVpcLink } from './vpc-links.js';
import { findV2Domain } from '../domains.js';
import { type Wire, body, findApi, findStage, noContent, notFoundV2, ok } from './store.js';

const MAX_TAGS = 50;

/** Tag limits: at most 50 tags, keys 1-128 characters, values up to 256; `aws:` is reserved. */
export function checkTags(tags: Record<string, string> | undefined, existing: Record<string, string> = {}): void {
  if (tags === undefined) return;
  for (const [k, v] of Object.entries(tags)) {
    if (k.length < 1 || k.length > 128) throw badRequest(`Invalid tag key: ${k}. Tag keys must be 1 to 128 characters long`);
    if (k.toLowerCase().startsWith('aws:')) throw badRequest(`Invalid tag key: ${k}. Tag keys cannot start with the reserved prefix aws:`);
    if (v.length > 256) throw badRequest(`Invalid tag value for key ${k}. Tag values can be at most 256 characters long`);
  }
  if (Object.keys({ ...existing, ...tags }).length > MAX_TAGS) {
    throw badRequest(`Too many tags: a resource can have at most ${MAX_TAGS} tags`);
  }
}

/**
 * The taggable v2 resources, named by ARN (the account field is empty):
 * `arn:aws:apigateway:{region}::/apis/{id}`, `.../apis/{id}/stages/{name}`, `::/domainnames/{name}`
 * and `::/vpclinks/{id}`.
 * Returns the stored object that carries the `tags` member.
 */
function taggable(ctx: RequestContext, arn: string): Wire {
  const m = /^arn:aws[a-z-]*:apigateway:([^:]*)::(\/.*)$/.exec(arn);
  if (!m) throw badRequest(`Invalid resource ARN specified: ${arn}`);
  const [, region, path] = m as unknown as [string, string, string];
  const parts = path.split('/').slice(1);
  const missing = () => notFoundV2(`Invalid resource ARN specified: ${arn}. The resource does not exist`, 'Tags');
  if (region !== ctx.region) throw missing();
  if (parts[0] === 'apis' && parts.length === 2) return findApi(ctx, parts[1]).api;
  if (parts[0] === 'apis' && parts.length === 4 && parts[2] === 'stages') return findStage(findApi(ctx, parts[1]), parts[3] ?? '');
  if (parts[0] === 'domainnames' && parts.length === 2) return findV2Domain(ctx, parts[1] ?? '').domain;
  if (parts[0] === 'vpclinks' && parts.length === 2) return findVpcLink(ctx, parts[1]);
  throw missing();
}

export const tagRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/tags/{resource-arn}',
    operation: 'TagResource',
    handler: (ctx) => {
      const target = taggable(ctx, ctx.params['resource-arn'] ?? '');
      const input = body(ctx);
      checkInput(input, { tags: strMap });
      const tags: Record<string, string> = input.tags ?? {};
      checkTags(tags, target.tags);
      target.tags = { ...(target.tags ?? {}), ...tags };
      return { status: 201, body: {} };
    },
  },
  {
    method: 'GET',
    path: '/v2/tags/{resource-arn}',
    operation: 'GetTags',
    handler: (ctx) => ok({ tags: taggable(ctx, ctx.params['resource-arn'] ?? '').tags ?? {} }),
  },
  {
    method: 'DELETE',
    path: '/v2/tags/{resource-arn}',
    operation: 'UntagResource',
    handler: (ctx) => {
      const target = taggable(ctx, ctx.params['resource-arn'] ?? '');
      const keys = ctx.query.getAll('tagKeys');
      if (keys.length === 0) throw badRequest("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
      const tags: Record<string, string> = { ...(target.tags ?? {}) };
      for (const k of keys) delete tags[k];
      target.tags = tags;
      return noContent();
    },
  },
];
