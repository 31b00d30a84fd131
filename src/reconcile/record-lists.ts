import { LISTS_TAG, formatLists, listOf, parseLists, type AccountList, type ListsRecord } from './account-lists.js';
import { addressOf } from './keys.js';
import type { EntityKey, EntityKind } from './model.js';
import { orderOps, type DraftOp } from './order.js';
import type { AwsCall } from './plan-types.js';

const API_KINDS = new Set<EntityKind>(['rest-api', 'http-api', 'websocket-api']);

function withTag(call: AwsCall, field: 'tags' | 'Tags', value: string): AwsCall {
  return { ...call, input: { ...call.input, [field]: { ...((call.input[field] as Record<string, string> | undefined) ?? {}), [LISTS_TAG]: value } } };
}

/**
 * The account-wide lists the set has objects in, kept in LISTS_TAG on its APIs (account-lists.ts):
 * an API the plan creates or adopts carries the record from its first call; and before the first
 * object of a list the owned APIs do not record yet is created or adopted, the op that makes it
 * (the first such op in the plan's order) tags them, and the other ops that make such objects wait
 * for it. So no object of the set exists in a list its APIs' record leaves out, even when an
 * apply stops between two calls. The op that deletes the set's last objects of a list no desired
 * object is in leaves the list out of the record after its delete call.
 */
export function recordLists(drafts: DraftOp[], lists: ListsRecord | undefined, region: string): void {
  if (!lists) return;
  const { record } = lists;
  if (record !== undefined) {
    for (const d of drafts) {
      if (!API_KINDS.has(d.kind)) continue;
      if (d.action === 'create') d.calls = d.calls.map((c) => (c.operation === 'CreateRestApi' ? withTag(c, 'tags', record) : c.operation === 'CreateApi' ? withTag(c, 'Tags', record) : c));
      else if (d.action === 'adopt') {
        d.calls = d.calls.map((c) => (c.operation !== 'TagResource' ? c : withTag(c, c.service === 'apigatewayv2' ? 'Tags' : 'tags', record)));
      }
    }
  }
  const making = drafts.filter((d) => (d.action === 'create' || d.action === 'adopt' || d.action === 'replace') && listOf(d.kind) !== undefined);
  let order: Map<EntityKey, number> | undefined;
  const orderOf: Order = () => (order ??= new Map(orderOps(drafts).map((o, i) => [o.key, i])));
  const grown = growRecord(making, lists, orderOf, region);
  if (record !== undefined) shrinkRecord(drafts, lists, record, grown, orderOf, region);
}

function tagCall(api: ListsRecord['apis'][number], value: string, region: string): AwsCall {
  return api.key.startsWith('rest-api:')
    ? { service: 'apigateway', operation: 'TagResource', input: { resourceArn: `arn:aws:apigateway:${region}::/restapis/${api.id}`, tags: { [LISTS_TAG]: value } } }
    : { service: 'apigatewayv2', operation: 'TagResource', input: { ResourceArn: `arn:aws:apigateway:${region}::/apis/${api.id}`, Tags: { [LISTS_TAG]: value } } };
}

/** The drafts' places in the plan's order, worked out on first use (only a plan that records needs it). */
type Order = () => Map<EntityKey, number>;

/** Records new lists ahead of the first op that makes an object in one; returns that op. */
function growRecord(making: DraftOp[], lists: ListsRecord, orderOf: Order, region: string): DraftOp | undefined {
  const { record } = lists;
  if (making.length === 0) return undefined;
  const needed = new Set(making.map((d) => listOf(d.kind) as AccountList));
  const writes: AwsCall[] = [];
  const tagged: string[] = [];
  for (const api of lists.apis) {
    const current = parseLists(api.current);
    if (current && [...needed].every((l) => current.has(l))) continue;
    // Without a value of the whole set's, an API's record only grows.
    const value = record ?? (current ? formatLists([...current, ...needed]) : undefined);
    if (value === undefined) continue;
    tagged.push(addressOf(api.key));
    writes.push(tagCall(api, value, region));
  }
  if (writes.length === 0) return undefined;
  // The first of them in the plan's order depends on none of the others: they can wait for it.
  const order = orderOf();
  const carrier = making.reduce((a, b) => ((order.get(b.key) ?? 0) < (order.get(a.key) ?? 0) ? b : a));
  carrier.calls = [...writes, ...carrier.calls];
  const fresh = [...needed].filter((l) => lists.apis.some((a) => !parseLists(a.current)?.has(l)));
  const note = `first records ${formatLists(fresh)} in the tag ${LISTS_TAG} on ${tagged.sort().join(', ')}`;
  carrier.explanation = carrier.explanation ? `${carrier.explanation}; ${note}` : note;
  for (const d of making) if (d !== carrier) d.deps.add(carrier.key);
  return carrier;
}

/**
 * The plan deletes the set's last objects of a list no desired object is in: the op that deletes
 * the last of them (in the plan's order; it waits for the others) then leaves the list out of the
 * record. Stopped before that, the next plan still reads the list and finds it empty: harmless.
 */
function shrinkRecord(drafts: DraftOp[], lists: ListsRecord, record: string, grown: DraftOp | undefined, orderOf: Order, region: string): void {
  const deletes = new Map(drafts.filter((d) => d.action === 'delete').map((d) => [d.key, d]));
  const emptied = (Object.entries(lists.droppable ?? {}) as [AccountList, EntityKey[]][]).filter(([, keys]) => keys.length > 0 && keys.every((k) => deletes.has(k)));
  if (emptied.length === 0 || lists.apis.length === 0) return;
  const left = new Set(emptied.map(([l]) => l));
  const value = formatLists([...(parseLists(record) ?? [])].filter((l) => !left.has(l)));
  const ops = emptied.flatMap(([, keys]) => keys.map((k) => deletes.get(k) as DraftOp));
  const order = orderOf();
  const place = (d: DraftOp) => order.get(d.key) ?? 0;
  const carrier = ops.reduce((a, b) => (place(b) > place(a) ? b : a));
  // A record written ahead of a create in this plan holds these lists still: it must come first.
  if (grown && place(grown) > place(carrier)) return;
  carrier.calls = [...carrier.calls, ...lists.apis.map((api) => tagCall(api, value, region))];
  const note = `then leaves ${formatLists(left)} out of the tag ${LISTS_TAG} on ${lists.apis.map((a) => addressOf(a.key)).sort().join(', ')}`;
  carrier.explanation = carrier.explanation ? `${carrier.explanation}; ${note}` : note;
  for (const d of ops) if (d !== carrier) carrier.deps.add(d.key);
  if (grown) carrier.deps.add(grown.key);
}
