import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSavedPlan, looksLikePlanFile, readPlanFile, writePlanFile } from '../src/cli/saved-plan.js';
import type { Model } from '../src/reconcile/model.js';
import { call, op, planOf } from './helpers/plan-builder.js';

const KEY_VALUE = 'live-key-value-0123456789';

function live(description: string, extra: Model['entities'] = {}): Model {
  return {
    entities: {
      'rest-api:petstore': { kind: 'rest-api', key: 'rest-api:petstore', attrs: { description }, ids: { restApiId: 'abc' } },
      'api-key:partner': { kind: 'api-key', key: 'api-key:partner', attrs: { value: KEY_VALUE }, sensitive: ['value'], ids: { apiKeyId: 'k1' } },
      ...extra,
    },
  };
}

describe('saved plans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-saved-'));
  const file = join(dir, 'plan.json');
  const plan = { ...planOf(op('update', 'rest-api:petstore', [call('UpdateRestApi', { restApiId: { $ref: 'rest-api:petstore', id: 'restApiId' } })])), liveFingerprint: 'sha256:one' };

  it('round-trip, valid against the schema, with no secret value in the file', () => {
    writePlanFile(file, plan, live('v1'), { paths: ['specs/'] });
    expect(readFileSync(file, 'utf8')).not.toContain(KEY_VALUE);
    expect(looksLikePlanFile(file)).toBe(true);
    const read = readPlanFile(file);
    expect(read.ops).toEqual(plan.ops);
    expect(read.source).toEqual({ paths: ['specs/'] });
    expect(Object.keys(read.liveObjects ?? {})).toEqual(['api-key:partner', 'rest-api:petstore']);
  });

  it('is accepted when the live state has the same fingerprint', () => {
    const saved = readPlanFile(file);
    expect(() => checkSavedPlan(saved, file, { plan, live: live('v1'), fingerprint: 'sha256:one' })).not.toThrow();
  });

  it('is refused when the live state changed, naming the objects that changed', () => {
    const saved = readPlanFile(file);
    const now = live('v2', { 'rest-api:petstore / resource:/new': { kind: 'resource', key: 'rest-api:petstore / resource:/new', attrs: {} } });
    expect(() => checkSavedPlan(saved, file, { plan, live: now, fingerprint: 'sha256:two' })).toThrow(
      `The live state changed since ${file} was made (2026-01-01T00:00:00.000Z), so it may no longer do what was reviewed. Nothing was applied.\n` +
        '  changed: rest-api petstore\n' +
        '  added:   rest-api petstore / resource /new',
    );
  });

  it('is refused when made for another region', () => {
    const saved = readPlanFile(file);
    const other = { ...plan, target: { ...plan.target, region: 'eu-west-1' } };
    expect(() => checkSavedPlan(saved, file, { plan: other, live: live('v1'), fingerprint: 'sha256:one' })).toThrow(
      `${file} was made for region "us-east-1", but this run targets "eu-west-1".`,
    );
  });

  it('an edited or foreign file is not a plan', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...plan, formatVersion: 1, ops: [{ id: 'x' }] }));
    expect(() => readPlanFile(bad)).toThrow(`${bad} is not a valid plan: /ops/0 must have required property 'kind'.`);
    writeFileSync(bad, JSON.stringify({ formatVersion: 7, ops: [] }));
    expect(() => readPlanFile(bad)).toThrow(`${bad} is a plan of format version 7; this apigw-sync reads version 1.`);
    const yaml = join(dir, 'spec.yaml');
    writeFileSync(yaml, 'restApis: {}\n');
    expect(looksLikePlanFile(yaml)).toBe(false);
    expect(looksLikePlanFile(dir)).toBe(false);
  });
});
