import { GetIntegrationCommand, PutIntegrationCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { restApiToSpec } from '../../../src/import/rest-to-spec.js';
import type { RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { specSet } from '../helpers/spec-set.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';
import { errorsOf, load, ROOT } from '../../schema/helpers.js';

/**
 * Integration timeouts beyond 29 s: up to 300000 ms on regional and private REST APIs with the
 * account's quota raised, up to 900000 ms (15 minutes) with response streaming on any endpoint
 * type, 29000 on buffered integrations of EDGE APIs.
 */
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:report';

function base(timeoutInMillis: number, endpointType: 'REGIONAL' | 'EDGE' = 'REGIONAL', stream = false): SpecSet {
  const reports: RestApiSpec = {
    endpointType,
    resources: {
      '/report': { POST: { integration: { type: 'HTTP_PROXY', httpMethod: 'POST', uri: 'https://reports.example.com/run', timeoutInMillis, ...(stream ? { responseTransferMode: 'STREAM' as const } : {}) } } },
    },
    stages: { prod: {} },
  };
  return specSet({ reports });
}


describe('validate', () => {
  const spec = (type: string, body: string) => ({ 'apigw-sync.yaml': ROOT, 'api.yaml': `restApis:\n  reports:\n    endpointType: ${type}\n    resources:\n      /report:\n        POST:\n          integration:\n            type: HTTP_PROXY\n            httpMethod: POST\n            uri: https://reports.example.com/run\n${body}` });

  it('a regional API up to 300000: valid, with a warning that the quota must be raised', () => {
    const files = spec('REGIONAL', '            timeoutInMillis: 120000\n');
    expect(errorsOf(files)).toStrictEqual([]);
    const { result } = load(files);
    expect(result.ok).toBe(true);
    expect((result.ok ? result.warnings : []).map((d) => `${d.severity} ${d.code} ${d.location?.line}:${d.location?.column}`)).toStrictEqual(['warning spec/quota-needed 11:13']);
  });

  it('more than 300000 buffered, more than 29000 on EDGE: errors at the value', () => {
    expect(errorsOf(spec('PRIVATE', '            timeoutInMillis: 400000\n'))).toStrictEqual([
      'api.yaml:11:30 spec/out-of-range The integration of POST /report (REST API reports) has timeoutInMillis 400000; a buffered integration times out after at most 300000 ms.',
    ]);
    expect(errorsOf(spec('EDGE', '            timeoutInMillis: 60000\n'))).toStrictEqual([
      "api.yaml:11:30 spec/out-of-range The integration of POST /report (REST API reports) has timeoutInMillis 60000; an EDGE API's integrations time out after at most 29000 ms.",
    ]);
  });

  it('streaming: up to 900000 on any endpoint type; beyond is a schema error', () => {
    expect(errorsOf(spec('EDGE', '            responseTransferMode: STREAM\n            timeoutInMillis: 900000\n'))).toStrictEqual([]);
    const over = errorsOf(spec('REGIONAL', '            responseTransferMode: STREAM\n            timeoutInMillis: 900001\n'));
    expect(over).toHaveLength(1);
    expect(over[0]).toMatch(/^api\.yaml:12:30 /);
  });
});

describe('against the emulator', () => {
  const raised = emulatorPlanner({ emulator: { limits: { integrationTimeoutMillis: 300_000 } } });

  it('a regional API with the quota raised: 120000 applies, plans nothing, re-applies with zero writes, imports as written', async () => {
    const { emu, plan, apply, compute } = await raised();
    const p = await plan(base(120_000));
    expect(p.ops.find((o) => o.kind === 'integration')!.calls[0]!.input).toMatchObject({ timeoutInMillis: 120000 });
    await apply(p);
    expect((await plan(base(120_000))).ops).toStrictEqual([]);
    emu.resetCalls();
    await apply(base(120_000));
    expect(emu.calls().writes).toBe(0);
    expect(emu.calls().total).toBeGreaterThan(0);
    const imported = restApiToSpec('reports', (await compute(base(120_000))).live, 'us-east-1');
    expect((imported.spec as any).resources['/report'].POST.integration.timeoutInMillis).toBe(120000);
    // a change is one UpdateIntegration replacing /timeoutInMillis
    const next = await plan(base(300_000));
    expect(next.ops[0]!.calls.map((c) => [c.operation, (c.input as any).patchOperations])).toStrictEqual([
      ['UpdateIntegration', [{ op: 'replace', path: '/timeoutInMillis', value: '300000' }]],
    ]);
    await apply(next);
    expect((await plan(base(300_000))).ops).toStrictEqual([]);
  });

  it('streaming on an EDGE API: 900000 applies without a quota, and plans nothing after', async () => {
    const { plan, apply } = await emulatorPlanner()();
    await apply(base(900_000, 'EDGE', true));
    expect((await plan(base(900_000, 'EDGE', true))).ops).toStrictEqual([]);
  });

  const plain = emulatorPlanner();
  it("AWS's refusals: more than 29000 without the quota, on EDGE, or beyond 900000 streamed", async () => {
    const { client, plan, apply, compute } = await plain();
    await apply(base(29_000));
    const e = Object.values((await compute(base(29_000))).live.entities).find((x) => x.kind === 'integration')!;
    const target = { restApiId: e.ids!.restApiId!, resourceId: e.ids!.resourceId!, httpMethod: 'POST' };
    const put = (timeoutInMillis: number, responseTransferMode?: 'STREAM') => client.send(new PutIntegrationCommand({
      ...target, type: 'HTTP_PROXY', integrationHttpMethod: 'POST', uri: 'https://reports.example.com/run', timeoutInMillis, responseTransferMode,
    })).then(() => 'accepted', (err: Error) => `${err.name}: ${err.message}`);
    expect(await put(60_000)).toBe('BadRequestException: Timeout should be between 50 ms and 29000 ms');
    expect(await put(900_001, 'STREAM')).toBe('BadRequestException: Timeout should be between 50 ms and 900000 ms');
    expect(await put(900_000, 'STREAM')).toBe('accepted');
    expect((await client.send(new GetIntegrationCommand(target))).timeoutInMillis).toBe(900000);
    // back to buffered in one UpdateIntegration: refused while the timeout is over the quota
    const { UpdateIntegrationCommand } = await import('@aws-sdk/client-api-gateway');
    const err = await client.send(new UpdateIntegrationCommand({ ...target, patchOperations: [{ op: 'replace', path: '/responseTransferMode', value: 'BUFFERED' }] }))
      .then(() => 'accepted', (x: Error) => x.message);
    expect(err).toBe('Timeout should be between 50 ms and 29000 ms');
    void plan;
  });
});
