import { didYouMean } from '../load/did-you-mean.js';
import type { SpecSet, VpcLinkSpec } from '../types.js';
import { checkArn } from './arns.js';
import { type CheckContext, entries, names, report, warn, wasPruned } from './context.js';

/**
 * VPC links and the integrations that use them. A link's kind follows from its fields:
 * `targetArns` makes a REST link (apigateway: REST and WebSocket API private integrations, reaching
 * a Network Load Balancer), `subnetIds` an HTTP API link (apigatewayv2). Integrations name a link
 * with `vpcLink: NAME`; a name the spec set does not define may be a link that exists in the
 * account, which only plan can tell. `connectionId` stays for `${stageVariables.NAME}` (REST).
 */
type Path = (string | number)[];
export type VpcLinkKind = 'rest' | 'http';

/** The kind of a link of the spec (undefined when its fields say neither or both). */
export function vpcLinkKind(l: VpcLinkSpec): VpcLinkKind | undefined {
  const rest = l.targetArns !== undefined;
  const http = l.subnetIds !== undefined;
  return rest === http ? undefined : rest ? 'rest' : 'http';
}

const STAGE_VARIABLE = /^\$\{stageVariables\.[A-Za-z0-9_]+\}$/;

function checkLink(name: string, l: VpcLinkSpec, ctx: CheckContext): void {
  const at = ['vpcLinks', name];
  const owner = `VPC link ${name}`;
  if (l.targetArns !== undefined && l.subnetIds !== undefined) {
    report(ctx, 'spec/invalid-vpc-link', [...at, 'subnetIds'], `${owner} has both targetArns (a link for REST and WebSocket APIs) and subnetIds (a link for HTTP APIs).`,
      'keep targetArns for a REST/WebSocket link, or subnetIds (with securityGroupIds) for an HTTP API link; define two links if both are needed.', 'key');
  } else if (l.targetArns === undefined && l.subnetIds === undefined) {
    report(ctx, 'spec/missing-field', at, `${owner} has neither targetArns nor subnetIds, so it is neither a REST nor an HTTP API link.`,
      'add targetArns: [NLB_ARN] (REST and WebSocket APIs) or subnetIds: [SUBNET_ID] (HTTP APIs).', 'key');
  }
  if (l.targetArns !== undefined) {
    if (l.securityGroupIds !== undefined) {
      report(ctx, 'spec/invalid-vpc-link', [...at, 'securityGroupIds'], `${owner} has targetArns (a REST link) and securityGroupIds, which only HTTP API links have.`,
        'remove securityGroupIds, or make it an HTTP API link with subnetIds instead of targetArns.', 'key');
    }
    l.targetArns.forEach((arn, i) => checkArn(ctx, arn, 'networkLoadBalancer', [...at, 'targetArns', i], owner, 'targetArns'));
  }
  if (l.subnetIds !== undefined && l.description !== undefined) {
    report(ctx, 'spec/invalid-vpc-link', [...at, 'description'], `${owner} is an HTTP API link (subnetIds), and those have no description.`,
      'remove description (use tags to describe the link).', 'key');
  }
}

interface Use {
  /** Path of the integration. */
  at: Path;
  owner: string;
  /** The link kind this integration needs. */
  needs: VpcLinkKind;
  i: { vpcLink?: string; connectionType?: string; connectionId?: string; integrationTarget?: string };
}

function uses(set: SpecSet): Use[] {
  const out: Use[] = [];
  for (const [api, spec] of entries(set.restApis)) {
    for (const [path, resource] of entries(spec.resources)) {
      for (const [verb, method] of entries(resource)) {
        if (method.integration) {
          // With integrationTarget, a REST private integration reaches a load balancer through an HTTP API link (VPC link V2).
          const needs = method.integration.integrationTarget !== undefined ? 'http' : 'rest';
          out.push({ at: ['restApis', api, 'resources', path, verb, 'integration'], owner: `The integration of ${verb} ${path} (REST API ${api})`, needs, i: method.integration });
        }
      }
    }
  }
  for (const [section, kind, needs] of [['httpApis', 'HTTP API', 'http'], ['webSocketApis', 'WebSocket API', 'rest']] as const) {
    for (const [api, spec] of entries(set[section])) {
      for (const [name, i] of entries(spec.integrations as Record<string, Use['i']> | undefined)) {
        out.push({ at: [section, api, 'integrations', name], owner: `Integration ${name} (${kind} ${api})`, needs, i });
      }
    }
  }
  return out;
}

const KIND_WORDS: Record<VpcLinkKind, string> = { rest: 'a REST link (targetArns)', http: 'an HTTP API link (subnetIds)' };

function checkUse(set: SpecSet, u: Use, ctx: CheckContext): void {
  const { i, at, owner } = u;
  const links = set.vpcLinks ?? {};
  if (i.integrationTarget !== undefined && i.vpcLink === undefined && i.connectionType !== 'VPC_LINK') {
    report(ctx, 'spec/invalid-integration', [...at, 'integrationTarget'], `${owner} has an integrationTarget but no VPC link.`,
      'add vpcLink: NAME (an HTTP API link, with subnetIds), or remove integrationTarget.');
    return;
  }
  const http = u.needs === 'http' && at[0] === 'httpApis';
  if (i.vpcLink !== undefined) {
    if (i.connectionId !== undefined) {
      report(ctx, 'spec/invalid-integration', [...at, 'connectionId'], `${owner} has both vpcLink and connectionId.`, 'keep vpcLink (the link by name); remove connectionId.', 'key');
    }
    if (i.connectionType === 'INTERNET') {
      report(ctx, 'spec/invalid-integration', [...at, 'connectionType'], `${owner} names the VPC link "${i.vpcLink}" but has connectionType INTERNET.`, 'remove connectionType (vpcLink implies VPC_LINK).', 'key');
    }
    const link = links[i.vpcLink];
    if (link === undefined) {
      // Not in the spec: plan looks it up in the account by name. Only a likely typo is worth a word now.
      const hint = didYouMean(i.vpcLink, names(links));
      if (hint && !wasPruned(ctx, ['vpcLinks', i.vpcLink])) {
        warn(ctx, 'spec/unknown-vpc-link', [...at, 'vpcLink'], `${owner} names the VPC link "${i.vpcLink}", which the spec set does not define; plan looks for it in the account.${hint}`,
          `define "${i.vpcLink}" under vpcLinks, or correct the name.`);
      }
      return;
    }
    const kind = vpcLinkKind(link);
    if (kind !== undefined && kind !== u.needs) {
      const why = http ? 'HTTP APIs use links with subnetIds'
        : at[0] === 'webSocketApis' ? 'WebSocket API private integrations use REST links with targetArns'
          : u.needs === 'http' ? 'an integration with integrationTarget goes through an HTTP API link (subnetIds)'
            : 'REST API private integrations use REST links with targetArns, or an HTTP API link with integrationTarget';
      const fitting = Object.entries(links).filter(([, l]) => vpcLinkKind(l) === u.needs).map(([n]) => n);
      const fix = fitting.length ? `use one of: ${fitting.join(', ')}; or define ${KIND_WORDS[u.needs]}.` : `define ${KIND_WORDS[u.needs]} under vpcLinks and name it here.`;
      // A REST integration can keep an HTTP API link by naming the load balancer it goes to.
      const viaTarget = at[0] === 'restApis' && kind === 'http' ? 'add integrationTarget: LOAD_BALANCER_ARN to go through this link, or ' : '';
      report(ctx, 'spec/vpc-link-kind', [...at, 'vpcLink'], `${owner} uses the VPC link "${i.vpcLink}", which is ${KIND_WORDS[kind]}; ${why}.`, viaTarget + fix);
    }
    return;
  }
  if (i.connectionType === 'VPC_LINK' && i.connectionId === undefined) {
    report(ctx, 'spec/missing-field', at, `${owner} has connectionType VPC_LINK but names no VPC link.`,
      !http ? 'add vpcLink: NAME (a link under vpcLinks or in the account), or connectionId: ${stageVariables.NAME}.' : 'add vpcLink: NAME (a link under vpcLinks or in the account).', 'key');
    return;
  }
  if (i.connectionId === undefined) return;
  if (i.connectionType !== 'VPC_LINK') {
    report(ctx, 'spec/invalid-integration', [...at, 'connectionId'], `${owner} has a connectionId but connectionType is not VPC_LINK.`,
      'name the link with vpcLink: NAME instead (it implies connectionType VPC_LINK).', 'key');
    return;
  }
  // A stage variable picks the link per stage (REST APIs): AWS's own pattern, kept as written.
  if (STAGE_VARIABLE.test(i.connectionId) && at[0] === 'restApis') return;
  // A warning, not an error: the spec still plans (the id is compared as written), as specs did before vpcLink.
  warn(ctx, 'spec/vpc-link-id', [...at, 'connectionId'], `${owner} names a VPC link by its id "${i.connectionId}"; ids differ per account and change when a link is replaced.`,
    `write vpcLink: NAME (the link's name, defined under vpcLinks or existing in the account) instead of connectionType and connectionId.`);
}

export function checkVpcLinks(set: SpecSet, ctx: CheckContext): void {
  for (const [name, link] of entries(set.vpcLinks)) checkLink(name, link, ctx);
  for (const u of uses(set)) checkUse(set, u, ctx);
}
