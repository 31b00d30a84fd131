import jsonpatch from 'fast-json-patch';
import { deepEqual } from './canonical.js';
import { containedIn, unescapePointer } from './keys.js';
import type { Entity, EntityKey, Model } from './model.js';
import type { FieldChange, Reason } from './plan-types.js';
import { alignLive } from './rest-normalise.js';
import { V2_KINDS } from './v2/keys.js';
import { alignV2 } from './v2/normalise.js';
import { entitiesOf, entityKeysOf } from './entity-list.js';

/**
 * diffModels: desired and live models (both canonical) -> the list of entity-level changes.
 * Field changes come from fast-json-patch's `compare` on the attrs; a list inside attrs (always a
 * sorted set in canonical form) is shown as one change of the whole list, not index by index.
 */
export type ChangeAction = 'create' | 'update' | 'replace' | 'delete';

export interface Change {
  key: EntityKey;
  action: ChangeAction;
  reason: Reason;
  desired?: Entity;
  live?: Entity;
  changes: FieldChange[];
  explanation?: string;
  /** Live descendants removed with this one by AWS's cascade (a resource's methods). */
  cascades?: EntityKey[];
}

/** What a sensitive change shows instead of its values. */
export const SENSITIVE = '(sensitive)';

/** Attributes AWS cannot change in place, per kind, and why (`a.b` names a field inside an object). */
const IMMUTABLE: Record<string, Record<string, string>> = {
  'dns-record': {
    zone: 'a record belongs to one hosted zone: it is deleted from the old zone and created in the new one',
    zoneId: 'a record belongs to one hosted zone (zones of one name, a private and a public one, are told apart by id): it is deleted from the old zone and created in the new one',
  },
  'lambda-permission': {
    sourceArn: 'a policy statement cannot be changed: RemovePermission, then AddPermission with the new source ARN',
    functionName: 'a policy statement belongs to one function',
    action: 'a policy statement cannot be changed',
    principal: 'a policy statement cannot be changed',
  },
  integration: { type: 'an integration type cannot be updated in place (AWS has no patch path for /type)' },
  model: { contentType: "a model's contentType cannot be updated in place" },
  'api-key': {
    value: "an API key's value cannot be updated: a new key (value changes (sensitive)) replaces it and takes over its usage plans",
  },
  'vpc-link': { targetArns: "a VPC link's targetArns cannot be updated: a new link replaces it, its integrations move to the new link, then the old one is deleted" },
  'v2-vpc-link': {
    subnetIds: "a VPC link's subnets cannot be updated: a new link replaces it, its integrations move to the new link, then the old one is deleted",
    securityGroupIds: "a VPC link's security groups cannot be updated: a new link replaces it, its integrations move to the new link, then the old one is deleted",
  },
};

/** The fields of `kind` AWS cannot change in place, and why (a VPC link's replacement explains itself with them). */
export function immutableChange(kind: string, from: Record<string, unknown>, to: Record<string, unknown>): string | undefined {
  const at = (o: Record<string, unknown>, field: string) =>
    field.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
  // A REST domain migrates between EDGE and REGIONAL in place (UpdateDomainName); a private domain
  // is another object (its own domainNameId), so public <-> PRIVATE is a replace.
  if (kind === 'domain-name') {
    const priv = (o: Record<string, unknown>) => ((at(o, 'endpointConfiguration.types') ?? []) as unknown[]).includes('PRIVATE');
    if (priv(from) !== priv(to)) return "a domain cannot switch between public and private: a private domain is another object (its own domainNameId)";
  }
  return Object.entries(IMMUTABLE[kind] ?? {}).find(([field]) => !deepEqual(at(from, field), at(to, field)))?.[1];
}

export function fieldChanges(from: Record<string, unknown>, to: Record<string, unknown>, sensitive: string[] = []): FieldChange[] {
  const seen = new Set<string>();
  const out: FieldChange[] = [];
  for (const op of jsonpatch.compare(from, to)) {
    const path = collapseToList(from, to, op.path);
    if (seen.has(path)) continue;
    seen.add(path);
    const change: FieldChange = { path };
    const top = unescapePointer(path.split('/')[1] ?? '');
    // A secret's digest is no business of a plan file either: only that it changes.
    const shown = (v: unknown) => (sensitive.includes(top) ? SENSITIVE : v);
    const f = valueAt(from, path);
    const t = valueAt(to, path);
    if (f !== undefined) change.from = shown(f);
    if (t !== undefined) change.to = shown(t);
    if (sensitive.includes(top)) change.sensitive = true;
    out.push(change);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Kinds whose settings are patched field by field (a stage's method settings, canary and access
 * log; a usage plan's throttle, quota and API stages): their changes are listed leaf by leaf, as
 * the patch operations are, rather than as one new object.
 */
const LEAF_KINDS = new Set(['stage', 'usage-plan']);

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function leafChanges(changes: FieldChange[]): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (path: string, from: unknown, to: unknown, c: FieldChange): void => {
    // Descend while both sides are objects (or one is unset); a value, a list or a secret is a leaf.
    const objectOrUnset = (v: unknown) => v === undefined || isPlainObject(v);
    const nested = !c.sensitive && objectOrUnset(from) && objectOrUnset(to) && (isPlainObject(from) || isPlainObject(to));
    if (!nested) {
      const leaf: FieldChange = { path };
      if (from !== undefined) leaf.from = from;
      if (to !== undefined) leaf.to = to;
      if (c.sensitive) leaf.sensitive = true;
      out.push(leaf);
      return;
    }
    const f = (from ?? {}) as Record<string, unknown>;
    const t = (to ?? {}) as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(f), ...Object.keys(t)])].sort()) {
      if (JSON.stringify(f[k]) === JSON.stringify(t[k])) continue;
      walk(`${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, f[k], t[k], c);
    }
  };
  for (const c of changes) walk(c.path, c.from, c.to, c);
  return out;
}

function valueAt(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of path.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[unescapePointer(seg)];
  }
  return cur;
}

/** `/binaryMediaTypes/1` -> `/binaryMediaTypes`: sets change as a whole. */
function collapseToList(a: unknown, b: unknown, path: string): string {
  const segs = path.split('/').slice(1);
  let prefix = '';
  for (const seg of segs) {
    if (Array.isArray(valueAt(a, prefix)) || Array.isArray(valueAt(b, prefix))) return prefix;
    prefix = `${prefix}/${seg}`;
  }
  return prefix;
}

const isAncestor = containedIn;

/** The live attrs without what the desired side leaves to AWS (per model: REST or v2). */
export function alignFor(kind: Entity['kind'], desired: Record<string, unknown>, live: Record<string, unknown>): Record<string, unknown> {
  return V2_KINDS.has(kind) ? alignV2(kind, desired, live) : alignLive(kind, desired, live);
}

export function diffModels(desired: Model, live: Model): Change[] {
  const raw: Change[] = [];
  // Every key of either model once (desired's, then those only live has), in no particular
  // order: the changes, one per key at most and few in most plans, are sorted by key below,
  // which orders them as walking the sorted keys of 21,000 entities did.
  const desiredKeys = entityKeysOf(desired);
  const liveKeys = entityKeysOf(live);
  for (let i = 0; i < desiredKeys.length + liveKeys.length; i++) {
    const fromDesired = i < desiredKeys.length;
    const key = fromDesired ? desiredKeys[i]! : liveKeys[i - desiredKeys.length]!;
    const d = desired.entities[key];
    const l = live.entities[key];
    if (!fromDesired && d) continue;
    if (d && !l) {
      raw.push({ key, action: 'create', reason: 'absent-live', desired: d, changes: createChanges(d) });
    } else if (!d && l) {
      // AWS's own objects, and VPC links the set only uses (not its own), are never deleted.
      if (l.meta?.awsDefault === 'true' || l.meta?.external === 'true') continue;
      raw.push({ key, action: 'delete', reason: 'absent-desired', live: l, changes: [] });
    } else if (d && l) {
      const aligned = alignFor(d.kind, d.attrs, l.attrs);
      if (deepEqual(aligned, d.attrs)) continue;
      const changes = LEAF_KINDS.has(d.kind) ? leafChanges(fieldChanges(aligned, d.attrs, d.sensitive)) : fieldChanges(aligned, d.attrs, d.sensitive);
      // A field inside an object (`endpointConfiguration.types`) is looked up by its path.
      const why = immutableChange(d.kind, aligned, d.attrs);
      const immutable = why === undefined ? undefined : ['', why] as const;
      // AWS adds a quick-create target only when it creates an API (UpdateApi refuses one on another API).
      const quick = d.kind === 'http-api' && aligned.target === undefined && d.attrs.target !== undefined;
      if (quick) {
        raw.push({ key, action: 'replace', reason: 'immutable-field-changed', desired: d, live: l, changes,
          explanation: 'replace, because AWS sets a quick-create target only when it creates the API' });
      } else if (immutable) {
        raw.push({ key, action: 'replace', reason: 'immutable-field-changed', desired: d, live: l, changes,
          explanation: `replace, because ${immutable[1]}` });
      } else {
        raw.push({ key, action: 'update', reason: 'fields-changed', desired: d, live: l, changes });
      }
    }
  }
  raw.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return applyCascades(raw, desired);
}

function createChanges(d: Entity): FieldChange[] {
  return Object.keys(d.attrs)
    .sort()
    .map((k) => {
      const secret = d.sensitive?.includes(k) === true;
      const c: FieldChange = { path: `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, to: secret ? SENSITIVE : d.attrs[k] };
      if (secret) c.sensitive = true;
      return c;
    });
}

/**
 * AWS removes an object's children with it (DeleteRestApi, DeleteResource, DeleteMethod,
 * DeleteIntegration), so a delete under a deleted or replaced ancestor is folded into the
 * ancestor's op; and the desired children of a replaced object must be created again.
 */
function applyCascades(raw: Change[], desired: Model): Change[] {
  const gone = raw.filter((c) => c.action === 'delete' || c.action === 'replace').map((c) => c.key);
  const out: Change[] = [];
  for (const c of raw) {
    const ancestor = gone.find((g) => isAncestor(g, c.key));
    if (ancestor === undefined) {
      out.push(c);
      continue;
    }
    if (c.action === 'create') {
      out.push(c);
    } else if (c.action === 'delete') {
      const owner = raw.find((x) => x.key === ancestor);
      if (owner) (owner.cascades ??= []).push(c.key);
    } else {
      // The object exists live today but goes away with its replaced ancestor.
      const d = c.desired ?? desired.entities[c.key];
      if (d) out.push({ key: c.key, action: 'create', reason: 'parent-replaced', desired: d, changes: createChanges(d) });
    }
  }
  // Unchanged desired children of a replaced ancestor are recreated too, and so are the objects
  // that attach a replaced API key (its usage plan keys go with the old key).
  for (const g of raw.filter((c) => c.action === 'replace')) {
    for (const d of entitiesOf(desired)) {
      const attached = g.desired?.kind === 'api-key' && d.refs?.includes(g.key);
      if ((isAncestor(g.key, d.key) || attached) && !out.some((c) => c.key === d.key && c.action !== 'update')) {
        const i = out.findIndex((c) => c.key === d.key);
        if (i >= 0) out.splice(i, 1);
        out.push({ key: d.key, action: 'create', reason: 'parent-replaced', desired: d, changes: createChanges(d) });
      }
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
