import { GetVpcLinkCommand, GetVpcLinksCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { GetVpcLinksCommand as GetV2VpcLinksCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { SpecSet } from '../schema/index.js';
import { ApigwError } from '../errors.js';
import { immutableChange } from './diff.js';
import { addressOf } from './keys.js';
import { withoutOwnershipTag } from './live-rest.js';
import { OWNERSHIP_TAG, ownerTagValue, type Entity, type EntityKey, type Model } from './model.js';
import { matchApis } from './ownership.js';
import { normaliseAttrs } from './rest-normalise.js';
import { all } from './v2/read.js';
import { isIntegration, linkKind, linkVersionFor, replacedKey, specLinkVersion, vpcLinkKey, type LinkVersion } from './vpc-links.js';
import { entitiesOf, whileUnchanged } from './entity-list.js';
import { ACCOUNT_LISTS, type AccountList } from './account-lists.js';

/**
 * The live VPC links a plan needs, with the fewest calls: GetVpcLinks of each API (apigatewayv2's
 * list carries the tags; apigateway's does not, so GetVpcLink reads the tags of each apigateway
 * link, the ownership tag being the only way to tell ours). Which links become entities:
 * - the owned links of the spec (or, with adopt, untagged ones of the spec's names), `NAME`;
 * - further owned links of a spec name (left by an interrupted replacement), `NAME (replaced)`;
 * - owned links no spec names any more (deleted by the plan);
 * - links the spec set does not own but whose name an integration uses, `meta.external`: read
 *   only, for their id. Two such links of one name, or none, stop the plan with an error.
 */
type Obj = Record<string, any>;

export interface LiveVpcLinks {
  entities: Entity[];
  adopted: EntityKey[];
  adoptedFrom: Record<EntityKey, string>;
  notices: string[];
}

const ownerOf = (o: Obj): string | undefined => (o.tags as Record<string, string> | undefined)?.[OWNERSHIP_TAG];

export async function listV1VpcLinks(client: APIGatewayClient): Promise<Obj[]> {
  const out: Obj[] = [];
  let position: string | undefined;
  do {
    const page = await client.send(new GetVpcLinksCommand({ limit: 500, position }));
    out.push(...((page.items ?? []) as Obj[]));
    position = page.position;
  } while (position);
  // The list leaves the tags out: one GetVpcLink per link (AWS allows few links per region).
  return Promise.all(out.map(async (l) => ({ ...l, tags: (await client.send(new GetVpcLinkCommand({ vpcLinkId: String(l.id) }))).tags ?? {} })));
}

export async function listV2VpcLinks(client: ApiGatewayV2Client): Promise<Obj[]> {
  const links = await all((NextToken) => client.send(new GetV2VpcLinksCommand({ MaxResults: '500', NextToken })));
  return links.map((l) => ({ ...l, id: l.VpcLinkId, name: l.Name, tags: l.Tags }));
}

export function linkAttrs(v: LinkVersion, l: Obj): Record<string, unknown> {
  return normaliseAttrs(linkKind(v), v === 'v1'
    ? { description: l.description, targetArns: l.targetArns, tags: withoutOwnershipTag(l.tags) }
    : { subnetIds: l.SubnetIds, securityGroupIds: l.SecurityGroupIds, tags: withoutOwnershipTag(l.Tags) });
}

/** Names that integrations of the desired model give, per link version, with the addresses of those integrations. */
function referenced(desired: Model, v: LinkVersion): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of entitiesOf(desired)) {
    if (!isIntegration(e) || typeof e.attrs.vpcLink !== 'string' || linkVersionFor(e) !== v) continue;
    out.set(e.attrs.vpcLink, [...(out.get(e.attrs.vpcLink) ?? []), addressOf(e.key)]);
  }
  return out;
}

const WHAT: Record<LinkVersion, string> = { v1: 'REST VPC link (targetArns)', v2: 'HTTP API VPC link (subnetIds)' };

function matchVersion(v: LinkVersion, list: Obj[], other: Obj[], specSet: SpecSet, desired: Model, adopt: boolean, out: LiveVpcLinks): void {
  const kind = linkKind(v);
  const mine = ownerTagValue(specSet.name, specSet.environment);
  const names = Object.entries(specSet.vpcLinks ?? {}).filter(([, l]) => specLinkVersion(l) === v).map(([n]) => n);
  const keys = new Set<EntityKey>();
  const place = (l: Obj, meta?: Record<string, string>, key = vpcLinkKey(v, String(l.name))) => {
    const k = keys.has(key) ? replacedKey(kind, String(l.name), (x) => keys.has(x)) : key;
    keys.add(k);
    out.entities.push({ kind, key: k, attrs: linkAttrs(v, l), ids: { vpcLinkId: String(l.id) }, ...(meta ? { meta } : {}) });
  };
  // Two owned links of a spec name: an interrupted replacement. The one that fits the spec is the link.
  const leftovers: Obj[] = [];
  for (const name of names) {
    const owned = list.filter((l) => l.name === name && ownerOf(l) === mine);
    if (owned.length < 2) continue;
    const want = desired.entities[vpcLinkKey(v, name)]?.attrs ?? {};
    const fit = owned.find((l) => immutableChange(kind, linkAttrs(v, l), want) === undefined) ?? owned[0];
    leftovers.push(...owned.filter((l) => l !== fit));
  }
  const match = matchApis(specSet, names, list.filter((l) => !leftovers.includes(l)), adopt, 'VPC link');
  for (const [name, l] of match.matched) {
    place(l);
    if (match.adopted.includes(name)) out.adopted.push(vpcLinkKey(v, name));
    const old = match.retagged.get(name);
    if (old !== undefined) out.adoptedFrom[vpcLinkKey(v, name)] = old;
  }
  out.notices.push(...match.notices);
  for (const [name, users] of referenced(desired, v)) {
    if (names.includes(name)) continue;
    const used = users.join(', ');
    const found = list.filter((l) => l.name === name && ownerOf(l) !== mine);
    if (found.length === 1) {
      place(found[0] as Obj, { external: 'true' });
      continue;
    }
    if (found.length > 1) {
      throw new ApigwError(
        `${found.length} VPC links in the account are named "${name}" (${found.map((l) => l.id).join(', ')}), so ${used} cannot tell which one to use.`,
        1, `Rename or delete one of them in AWS, or declare the link under vpcLinks so that this spec set manages its own.`, 'plan/ambiguous-vpc-link');
    }
    if (list.some((l) => l.name === name)) {
      throw new ApigwError(
        `${used} uses the VPC link "${name}", which this spec set created but no longer declares: the plan would delete it.`,
        1, `Declare "${name}" under vpcLinks again, or point the integration at another link.`, 'plan/undeclared-vpc-link');
    }
    const elsewhere = other.filter((l) => l.name === name);
    throw new ApigwError(
      elsewhere.length
        ? `${used} uses the VPC link "${name}", which is a ${WHAT[v === 'v1' ? 'v2' : 'v1']}; ${v === 'v1' ? 'REST and WebSocket APIs need' : 'HTTP APIs need'} a ${WHAT[v]}.`
        : `${used} uses the VPC link "${name}", which is neither under vpcLinks nor in the account (region ${String(specSet.region ?? 'of the profile')}).`,
      1, `Declare "${name}" under vpcLinks (with ${v === 'v1' ? 'targetArns' : 'subnetIds'}), or name an existing ${WHAT[v]}.`, 'plan/unknown-vpc-link');
  }
  for (const l of leftovers) place(l);
  for (const l of match.orphans) place(l);
}

export async function readVpcLinks(
  clients: { apigateway: APIGatewayClient; apigatewayv2?: ApiGatewayV2Client }, specSet: SpecSet, desired: Model, adopt: boolean,
  read: ReadonlySet<AccountList> = new Set(ACCOUNT_LISTS),
): Promise<LiveVpcLinks> {
  const [v1, v2] = await Promise.all([
    read.has('vpc-links') ? listV1VpcLinks(clients.apigateway) : Promise.resolve([]),
    clients.apigatewayv2 && read.has('v2-vpc-links') ? listV2VpcLinks(clients.apigatewayv2) : Promise.resolve([]),
  ]);
  const out: LiveVpcLinks = { entities: [], adopted: [], adoptedFrom: {}, notices: [] };
  whileUnchanged([desired], () => {
    matchVersion('v1', v1, v2, specSet, desired, adopt, out);
    matchVersion('v2', v2, v1, specSet, desired, adopt, out);
  });
  return out;
}
