import type { RequestContext, Route } from '../router.js';
import { AwsError, badRequest, conflict, limitExceeded, notFound } from '../aws-error.js';
import { check } from './validate.js';
import { paginate } from './pagination.js';
import { clone, compact, v1, type AccessAssociationRecord, type Obj } from './store.js';
import { privateDomainByArn } from './domain-names.js';

/**
 * Domain name access associations: a VPC endpoint (the only source type, `VPCE`) associated with a
 * private custom domain name, so the endpoint can invoke it (developer guide, "Tasks of API providers
 * and API consumers for custom domain names for private APIs"; service model).
 *
 * - The association's ARN is the consumer account's:
 *   `arn:aws:apigateway:{region}:{account}:/domainnameaccessassociations/domainname/{name}+{domainNameId}/vpcesource/{vpce}`
 *   (API reference and developer guide examples; terraform-provider-aws's acceptance test pattern).
 * - The account that created an association deletes it (DeleteDomainNameAccessAssociation); the
 *   domain's owner rejects another account's (RejectDomainNameAccessAssociation), and lists them with
 *   GetDomainNameAccessAssociations `resourceOwner=OTHER_ACCOUNTS`; `SELF` (the default) lists the
 *   caller's own.
 * - "You can't invoke private custom domain names with the same name from the same VPC endpoint":
 *   the emulator refuses a second association of one endpoint with a domain of the same name.
 * - Quota "Domain name access associations per account": 100 (raisable).
 * The model gives CreateDomainNameAccessAssociation no NotFoundException, so a domain that does not
 * exist is a BadRequestException there. The messages are the emulator's own (no recorded response).
 */
export const ACCESS_ASSOCIATIONS_QUOTA = 100;
const SOURCE_TYPES = ['VPCE'];
const RESOURCE_OWNERS = ['SELF', 'OTHER_ACCOUNTS'];
/** A VPC endpoint id: `vpce-` and lower-case hex (17 digits today, 8 for old ones); AWS's examples use placeholders such as `vpce-abcd1234efg`. */
const VPCE_ID = /^vpce-[0-9a-z]{1,32}$/;

export const associationArn = (region: string, accountId: string, domainArn: string, vpce: string): string => {
  const nameAndId = domainArn.slice(domainArn.indexOf(':/domainnames/') + ':/domainnames/'.length);
  return `arn:aws:apigateway:${region}:${accountId}:/domainnameaccessassociations/domainname/${nameAndId}/vpcesource/${vpce}`;
};

/**
 * Creates an association for `accountId` (the caller, or another account in seeded state) after
 * AWS's checks; shared by the API operation and the emulator's seeding of another account's
 * associations.
 */
export function createAssociation(ctx: RequestContext, input: Obj, accountId: string): Obj {
  check('createDomainNameAccessAssociationInput', input)
    .required('domainNameArn', 'accessAssociationSourceType', 'accessAssociationSource')
    .oneOf('accessAssociationSourceType', input.accessAssociationSourceType, SOURCE_TYPES)
    .done();
  const state = v1(ctx);
  const domainArn = String(input.domainNameArn);
  if (/^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::\/domainnames\/[^/]+$/.test(domainArn)) {
    throw badRequest(`Domain name access associations are supported only for private custom domain names: ${domainArn}`);
  }
  const domain = privateDomainByArn(ctx, domainArn);
  if (!domain) throw badRequest(`Invalid domain name identifier specified: ${domainArn}`);
  const vpce = String(input.accessAssociationSource);
  if (!VPCE_ID.test(vpce)) throw badRequest(`Invalid access association source ${vpce}: a VPCE source must be a VPC endpoint ID (vpce-...)`);
  const arn = associationArn(ctx.region, accountId, domainArn, vpce);
  if (state.accessAssociations[arn]) throw conflict(`Domain name access association ${arn} already exists`);
  const sameName = Object.values(state.accessAssociations).find(
    (a) => a.association.accessAssociationSource === vpce && privateDomainByArn(ctx, a.association.domainNameArn)?.domainName === domain.domainName,
  );
  if (sameName) {
    throw conflict(
      `VPC endpoint ${vpce} is already associated with a private custom domain name named ${domain.domainName} ` +
        `(${sameName.association.domainNameArn}); associate each private custom domain name of one name with a different VPC endpoint`,
    );
  }
  const quota = ctx.limits?.domainNameAccessAssociations ?? ACCESS_ASSOCIATIONS_QUOTA;
  const owned = Object.values(state.accessAssociations).filter((a) => a.ownerAccountId === accountId).length;
  if (owned >= quota) throw limitExceeded(`Exceeded the maximum of ${quota} domain name access associations per account`);
  const association = compact({
    domainNameAccessAssociationArn: arn,
    domainNameArn: domainArn,
    accessAssociationSourceType: input.accessAssociationSourceType,
    accessAssociationSource: vpce,
    tags: { ...(input.tags ?? {}) },
  });
  state.accessAssociations[arn] = { association, ownerAccountId: accountId };
  return association;
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/**
 * Whether a domain's managementPolicy lets `accountId` create access associations with it: an Allow
 * of `apigateway:CreateAccessAssociation` (or a wildcard) to `*`, the account id or its root ARN,
 * and no such Deny (developer guide, "API provider: Share your private custom domain name using the
 * API Gateway AWS CLI").
 */
export function managementPolicyAllows(policy: string | undefined, accountId: string): boolean {
  let doc: Obj;
  try {
    doc = JSON.parse(policy ?? '');
  } catch {
    return false;
  }
  const matches = (st: Obj): boolean => {
    const actions = asList(st.Action).map((a) => a.toLowerCase());
    if (!actions.some((a) => a === '*' || a === 'apigateway:*' || a === 'apigateway:createaccessassociation')) return false;
    const principals = st.Principal === '*' ? ['*'] : asList((st.Principal as Obj | undefined)?.AWS);
    return principals.some((p) => p === '*' || p === accountId || new RegExp(`^arn:aws[a-z-]*:iam::${accountId}:root$`).test(p));
  };
  const statements = (Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : []) as Obj[];
  if (statements.some((st) => st.Effect === 'Deny' && matches(st))) return false;
  return statements.some((st) => st.Effect === 'Allow' && matches(st));
}

/** Another account's association (seeded through the admin endpoint): its managementPolicy must allow it. */
export function createForeignAssociation(ctx: RequestContext, input: Obj, accountId: string): Obj {
  const domain = privateDomainByArn(ctx, String(input.domainNameArn ?? ''));
  if (domain && !managementPolicyAllows(domain.managementPolicy, accountId)) {
    throw new AwsError('UnauthorizedException', 401, `Account ${accountId} is not allowed to create domain name access associations with ${domain.domainNameArn}: its managementPolicy does not grant apigateway:CreateAccessAssociation`);
  }
  return createAssociation(ctx, { accessAssociationSourceType: 'VPCE', ...input }, accountId);
}

const view = (a: AccessAssociationRecord, alwaysTags: boolean): Obj => {
  const out = clone(a.association);
  if (!alwaysTags && !Object.keys(out.tags ?? {}).length) delete out.tags;
  return out;
};

function getAssociations(ctx: RequestContext) {
  const owner = ctx.query.get('resourceOwner') ?? undefined;
  check('getDomainNameAccessAssociationsInput', {}).oneOf('resourceOwner', owner, RESOURCE_OWNERS).done();
  const all = Object.values(v1(ctx).accessAssociations);
  // OTHER_ACCOUNTS: other accounts' associations with this account's private domains.
  const items = owner === 'OTHER_ACCOUNTS'
    ? all.filter((a) => a.ownerAccountId !== ctx.accountId && privateDomainByArn(ctx, a.association.domainNameArn))
    : all.filter((a) => a.ownerAccountId === ctx.accountId);
  return { status: 200, body: paginate(ctx, items.map((a) => view(a, false))) };
}

function deleteAssociation(ctx: RequestContext) {
  const arn = ctx.params.domain_name_access_association_arn!;
  const rec = v1(ctx).accessAssociations[arn];
  // Only the account that created an association deletes it; the domain's owner rejects it instead.
  if (!rec || rec.ownerAccountId !== ctx.accountId) throw notFound('Invalid domain name access association identifier specified');
  delete v1(ctx).accessAssociations[arn];
  return { status: 202 };
}

function rejectAssociation(ctx: RequestContext) {
  const input = { domainNameAccessAssociationArn: ctx.query.get('domainNameAccessAssociationArn') ?? undefined, domainNameArn: ctx.query.get('domainNameArn') ?? undefined };
  check('rejectDomainNameAccessAssociationInput', input).required('domainNameAccessAssociationArn', 'domainNameArn').done();
  if (!privateDomainByArn(ctx, input.domainNameArn!)) throw notFound('Invalid domain name identifier specified');
  const state = v1(ctx);
  const rec = state.accessAssociations[input.domainNameAccessAssociationArn!];
  if (!rec || rec.association.domainNameArn !== input.domainNameArn) throw notFound('Invalid domain name access association identifier specified');
  if (rec.ownerAccountId === ctx.accountId) {
    throw badRequest('The domain name access association belongs to your own account: use DeleteDomainNameAccessAssociation to remove it.');
  }
  delete state.accessAssociations[input.domainNameAccessAssociationArn!];
  return { status: 202 };
}

export const accessAssociationRoutes: Route[] = [
  {
    method: 'POST',
    path: '/domainnameaccessassociations',
    operation: 'CreateDomainNameAccessAssociation',
    handler: (ctx) => {
      const association = createAssociation(ctx, (ctx.body ?? {}) as Obj, ctx.accountId);
      return { status: 201, body: view(v1(ctx).accessAssociations[association.domainNameAccessAssociationArn]!, false) };
    },
  },
  { method: 'GET', path: '/domainnameaccessassociations', operation: 'GetDomainNameAccessAssociations', handler: getAssociations },
  {
    method: 'DELETE',
    path: '/domainnameaccessassociations/{domain_name_access_association_arn}',
    operation: 'DeleteDomainNameAccessAssociation',
    handler: deleteAssociation,
  },
  { method: 'POST', path: '/rejectdomainnameaccessassociations', operation: 'RejectDomainNameAccessAssociation', handler: rejectAssociation },
];
