import type { RequestContext, Route } from '../router.js';
import { paginate } from './paginate.js';
import { type Wire, body, created, noContent, notFoundV2, ok } from './store.js';

/**
 * A collection of child objects (routes of an API, responses of a route, mappings of a domain
 * name, ...; APIs and domain names are the children of the account's v2 state). Every such collection in apigatewayv2 has the same five operations on the same two
 * paths, and the same request flow; only the parts named here differ:
 *
 *   POST   {path}              Create{noun}    parent, body, create, append, changed -> 201
 *   GET    {path}              Get{noun}s      parent, one page of the items         -> 200
 *   GET    {path}/{idMember}   Get{noun}       parent, find                          -> 200
 *   PATCH  {path}/{idMember}   Update{noun}    parent, find, body, update, changed   -> 200
 *   DELETE {path}/{idMember}   Delete{noun}    parent, find, checkDelete, remove, changed -> 204
 *
 * The order of the steps is the order in which the service reports errors (a missing parent before a
 * missing item before a bad body), so it is fixed here rather than left to each collection.
 */
export interface SubCollection<P, T = Wire> {
  /** The operations' noun: `RouteResponse` gives CreateRouteResponse, GetRouteResponses, ... */
  noun: string;
  /** The collection's path, e.g. `/v2/apis/{apiId}/routes/{routeId}/routeresponses`. */
  path: string;
  /** The member that identifies an item; also the label of the item's path. */
  idMember: string;
  /** The parent named by the path; throws the parent's NotFoundException (or a protocol refusal). */
  parent(ctx: RequestContext): P;
  /** The parent's items, in listing order; the array itself is appended to and spliced. */
  items(parent: P): T[];
  /** The wire object of an item, where the item is a record that also holds its children. */
  wire?(item: T): Wire;
  /** The item, or the service's NotFoundException; by default `Invalid {noun} identifier specified {id}`. */
  find?(ctx: RequestContext, parent: P, id: string): T;
  /** Validates the input and builds the new item, which is then appended. */
  create(ctx: RequestContext, parent: P, input: Wire): T;
  /** Validates the input and applies it to the item. */
  update(ctx: RequestContext, parent: P, item: T, input: Wire): void;
  /** Throws when the item may not go yet (something still refers to it). */
  checkDelete?(ctx: RequestContext, parent: P, item: T): void;
  /** After every successful write: the API's configuration changed (auto-deploying stages redeploy). */
  changed?(ctx: RequestContext, parent: P): void;
}

export function subCollectionRoutes<P, T = Wire>(c: SubCollection<P, T>): Route[] {
  const wire = (item: T): Wire => (c.wire ? c.wire(item) : (item as Wire));
  const find = (ctx: RequestContext, parent: P): T => {
    const id = ctx.params[c.idMember] ?? '';
    if (c.find) return c.find(ctx, parent, id);
    const item = c.items(parent).find((x) => wire(x)[c.idMember] === id);
    if (item === undefined) throw notFoundV2(`Invalid ${c.noun} identifier specified ${id}`, c.noun);
    return item;
  };
  const itemPath = `${c.path}/{${c.idMember}}`;
  return [
    {
      method: 'POST',
      path: c.path,
      operation: `Create${c.noun}`,
      handler: (ctx) => {
        const parent = c.parent(ctx);
        const item = c.create(ctx, parent, body(ctx));
        c.items(parent).push(item);
        c.changed?.(ctx, parent);
        return created(wire(item));
      },
    },
    {
      method: 'GET',
      path: c.path,
      operation: `Get${c.noun}s`,
      handler: (ctx) => paginate(ctx, c.items(c.parent(ctx)).map(wire)),
    },
    {
      method: 'GET',
      path: itemPath,
      operation: `Get${c.noun}`,
      handler: (ctx) => ok(wire(find(ctx, c.parent(ctx)))),
    },
    {
      method: 'PATCH',
      path: itemPath,
      operation: `Update${c.noun}`,
      handler: (ctx) => {
        const parent = c.parent(ctx);
        const item = find(ctx, parent);
        c.update(ctx, parent, item, body(ctx));
        c.changed?.(ctx, parent);
        return ok(wire(item));
      },
    },
    {
      method: 'DELETE',
      path: itemPath,
      operation: `Delete${c.noun}`,
      handler: (ctx) => {
        const parent = c.parent(ctx);
        const item = find(ctx, parent);
        c.checkDelete?.(ctx, parent, item);
        const items = c.items(parent);
        items.splice(items.indexOf(item), 1);
        c.changed?.(ctx, parent);
        return noContent();
      },
    },
  ];
}
