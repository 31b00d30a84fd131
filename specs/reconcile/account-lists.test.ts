import { describe, expect, it } from 'vitest';
import { ACCOUNT_LISTS, LISTS_TAG, formatLists, listNeeds, listsToRead, listsToRecord, parseLists, recordedLists } from '../../src/reconcile/account-lists.js';
import type { Entity } from '../../src/reconcile/model.js';
import type { DraftOp } from '../../src/reconcile/order.js';
import { recordLists } from '../../src/reconcile/record-lists.js';

/** The record of account-wide lists, its pure rules (the e2e file runs them against the emulator). */
const OWNER = 'shop';
const needs = (...entities: Entity[]) => listNeeds(entities);
const key = (name: string): Entity => ({ kind: 'api-key', key: `api-key:${name}`, attrs: {} });
const api = (name: string, lists?: string, owner = OWNER) => ({ name, tags: { 'apigw-sync:managed-by': owner, ...(lists !== undefined ? { [LISTS_TAG]: lists } : {}) } });
const draft = (kind: DraftOp['kind'], name: string, action: DraftOp['action'] = 'create'): DraftOp => ({
  kind, key: `${kind}:${name}`, address: `${kind} ${name}`, action, reason: 'absent-live', changes: [],
  calls: [{ service: 'apigateway', operation: 'Create', input: {} }], deps: new Set(),
});

describe('recorded lists', () => {
  it('reads a record only of known list names; "none" is the empty one; values are written sorted', () => {
    expect(parseLists('none')).toStrictEqual(new Set());
    expect(parseLists('usage-plans api-keys')).toStrictEqual(new Set(['usage-plans', 'api-keys']));
    expect(parseLists('api-keys widgets')).toBeUndefined();
    expect(parseLists('')).toBeUndefined();
    expect(parseLists(undefined)).toBeUndefined();
    expect(formatLists(['v2-apis', 'api-keys', 'api-keys'])).toBe('api-keys v2-apis');
    expect(formatLists([])).toBe('none');
  });

  it('is trusted only with an owned API a spec names, and every owned API recording', () => {
    expect(recordedLists([api('shop', 'api-keys'), api('old', 'usage-plans')], OWNER, ['shop'])).toStrictEqual(new Set(['api-keys', 'usage-plans']));
    // every owned API is one a spec dropped: read everything
    expect(recordedLists([api('old', 'none')], OWNER, ['shop'])).toBeUndefined();
    // one owned API without the record
    expect(recordedLists([api('shop', 'none'), api('old')], OWNER, ['shop'])).toBeUndefined();
    // another set's API does not count either way
    expect(recordedLists([api('shop', 'none'), api('x', undefined, 'other')], OWNER, ['shop'])).toStrictEqual(new Set());
  });

  it('reads every list without a record; with one, the recorded lists and those the specs need', () => {
    expect(listsToRead(undefined, needs())).toStrictEqual(new Set(ACCOUNT_LISTS));
    expect(listsToRead(new Set(), needs(key('partner')))).toStrictEqual(new Set(['api-keys']));
    expect(listsToRead(new Set(['usage-plans']), needs())).toStrictEqual(new Set(['usage-plans', 'v2-apis']));
    // a live integration through a link someone attached by hand: both link lists name it
    const through: Entity = { kind: 'integration', key: 'rest-api:shop / resource:/ / method:GET / integration', attrs: { connectionType: 'VPC_LINK', connectionId: 'abc' } };
    expect(listsToRead(new Set(), needs(), needs(through))).toStrictEqual(new Set(['vpc-links', 'v2-vpc-links']));
    // a stage that names a certificate
    expect(listsToRead(new Set(), needs({ kind: 'stage', key: 'rest-api:shop / stage:prod', attrs: { clientCertificate: 'backend' } }))).toStrictEqual(new Set(['client-certificates']));
    // a link the set uses but does not own is read, and is not the set's
    const external: Entity = { kind: 'vpc-link', key: 'vpc-link:nlb', attrs: {}, meta: { external: 'true' } };
    expect(needs(external)).toStrictEqual({ has: new Set(), reads: new Set(['vpc-links']) });
  });

  it('records nothing when neither a record nor a read of every list tells where the objects are', () => {
    expect(listsToRecord(undefined, new Set(['v2-apis']), needs(key('a')).has, [])).toBeUndefined();
    expect(listsToRecord(undefined, new Set(ACCOUNT_LISTS), needs(key('a')).has, [])).toStrictEqual(new Set(['api-keys']));
    // a recorded list this plan did not read stays; one it read and found empty goes
    expect(listsToRecord(new Set(['usage-plans', 'domain-names']), new Set(['domain-names']), new Set(), [])).toStrictEqual(new Set(['usage-plans']));
    // a live owned object keeps its list (deleted by this plan, perhaps: then by a later record)
    expect(listsToRecord(new Set(['api-keys']), new Set(['api-keys']), new Set(), [key('old')])).toStrictEqual(new Set(['api-keys']));
  });
});

describe('recordLists', () => {
  it('without a whole-set value, only adds the new lists to the records APIs have', () => {
    const drafts = [draft('api-key', 'a')];
    recordLists(drafts, { apis: [{ key: 'rest-api:shop', id: 'r1', current: 'usage-plans' }, { key: 'rest-api:old', id: 'r2' }] }, 'us-east-1');
    expect(drafts[0]!.calls.map((c) => [c.operation, c.input])).toStrictEqual([
      ['TagResource', { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/r1', tags: { [LISTS_TAG]: 'api-keys usage-plans' } }],
      ['Create', {}],
    ]);
  });

  it('writes nothing when every API records the lists already, and the whole-set value otherwise', () => {
    const kept = [draft('api-key', 'a')];
    recordLists(kept, { record: 'api-keys', apis: [{ key: 'rest-api:shop', id: 'r1', current: 'api-keys' }] }, 'us-east-1');
    expect(kept[0]!.calls.map((c) => c.operation)).toStrictEqual(['Create']);
    const v2 = [draft('usage-plan', 'p')];
    recordLists(v2, { record: 'usage-plans v2-apis', apis: [{ key: 'http-api:orders', id: 'h1', current: 'v2-apis' }] }, 'us-east-1');
    expect(v2[0]!.calls[0]).toStrictEqual({ service: 'apigatewayv2', operation: 'TagResource', input: { ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/h1', Tags: { [LISTS_TAG]: 'usage-plans v2-apis' } } });
  });

  it('the op first in order carries the record, whatever the drafts\' order; the others wait for it', () => {
    // a usage plan that waits for a key: the key's op comes first, so it carries the record
    const plan = draft('usage-plan', 'p');
    const k = draft('api-key', 'a');
    plan.deps.add(k.key);
    const drafts = [plan, k];
    recordLists(drafts, { record: 'api-keys usage-plans', apis: [{ key: 'rest-api:shop', id: 'r1', current: 'none' }] }, 'us-east-1');
    expect(k.calls.map((c) => c.operation)).toStrictEqual(['TagResource', 'Create']);
    expect(plan.calls.map((c) => c.operation)).toStrictEqual(['Create']);
    expect([...plan.deps]).toStrictEqual([k.key]);
  });

  it('the op deleting the last objects of a list leaves it out after its delete, waiting for the others', () => {
    const a = { ...draft('api-key', 'a', 'delete'), calls: [{ service: 'apigateway' as const, operation: 'DeleteApiKey', input: {} }] };
    const b = { ...draft('api-key', 'b', 'delete'), calls: [{ service: 'apigateway' as const, operation: 'DeleteApiKey', input: {} }] };
    const droppable = { 'api-keys': ['api-key:a', 'api-key:b'] } as const;
    recordLists([a, b], { record: 'api-keys usage-plans', apis: [{ key: 'rest-api:shop', id: 'r1', current: 'api-keys usage-plans' }], droppable: { ...droppable, 'api-keys': [...droppable['api-keys']] } }, 'us-east-1');
    const carrier = b.calls.length > 1 ? b : a;
    const other = carrier === a ? b : a;
    expect(carrier.calls.map((c) => [c.operation, c.input])).toStrictEqual([
      ['DeleteApiKey', {}],
      ['TagResource', { resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/r1', tags: { [LISTS_TAG]: 'usage-plans' } }],
    ]);
    expect([...carrier.deps]).toStrictEqual([other.key]);
    expect(other.calls).toHaveLength(1);
  });

  it('a list some of whose objects stay is not left out', () => {
    const a = { ...draft('api-key', 'a', 'delete'), calls: [{ service: 'apigateway' as const, operation: 'DeleteApiKey', input: {} }] };
    recordLists([a], { record: 'api-keys', apis: [{ key: 'rest-api:shop', id: 'r1', current: 'api-keys' }], droppable: { 'api-keys': ['api-key:a', 'api-key:b'] } }, 'us-east-1');
    expect(a.calls.map((c) => c.operation)).toStrictEqual(['DeleteApiKey']);
  });

  it('an API the plan creates or adopts carries the whole-set value from its first call', () => {
    const create: DraftOp = { ...draft('rest-api', 'shop'), calls: [{ service: 'apigateway', operation: 'CreateRestApi', input: { name: 'shop', tags: { team: 'a' } } }] };
    const adopt: DraftOp = { ...draft('http-api', 'orders', 'adopt'), calls: [{ service: 'apigatewayv2', operation: 'TagResource', input: { ResourceArn: 'x', Tags: { 'apigw-sync:managed-by': OWNER } } }] };
    recordLists([create, adopt], { record: 'v2-apis', apis: [] }, 'us-east-1');
    expect(create.calls[0]!.input.tags).toStrictEqual({ team: 'a', [LISTS_TAG]: 'v2-apis' });
    expect(adopt.calls[0]!.input.Tags).toStrictEqual({ 'apigw-sync:managed-by': OWNER, [LISTS_TAG]: 'v2-apis' });
  });
});
