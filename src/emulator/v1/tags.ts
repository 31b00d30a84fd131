import type { RequestContext, Route } from '../router.js';
import { badRequest, notFound } from '../aws-error.js';
import { check } from './validate.js';
import { v1, type Obj } from './store.js';
import { clientCertificateById } from './client-certificates.js';
import { privateDomainByArn } from './domain-names.js';

/**
 * Tags on the taggable v1 objects, addressed by ARN. Most ARNs have an empty account field:
 * `arn:aws:apigateway:{region}::/restapis/{id}`, `.../restapis/{id}/stages/{name}`, `::/apikeys/{id}`,
 * `::/usageplans/{id}`, `::/domainnames/{name}`, `::/vpclinks/{id}`, `::/clientcertificates/{id}`.
 * Private custom domain names and domain name access associations carry the account:
 * `arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{domainNameId}` and
 * `...:{account}:/domainnameaccessassociations/domainname/{name}+{domainNameId}/vpcesource/{vpce}`.
 */
function taggable(ctx: RequestContext): Obj {
  const arn = ctx.params.resource_arn!;
  const m = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):(\d{12})?:(\/.+)$/.exec(arn);
  if (!m) throw badRequest(`Invalid ARN specified in the request: ${arn}`);
  const state = v1(ctx);
  const p = m[3]!.split('/').slice(1);
  let target: Obj | undefined;
  if (m[2]) {
    // Only the account-scoped ARNs carry an account, and only this account's are found.
    const mine = m[2] === ctx.accountId && m[1] === ctx.region;
    if (p[0] === 'domainnames' && p.length === 2 && p[1]!.includes('+')) target = mine ? privateDomainByArn(ctx, arn) : undefined;
    else if (p[0] === 'domainnameaccessassociations' && p.length === 5) target = mine ? state.accessAssociations[arn]?.association : undefined;
    else throw badRequest(`Invalid ARN specified in the request: ${arn}`);
  } else if (p[0] === 'restapis' && p.length === 2) target = state.restApis[p[1]!]?.api;
  else if (p[0] === 'restapis' && p[2] === 'stages' && p.length === 4) target = state.restApis[p[1]!]?.stages[p[3]!];
  else if (p[0] === 'apikeys' && p.length === 2) target = state.apiKeys[p[1]!];
  else if (p[0] === 'usageplans' && p.length === 2) target = state.usagePlans[p[1]!]?.plan;
  else if (p[0] === 'domainnames' && p.length === 2) target = state.domainNames[p[1]!]?.domain;
  else if (p[0] === 'vpclinks' && p.length === 2) target = state.vpcLinks[p[1]!];
  else if (p[0] === 'clientcertificates' && p.length === 2) target = clientCertificateById(ctx, p[1]!);
  else throw badRequest(`Invalid ARN specified in the request: ${arn}`);
  if (!target) throw notFound('Invalid Resource identifier specified');
  return target;
}

export const tagRoutes: Route[] = [
  {
    method: 'GET',
    path: '/tags/{resource_arn}',
    operation: 'GetTags',
    handler: (ctx) => ({ status: 200, body: { tags: { ...(taggable(ctx).tags ?? {}) } } }),
  },
  {
    method: 'PUT',
    path: '/tags/{resource_arn}',
    operation: 'TagResource',
    handler: (ctx) => {
      check('tagResourceInput', ctx.body).required('tags').done();
      const t = taggable(ctx);
      const tags = (ctx.body as Obj).tags as Record<string, string>;
      if (Object.keys({ ...(t.tags ?? {}), ...tags }).length > 50) throw badRequest('Too many tags: a resource can have at most 50');
      t.tags = { ...(t.tags ?? {}), ...tags };
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    path: '/tags/{resource_arn}',
    operation: 'UntagResource',
    handler: (ctx) => {
      check('untagResourceInput', { tagKeys: ctx.query.getAll('tagKeys').length ? ctx.query.getAll('tagKeys') : undefined }).required('tagKeys').done();
      const t = taggable(ctx);
      for (const k of ctx.query.getAll('tagKeys')) delete t.tags?.[k];
      return { status: 204 };
    },
  },
];
