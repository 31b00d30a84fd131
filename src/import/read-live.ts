import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { GetApiMappingsCommand, GetDomainNamesCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { ApigwError } from '../errors.js';
import { liveAccountEntities, nameLiveCertificates } from '../reconcile/live-account.js';
import { slug } from './write-spec.js';
import { liveRestApiEntities } from '../reconcile/live-rest.js';
import { OWNERSHIP_TAG, type Entity, type Model } from '../reconcile/model.js';
import { listAccountObjects, readAccessAssociations, readBasePathMappings, readUsagePlanKeys } from '../reconcile/read-live-account.js';
import { listRestApis, readRestApi } from '../reconcile/read-live-rest.js';
import { toModel } from '../reconcile/rest-builder.js';
import { liveV2Domain } from '../reconcile/v2/domains.js';
import { evaluatesRules, readRoutingRules } from '../reconcile/routing-rules.js';
import { liveV2ApiEntities } from '../reconcile/v2/live.js';
import { all, listV2Apis, readV2Api } from '../reconcile/v2/read.js';
import { importVpcLinks } from './vpc-links.js';

/**
 * What `import` reads: the chosen REST APIs (by name or id) and, with `all`, every API and
 * account object no spec set owns yet, read with plan's own readers into plan's live model, so
 * the spec written from it plans to nothing against the same objects.
 */
type Obj = Record<string, any>;

export interface ImportSelection {
  restApis: string[];
  httpApis?: string[];
  webSocketApis?: string[];
  all: boolean;
}

export interface LiveForImport {
  live: Model;
  restApis: string[];
  httpApis: string[];
  webSocketApis: string[];
  /** Custom domains that map HTTP/WebSocket stages (apigatewayv2 domains with API mappings). */
  v2Domains: string[];
  notices: string[];
}

const owner = (o: Obj): string | undefined => (o.tags as Record<string, string> | undefined)?.[OWNERSHIP_TAG];

export function pickApis(apis: Obj[], wanted: string[], kind: string, flag: string): Obj[] {
  return wanted.map((w) => {
    const byId = apis.find((a) => a.id === w);
    if (byId) return byId;
    const byName = apis.filter((a) => a.name === w);
    if (byName.length === 1) return byName[0] as Obj;
    if (byName.length > 1) {
      throw new ApigwError(`${byName.length} ${kind}s are named "${w}" (${byName.map((a) => a.id).join(', ')}).`, 1,
        `Name the one to import by its id: ${flag} ${String(byName[0]?.id)}.`, 'import/ambiguous');
    }
    throw new ApigwError(`No ${kind} has the name or id "${w}".`, 1,
      `List them with: aws ${kind === 'REST API' ? 'apigateway get-rest-apis' : 'apigatewayv2 get-apis'}`, 'import/not-found');
  });
}

export async function readForImport(client: APIGatewayClient, sel: ImportSelection, v2?: ApiGatewayV2Client): Promise<LiveForImport> {
  const notices: string[] = [];
  const apis = await listRestApis(client);
  const v2Apis = v2 && (sel.all || sel.httpApis?.length || sel.webSocketApis?.length)
    ? (await listV2Apis(v2)).map((a): Obj => ({ ...a, id: a.ApiId, name: a.Name, tags: a.Tags })) : [];
  const chosenOf = (list: Obj[], wanted: string[], kind: string, flag: string) => {
    const chosen = pickApis(list, wanted, kind, flag);
    for (const a of list) {
      if (!sel.all || chosen.includes(a)) continue;
      const o = owner(a);
      if (o) notices.push(`${kind} "${String(a.name)}" (${String(a.id)}) is managed by spec set "${o}" already; not imported.`);
      else chosen.push(a);
    }
    for (const a of chosen) {
      if (owner(a) && wanted.length) notices.push(`${kind} "${String(a.name)}" carries ${OWNERSHIP_TAG}=${String(owner(a))}: it is managed by that spec set already.`);
    }
    return [...new Set(chosen)];
  };
  const rest = chosenOf(apis, sel.restApis, 'REST API', '--rest-api');
  const http = chosenOf(v2Apis.filter((a) => a.ProtocolType === 'HTTP'), sel.httpApis ?? [], 'HTTP API', '--http-api');
  const ws = chosenOf(v2Apis.filter((a) => a.ProtocolType === 'WEBSOCKET'), sel.webSocketApis ?? [], 'WebSocket API', '--websocket-api');
  // Names are identity across the three kinds (mappings and usage plans name an API alone).
  const names = [...rest, ...http, ...ws].map((a) => String(a.name));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) {
    throw new ApigwError(`Two APIs to import are named "${dup}"; names are their identity in a spec set.`, 1,
      'Import them into separate directories (--rest-api/--http-api/--websocket-api ID --out DIR), or rename one in AWS first.', 'import/duplicate-name');
  }
  const entities: Entity[] = [];
  for (const a of rest) entities.push(...liveRestApiEntities(await readRestApi(client, a)));
  for (const a of [...http, ...ws]) {
    entities.push(...liveV2ApiEntities(await readV2Api(v2 as ApiGatewayV2Client, a, () => a.ProtocolType === 'WEBSOCKET'), { entities: {} }));
  }
  entities.push(...(await importVpcLinks(client, v2, entities, notices)));
  const v2Domains: string[] = [];
  if (sel.all) {
    const imported = new Map([...rest, ...http, ...ws].map((a) => [String(a.id), String(a.name)]));
    const v2Ids = new Set(v2Apis.map((a) => String(a.id)));
    if (v2) {
      const byId = new Map([...rest, ...http, ...ws].map((a) => [String(a.id), { name: String(a.name), protocol: a.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' as const : 'HTTP' as const }]));
      for (const d of await all((NextToken) => v2.send(new GetDomainNamesCommand({ MaxResults: '500', NextToken })))) {
        if (owner({ tags: d.Tags })) continue;
        const mappings = await all((NextToken) => v2.send(new GetApiMappingsCommand({ DomainName: String(d.DomainName), MaxResults: '500', NextToken })));
        if (!mappings.some((m) => v2Ids.has(String(m.ApiId)))) continue; // a REST domain: read below
        v2Domains.push(String(d.DomainName));
        const kept = mappings.filter((m) => {
          const ok = imported.has(String(m.ApiId));
          if (!ok) notices.push(`Domain "${String(d.DomainName)}": its mapping "${String(m.ApiMappingKey ?? '')}" goes to an API that is not imported; left out.`);
          return ok;
        });
        entities.push(...liveV2Domain(d, kept, byId));
      }
    }
    entities.push(...(await readAccount(client, new Map([...apis, ...v2Apis].map((a) => [String(a.id), String(a.name)])), new Set(imported.values()), new Set(v2Domains), notices, v2)));
    nameLiveCertificates(entities);
  }
  return { live: toModel(entities), restApis: rest.map((a) => String(a.name)), httpApis: http.map((a) => String(a.name)),
    webSocketApis: ws.map((a) => String(a.name)), v2Domains, notices };
}

async function readAccount(client: APIGatewayClient, restApiNames: Map<string, string>, imported: Set<string>, v2Domains: Set<string>, notices: string[], v2?: ApiGatewayV2Client): Promise<Entity[]> {
  const lists = await listAccountObjects(client);
  const free = <T extends Obj>(items: T[], kind: string, nameField = 'name') => items.filter((o) => {
    if (!owner(o)) return true;
    notices.push(`${kind} "${String(o[nameField])}" is managed by spec set "${String(owner(o))}" already; not imported.`);
    return false;
  });
  const usagePlans: (Obj & { keys: Obj[] })[] = [];
  for (const p of free(lists.usagePlans, 'Usage plan')) usagePlans.push({ ...p, keys: await readUsagePlanKeys(client, String(p.id)) });
  const domains: (Obj & { mappings: Obj[]; routingRules?: Obj[]; accessAssociations?: Obj[] })[] = [];
  for (const d of free(lists.domains.filter((x) => !v2Domains.has(String(x.domainName))), 'Domain name', 'domainName')) {
    // Private domains' names are not unique, and a spec set names a domain by its name: the first one of a name is imported.
    const first = domains.find((x) => x.domainName === d.domainName);
    if (first) {
      notices.push(`Domain "${String(d.domainName)}" (${String(d.domainNameId ?? 'public')}) has the name of another domain imported already (${String(first.domainNameId ?? 'public')}); a spec set names one domain per name, so it is left out.`);
      continue;
    }
    domains.push({ ...d, mappings: await readBasePathMappings(client, String(d.domainName), d.domainNameId ? String(d.domainNameId) : undefined) });
  }
  if (domains.some((d) => d.domainNameId)) {
    const associations = await readAccessAssociations(client);
    for (const d of domains) if (d.domainNameId) d.accessAssociations = associations.get(String(d.domainNameArn)) ?? [];
  }
  // Stages and mappings of APIs outside the import cannot be named in it: left out, and said so.
  for (const p of usagePlans) {
    p.apiStages = ((p.apiStages ?? []) as Obj[]).filter((s) => {
      const ok = imported.has(restApiNames.get(String(s.apiId)) ?? '');
      if (!ok) notices.push(`Usage plan "${String(p.name)}": its stage ${String(s.apiId)}:${String(s.stage)} belongs to an API that is not imported; left out.`);
      return ok;
    });
  }
  for (const d of domains) {
    d.mappings = d.mappings.filter((m: Obj) => {
      const ok = imported.has(restApiNames.get(String(m.restApiId)) ?? '');
      if (!ok) notices.push(`Domain "${String(d.domainName)}": its mapping "${String(m.basePath)}" goes to an API that is not imported; left out.`);
      return ok;
    });
    // Routing rules exist only where the domain evaluates them.
    if (!v2 || !evaluatesRules(d.routingMode)) continue;
    d.routingRules = (await readRoutingRules(v2, String(d.domainName), d.domainNameId ? String(d.domainNameId) : undefined)).filter((r) => {
      const ok = imported.has(restApiNames.get(String(r.Actions?.[0]?.InvokeApi?.ApiId)) ?? '');
      if (!ok) notices.push(`Domain "${String(d.domainName)}": its routing rule of priority ${String(r.Priority)} invokes an API that is not imported; left out.`);
      return ok;
    });
  }
  // A certificate is named by its name tag, else by its description, else by its id; names stay unique.
  const taken = new Set<string>();
  const clientCertificates = free(lists.clientCertificates.map((c): Obj => ({ ...c, name: String(c.clientCertificateId) })), 'Client certificate').map((c) => {
    const base = String(c.tags?.['apigw-sync:name'] ?? (c.description ? slug(String(c.description)).toLowerCase() : `certificate-${String(c.clientCertificateId)}`));
    const name = taken.has(base) ? `${base}-${String(c.clientCertificateId)}` : base;
    taken.add(name);
    return { ...c, name };
  });
  return liveAccountEntities({ apiKeys: free(lists.apiKeys, 'API key'), usagePlans, domains, clientCertificates, restApiNames });
}
