import { badRequest, conflict } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';
import { apiChanged } from './deployments.js';
import { type InputSpec, checkInput } from './input.js';
import { subCollectionRoutes } from './sub-collection.js';
import { type ApiRecord, type Wire, assignPresent, findApi, freshId, isHttp } from './store.js';

/** A route or an integration: the owner of a collection of WebSocket responses. */
interface Owner {
  responses: Wire[];
}

interface Parent {
  api: ApiRecord;
  owner: Owner;
}

/**
 * Route responses and integration responses: the same collection under a different owner. Both
 * exist only on WebSocket APIs, are keyed by a `{owner}ResponseKey` that is unique per owner, and
 * have six-character `{owner}ResponseId`s.
 */
export interface ResponseCollection {
  /** `Route` or `Integration`: gives the noun (`RouteResponse`), members and messages. */
  owner: 'Route' | 'Integration';
  /** The owner's collection path, e.g. `/v2/apis/{apiId}/routes/{routeId}`. */
  ownerPath: string;
  findOwner(ctx: RequestContext, api: ApiRecord): Owner;
  members: InputSpec;
  /** Fills in the members other than the id and the key. */
  create(response: Wire, input: Wire): void;
  /** Applies the members other than the key. */
  update(response: Wire, input: Wire): void;
}

export function responseRoutes(c: ResponseCollection): Route[] {
  const ownerWord = c.owner.toLowerCase();
  const prefix = c.owner === 'Route' ? 'route' : 'integration';
  const keyMember = `${prefix}ResponseKey`;
  const idMember = `${prefix}ResponseId`;
  const checkKeyFree = (owner: Owner, key: string, except?: Wire): void => {
    if (owner.responses.some((r) => r !== except && r[keyMember] === key)) {
      throw conflict(`${c.owner} response with key '${key}' already exists for this ${ownerWord}`);
    }
  };
  return subCollectionRoutes<Parent>({
    noun: `${c.owner}Response`,
    path: `${c.ownerPath}/${ownerWord}responses`,
    idMember,
    parent: (ctx) => {
      const api = findApi(ctx);
      const owner = c.findOwner(ctx, api);
      if (isHttp(api)) throw badRequest(`${c.owner} responses are supported only for WebSocket APIs`);
      return { api, owner };
    },
    items: (p) => p.owner.responses,
    create: (_ctx, { owner }, input) => {
      checkInput(input, c.members, [keyMember]);
      checkKeyFree(owner, input[keyMember]);
      const r: Wire = {
        [idMember]: freshId(6, (id) => owner.responses.some((x) => x[idMember] === id)),
        [keyMember]: input[keyMember],
      };
      c.create(r, input);
      return r;
    },
    update: (_ctx, { owner }, r, input) => {
      checkInput(input, c.members);
      if (input[keyMember] !== undefined) checkKeyFree(owner, input[keyMember], r);
      assignPresent(r, input, [keyMember]);
      c.update(r, input);
    },
    changed: (ctx, { api }) => apiChanged(ctx, api),
  });
}
