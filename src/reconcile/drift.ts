import { diffModels, type Change } from './diff.js';
import { addressOf, containedIn, nameOf, relativeAddress } from './keys.js';
import type { Entity, EntityKey, EntityKind, Model } from './model.js';
import type { Plan } from './plan-types.js';

/**
 * Drift: where AWS no longer matches git. The same desired and live models and the same diff the
 * planner uses, read the other way round: not "what apply would do" but "what git says, and what
 * AWS has". Pure; the CLI reads the models with computePlan and renders the report.
 *
 * - `changed`: an object both sides have, with fields that differ (git's value, AWS's value);
 * - `unmanaged`: an object inside an owned API (or owned by the set) that no spec describes, e.g.
 *   a method added in the console; what AWS holds with it is listed in `includes`;
 * - `missing`: an object the specs describe that AWS does not have (deleted behind our back, or
 *   never applied); what goes with it is listed in `includes`.
 */
export type DriftStatus = 'changed' | 'unmanaged' | 'missing';

export interface DriftField {
  /** JSON pointer inside the canonical attrs, as in a plan's changes. */
  path: string;
  /** What git says (absent: git does not set it). */
  git?: unknown;
  /** What AWS has (absent: AWS has no value). */
  aws?: unknown;
  /** Secret values: both are shown as `(sensitive)`. */
  sensitive?: boolean;
}

export interface DriftItem {
  kind: EntityKind;
  key: EntityKey;
  address: string;
  status: DriftStatus;
  fields: DriftField[];
  /** Addresses (relative to this object) of what is unmanaged or missing with it. */
  includes?: string[];
  /** Why it matters, when the fields alone do not say: a pinned stage moved to another deployment. */
  explanation?: string;
}

export interface DriftReport {
  formatVersion: 1;
  target: Plan['target'];
  checkedAt: string;
  /** Fingerprint of the live state checked, as in a plan (same live state, same fingerprint). */
  liveFingerprint: string;
  items: DriftItem[];
  notices: string[];
}

export interface DriftInput {
  desired: Model;
  live: Model;
  target: Plan['target'];
  checkedAt: string;
  liveFingerprint: string;
  notices?: string[];
}

export function detectDrift(input: DriftInput): DriftReport {
  const changes = diffModels(input.desired, input.live)
    // Objects recreated only because the planner replaces their parent are not drift themselves.
    .filter((c) => c.reason !== 'parent-replaced');
  const missingRoots = changes.filter((c) => c.action === 'create').map((c) => c.key);
  const items: DriftItem[] = [];
  for (const c of changes) {
    if (c.action === 'create') {
      // What is missing under a missing object is said once, with it.
      if (missingRoots.some((k) => k !== c.key && containedIn(k, c.key))) continue;
      const under = missingRoots.filter((k) => k !== c.key && containedIn(c.key, k));
      items.push(item(c, 'missing', [], under));
    } else if (c.action === 'delete') {
      items.push(item(c, 'unmanaged', [], c.cascades ?? []));
    } else {
      const changed = item(c, 'changed', c.changes.map((f) => {
        const d: DriftField = { path: f.path };
        if (f.to !== undefined) d.git = f.to;
        if (f.from !== undefined) d.aws = f.from;
        if (f.sensitive) d.sensitive = true;
        return d;
      }), []);
      const pin = c.desired?.meta?.deployment;
      if (pin !== undefined && pin !== 'follow' && c.changes.some((f) => f.path === '/deploymentId')) {
        changed.explanation = pin === 'pinned'
          ? `pinned stage moved to another deployment outside apigw-sync; apply moves it back, apigw-sync promote --from STAGE --to ${nameOf(c.key)} moves it on purpose`
          : `stage pinned to configuration ${pin} runs another deployment; apply moves it back`;
      }
      items.push(changed);
    }
  }
  return {
    formatVersion: 1,
    target: input.target,
    checkedAt: input.checkedAt,
    liveFingerprint: input.liveFingerprint,
    items,
    notices: [...(input.notices ?? []), ...readOnlyFacts(input.live)],
  };
}

/**
 * What AWS holds that the specs do not manage but a reader of the report should know: a stage's
 * WAF web ACL (associated through WAFv2, so neither set nor compared here).
 */
function readOnlyFacts(live: Model): string[] {
  return Object.values(live.entities)
    .filter((e) => e.meta?.webAclArn)
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((e) => `${addressOf(e.key)} is protected by the WAF web ACL ${e.meta!.webAclArn} (associated through WAFv2; apigw-sync neither sets nor compares it).`);
}

function item(c: Change, status: DriftStatus, fields: DriftField[], under: EntityKey[]): DriftItem {
  const e = (c.desired ?? c.live) as Entity;
  const out: DriftItem = { kind: e.kind, key: c.key, address: addressOf(c.key), status, fields };
  if (under.length > 0) out.includes = under.map((k) => relativeAddress(c.key, k));
  return out;
}

export interface DriftCounts {
  changed: number;
  unmanaged: number;
  missing: number;
}

export function countDrift(report: DriftReport): DriftCounts {
  const c: DriftCounts = { changed: 0, unmanaged: 0, missing: 0 };
  for (const i of report.items) c[i.status]++;
  return c;
}


