import type { SpecSet, VpcLinkSpec } from '../schema/index.js';
import { immutableChange } from './diff.js';
import { nameOf, rootOf, segment } from './keys.js';
import type { Entity, EntityKey, EntityKind, Model } from './model.js';
import { normaliseAttrs } from './rest-normalise.js';
import { entitiesOfKind } from './entity-list.js';

/**
 * VPC links in the model. Keys: `vpc-link:NAME` (apigateway links, for REST and WebSocket API
 * private integrations) and `v2-vpc-link:NAME` (apigatewayv2 links, for HTTP APIs). Integrations
 * refer to a link by name (`vpcLink` attr) and list its key in `refs`, so a link is created (and
 * AVAILABLE) before its integrations and deleted after them. The live side names the link an
 * integration's `connectionId` points at; an id of no known link stays a `connectionId`.
 *
 * A link AWS cannot update in place (new subnets, security groups or targetArns) is replaced
 * create-first: the live link moves aside to `vpc-link:NAME (replaced)`, so the plan creates the
 * new one, repoints the integrations (their `vpcLink` goes from `NAME (replaced)` to `NAME`) and
 * deletes the old one last. An apply interrupted half-way leaves two owned links of the name; the
 * next read calls the one that fits the spec `NAME` and the other `NAME (replaced)`, and the same
 * plan finishes the job.
 */
export const VPC_LINK_KINDS = new Set<EntityKind>(['vpc-link', 'v2-vpc-link']);

export type LinkVersion = 'v1' | 'v2';

export const linkKind = (v: LinkVersion): EntityKind => (v === 'v1' ? 'vpc-link' : 'v2-vpc-link');
export const vpcLinkKey = (v: LinkVersion, name: string): EntityKey => segment(linkKind(v), name);

/** `targetArns` makes an apigateway (v1) link, `subnetIds` an apigatewayv2 one. */
export const specLinkVersion = (l: VpcLinkSpec): LinkVersion => (l.targetArns !== undefined ? 'v1' : 'v2');

/**
 * Which links an integration may use: HTTP APIs apigatewayv2 links, REST and WebSocket APIs
 * apigateway links; a REST integration with an `integrationTarget` (a load balancer reached
 * through a VPC link V2) an apigatewayv2 link.
 */
export function linkVersionFor(integration: { kind: EntityKind; key: EntityKey; attrs?: Record<string, unknown> }): LinkVersion {
  if (integration.kind === 'integration') return integration.attrs?.integrationTarget !== undefined ? 'v2' : 'v1';
  return integration.kind === 'v2-integration' && rootOf(integration.key).startsWith('http-api:') ? 'v2' : 'v1';
}

export const isIntegration = (e: Entity): boolean => e.kind === 'integration' || e.kind === 'v2-integration';

export function desiredVpcLinks(specSet: SpecSet): Entity[] {
  return Object.entries(specSet.vpcLinks ?? {}).map(([name, spec]) => {
    const v = specLinkVersion(spec);
    return { kind: linkKind(v), key: vpcLinkKey(v, name), attrs: normaliseAttrs(linkKind(v), spec as Record<string, unknown>) };
  });
}

/** Desired integrations that name a link reference its key (the link is created first). */
export function addVpcLinkRefs(entities: Entity[]): void {
  for (const e of entities) {
    if (!isIntegration(e) || typeof e.attrs.vpcLink !== 'string') continue;
    e.refs = [...new Set([...(e.refs ?? []), vpcLinkKey(linkVersionFor(e), e.attrs.vpcLink)])].sort();
  }
}

/**
 * Live integrations whose connectionId is the id of a link in `links` (live link entities):
 * `vpcLink` names the link instead, and the link's key joins the refs.
 */
export function nameLiveConnections(entities: Entity[], links: Entity[]): void {
  const byId = new Map<string, Entity>();
  for (const l of links) if (l.ids?.vpcLinkId) byId.set(`${l.kind}:${l.ids.vpcLinkId}`, l);
  for (const e of entities) {
    if (!isIntegration(e) || e.attrs.connectionType !== 'VPC_LINK' || typeof e.attrs.connectionId !== 'string') continue;
    const link = byId.get(`${linkKind(linkVersionFor(e))}:${e.attrs.connectionId}`);
    if (!link) continue;
    const { connectionId: _id, ...attrs } = e.attrs;
    e.attrs = { ...attrs, vpcLink: nameOf(link.key) };
    e.refs = [...new Set([...(e.refs ?? []), link.key])].sort();
  }
}

/** `NAME (replaced)`, then `NAME (replaced 2)`, ...: the first name no entity of `kind` has. */
export function replacedKey(kind: EntityKind, name: string, taken: (key: EntityKey) => boolean): EntityKey {
  for (let n = 1; ; n++) {
    const key = segment(kind, `${name} (replaced${n === 1 ? '' : ` ${n}`})`);
    if (!taken(key)) return key;
  }
}

/** `NAME (replaced 2)` -> `NAME`; other names pass through. */
export const baseLinkName = (name: string): string => name.replace(/ \(replaced(?: \d+)?\)$/, '');

export interface LinkReplacement {
  /** Key of the link (desired and, after apply, live). */
  key: EntityKey;
  /** Where the live link was moved to. */
  from: EntityKey;
  explanation: string;
}

/**
 * Moves each owned live link the spec changes in a way AWS cannot update aside (see above), and
 * repoints the live integrations that use it. Pure: returns a new live model.
 */
export function moveReplacedLinks(desired: Model, live: Model): { live: Model; replacements: LinkReplacement[] } {
  const replacements: LinkReplacement[] = [];
  let entities: Record<EntityKey, Entity> | undefined;
  for (const d of entitiesOfKind(desired, ...VPC_LINK_KINDS)) {
    const l = live.entities[d.key];
    if (!l || l.meta?.external === 'true') continue;
    const why = immutableChange(d.kind, l.attrs, d.attrs);
    if (!why) continue;
    entities ??= { ...live.entities };
    const from = replacedKey(d.kind, nameOf(d.key), (k) => entities![k] !== undefined);
    delete entities[d.key];
    entities[from] = { ...l, key: from };
    for (const [k, e] of Object.entries(entities)) {
      if (!e.refs?.includes(d.key) || !isIntegration(e)) continue;
      entities[k] = { ...e, attrs: { ...e.attrs, vpcLink: nameOf(from) }, refs: e.refs.map((r) => (r === d.key ? from : r)).sort() };
    }
    replacements.push({ key: d.key, from, explanation: `replace, because ${why}` });
  }
  return { live: entities ? { entities } : live, replacements };
}
