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

/** The spec set whose objects are matched: its name and, when its root file defines environments, the chosen one. */
export interface Owner {
  name: string;
  environment?: string;
}

/**
 * `blocksDuplicate`: the plan blocks creating a second object of an untagged one's name (APIs,
 * API keys, usage plans: AWS would accept the duplicate; not with --allow-duplicate-name); the
 * notice says so.
 */
export function matchApis(set: Owner, desiredNames: string[], live: Obj[], adopt: boolean, kind = 'REST API', blocksDuplicate = kind === 'REST API'): ApiMatch {
  const result: ApiMatch = { matched: new Map(), adopted: [], retagged: new Map(), orphans: [], notices: [], unowned: [] };
  const specSet = ownerTagValue(set.name, set.environment);
  // Tagged before the set had environments: owned by none of them, adoptable by each.
  const legacy = set.environment === undefined ? undefined : set.name;
  const owned = live.filter((a) => ownerOf(a) === specSet);
  for (const name of desiredNames) {
    const mine = owned.filter((a) => a.name === name);
    if (mine.length > 1) {
      throw new ApigwError(
        `Two ${kind}s named "${name}" carry ${OWNERSHIP_TAG}=${specSet}: ${mine.map((a) => a.id).join(' and ')}.`,
        1,
        `Delete one of them, or remove the ${OWNERSHIP_TAG} tag from the one apigw-sync should not manage.`,
        'plan/ambiguous-owner',
      );
    }
    if (mine[0]) {
      result.matched.set(name, mine[0]);
      continue;
    }
    const unowned = live.filter((a) => a.name === name && (ownerOf(a) === undefined || (legacy !== undefined && ownerOf(a) === legacy)));
    if (unowned.length === 0) continue;
    if (!adopt) {
      const article = /^([AEIOU]|HTTP\b)/i.test(kind) ? 'An' : 'A';
      const ids = unowned.map((a) => a.id).join(', ');
      if (blocksDuplicate) result.unowned.push(name);
      const outcome = blocksDuplicate ? 'creating a second one is blocked' : 'the plan creates a second one';
      result.notices.push(legacy !== undefined && unowned.some((a) => ownerOf(a) === legacy)
        ? `${article} ${kind} named "${name}" exists (${ids}) with ${OWNERSHIP_TAG}=${String(legacy)}, the tag of this spec set before it had environments, ` +
          `so it belongs to no environment; ${outcome}. Use --adopt to retag it ${OWNERSHIP_TAG}=${specSet} and manage it in this environment instead.`
        : `${article} ${kind} named "${name}" exists (${ids}) without the ${OWNERSHIP_TAG} tag; ` +
          (blocksDuplicate ? `${outcome}. Use --adopt to manage the existing one, or --allow-duplicate-name to create another of that name.` : `${outcome}. Use --adopt to manage the existing one instead.`));
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
