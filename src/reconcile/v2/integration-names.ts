import { deepEqual } from '../canonical.js';

/**
 * Names for live integrations. AWS gives an integration an id but no name, and the spec names
 * them; nothing of ours is stored in AWS fields a user may set (description stays the user's).
 * A live integration takes the name of the spec integration that:
 *
 * 1. the spec's routes say it is: each live route votes for the name its spec route (same route
 *    key) targets; the pair with the most votes is taken first (ties: equal content first, then
 *    by name), so moving one route to another integration does not rename the integration the
 *    other routes still use;
 * 2. else has exactly its content (canonical attrs; its VPC link aside), for integrations no route targets yet;
 * 3. else none: it gets a name made from its content (`orders` for a Lambda function `orders`,
 *    the host of a URL, `sqs-sendmessage`, `mock`), never one the spec uses, so it shows as a
 *    deletion. `import` names integrations the same way (with no spec to match).
 */
export interface LiveIntegrationFacts {
  id: string;
  /** Canonical attrs (normalise.ts). */
  attrs: Record<string, unknown>;
}

export interface NamingInput {
  integrations: LiveIntegrationFacts[];
  /** Live routes: route key -> integration id (routes without an integration target left out). */
  liveTargets: Map<string, string>;
  /** Spec routes: route key -> integration name. */
  desiredTargets: Map<string, string>;
  /** Spec integrations: name -> canonical attrs. */
  desiredIntegrations: Map<string, Record<string, unknown>>;
}

export function nameIntegrations(input: NamingInput): Map<string, string> {
  const named = new Map<string, string>();
  const taken = new Set<string>();
  const attrsOf = new Map(input.integrations.map((i) => [i.id, i.attrs]));
  const votes = new Map<string, number>();
  for (const [rk, id] of input.liveTargets) {
    const name = input.desiredTargets.get(rk);
    if (name === undefined || !attrsOf.has(id) || !input.desiredIntegrations.has(name)) continue;
    const k = `${id}\n${name}`;
    votes.set(k, (votes.get(k) ?? 0) + 1);
  }
  // A live integration still holds its VPC link's id, a spec integration the link's name (vpc-links.ts
  // names the link later): the content compared leaves the link out.
  const withoutLink = (a: Record<string, unknown> | undefined) => {
    if (!a) return a;
    const { connectionId: _id, vpcLink: _name, ...rest } = a;
    return rest;
  };
  const same = (id: string, name: string) => deepEqual(withoutLink(attrsOf.get(id)), withoutLink(input.desiredIntegrations.get(name)));
  const pairs = [...votes.entries()].map(([k, n]) => {
    const [id = '', name = ''] = k.split('\n');
    return { id, name, n, eq: same(id, name) ? 1 : 0 };
  });
  pairs.sort((a, b) => b.n - a.n || b.eq - a.eq || cmp(a.name, b.name) || cmp(a.id, b.id));
  for (const p of pairs) {
    if (named.has(p.id) || taken.has(p.name)) continue;
    named.set(p.id, p.name);
    taken.add(p.name);
  }
  const ids = input.integrations.map((i) => i.id).sort(cmp);
  for (const id of ids) {
    if (named.has(id)) continue;
    const match = [...input.desiredIntegrations.keys()].sort(cmp).find((n) => !taken.has(n) && same(id, n));
    if (match !== undefined) {
      named.set(id, match);
      taken.add(match);
    }
  }
  const reserved = new Set([...taken, ...input.desiredIntegrations.keys()]);
  for (const id of ids) {
    if (named.has(id)) continue;
    const base = suggestIntegrationName(attrsOf.get(id) ?? {});
    let name = base;
    for (let n = 2; reserved.has(name); n++) name = `${base}-${n}`;
    named.set(id, name);
    reserved.add(name);
  }
  return named;
}

/** A readable name from an integration's content: the Lambda function, the URL's host, ... */
export function suggestIntegrationName(attrs: Record<string, unknown>): string {
  const uri = typeof attrs.integrationUri === 'string' ? attrs.integrationUri : '';
  const fn = /:function:([^:/]+)/.exec(uri);
  if (fn?.[1]) return fn[1];
  if (typeof attrs.integrationSubtype === 'string') return attrs.integrationSubtype.toLowerCase();
  const host = /^https?:\/\/([^/:]+)/.exec(uri);
  if (host?.[1]) return host[1];
  if (attrs.connectionType === 'VPC_LINK') return 'vpc-link';
  return String(attrs.integrationType ?? 'integration').toLowerCase();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
