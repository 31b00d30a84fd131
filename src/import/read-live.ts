import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApigwError } from '../errors.js';
import { liveAccountEntities } from '../reconcile/live-account.js';
import { liveRestApiEntities } from '../reconcile/live-rest.js';
import { OWNERSHIP_TAG, type Entity, type Model } from '../reconcile/model.js';
import { listAccountObjects, readBasePathMappings, readUsagePlanKeys } from '../reconcile/read-live-account.js';
import { listRestApis, readRestApi } from '../reconcile/read-live-rest.js';
import { toModel } from '../reconcile/rest-builder.js';

/**
 * What `import` reads: the chosen REST APIs (by name or id) and, with `all`, every API and
 * account object no spec set owns yet, read with plan's own readers into plan's live model, so
 * the spec written from it plans to nothing against the same objects.
 */
type Obj = Record<string, any>;

export interface ImportSelection {
  restApis: string[];
  all: boolean;
}

export interface LiveForImport {
  live: Model;
  restApis: string[];
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

export async function readForImport(client: APIGatewayClient, sel: ImportSelection): Promise<LiveForImport> {
  const notices: string[] = [];
  const apis = await listRestApis(client);
  let chosen = pickApis(apis, sel.restApis, 'REST API', '--rest-api');
  if (sel.all) {
    for (const a of apis) {
      if (chosen.includes(a)) continue;
      const o = owner(a);
      if (o) notices.push(`REST API "${String(a.name)}" (${String(a.id)}) is managed by spec set "${o}" already; not imported.`);
      else chosen.push(a);
    }
  }
  for (const a of chosen) {
    if (owner(a)) notices.push(`REST API "${String(a.name)}" carries ${OWNERSHIP_TAG}=${String(owner(a))}: it is managed by that spec set already.`);
  }
  chosen = [...new Set(chosen)];
  const names = chosen.map((a) => String(a.name));
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) {
    throw new ApigwError(`Two REST APIs to import are named "${dup}"; names are their identity in a spec set.`, 1,
      'Import them into separate directories (--rest-api ID --out DIR), or rename one in AWS first.', 'import/duplicate-name');
  }
  const entities: Entity[] = [];
  for (const a of chosen) entities.push(...liveRestApiEntities(await readRestApi(client, a)));
  if (sel.all) entities.push(...(await readAccount(client, apis, new Set(names), notices)));
  return { live: toModel(entities), restApis: names, notices };
}

async function readAccount(client: APIGatewayClient, apis: Obj[], imported: Set<string>, notices: string[]): Promise<Entity[]> {
  const lists = await listAccountObjects(client);
  const free = <T extends Obj>(items: T[], kind: string, nameField = 'name') => items.filter((o) => {
    if (!owner(o)) return true;
    notices.push(`${kind} "${String(o[nameField])}" is managed by spec set "${String(owner(o))}" already; not imported.`);
    return false;
  });
  const usagePlans: (Obj & { keys: Obj[] })[] = [];
  for (const p of free(lists.usagePlans, 'Usage plan')) usagePlans.push({ ...p, keys: await readUsagePlanKeys(client, String(p.id)) });
  const domains: (Obj & { mappings: Obj[] })[] = [];
  for (const d of free(lists.domains, 'Domain name', 'domainName')) domains.push({ ...d, mappings: await readBasePathMappings(client, String(d.domainName)) });
  const restApiNames = new Map(apis.map((a) => [String(a.id), String(a.name)]));
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
  }
  return liveAccountEntities({ apiKeys: free(lists.apiKeys, 'API key'), usagePlans, domains, restApiNames });
}
