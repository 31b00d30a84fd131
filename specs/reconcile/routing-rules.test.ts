import { describe, expect, it } from 'vitest';
import type { Entity, Model } from '../../src/reconcile/model.js';
import { alignRoutingRules, desiredRoutingRules, fromV1RoutingMode, routingRule, toV1RoutingMode } from '../../src/reconcile/routing-rules.js';

// Pairing live routing rules with the spec's (pure): which live rule each desired rule updates.

const DOMAIN = 'domain-name:shop.example.com';
type Rule = { name?: string; priority: number; basePaths?: string[]; api?: string; stage?: string };

function desired(rules: Rule[]): Model {
  const entities = desiredRoutingRules(DOMAIN, { routingRules: rules.map((r) => ({ api: 'users', stage: 'prod', ...r })) } as never, new Set(['users']));
  return { entities: Object.fromEntries(entities.map((e) => [e.key, e])) };
}
function live(rules: Rule[]): Entity[] {
  return rules.map((r, i) => ({
    kind: 'routing-rule', key: `${DOMAIN} / routing-rule:${r.priority}`, parent: DOMAIN, ids: { routingRuleId: `id${i}` },
    attrs: routingRule({ api: 'users', stage: 'prod', ...r }),
  }));
}
/** live rule id -> the key it is compared under. */
function pairs(want: Rule[], have: Rule[]): Record<string, string> {
  const l = live(have);
  alignRoutingRules(desired(want), l);
  return Object.fromEntries(l.map((e) => [e.ids!.routingRuleId!, e.key.slice(`${DOMAIN} / routing-rule:`.length)]));
}

describe('alignRoutingRules', () => {
  it('same priority and content first; a named rule takes the live rule it describes', () => {
    expect(pairs([{ name: 'users', priority: 10, basePaths: ['users'] }, { priority: 20, basePaths: ['orders'] }],
      [{ priority: 20, basePaths: ['orders'] }, { priority: 10, basePaths: ['users'] }])).toStrictEqual({ id0: '20', id1: 'users' });
  });

  it('a rule whose priority alone changed to a free one is moved', () => {
    expect(pairs([{ priority: 15, basePaths: ['a'] }, { priority: 20, basePaths: ['b'] }],
      [{ priority: 10, basePaths: ['a'] }, { priority: 20, basePaths: ['b'] }])).toStrictEqual({ id0: '15', id1: '20' });
  });

  it('two rules trading priorities are changed in place, never moved onto a priority the other still holds', () => {
    expect(pairs([{ priority: 10, basePaths: ['b'] }, { priority: 20, basePaths: ['a'] }],
      [{ priority: 10, basePaths: ['a'] }, { priority: 20, basePaths: ['b'] }])).toStrictEqual({ id0: '10', id1: '20' });
  });

  it('a rule left on each side becomes one update; what is left after that is deleted under its priority', () => {
    expect(pairs([{ priority: 30, basePaths: ['new'] }], [{ priority: 40, basePaths: ['old'] }, { priority: 50, basePaths: ['gone'] }]))
      .toStrictEqual({ id0: '30', id1: '50' });
  });

  it('rules of other domains are not paired with these', () => {
    const l = live([{ priority: 10, basePaths: ['a'] }]).map((e) => ({ ...e, parent: 'domain-name:other.example.com', key: 'domain-name:other.example.com / routing-rule:10' }));
    alignRoutingRules(desired([{ name: 'x', priority: 10, basePaths: ['a'] }]), l);
    expect(l[0]!.key).toBe('domain-name:other.example.com / routing-rule:10');
  });
});

describe('canonical routing rules and modes', () => {
  it('conditions are sets; stripBasePath defaults to false', () => {
    const a = routingRule({ priority: 1, basePaths: ['b', 'a'], headers: [{ anyOf: [{ header: 'y', valueGlob: '2' }, { header: 'x', valueGlob: '1' }] }], api: 'u', stage: 's' });
    const b = routingRule({ priority: 1, basePaths: ['a', 'b'], headers: [{ anyOf: [{ header: 'x', valueGlob: '1' }, { header: 'y', valueGlob: '2' }] }], api: 'u', stage: 's', stripBasePath: false });
    expect(a).toStrictEqual(b);
  });

  it('apigateway spells two routing modes after base-path mappings', () => {
    expect(toV1RoutingMode('ROUTING_RULE_THEN_API_MAPPING')).toBe('ROUTING_RULE_THEN_BASE_PATH_MAPPING');
    expect(toV1RoutingMode('ROUTING_RULE_ONLY')).toBe('ROUTING_RULE_ONLY');
    expect(fromV1RoutingMode('BASE_PATH_MAPPING_ONLY')).toBe('API_MAPPING_ONLY');
    expect(fromV1RoutingMode('ROUTING_RULE_THEN_API_MAPPING')).toBe('ROUTING_RULE_THEN_API_MAPPING');
  });
});
