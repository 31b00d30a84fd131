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

/** The name part of a key's last segment (`GET` for a method key). */
export function nameOf(key: EntityKey): string {
  const last = key.split(SEP).pop() ?? '';
  const i = last.indexOf(':');
  return i < 0 ? '' : last.slice(i + 1);
}

/** The key of the top-level entity (the API) a key belongs to. */
export function rootOf(key: EntityKey): EntityKey {
  return key.split(SEP)[0] ?? key;
}

/** JSON-pointer escaping of one segment, as AWS's PATCH paths and fast-json-patch use it. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
