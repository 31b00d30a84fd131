import { ApigwError } from '../errors.js';
import { OWNERSHIP_TAG, ownerTagValue } from './model.js';

/**
 * Which live APIs a spec set owns. Convention: every top-level object apigw-sync creates carries
 * the tag `apigw-sync:managed-by = ownerTagValue(set, environment)`. A spec's API is the live API with that tag and
 * the spec's name; an API with the name but without the tag is taken over only with `adopt`;
 * owned APIs no spec names any more are planned for deletion (blocked without allowDestroy).
 * APIs tagged by another spec set (or another environment of this set) are never touched. An object
 * tagged with the bare set name while the set has environments (tagged before environments were
 * defined) belongs to no environment: `adopt` retags it, like an untagged one.
 */
type Obj = Record<string, any>;

export interface ApiMatch {
  /** Spec API name -> the live API that is its counterpart. */
  matched: Map<string, Obj>;
  /** Names whose live API is adopted by this plan (matched by name, not yet tagged). */
  adopted: string[];
  /** Adopted names whose live object carried another tag value (the bare set name): name -> old value. */
  retagged: Map<string, string>;
  /** Owned live APIs that no spec names: read so that the plan deletes them. */
  orphans: Obj[];
  /** Spec names of which an object exists without this set's tag, not adopted: creating another is blocked. */
  unowned: string[];
  notices: string[];
}

const ownerOf = (api: Obj): string | undefined => (api.tags as Record<string, string> | undefined)?.[OWNERSHIP_TAG];

/**
 * Two live objects of one name both tagged as this set's (two applies that ran at once against
 * endpoints that looked different, or a copy made by hand): which one is meant cannot be guessed,
 * so the plan stops, naming both, newest last, with the commands that remove one or untag it.
 */
function duplicateOwned(kind: string, name: string, owner: string, mine: Obj[], region: string | undefined): ApigwError {
  const sorted = [...mine].sort((a, b) => String(a.createdDate ?? '').localeCompare(String(b.createdDate ?? '')));
  const id = (a: Obj): string => String(a.id ?? a.VpcLinkId ?? a.ApiId ?? a.domainName ?? a.name);
  const listed = sorted.map((a) => `  ${id(a)}${a.createdDate ? ` (created ${new Date(a.createdDate as string).toISOString()})` : ''}`).join('\n');
  const last = sorted[sorted.length - 1]!;
  // A private domain is named by its name and domainNameId, and tagged by its own ARN.
  const cmd = kind === 'domain name' && last.domainNameId
    ? { delete: `aws apigateway delete-domain-name --domain-name ${String(last.domainName)} --domain-name-id ${String(last.domainNameId)}`, untag: `aws apigateway untag-resource --resource-arn ${String(last.domainNameArn)}` }
    : REMOVE[kind];
  const newest = id(last);
  const how = cmd
    ? `Keep one and remove the other (usually the newer, an empty copy): \`${cmd.delete.replace('ID', newest)}\`, or stop managing it: \`${cmd.untag.replace('ID', newest).replace('REGION', region ?? 'REGION')} --tag-keys ${OWNERSHIP_TAG}\`. Then plan again.`
    : `Keep one: delete the other, or remove its ${OWNERSHIP_TAG} tag. Then plan again.`;
  return new ApigwError(`Two ${kind}s named "${name}" carry ${OWNERSHIP_TAG}=${owner}:\n${listed}\nNothing was changed.`, 1, how, 'plan/ambiguous-owner');
}

const REMOVE: Record<string, { delete: string; untag: string }> = {
  'REST API': { delete: 'aws apigateway delete-rest-api --rest-api-id ID', untag: 'aws apigateway untag-resource --resource-arn arn:aws:apigateway:REGION::/restapis/ID' },
  'API key': { delete: 'aws apigateway delete-api-key --api-key ID', untag: 'aws apigateway untag-resource --resource-arn arn:aws:apigateway:REGION::/apikeys/ID' },
  'usage plan': { delete: 'aws apigateway delete-usage-plan --usage-plan-id ID', untag: 'aws apigateway untag-resource --resource-arn arn:aws:apigateway:REGION::/usageplans/ID' },
  'HTTP API': { delete: 'aws apigatewayv2 delete-api --api-id ID', untag: 'aws apigatewayv2 untag-resource --resource-arn arn:aws:apigateway:REGION::/apis/ID' },
  'WebSocket API': { delete: 'aws apigatewayv2 delete-api --api-id ID', untag: 'aws apigatewayv2 untag-resource --resource-arn arn:aws:apigateway:REGION::/apis/ID' },
};

/** The spec set whose objects are matched: its name and, when its root file defines environments, the chosen one. */
export interface Owner {
  name: string;
  environment?: string;
  /** The set's region, for the ARNs of the commands an ownership error suggests. */
  region?: string;
}

/**
 * Public custom domain names a spec declares that a live domain not matched to it already holds:
 * an untagged one (matchApis's notice says so), or another spec set's (the notice is added here).
 * AWS allows one public domain of a name, so their creation is blocked, with or without flags.
 */
export function takenDomainNames(set: Owner, desiredPublic: string[], match: ApiMatch, livePublic: Obj[]): string[] {
  const taken: string[] = [];
  for (const name of desiredPublic) {
    if (match.matched.has(name)) continue;
    const holders = livePublic.filter((d) => d.name === name);
    if (holders.length === 0) continue;
    taken.push(name);
    const others = holders.map(ownerOf).filter((o): o is string => o !== undefined && o !== set.name && o !== ownerTagValue(set.name, set.environment));
    if (others.length > 0 && !match.unowned.includes(name)) {
      match.notices.push(`A domain name named "${name}" exists, owned by spec set ${others.map((o) => `"${o}"`).join(' and ')} (${OWNERSHIP_TAG}=${others[0]}); AWS allows one of a name, so creating it is blocked. Remove it from this spec set, or from the other one.`);
    }
  }
  return taken;
}

/**
 * `blocksDuplicate`: the plan blocks creating a second object of an untagged one's name (APIs,
 * API keys, usage plans: AWS would accept the duplicate; not with --allow-duplicate-name); the
 * notice says so. `'unique'`: AWS allows one object of a name (a public custom domain), so the
 * create is blocked whatever the flags, and only --adopt resolves it.
 */
export function matchApis(set: Owner, desiredNames: string[], live: Obj[], adopt: boolean, kind = 'REST API', blocks: boolean | 'unique' | ((name: string) => boolean | 'unique') = kind === 'REST API'): ApiMatch {
  const result: ApiMatch = { matched: new Map(), adopted: [], retagged: new Map(), orphans: [], notices: [], unowned: [] };
  const specSet = ownerTagValue(set.name, set.environment);
  // Tagged before the set had environments: owned by none of them, adoptable by each.
  const legacy = set.environment === undefined ? undefined : set.name;
  const owned = live.filter((a) => ownerOf(a) === specSet);
  for (const name of desiredNames) {
    const mine = owned.filter((a) => a.name === name);
    if (mine.length > 1) {
      throw duplicateOwned(kind, name, specSet, mine, set.region);
    }
    if (mine[0]) {
      result.matched.set(name, mine[0]);
      continue;
    }
    const unowned = live.filter((a) => a.name === name && (ownerOf(a) === undefined || (legacy !== undefined && ownerOf(a) === legacy)));
    if (unowned.length === 0) continue;
    if (!adopt) {
      const blocksDuplicate = typeof blocks === 'function' ? blocks(name) : blocks;
      const article = /^([AEIOU]|HTTP\b)/i.test(kind) ? 'An' : 'A';
      const ids = unowned.map((a) => a.id).join(', ');
      if (blocksDuplicate) result.unowned.push(name);
      const outcome = blocksDuplicate === 'unique'
        ? 'AWS allows one of a name, so creating it is blocked'
        : blocksDuplicate ? 'creating a second one is blocked' : 'the plan creates a second one';
      result.notices.push(legacy !== undefined && unowned.some((a) => ownerOf(a) === legacy)
        ? `${article} ${kind} named "${name}" exists (${ids}) with ${OWNERSHIP_TAG}=${String(legacy)}, the tag of this spec set before it had environments, ` +
          `so it belongs to no environment; ${outcome}. Use --adopt to retag it ${OWNERSHIP_TAG}=${specSet} and manage it in this environment instead.`
        : `${article} ${kind} named "${name}" exists (${ids}) without the ${OWNERSHIP_TAG} tag; ` +
          (blocksDuplicate === true ? `${outcome}. Use --adopt to manage the existing one, or --allow-duplicate-name to create another of that name.` : `${outcome}. Use --adopt to manage the existing one instead.`));
      continue;
    }
    if (unowned.length > 1) {
      throw new ApigwError(
        `Cannot adopt ${kind} "${name}": ${unowned.length} APIs have that name (${unowned.map((a) => a.id).join(' and ')}).`,
        1,
        `Tag the one to manage with ${OWNERSHIP_TAG}=${specSet} (or delete the other), then plan again.`,
        'plan/ambiguous-adopt',
      );
    }
    result.matched.set(name, unowned[0] as Obj);
    result.adopted.push(name);
    const old = ownerOf(unowned[0] as Obj);
    if (old !== undefined) result.retagged.set(name, old);
  }
  const named = new Set(desiredNames);
  result.orphans = owned.filter((a) => !named.has(String(a.name)));
  return result;
}
