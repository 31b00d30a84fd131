import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiGatewayV2Client, CreateApiCommand, GetApisCommand, GetRoutesCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { applyPlan } from '../../src/reconcile/apply/bulk-step.js';
import { systemClock } from '../../src/reconcile/apply/clock.js';
import { NO_RATES, Pacer } from '../../src/reconcile/apply/pacer.js';
import { computePlan } from '../../src/reconcile/index.js';
import { OWNERSHIP_TAG } from '../../src/reconcile/model.js';
import type { SpecSet } from '../../src/schema/index.js';
import { EMULATOR_ENV, scratchWithExamples } from '../helpers/cli.js';
import { emulatorPair, loadExample, runOn as run } from '../helpers/bulk-pair.js';

// Bulk writes of HTTP APIs end to end: the real CLI creates the example's HTTP API with one
// apigatewayv2 ImportApi call, reads it back and runs the residual plan; what it leaves is compared
// with what one call per object leaves.

const SPECS = 'examples/orders-http';
const pair = emulatorPair();
const load = (cwd: string): SpecSet => loadExample(cwd, SPECS);

function clients(emu: RunningEmulator) {
  return createAwsClients({ region: 'eu-west-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIDBULK', secretAccessKey: 'x' } });
}

/** AWS ids and what they name differ between two accounts whatever the path. */
const ID_VALUED = new Set(['connectionId', 'deploymentId', 'apiId']);

/** The live model the planner reads: each object's canonical attributes by key, ids left out. */
async function liveObjects(emu: RunningEmulator, cwd: string): Promise<Record<string, unknown>> {
  const aws = clients(emu);
  try {
    const { live } = await computePlan({ specSet: load(cwd), clients: { apigateway: aws.apigateway, apigatewayv2: aws.apigatewayv2 }, env: { ...EMULATOR_ENV } });
    return Object.fromEntries(
      Object.values(live.entities)
        .filter((e) => e.key.startsWith('http-api:') || e.key.startsWith('domain-name:') || e.key.startsWith('vpc-link'))
        .map((e) => [e.key, JSON.parse(JSON.stringify(e.attrs, (k, v) => (ID_VALUED.has(k) ? '(id)' : v))) as unknown]),
    );
  } finally {
    aws.destroy();
  }
}

/** Adds `n` routes to the example's API (the example alone is too small for bulk writes to pay: the read-back costs more than its writes). */
function addRoutes(cwd: string, n: number): void {
  const path = join(cwd, SPECS, 'orders.yaml');
  const text = readFileSync(path, 'utf8');
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`      GET /bulk/r${i}: { integration: orders-fn, authorizer: cognito-jwt, authorizationScopes: [orders/read] }`);
  const next = text.replace(/\n    routes:\n/, `\n    routes:\n${lines.join('\n')}\n`);
  expect(next).not.toBe(text);
  writeFileSync(path, next);
}

const scratch = (): string => {
  const cwd = scratchWithExamples();
  addRoutes(cwd, 40);
  return cwd;
};

describe('bulk writes of HTTP APIs', () => {
  it('apply from empty makes the HTTP API with ImportApi and ends exactly where one call per object ends', async () => {
    pair.bulk.reset();
    pair.perCall.reset();
    const cwd = scratch();
    const plan = await run(pair.bulk, cwd, 'plan', SPECS);
    expect(plan.out).toMatch(/^ {2}- http-api orders: \d+ routes, \d+ integrations, 2 authorizers \(\d+ objects\) via ImportApi, 1 call: ~\d+ s of AWS time instead of ~\d+ s/m);

    const bulk = await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
    expect(bulk.code, bulk.out + bulk.err).toBe(0);
    expect(bulk.out).toMatch(/^Bulk write of http-api orders: \d+ routes via ImportApi, 1 call\.$/m);
    expect(pair.bulk.callCount('ImportApi')).toBe(1);
    expect(pair.bulk.callCount('CreateApi')).toBe(0);
    // The route through the VPC link and its integration go per call; the others came with the
    // document, right the first time: nothing of theirs needed correcting.
    expect(pair.bulk.callCount('CreateRoute')).toBe(1);
    expect(pair.bulk.callCount('CreateIntegration')).toBe(1);
    expect(pair.bulk.callCount('CreateAuthorizer')).toBe(0);
    for (const op of ['UpdateRoute', 'UpdateIntegration', 'UpdateAuthorizer', 'DeleteRoute', 'DeleteIntegration']) expect(pair.bulk.callCount(op), op).toBe(0);

    const perCall = await run(pair.perCall, cwd, 'apply', SPECS, '--auto-approve', '--no-bulk');
    expect(perCall.code, perCall.out + perCall.err).toBe(0);
    expect(pair.perCall.callCount('ImportApi')).toBe(0);
    expect(pair.bulk.calls().total).toBeLessThan(pair.perCall.calls().total);

    // Same objects, same attributes: the residual plan left nothing of the import's own making.
    expect(await liveObjects(pair.bulk, cwd)).toEqual(await liveObjects(pair.perCall, cwd));

    // apply, then plan: empty; a second apply writes nothing.
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
    const writes = pair.bulk.calls().writes;
    expect((await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve')).out).toBe('No changes. The live state matches the specs.\n');
    expect(pair.bulk.calls().writes - writes).toBe(0);
  });

  it('a failing ImportApi leaves the API to per-object writes in the same run', async () => {
    pair.bulk.reset();
    const cwd = scratch();
    pair.bulk.setFaults({ errorRate: 1, kinds: ['internal'], operations: ['ImportApi'], when: 'before' });
    try {
      const res = await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
      expect(res.out).toMatch(/^Bulk write of http-api orders stopped at call 1 of 1 \(ImportApi: /m);
      expect(res.code, res.out + res.err).toBe(0);
      expect(pair.bulk.callCount('CreateApi')).toBe(1);
      expect(pair.bulk.callCount('CreateRoute')).toBeGreaterThan(5);
    } finally {
      pair.bulk.setFaults(undefined);
    }
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
    const apis = await v2(pair.bulk).send(new GetApisCommand({}));
    expect(apis.Items!.filter((a) => a.Name === 'orders')).toHaveLength(1);
  });

  it('an ImportApi that AWS carried out but whose answer was lost is not repeated: the API it made is found by its tag', async () => {
    pair.bulk.reset();
    const cwd = scratch();
    pair.bulk.setFaults({ errorRate: 1, kinds: ['internal'], operations: ['ImportApi'], when: 'after' });
    try {
      const res = await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
      expect(res.out).toMatch(/^Bulk write of http-api orders stopped at call 1 of 1 \(ImportApi: /m);
      expect(res.code, res.out + res.err).toBe(0);
    } finally {
      pair.bulk.setFaults(undefined);
    }
    // Not retried (a new id every time), no CreateApi: the read-back found the imported API.
    expect(pair.bulk.callCount('ImportApi')).toBe(1);
    expect(pair.bulk.callCount('CreateApi')).toBe(0);
    expect((await v2(pair.bulk).send(new GetApisCommand({}))).Items!.filter((a) => a.Name === 'orders')).toHaveLength(1);
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
  });

  it('interrupted right after ImportApi, the API is already owned: the next apply finishes it and makes no second API', async () => {
    pair.bulk.reset();
    const cwd = scratch();
    const aws = clients(pair.bulk);
    try {
      const { plan, live, desired } = await computePlan({ specSet: load(cwd), clients: { apigateway: aws.apigateway, apigatewayv2: aws.apigatewayv2 }, env: { ...EMULATOR_ENV } });
      expect(plan.bulk?.map((b) => b.via)).toEqual(['ImportApi']);
      const ids = new Map<string, Record<string, string>>();
      for (const [key, e] of Object.entries(live.entities)) if (e.ids) ids.set(key, { ...e.ids });
      // The signal (Ctrl-C, SIGTERM) arrives while ImportApi is in flight: nothing is written after it.
      const stop = new AbortController();
      const res = await applyPlan(plan, {
        desired,
        ids,
        callAws: async (call) => {
          if (call.operation === 'ImportApi') stop.abort();
          return aws.callAws(call);
        },
        pacer: new Pacer(systemClock, NO_RATES),
        signal: stop.signal,
        allowDestroy: false,
        replan: () => { throw new Error('no read-back after an interrupt'); },
        execute: () => { throw new Error('no per-object writes after an interrupt'); },
      });
      expect(res.report.ok).toBe(false);
    } finally {
      aws.destroy();
    }
    const made = (await v2(pair.bulk).send(new GetApisCommand({}))).Items!.filter((a) => a.Name === 'orders');
    expect(made).toHaveLength(1);
    // Ours from the call that made it.
    expect(made[0]!.Tags![OWNERSHIP_TAG]).toBeDefined();
    const again = await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
    expect(again.code, again.out + again.err).toBe(0);
    expect(pair.bulk.callCount('ImportApi')).toBe(1);
    expect(pair.bulk.callCount('CreateApi')).toBe(0);
    expect((await v2(pair.bulk).send(new GetApisCommand({}))).Items!.filter((a) => a.Name === 'orders')).toHaveLength(1);
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
  });

  it('never writes in bulk to an HTTP API it does not own', async () => {
    pair.bulk.reset();
    const cwd = scratch();
    const theirs = await v2(pair.bulk).send(new CreateApiCommand({ Name: 'orders', ProtocolType: 'HTTP', Tags: { team: 'someone-else' } }));
    const plan = await run(pair.bulk, cwd, 'plan', SPECS, '--output', 'json');
    expect(JSON.parse(plan.out).bulk ?? []).toEqual([]);
    await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve');
    expect(pair.bulk.callCount('ImportApi') + pair.bulk.callCount('ReimportApi')).toBe(0);
    expect(pair.bulk.calls().log.filter((c) => c.path.includes(theirs.ApiId!) && c.method !== 'GET')).toEqual([]);
    expect((await v2(pair.bulk).send(new GetRoutesCommand({ ApiId: theirs.ApiId! }))).Items).toEqual([]);
  });

  it('a saved plan keeps its ImportApi bulk write, and apply PLANFILE makes it', async () => {
    pair.bulk.reset();
    const cwd = scratch();
    const saved = await run(pair.bulk, cwd, 'plan', SPECS, '--out', 'orders.plan.json');
    expect(saved.code, saved.out + saved.err).toBe(0);
    const res = await run(pair.bulk, cwd, 'apply', 'orders.plan.json', '--auto-approve');
    expect(res.code, res.out + res.err).toBe(0);
    expect(res.out).toMatch(/^Bulk write of http-api orders: \d+ routes via ImportApi, 1 call\.$/m);
    expect(pair.bulk.callCount('ImportApi')).toBe(1);
    expect((await run(pair.bulk, cwd, 'plan', SPECS, '--detailed-exitcode')).code).toBe(0);
  });

  it('--no-bulk plans and applies one call per object', async () => {
    pair.bulk.reset();
    const cwd = scratch();
    const plan = await run(pair.bulk, cwd, 'plan', SPECS, '--no-bulk', '--output', 'json');
    expect(JSON.parse(plan.out).bulk).toBeUndefined();
    expect((await run(pair.bulk, cwd, 'apply', SPECS, '--auto-approve', '--no-bulk')).code).toBe(0);
    expect(pair.bulk.callCount('ImportApi')).toBe(0);
  });
});

function v2(emu: RunningEmulator): ApiGatewayV2Client {
  return new ApiGatewayV2Client({ region: 'eu-west-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIDBULK', secretAccessKey: 'x' }, maxAttempts: 1 });
}
