import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateRestApiCommand, GetResourcesCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { applyPlan } from '../../src/reconcile/apply/bulk-step.js';
import { systemClock } from '../../src/reconcile/apply/clock.js';
import { NO_RATES, Pacer } from '../../src/reconcile/apply/pacer.js';
import { renderApplyReport } from '../../src/reconcile/apply/report.js';
import { computePlan } from '../../src/reconcile/index.js';
import type { SpecSet } from '../../src/schema/index.js';
import { v1Client } from '../emulator/helpers.js';
import { EMULATOR_ENV, scratchWithExamples } from '../helpers/cli.js';
import { emulatorPair, loadExample, runOn as run } from '../helpers/bulk-pair.js';

// Bulk writes end to end: the real CLI plans and applies the example through ImportRestApi /
// PutRestApi (merge) against the emulator, and what it leaves is compared with what one call per
// object leaves.

const SPECS = 'examples/petstore';
const pair = emulatorPair();
const load = (cwd: string): SpecSet => loadExample(cwd, SPECS);

const ID_VALUED = new Set(['connectionId', 'deploymentId']);

/** The live model the planner reads: each object's canonical attributes by key, ids left out. */
async function liveObjects(emu: RunningEmulator, cwd: string): Promise<Record<string, unknown>> {
  const client = v1Client(emu);
  const { live } = await computePlan({ specSet: load(cwd), clients: { apigateway: client }, env: { ...EMULATOR_ENV } });
  return Object.fromEntries(
    Object.values(live.entities)
      // What differs between two accounts whatever the path: a generated API key value, and the
      // ids of a VPC link and a deployment that attributes name.
      .map((e) => [e.key, JSON.parse(JSON.stringify(e.kind === 'api-key' && /mobile-app/.test(e.key) ? { ...e.attrs, value: '(generated)' } : e.attrs, (k, v) => (ID_VALUED.has(k) ? '(id)' : v))) as unknown]),
  );
}

/** Adds `n` methods under a new resource subtree of the example's petstore API. */
function addSubtree(cwd: string, n: number): void {
  const path = join(cwd, SPECS, 'petstore.yaml');
  const text = readFileSync(path, 'utf8');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`      /bulk/r${i}:`, '        GET:', '          operationName: Bulk' + i, '          integration:', '            type: MOCK',
      `            requestTemplates: { application/json: '{"statusCode": 200}' }`, '            responses:', `              "200": { responseTemplates: { application/json: '{"r": ${i}}' } }`,
      '          responses:', '            "200": { responseModels: { application/json: Empty } }');
  }
  const next = text.replace(/\n    resources:\n/, `\n    resources:\n${lines.join('\n')}\n`);
  expect(next).not.toBe(text);
  writeFileSync(path, next);
}

describe('bulk writes', () => {
  it('apply from empty takes ImportRestApi for the big API and ends exactly where one call per object ends', async () => {
    pair.bulk.reset();
    pair.perCall.reset();
    const cwd = scratchWithExamples();
    const plan = await run(pair.bulk, cwd, 'plan', SPECS);
    expect(plan.out).toMatch(/^ {2}- rest-api petstore: \d+ resources, \d+ methods \(\d+ objects\) via ImportRestApi, 1 call: ~\d+ s of AWS time instead of ~\d+ s/m);

    const bulk = await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
    expect(bulk.code, bulk.out + bulk.err).toBe(0);
    expect(pair.bulk.callCount('ImportRestApi')).toBe(1);
    expect(pair.bulk.callCount('PutRestApi')).toBe(0);

    const perCall = await run(pair.perCall, cwd, 'apply', SPECS, '--auto-approve', '--no-bulk');
    expect(perCall.code, perCall.out + perCall.err).toBe(0);
    expect(pair.perCall.callCount('ImportRestApi')).toBe(0);
    expect(pair.bulk.calls().total).toBeLessThan(pair.perCall.calls().total);
    // The methods came with the document (the small internal API and a VPC-link method go per call).
    expect(pair.bulk.callCount('PutMethod')).toBeLessThan(pair.perCall.callCount('PutMethod') / 4);

    // Same objects, same attributes: the residual plan left nothing of the import's own making.
    expect(await liveObjects(pair.bulk, cwd)).toEqual(await liveObjects(pair.perCall, cwd));

    // apply, then plan: empty; a second apply writes nothing.
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
    const writes = pair.bulk.calls().writes;
    expect((await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve')).out).toBe('No changes. The live state matches the specs.\n');
    expect(pair.bulk.calls().writes - writes).toBe(0);
  });

  it('a large added subtree goes through PutRestApi mode=merge (never overwrite) and plans empty afterwards', async () => {
    pair.bulk.reset();
    const cwd = scratchWithExamples();
    expect((await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve')).code).toBe(0);
    addSubtree(cwd, 40);
    pair.bulk.resetCalls();
    const res = await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
    expect(res.code, res.out + res.err).toBe(0);
    // 40 GET and, from the API's CORS settings, 40 OPTIONS.
    expect(res.out).toMatch(/^Bulk write of rest-api petstore: 80 methods via PutRestApi \(merge\) x1, 1 call\.$/m);
    expect(res.out).toMatch(/^Apply complete: \d+ created, \d+ updated, 0 replaced, 0 deleted/m);
    const puts = pair.bulk.calls().log.filter((c) => c.operation === 'PutRestApi');
    expect(puts).toHaveLength(1);
    expect(pair.bulk.callCount('PutMethod')).toBe(0);
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
  });

  it('a bulk call that fails leaves its objects to per-object writes in the same run', async () => {
    pair.bulk.reset();
    const cwd = scratchWithExamples();
    expect((await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve')).code).toBe(0);
    addSubtree(cwd, 40);
    pair.bulk.setFaults({ errorRate: 1, kinds: ['internal'], operations: ['PutRestApi'], when: 'before' });
    try {
      const res = await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
      expect(res.out).toMatch(/^Bulk write of rest-api petstore stopped at call 1 of 1 \(PutRestApi: /m);
      expect(res.code, res.out + res.err).toBe(0);
      expect(pair.bulk.callCount('PutMethod')).toBeGreaterThanOrEqual(40);
    } finally {
      pair.bulk.setFaults(undefined);
    }
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
  });

  it('--no-bulk plans and applies one call per object', async () => {
    pair.bulk.reset();
    const cwd = scratchWithExamples();
    const plan = await run(pair.bulk, cwd, 'plan', SPECS, '--no-bulk', '--output', 'json');
    expect(JSON.parse(plan.out).bulk).toBeUndefined();
    expect((await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve', '--no-bulk')).code).toBe(0);
    expect(pair.bulk.callCount('ImportRestApi') + pair.bulk.callCount('PutRestApi')).toBe(0);
  });

  it('never writes in bulk to an API it does not own', async () => {
    pair.bulk.reset();
    const cwd = scratchWithExamples();
    const client = v1Client(pair.bulk);
    const theirs = await client.send(new CreateRestApiCommand({ name: 'petstore', tags: { team: 'someone-else' } }));
    // apply refuses to make a second API of that name (without --adopt or --allow-duplicate-name);
    // whatever it does, theirs is never written to, in bulk or otherwise.
    await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
    expect(pair.bulk.calls().log.filter((c) => c.operation === 'PutRestApi' || c.path.includes(theirs.id!)).filter((c) => c.method !== 'GET')).toEqual([]);
    const resources = await client.send(new GetResourcesCommand({ restApiId: theirs.id! }));
    expect(resources.items!.map((r) => r.path)).toEqual(['/']);
    expect((await client.send(new GetRestApisCommand({}))).items!.find((a) => a.id === theirs.id)!.tags).toEqual({ team: 'someone-else' });
  });

  it('interrupted during the bulk call, the report lists what did not start, and the next apply converges', async () => {
    pair.bulk.reset();
    const cwd = scratchWithExamples();
    const aws = createAwsClients({ region: 'us-east-1', endpoint: pair.bulk.url, credentials: { accessKeyId: 'AKIDBULK', secretAccessKey: 'x' } });
    try {
      const { plan, live, desired } = await computePlan({ specSet: load(cwd), clients: { apigateway: aws.apigateway, apigatewayv2: aws.apigatewayv2 }, env: { ...EMULATOR_ENV } });
      expect(plan.bulk?.map((b) => b.via)).toEqual(['ImportRestApi']);
      const ids = new Map<string, Record<string, string>>();
      for (const [key, e] of Object.entries(live.entities)) if (e.ids) ids.set(key, { ...e.ids });
      // The signal (Ctrl-C, SIGTERM) arrives while the ImportRestApi call is in flight.
      const stop = new AbortController();
      let perObject = 0;
      const run = await applyPlan(plan, {
        desired,
        ids,
        callAws: async (call) => {
          if (call.operation === 'ImportRestApi') stop.abort();
          return aws.callAws(call);
        },
        pacer: new Pacer(systemClock, NO_RATES),
        signal: stop.signal,
        allowDestroy: false,
        replan: () => { throw new Error('no read-back after an interrupt'); },
        execute: () => { perObject++; throw new Error('no per-object writes after an interrupt'); },
      });
      expect(perObject).toBe(0);
      expect(run.report.ok).toBe(false);
      const text = renderApplyReport(run.report, 0, 'apply');
      const written = plan.bulk![0]!.ops.length;
      expect(text).toMatch(new RegExp(`^Apply interrupted: ${written} of ${plan.ops.length} operations done .*, 0 failed, ${plan.ops.length - written} did not run`, 'm'));
      expect(text).toContain(`Not started, because apply was interrupted (${plan.ops.length - written}):`);
      expect(text).toMatch(/Run apply again to finish/);
    } finally {
      aws.destroy();
    }
    expect((await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve')).code).toBe(0);
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
  });

  it('an API that GetRestApis does not list yet after ImportRestApi is waited for, never created twice', async () => {
    pair.bulk.reset();
    const cwd = scratchWithExamples();
    // AWS's lists can lag a create: for 1.5 s a new REST API is missing from GetRestApis.
    pair.bulk.setConsistency({ readAfterCreateMs: 1_500 });
    try {
      const res = await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
      expect(res.code, res.out + res.err).toBe(0);
      expect(res.err).toMatch(/^rest-api petstore: created, not listed by AWS yet; reading again in \d+\.\d s/m);
      expect(pair.bulk.callCount('ImportRestApi')).toBe(1);
      expect(pair.bulk.callCount('CreateRestApi')).toBe(1); // the small internal API, per object
    } finally {
      pair.bulk.setConsistency({ readAfterCreateMs: 0 });
    }
    const apis = await v1Client(pair.bulk).send(new GetRestApisCommand({}));
    expect(apis.items!.map((a) => a.name).sort()).toEqual(['petstore', 'petstore-internal']);
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
  });
});
