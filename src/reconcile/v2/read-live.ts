import { GetApiMappingsCommand, GetDomainNamesCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { SpecSet } from '../../schema/index.js';
import type { Entity, EntityKey, Model } from '../model.js';
import { matchApis, takenDomainNames } from '../ownership.js';
import { liveV2Domain, v2DomainNames } from './domains.js';
import { v2ApiKey, type V2Protocol } from './keys.js';
import { liveV2ApiEntities } from './live.js';
import { all, readV2Api, shallowV2Api } from './read.js';

/**
 * The live HTTP/WebSocket side of a plan: the APIs the spec set owns (by the ownership tag and
 * name, per protocol), read whole; owned APIs no spec names, from their list entry only (DeleteApi
 * takes everything); and the apigatewayv2 domains of the spec (those with HTTP/WebSocket mappings)
 * with their API mappings. Calls: GetApis, per owned API the lists of read.ts, GetDomainNames
 * once when the set declares an HTTP/WebSocket domain, GetApiMappings per owned v2 domain.
 *
 * A Regional custom domain is one object on AWS, listed by both services' GetDomainNames
 * (developer guide: "You can use the API Gateway Version 2 APIs to create and manage Regional
 * custom domain names for REST APIs"). apigateway's list, which the account reader makes anyway,
 * holds every domain, edge-optimized and private ones too; so an owned domain no spec names any
 * more (one that served HTTP APIs included) is found, and deleted, there. apigatewayv2's list is
 * read only for the domains the set declares as HTTP/WebSocket domains.
 */
type Obj = Record<string, any>;
const PAGE = '500';

export interface V2Live {
  entities: Entity[];
  adopted: EntityKey[];
  /** Adopted keys whose live object carried the bare set name: key -> that old tag value. */
  adoptedFrom: Record<EntityKey, string>;
  notices: string[];
  /** Keys of APIs whose name an untagged live API has: their creation is blocked. */
  unowned: EntityKey[];
  /** Keys of domains whose name another live domain holds: AWS allows one, so their creation is blocked. */
  taken: EntityKey[];
}

export async function readV2Live(
  client: ApiGatewayV2Client, listed: Obj[], specSet: SpecSet, desired: Model,
  o: { adopt: boolean; blocksDuplicate?: boolean; only?: string; withDomains: boolean; v1DomainNames: Set<string> },
): Promise<V2Live> {
  const live: V2Live = { entities: [], adopted: [], adoptedFrom: {}, notices: [], unowned: [], taken: [] };
  const apis: Obj[] = listed.map((a) => ({ ...a, name: a.Name, id: a.ApiId, tags: a.Tags }));
  const byId = new Map<string, { name: string; protocol: V2Protocol }>();
  for (const protocol of ['HTTP', 'WEBSOCKET'] as const) {
    const specs = protocol === 'HTTP' ? specSet.httpApis : specSet.webSocketApis;
    const names = Object.keys(specs ?? {}).filter((n) => o.only === undefined || n === o.only);
    const mine = apis.filter((a) => a.ProtocolType === protocol);
    for (const a of mine) byId.set(String(a.ApiId), { name: String(a.Name), protocol });
    const match = matchApis(specSet, names, mine, o.adopt, protocol === 'HTTP' ? 'HTTP API' : 'WebSocket API', o.blocksDuplicate !== false);
    live.unowned.push(...match.unowned.map((n) => v2ApiKey(protocol, n)));
    for (const [name, api] of match.matched) {
      const key = v2ApiKey(protocol, name);
      const routes = (specs?.[name]?.routes ?? {}) as Record<string, Obj>;
      const raw = await readV2Api(client, api, (rk) => routes[rk]?.responses !== undefined);
      live.entities.push(...liveV2ApiEntities(raw, desired));
      if (match.adopted.includes(name)) live.adopted.push(key);
      const old = match.retagged.get(name);
      if (old !== undefined) live.adoptedFrom[key] = old;
    }
    for (const api of match.orphans.filter((a) => o.only === undefined || a.name === o.only)) {
      live.entities.push(...liveV2ApiEntities(shallowV2Api(api), desired));
    }
    live.notices.push(...match.notices);
  }
  const wanted = v2DomainNames(specSet);
  if (!o.withDomains || wanted.size === 0) return live;
  const domains = (await all((NextToken) => client.send(new GetDomainNamesCommand({ MaxResults: PAGE, NextToken }))))
    .map((d): Obj => ({ ...d, name: d.DomainName, id: d.DomainName, tags: d.Tags }))
    // Any other domain is the account reader's: apigateway lists every domain, owned orphans included.
    .filter((d) => wanted.has(String(d.DomainName)) || !o.v1DomainNames.has(String(d.DomainName)));
  const match = matchApis(specSet, [...wanted], domains, o.adopt, 'domain name', 'unique');
  live.taken.push(...takenDomainNames(specSet, [...wanted], match, domains).map((n) => `domain-name:${n}`));
  for (const [name, d] of match.matched) {
    const mappings = await all((NextToken) => client.send(new GetApiMappingsCommand({ DomainName: String(d.DomainName), MaxResults: PAGE, NextToken })));
    live.entities.push(...liveV2Domain(d, mappings, byId));
    if (match.adopted.includes(name)) live.adopted.push(`domain-name:${name}`);
    const old = match.retagged.get(name);
    if (old !== undefined) live.adoptedFrom[`domain-name:${name}`] = old;
  }
  for (const d of match.orphans) {
    // Read for its mappings: the APIs they name must wait for the domain's deletion.
    const mappings = await all((NextToken) => client.send(new GetApiMappingsCommand({ DomainName: String(d.DomainName), MaxResults: PAGE, NextToken })));
    live.entities.push(...liveV2Domain(d, mappings, byId));
  }
  live.notices.push(...match.notices);
  return live;
}
