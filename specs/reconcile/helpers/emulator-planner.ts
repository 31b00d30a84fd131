import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { afterEach } from 'vitest';
import type { EmulatorOptions, RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan, type Plan } from '../../../src/reconcile/index.js';
import type { SpecSet } from '../../../src/schema/index.js';
import { TEST_CREDENTIALS, withEmulator } from '../../emulator/helpers.js';
import { runPlan } from './run-plan.js';

export interface EmulatorPlanner {
  emu: RunningEmulator;
  client: APIGatewayClient;
  v2: ApiGatewayV2Client;
  compute(s: SpecSet, allowDestroy?: boolean): ReturnType<typeof computePlan>;
  plan(s: SpecSet, allowDestroy?: boolean): Promise<Plan>;
  /** Applies a plan, or the plan of a spec set, with both services' clients. */
  apply(s: SpecSet | Plan): Promise<unknown>;
}

/**
 * The end-to-end files' setup: an empty emulator per test (closed after it), SDK clients of both
 * services, and the core's plan and apply over them. Call at the top level of a test file; each
 * test calls the returned function for its own emulator.
 */
export function emulatorPlanner(opts: { allowDestroy?: boolean; maxAttempts?: number; emulator?: Omit<EmulatorOptions, 'port'> } = {}): () => Promise<EmulatorPlanner> {
  let emulator: RunningEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return async () => {
    const { emu, client } = await withEmulator(opts.emulator);
    emulator = emu;
    const v2 = new ApiGatewayV2Client({
      region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
    });
    const compute = (s: SpecSet, allowDestroy = opts.allowDestroy ?? false) =>
      computePlan({ specSet: s, clients: { apigateway: client, apigatewayv2: v2 }, options: { allowDestroy } });
    const plan = async (s: SpecSet, allowDestroy?: boolean) => (await compute(s, allowDestroy)).plan;
    const apply = async (s: SpecSet | Plan) => runPlan(client, 'ops' in s ? s : await plan(s), {}, v2);
    return { emu, client, v2, compute, plan, apply };
  };
}
