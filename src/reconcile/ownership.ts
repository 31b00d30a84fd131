import { ApigwError } from '../errors.js';
import { OWNERSHIP_TAG } from './model.js';

/**
 * Which live APIs a spec set owns. Convention: every top-level object apigw-sync creates carries
 * the tag `apigw-sync:managed-by = <spec set name>`. A spec's API is the live API with that tag and
 * the spec's name; an API with the name but without the tag is taken over only with `adopt`;
 * owned APIs no spec names any more are planned for deletion (blocked without allowDestroy).
 * APIs tagged by another spec set are never touched.
 */
type Obj = Record<string, any>;

export interface ApiMatch {
  /** Spec API name -> the live API that is its counterpart. */
  matched: Map<string, Obj>;
  /** Names whose live API is adopted by this plan (matched by name, not yet tagged). */
  adopted: string[];
  /** Owned live APIs that no spec names: read so that the plan deletes them. */
  orphans: Obj[];
  notices: string[];
}

const ownerOf = (api: Obj): string | undefined => (api.tags as Record<string, string> | undefined)?.[OWNERSHIP_TAG];

export function matchApis(specSet: string, desiredNames: string[], live: Obj[], adopt: boolean, kind = 'REST API'): ApiMatch {
  const result: ApiMatch = { matched: new Map(), adopted: [], orphans: [], notices: [] };
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
    const unowned = live.filter((a) => a.name === name && ownerOf(a) === undefined);
    if (unowned.length === 0) continue;
    if (!adopt) {
      result.notices.push(
        `${/^([AEIOU]|HTTP\b)/i.test(kind) ? 'An' : 'A'} ${kind} named "${name}" exists (${unowned.map((a) => a.id).join(', ')}) without the ${OWNERSHIP_TAG} tag; ` +
          'the plan creates a new one. Use --adopt to manage the existing one instead.',
      );
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
  }
  const named = new Set(desiredNames);
  result.orphans = owned.filter((a) => !named.has(String(a.name)));
  return result;
}
