import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { computePlan } from '../../../src/reconcile/index.js';
import type { MethodSpec, RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { withEmulator } from '../../emulator/helpers.js';
import { runPlan } from '../helpers/run-plan.js';
import { specSet } from '../helpers/spec-set.js';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';

/**
 * For arbitrary pairs of specs A and B: apply A, then plan B, run it, and plan B again: nothing
 * to do. This drives creates, updates, replaces and deletes of every REST kind through the real
 * SDK against the emulator, and any plan call AWS would refuse fails the property.
 */
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const POOL = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_P';

const arbIntegration = fc.oneof(
  fc.record({ type: fc.constant('MOCK' as const), requestTemplates: fc.option(fc.constantFrom({ 'application/json': '{"statusCode": 200}' }, { 'application/json': '{"statusCode": 201}' }), { nil: undefined }) }),
  fc.record({ type: fc.constant('HTTP' as const), httpMethod: fc.constantFrom('GET', 'POST'), uri: fc.constantFrom('https://a.example.com/x', 'https://b.example.com/y'),
    timeoutInMillis: fc.option(fc.constantFrom(1000, 29000), { nil: undefined }) }),
  fc.record({ lambda: fc.constant(FN) }),
);

const arbMethod = fc.record({
  apiKeyRequired: fc.option(fc.boolean(), { nil: undefined }),
  operationName: fc.option(fc.constantFrom('list', 'get'), { nil: undefined }),
  auth: fc.constantFrom('none', 'cognito', 'token'),
  validator: fc.option(fc.constantFrom('body', 'params'), { nil: undefined }),
  integration: arbIntegration,
  withResponse: fc.boolean(),
});

const arbSpec = fc.record({
  description: fc.option(fc.constantFrom('one', 'two'), { nil: undefined }),
  binary: fc.option(fc.subarray(['image/png', 'image/jpeg', 'application/pdf'], { minLength: 1 }), { nil: undefined }),
  cognitoTtl: fc.option(fc.constantFrom(0, 300, 60), { nil: undefined }),
  model: fc.option(fc.constantFrom({ type: 'object' }, { type: 'array' }), { nil: undefined }),
  resources: fc.dictionary(fc.constantFrom('/a', '/a/{id}', '/b', '/b/c'),
    fc.dictionary(fc.constantFrom('GET', 'POST', 'DELETE'), arbMethod, { minKeys: 1, maxKeys: 2 }), { minKeys: 1, maxKeys: 3 }),
  variables: fc.option(fc.dictionary(fc.constantFrom('x', 'y'), fc.constantFrom('1', '2'), { minKeys: 1 }), { nil: undefined }),
  stages: fc.subarray(['prod', 'dev'], { minLength: 1 }),
}).map(({ description, binary, cognitoTtl, model, resources, variables, stages }): SpecSet => {
  const api: RestApiSpec = {
    ...(description ? { description } : {}),
    ...(binary ? { binaryMediaTypes: binary } : {}),
    authorizers: {
      cognito: { type: 'COGNITO_USER_POOLS', providerArns: [POOL], identitySource: 'method.request.header.Authorization',
        ...(cognitoTtl !== undefined ? { authorizerResultTtlInSeconds: cognitoTtl } : {}) },
      token: { type: 'TOKEN', lambda: FN, identitySource: 'method.request.header.Authorization' },
    },
    requestValidators: { body: { validateRequestBody: true }, params: { validateRequestParameters: true } },
    ...(model ? { models: { Thing: { schema: model } } } : {}),
    resources: Object.fromEntries(Object.entries(resources).map(([path, methods]) => [path, Object.fromEntries(
      Object.entries(methods).map(([verb, m]): [string, MethodSpec] => {
        const integration: MethodSpec['integration'] = 'lambda' in m.integration && m.integration.lambda
          ? { lambda: m.integration.lambda }
          : { ...(m.integration as MethodSpec['integration']) };
        return [verb, {
          ...(m.apiKeyRequired !== undefined ? { apiKeyRequired: m.apiKeyRequired } : {}),
          ...(m.operationName ? { operationName: m.operationName } : {}),
          ...(m.auth === 'none' ? {} : { authorizer: m.auth }),
          ...(m.validator ? { requestValidator: m.validator } : {}),
          ...(m.withResponse && model ? { requestModels: { 'application/json': 'Thing' } } : {}),
          integration: m.withResponse && integration.type === 'MOCK'
            ? { ...integration, responses: { '200': { responseTemplates: { 'application/json': '{}' } } } }
            : integration,
          ...(m.withResponse ? { responses: { '200': { responseModels: { 'application/json': 'Empty' } } } } : {}),
        }];
      }),
    )])),
    stages: Object.fromEntries(stages.map((s) => [s, variables ? { variables } : {}])),
  };
  return specSet({ prop: api });
});

/** What the loader does to a spec before planning: authorizationType from the authorizer. */
function expanded(s: SpecSet): SpecSet {
  const copy = structuredClone(s);
  for (const api of Object.values(copy.restApis)) {
    for (const r of Object.values(api.resources ?? {})) {
      for (const m of Object.values(r) as MethodSpec[]) {
        m.authorizationType ??= m.authorizer === 'cognito' ? 'COGNITO_USER_POOLS' : m.authorizer ? 'CUSTOM' : 'NONE';
      }
    }
  }
  return copy;
}

let emu: RunningEmulator;
let client: APIGatewayClient;
beforeAll(async () => {
  ({ emu, client } = await withEmulator());
});
afterAll(async () => emu.close());

describe('property: any spec B reached from any spec A converges', () => {
  it('apply A, plan and run B, plan B again: no changes', async () => {
    await fc.assert(
      fc.asyncProperty(arbSpec, arbSpec, async (a, b) => {
        emu.reset();
        const plan = async (s: SpecSet) => (await computePlan({ specSet: expanded(s), clients: { apigateway: client }, options: { allowDestroy: true } })).plan;
        await runPlan(client, await plan(a));
        const toB = await plan(b);
        await runPlan(client, toB);
        const again = await plan(b);
        expect(again.ops.map((o) => [o.address, o.changes])).toStrictEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
