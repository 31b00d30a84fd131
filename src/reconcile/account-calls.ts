import { deepEqual } from './canonical.js';
import { SEP, nameOf, segment } from './keys.js';
import { awsPlanThrottleKey } from './live-account.js';
import { OWNERSHIP_TAG, type Entity } from './model.js';
import { NAME_TAG } from './desired-account.js';
import { scalar, tlsPolicyPatch, type PatchOp } from './patch.js';
import type { AwsCall, IdRef } from './plan-types.js';
import type { EntityKey } from './model.js';
import type { CallContext } from './rest-calls.js';
import { routingRuleCreateCalls, routingRuleDeleteCalls, toV1RoutingMode } from './routing-rules.js';

/**
 * The apigateway calls for account-level objects: API keys, usage plans and their keys, custom
 * domains and base-path mappings. Secrets appear only as `{ $secret: 'env:NAME' }`.
 */
type Attrs = Record<string, any>;
const call = (operation: string, input: Record<string, unknown>, produces?: AwsCall['produces']): AwsCall =>
  produces ? { service: 'apigateway', operation, input, produces } : { service: 'apigateway', operation, input };
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Where a new domain's DNS alias records point: its targets, from CreateDomainName's answer. */
const DOMAIN_TARGET_IDS = {
  regionalDomainName: 'regionalDomainName', regionalHostedZoneId: 'regionalHostedZoneId',
  distributionDomainName: 'distributionDomainName', distributionHostedZoneId: 'distributionHostedZoneId',
};
/** A private domain's identity: every later call names it by these. */
const PRIVATE_DOMAIN_IDS = { domainNameId: 'domainNameId', domainNameArn: 'domainNameArn' };

export const ACCOUNT_KINDS = new Set(['api-key', 'usage-plan', 'usage-plan-key', 'domain-name', 'base-path-mapping', 'client-certificate', 'routing-rule', 'access-association', 'other-account-association']);

/** A private custom domain (endpoint type PRIVATE): AWS names it by name + domainNameId, its ARN carries both. */
export const isPrivateDomain = (e: Entity): boolean =>
  ((e.attrs.endpointConfiguration as { types?: string[] } | undefined)?.types ?? []).includes('PRIVATE');

/** `domainNameId` of a private domain (the live id, or the one its create in this plan produces); nothing for a public one. */
const domainNameId = (ctx: CallContext, domainKey: EntityKey, isPrivate: boolean) =>
  isPrivate ? { domainNameId: ctx.id(domainKey, 'domainNameId') } : {};
const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));

/** `petstore/prod` -> the API's id (or a placeholder) and the stage. */
function apiStage(ctx: CallContext, ref: string): { apiId: string | IdRef; stage: string; apiKey: string } {
  const i = ref.lastIndexOf('/');
  const name = ref.slice(0, i);
  // A WebSocket API's stage: the API is an apigatewayv2 object with an `apiId`.
  if (ctx.webSocketApis?.has(name)) {
    const apiKey = segment('websocket-api', name);
    return { apiId: ctx.id(apiKey, 'apiId'), stage: ref.slice(i + 1), apiKey };
  }
  const apiKey = segment('rest-api', name);
  return { apiId: ctx.id(apiKey, 'restApiId'), stage: ref.slice(i + 1), apiKey };
}

/** `apiId:stage`, in a string: a placeholder with a format when the API is created by the plan. */
function formatted(id: string | IdRef, format: string): string | IdRef {
  return typeof id === 'string' ? format.replace('{}', id) : { ...id, format };
}

function awsThrottleMap(t: Attrs | undefined): Attrs | undefined {
  if (!t) return undefined;
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [awsPlanThrottleKey(k), v]));
}

export function accountArn(ctx: CallContext, e: Entity): string | IdRef {
  if (e.kind === 'domain-name' && isPrivateDomain(e)) return ctx.id(e.key, 'domainNameArn');
  const base = `arn:aws:apigateway:${ctx.region}::`;
  if (e.kind === 'api-key') return `${base}/apikeys/${String(ctx.id(e.key, 'apiKeyId'))}`;
  if (e.kind === 'usage-plan') return `${base}/usageplans/${String(ctx.id(e.key, 'usagePlanId'))}`;
  if (e.kind === 'client-certificate') return `${base}/clientcertificates/${String(ctx.id(e.key, 'clientCertificateId'))}`;
  return `${base}/domainnames/${nameOf(e.key)}`;
}

export function accountCreateCalls(ctx: CallContext, e: Entity): AwsCall[] {
  const a = e.attrs as Attrs;
  const tags = { ...(a.tags ?? {}), [OWNERSHIP_TAG]: ctx.owner };
  switch (e.kind) {
    case 'api-key':
      return [call('CreateApiKey', defined({
        name: nameOf(e.key), description: a.description, enabled: a.enabled, customerId: a.customerId,
        value: e.meta?.secretEnv ? { $secret: `env:${e.meta.secretEnv}` } : undefined, tags,
      }), { key: e.key, ids: { apiKeyId: 'id' } })];
    case 'client-certificate':
      // AWS generates the key pair; the certificate's name lives in a tag (AWS names it by id only).
      return [call('GenerateClientCertificate', defined({ description: a.description, tags: { ...tags, [NAME_TAG]: nameOf(e.key) } }),
        { key: e.key, ids: { clientCertificateId: 'clientCertificateId' } })];
    case 'usage-plan':
      return [call('CreateUsagePlan', defined({
        name: nameOf(e.key), description: a.description, throttle: a.throttle, quota: a.quota,
        apiStages: a.apiStages
          ? Object.entries(a.apiStages as Attrs).map(([ref, s]) => {
              const { apiId, stage } = apiStage(ctx, ref);
              return defined({ apiId, stage, throttle: awsThrottleMap((s as Attrs).throttle) });
            })
          : undefined,
        tags,
      }), { key: e.key, ids: { usagePlanId: 'id' } }),
      // CreateUsagePlan has no productCode member: UpdateUsagePlan adds it.
      ...(a.productCode === undefined ? [] : [call('UpdateUsagePlan', {
        usagePlanId: ctx.id(e.key, 'usagePlanId'), patchOperations: [{ op: 'add', path: '/productCode', value: a.productCode }],
      })])];
    case 'usage-plan-key': {
      const plan = e.key.split(SEP)[0] ?? '';
      return [call('CreateUsagePlanKey', {
        usagePlanId: ctx.id(plan, 'usagePlanId'), keyId: ctx.id(segment('api-key', nameOf(e.key)), 'apiKeyId'), keyType: 'API_KEY',
      })];
    }
    case 'domain-name':
      return [call('CreateDomainName', defined({
        domainName: nameOf(e.key), certificateArn: a.certificateArn, regionalCertificateArn: a.regionalCertificateArn,
        endpointConfiguration: a.endpointConfiguration, securityPolicy: a.securityPolicy, endpointAccessMode: a.endpointAccessMode,
        mutualTlsAuthentication: a.mutualTlsAuthentication, ownershipVerificationCertificateArn: a.ownershipVerificationCertificateArn,
        // AWS's default need not be sent.
        routingMode: a.routingMode === undefined ? undefined : toV1RoutingMode(String(a.routingMode)), policy: json(a.policy), tags,
      }), { key: e.key, ids: isPrivateDomain(e) ? PRIVATE_DOMAIN_IDS : DOMAIN_TARGET_IDS }),
      // CreateDomainName has no managementPolicy member: UpdateDomainName sets it.
      ...(a.managementPolicy === undefined ? [] : [call('UpdateDomainName', {
        domainName: nameOf(e.key), ...domainNameId(ctx, e.key, true),
        patchOperations: [{ op: 'replace', path: '/managementPolicy', value: json(a.managementPolicy) }],
      })])];
    case 'access-association': {
      const domain = e.key.split(SEP)[0] ?? '';
      return [call('CreateDomainNameAccessAssociation', {
        domainNameArn: ctx.id(domain, 'domainNameArn'), accessAssociationSourceType: 'VPCE', accessAssociationSource: nameOf(e.key),
        tags: { [OWNERSHIP_TAG]: ctx.owner },
      }, { key: e.key, ids: { domainNameAccessAssociationArn: 'domainNameAccessAssociationArn' } })];
    }
    case 'routing-rule':
      return routingRuleCreateCalls(ctx, e);
    case 'base-path-mapping': {
      const domainKey = e.key.split(SEP)[0] ?? '';
      const domain = nameOf(domainKey);
      const basePath = nameOf(e.key);
      return [call('CreateBasePathMapping', defined({
        domainName: domain, ...domainNameId(ctx, domainKey, e.meta?.privateDomain === 'true'), basePath: basePath === '(none)' ? undefined : basePath,
        restApiId: ctx.id(segment('rest-api', String(a.restApi)), 'restApiId'), stage: a.stage,
      }))];
    }
    default:
      throw new Error(`no create calls for kind ${e.kind}`);
  }
}

/**
 * A usage plan's `remove /apiStages` of a stage deleted meanwhile (or of a deleted API) is answered
 * NotFoundException ("Invalid API Stage {api: A, stage: S} specified for usageplan P"): the stage
 * is out of the plan's reach either way, so the executor counts that remove as done.
 */
export const API_STAGES = '/apiStages';

/** Deletes act on the live object: its own ids, never a placeholder. */
export function accountDeleteCalls(e: Entity): AwsCall[] {
  const ids = e.ids ?? {};
  switch (e.kind) {
    case 'api-key': return [call('DeleteApiKey', { apiKey: ids.apiKeyId })];
    case 'usage-plan': {
      // AWS refuses to delete a plan that still has API stages: remove them first.
      const stages = ((e.meta?.awsApiStages ?? '').split(',').filter(Boolean));
      const detach = stages.length
        ? [{ ...call('UpdateUsagePlan', { usagePlanId: ids.usagePlanId, patchOperations: stages.map((v) => ({ op: 'remove', path: '/apiStages', value: v })) }), removeGoneOk: [API_STAGES] }]
        : [];
      return [...detach, call('DeleteUsagePlan', { usagePlanId: ids.usagePlanId })];
    }
    case 'usage-plan-key': return [call('DeleteUsagePlanKey', { usagePlanId: ids.usagePlanId, keyId: ids.keyId })];
    case 'domain-name': {
      // A private domain's access associations go first.
      const associations = (e.meta?.accessAssociationArns ?? '').split(',').filter(Boolean)
        .map((arn) => call('DeleteDomainNameAccessAssociation', { domainNameAccessAssociationArn: arn }));
      return [...associations, call('DeleteDomainName', defined({ domainName: ids.domainName, domainNameId: ids.domainNameId }))];
    }
    case 'access-association': return [call('DeleteDomainNameAccessAssociation', { domainNameAccessAssociationArn: ids.domainNameAccessAssociationArn })];
    // Another account's association: only the domain's owner's reject removes it.
    case 'other-account-association':
      return [call('RejectDomainNameAccessAssociation', { domainNameAccessAssociationArn: ids.domainNameAccessAssociationArn, domainNameArn: ids.domainNameArn })];
    case 'client-certificate': return [call('DeleteClientCertificate', { clientCertificateId: ids.clientCertificateId })];
    case 'base-path-mapping': return [call('DeleteBasePathMapping', defined({ domainName: ids.domainName, domainNameId: ids.domainNameId, basePath: ids.basePath }))];
    case 'routing-rule': return routingRuleDeleteCalls(e);
    default: throw new Error(`no delete calls for kind ${e.kind}`);
  }
}

function usagePlanPatch(ctx: CallContext, f: Attrs, t: Attrs): PatchOp[] {
  const out: PatchOp[] = [...scalar('/description', f.description, t.description, 'empty'), ...scalar('/productCode', f.productCode, t.productCode, 'remove')];
  for (const [field, subs] of [['throttle', ['burstLimit', 'rateLimit']], ['quota', ['limit', 'offset', 'period']]] as const) {
    if (f[field] && !t[field]) out.push({ op: 'remove', path: `/${field}` });
    else for (const s of subs) out.push(...scalar(`/${field}/${s}`, f[field]?.[s], t[field]?.[s]));
  }
  const fs = (f.apiStages ?? {}) as Attrs;
  const ts = (t.apiStages ?? {}) as Attrs;
  for (const ref of Object.keys(fs).sort()) {
    if (ref in ts) continue;
    const { apiId, stage } = apiStage(ctx, ref);
    out.push({ op: 'remove', path: '/apiStages', value: formatted(apiId, `{}:${stage}`) });
  }
  for (const ref of Object.keys(ts).sort()) {
    const { apiId, stage } = apiStage(ctx, ref);
    if (!(ref in fs)) out.push({ op: 'add', path: '/apiStages', value: formatted(apiId, `{}:${stage}`) });
    const from = fs[ref]?.throttle;
    const to = ts[ref]?.throttle;
    if (deepEqual(ref in fs ? from : undefined, to) || (!(ref in fs) && to === undefined)) continue;
    const path = formatted(apiId, `/apiStages/{}:${stage}/throttle`);
    out.push(to === undefined
      ? { op: 'remove', path: path as string }
      : { op: 'replace', path: path as string, value: JSON.stringify(awsThrottleMap(to)) });
  }
  return out;
}

/** The patch operations that take a live account object to its desired attrs (tags aside). */
export function accountPatch(ctx: CallContext, e: Entity, f: Attrs, t: Attrs): { operation: string; target: Record<string, unknown>; ops: PatchOp[]; produces?: AwsCall['produces'] } | undefined {
  const ids = {
    apiKeyId: ctx.id(e.key, 'apiKeyId'),
    usagePlanId: ctx.id(e.key, 'usagePlanId'),
    domainName: nameOf(e.key.split(SEP)[0] ?? ''),
    basePath: nameOf(e.key),
  };
  switch (e.kind) {
    case 'api-key':
      return { operation: 'UpdateApiKey', target: { apiKey: ids.apiKeyId },
        ops: [...scalar('/description', f.description, t.description, 'empty'), ...scalar('/enabled', f.enabled, t.enabled),
          ...scalar('/customerId', f.customerId, t.customerId, 'empty')] };
    case 'client-certificate':
      return { operation: 'UpdateClientCertificate', target: { clientCertificateId: ctx.id(e.key, 'clientCertificateId') },
        ops: scalar('/description', f.description, t.description, 'empty') };
    case 'usage-plan':
      return { operation: 'UpdateUsagePlan', target: { usagePlanId: ids.usagePlanId }, ops: usagePlanPatch(ctx, f, t) };
    case 'domain-name': {
      const ops: PatchOp[] = [...scalar('/endpointConfiguration/ipAddressType', f.endpointConfiguration?.ipAddressType, t.endpointConfiguration?.ipAddressType)];
      for (const field of ['certificateArn', 'regionalCertificateArn', 'ownershipVerificationCertificateArn']) {
        ops.push(...scalar(`/${field}`, f[field], t[field]));
      }
      ops.push(...tlsPolicyPatch(f, t));
      if (f.routingMode !== t.routingMode) ops.push({ op: 'replace', path: '/routingMode', value: toV1RoutingMode(String(t.routingMode ?? 'API_MAPPING_ONLY')) });
      for (const field of ['truststoreUri', 'truststoreVersion']) {
        ops.push(...scalar(`/mutualTlsAuthentication/${field}`, f.mutualTlsAuthentication?.[field], t.mutualTlsAuthentication?.[field], 'remove'));
      }
      for (const field of ['policy', 'managementPolicy']) ops.push(...scalar(`/${field}`, json(f[field]), json(t[field]), 'empty'));
      const target = { domainName: ids.domainName, ...domainNameId(ctx, e.key, isPrivateDomain(e)) };
      // EDGE <-> REGIONAL: the one endpoint type replaced, with the certificates above, in the same
      // call (as terraform's provider does it). The new target (its DNS name and zone) comes back in
      // the answer: the domain's alias records are pointed at it afterwards (dns-records.ts).
      // Public <-> PRIVATE is no update: it is planned as a replace (diff.ts).
      const fromType = (f.endpointConfiguration?.types ?? [])[0];
      const toType = (t.endpointConfiguration?.types ?? [])[0];
      if (fromType !== toType && toType) {
        ops.push({ op: 'replace', path: '/endpointConfiguration/types/0', value: toType });
        return { operation: 'UpdateDomainName', target, ops, produces: { key: e.key, ids: DOMAIN_TARGET_IDS } };
      }
      return { operation: 'UpdateDomainName', target, ops };
    }
    case 'base-path-mapping':
      return { operation: 'UpdateBasePathMapping', target: { domainName: ids.domainName, ...domainNameId(ctx, e.key.split(SEP)[0] ?? '', e.meta?.privateDomain === 'true'), basePath: ids.basePath },
        ops: [
          ...(f.restApi === t.restApi ? [] : [{ op: 'replace' as const, path: '/restapiId', value: ctx.id(segment('rest-api', String(t.restApi)), 'restApiId') }]),
          ...scalar('/stage', f.stage, t.stage),
        ] };
    default:
      return undefined;
  }
}
