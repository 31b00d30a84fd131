import type { EntityKey, EntityKind } from './model.js';

/**
 * Entity keys and readable addresses. A key is a chain of `kind:name` segments joined by ` / `
 * (`rest-api:petstore / resource:/users/{id} / method:GET / integration`); the address a person
 * reads is the same chain with the first `:` of each segment turned into a space. Keys never hold
 * AWS ids, so the same key names the same object on the desired and on the live side.
 */
export const SEP = ' / ';

export function segment(kind: EntityKind, name?: string): string {
  return name === undefined ? kind : `${kind}:${name}`;
}

export function childKey(parent: EntityKey | undefined, kind: EntityKind, name?: string): EntityKey {
  const seg = segment(kind, name);
  return parent === undefined ? seg : `${parent}${SEP}${seg}`;
}

export const restApiKey = (name: string): EntityKey => segment('rest-api', name);
export const resourceKey = (api: EntityKey, path: string): EntityKey => childKey(api, 'resource', path);
export const methodKey = (resource: EntityKey, verb: string): EntityKey =>
  childKey(resource, 'method', verb.toUpperCase());
export const integrationKey = (method: EntityKey): EntityKey => childKey(method, 'integration');
export const methodResponseKey = (method: EntityKey, status: string): EntityKey =>
  childKey(method, 'method-response', status);
export const integrationResponseKey = (integration: EntityKey, status: string): EntityKey =>
  childKey(integration, 'integration-response', status);
export const deploymentKey = (api: EntityKey): EntityKey => childKey(api, 'deployment');

/** `rest-api:petstore / resource:/users` -> `rest-api petstore / resource /users`. */
export function addressOf(key: EntityKey): string {
  return key
    .split(SEP)
    .map((seg) => {
      const i = seg.indexOf(':');
      return i < 0 ? seg : `${seg.slice(0, i)} ${seg.slice(i + 1)}`;
    })
    .join(SEP);
}

/** The inverse of addressOf: `rest-api petstore / resource /users` -> its key. Keys pass through. */
export function keyOfAddress(address: string): EntityKey {
  return address
    .trim()
    .split(SEP)
    .map((seg) => (seg.includes(':') && !seg.includes(' ') ? seg : seg.replace(' ', ':')))
    .join(SEP);
}

/** The name part of a key's last segment (`GET` for a method key). */
export function nameOf(key: EntityKey): string {
  const last = key.split(SEP).pop() ?? '';
  const i = last.indexOf(':');
  return i < 0 ? '' : last.slice(i + 1);
}

/** The key up to and including its segment of `kind` (a method-level key's resource or method). */
export function ancestorOfKind(key: EntityKey, kind: EntityKind): EntityKey {
  const segs = key.split(SEP);
  const i = segs.findIndex((s) => s.startsWith(`${kind}:`));
  return segs.slice(0, i + 1).join(SEP);
}

/** The key of the top-level entity (the API) a key belongs to. */
export function rootOf(key: EntityKey): EntityKey {
  const end = key.indexOf(SEP);
  return end < 0 ? key : key.slice(0, end);
}

/** JSON-pointer escaping of one segment, as AWS's PATCH paths and fast-json-patch use it. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Whether `key` lives inside `ancestor`: below it in the key, or (resources being keyed by full
 * path, side by side) a resource whose path is under the ancestor resource's path, with
 * everything below that resource. AWS deletes all of these with the ancestor.
 */
export function containedIn(ancestor: EntityKey, key: EntityKey): boolean {
  if (key.startsWith(ancestor + SEP)) return true;
  const segs = ancestor.split(SEP);
  const last = segs[segs.length - 1] ?? '';
  if (segs.length !== 2 || !last.startsWith('resource:')) return false;
  const prefix = `${segs[0]}${SEP}${last === 'resource:/' ? 'resource:' : `${last}`}/`;
  return key.startsWith(prefix);
}

/** The address of `key` as seen from `from`: `method GET` inside `resource /users`. */
export function relativeAddress(from: EntityKey, key: EntityKey): string {
  const a = addressOf(key);
  const f = addressOf(from);
  if (a.startsWith(f + SEP)) return a.slice(f.length + SEP.length);
  const api = addressOf(rootOf(from));
  return a.startsWith(api + SEP) ? a.slice(api.length + SEP.length) : a;
}
