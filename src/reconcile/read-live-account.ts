import {
  GetApiKeysCommand,
  GetBasePathMappingsCommand,
  GetClientCertificatesCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNamesCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  type APIGatewayClient,
} from '@aws-sdk/client-api-gateway';
import { secretDigest } from './secret-digest.js';
import { ACCOUNT_LISTS, type AccountList } from './account-lists.js';

/**
 * The SDK adapter for account-level objects: one paginated list call per collection (API keys
 * with their values, usage plans, domain names), plus the keys of each owned usage plan and the
 * mappings of each owned domain. Key values are replaced by their digest before anything else
 * sees them.
 */
type Obj = Record<string, any>;
const LIMIT = 500;

async function pages(fetch: (position?: string) => Promise<{ items?: Obj[]; position?: string }>): Promise<Obj[]> {
  const out: Obj[] = [];
  let position: string | undefined;
  do {
    const page = await fetch(position);
    out.push(...(page.items ?? []));
    position = page.position;
  } while (position);
  return out;
}

/** The account's API keys, usage plans, domains and client certificates: each list only when `read` names it (all by default). */
export async function listAccountObjects(client: APIGatewayClient, read: ReadonlySet<AccountList> = new Set(ACCOUNT_LISTS)): Promise<{ apiKeys: Obj[]; usagePlans: Obj[]; domains: Obj[]; clientCertificates: Obj[] }> {
  const none = Promise.resolve([]);
  const [apiKeys, usagePlans, domains, clientCertificates] = await Promise.all([
    read.has('api-keys') ? pages((position) => client.send(new GetApiKeysCommand({ includeValues: true, limit: LIMIT, position }))) : none,
    read.has('usage-plans') ? pages((position) => client.send(new GetUsagePlansCommand({ limit: LIMIT, position }))) : none,
    read.has('domain-names') ? pages((position) => client.send(new GetDomainNamesCommand({ limit: LIMIT, position }))) : none,
    read.has('client-certificates') ? pages((position) => client.send(new GetClientCertificatesCommand({ limit: LIMIT, position }))) : none,
  ]);
  for (const k of apiKeys) if (typeof k.value === 'string') k.value = secretDigest(k.value);
  // A certificate's PEM is public, but long and of no use to a plan: it is never kept.
  for (const c of clientCertificates) delete c.pemEncodedCertificate;
  return { apiKeys, usagePlans, domains, clientCertificates };
}

export async function listCertificates(client: APIGatewayClient): Promise<Obj[]> {
  const certs = await pages((position) => client.send(new GetClientCertificatesCommand({ limit: LIMIT, position })));
  for (const c of certs) delete c.pemEncodedCertificate;
  return certs;
}

export async function readUsagePlanKeys(client: APIGatewayClient, usagePlanId: string): Promise<Obj[]> {
  const keys = await pages((position) => client.send(new GetUsagePlanKeysCommand({ usagePlanId, limit: LIMIT, position })));
  // GetUsagePlanKeys returns each key's value: drop it at once.
  for (const k of keys) delete k.value;
  return keys;
}

/** A private domain's mappings are read by its name and domainNameId (its name alone may be another domain's). */
export async function readBasePathMappings(client: APIGatewayClient, domainName: string, domainNameId?: string): Promise<Obj[]> {
  return pages((position) => client.send(new GetBasePathMappingsCommand({ domainName, ...(domainNameId ? { domainNameId } : {}), limit: LIMIT, position })));
}

/**
 * The access associations this account made with private domains: one listing for all of them
 * (GetDomainNameAccessAssociations, resourceOwner SELF), grouped by the domain's ARN. Read only
 * when a private domain is concerned.
 */
export async function readAccessAssociations(client: APIGatewayClient, resourceOwner: 'SELF' | 'OTHER_ACCOUNTS' = 'SELF'): Promise<Map<string, Obj[]>> {
  const all = await pages((position) => client.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner, limit: LIMIT, position })));
  const byDomain = new Map<string, Obj[]>();
  for (const a of all) {
    const arn = String(a.domainNameArn);
    byDomain.set(arn, [...(byDomain.get(arn) ?? []), a]);
  }
  return byDomain;
}
