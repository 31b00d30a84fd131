import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { OWNERSHIP_TAG, type Entity } from '../reconcile/model.js';
import { linkAttrs, listV1VpcLinks, listV2VpcLinks } from '../reconcile/read-vpc-links.js';
import { isIntegration, linkKind, linkVersionFor, nameLiveConnections, vpcLinkKey, type LinkVersion } from '../reconcile/vpc-links.js';

/**
 * The VPC links the imported integrations use, so that the spec names them (`vpcLink: NAME`)
 * instead of writing their ids. A link no spec set owns is written under `vpcLinks`; one another
 * spec set owns is only named (plan finds it by name, read-only). A name two used links share
 * cannot identify either: those integrations keep their connectionId, and a notice says why.
 */
type Obj = Record<string, any>;

export async function importVpcLinks(client: APIGatewayClient, v2: ApiGatewayV2Client | undefined, entities: Entity[], notices: string[]): Promise<Entity[]> {
  const used = (v: LinkVersion) => new Set(entities
    .filter((e) => isIntegration(e) && e.attrs.connectionType === 'VPC_LINK' && linkVersionFor(e) === v && typeof e.attrs.connectionId === 'string')
    .map((e) => String(e.attrs.connectionId)));
  const wanted = { v1: used('v1'), v2: used('v2') };
  if (wanted.v1.size + wanted.v2.size === 0) return [];
  const lists: Record<LinkVersion, Obj[]> = {
    v1: wanted.v1.size ? await listV1VpcLinks(client) : [],
    v2: wanted.v2.size && v2 ? await listV2VpcLinks(v2) : [],
  };
  const links: Entity[] = [];
  for (const v of ['v1', 'v2'] as const) {
    const mine = lists[v].filter((l) => wanted[v].has(String(l.id)));
    for (const l of mine) {
      const name = String(l.name);
      const same = lists[v].filter((x) => x.name === name);
      if (same.length > 1) {
        notices.push(`VPC link "${name}" (${String(l.id)}): ${same.length} links have this name, so the spec keeps its id in connectionId; rename one in AWS to name it with vpcLink.`);
        continue;
      }
      const owner = (l.tags as Record<string, string> | undefined)?.[OWNERSHIP_TAG];
      if (owner) notices.push(`VPC link "${name}" is managed by spec set "${owner}"; the integrations name it, it is not imported.`);
      links.push({ kind: linkKind(v), key: vpcLinkKey(v, name), attrs: linkAttrs(v, l), ids: { vpcLinkId: String(l.id) }, ...(owner ? { meta: { external: 'true' } } : {}) });
    }
  }
  nameLiveConnections(entities, links);
  return links;
}
