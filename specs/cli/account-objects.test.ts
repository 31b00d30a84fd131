import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { zoneRecords } from '../helpers/emulator.js';
import { cli } from '../helpers/cli.js';

// Stage settings, usage plans, keys and domains of the petstore example, changed through the CLI
// against the emulator: every change to one object in one Update call, applied, then no changes;
// deleting keys, plans and domains only with --allow-destroy.

const e2e = emulatorSession();
beforeEach(async () => {
  expect((await run('apply', '--auto-approve')).code).toBe(0);
});

type Obj = Record<string, any>;
const run = (cmd: string, ...extra: string[]) => cli([cmd, 'examples/petstore', ...e2e.url, ...extra], { cwd: e2e.cwd });
const edit = (file: string, from: string, to: string) => e2e.edit(file, from, to);
const planJson = async (): Promise<{ ops: Obj[] }> => JSON.parse((await run('plan', '--output', 'json')).out);
const NO_CHANGES = 'No changes. The live state matches the specs.\n';

async function expectConverged(): Promise<void> {
  expect((await run('apply', '--auto-approve')).code).toBe(0);
  expect((await run('plan')).out).toBe(NO_CHANGES);
}

describe('stage settings', () => {
  it('every kind of stage setting changed at once: one UpdateStage with one patch operation per setting', async () => {
    edit('petstore.yaml', 'description: Pet store ${values.stage}', 'description: Pet store ${values.stage} (v2)');
    edit('petstore.yaml', 'vpcLinkId: a1b2c3', 'vpcLinkId: d4e5f6\n          region: us-east-1');
    edit('petstore.yaml', 'metrics: true }', 'metrics: false }');
    edit('petstore.yaml', 'tracingEnabled: true', 'tracingEnabled: false');
    edit('petstore.yaml', '"latency":"$context.responseLatency"}', '"latency":"$context.responseLatency","agent":"$context.identity.userAgent"}');
    edit('petstore.yaml', 'throttle: { rateLimit: 20, burstLimit: 40 }', 'throttle: { rateLimit: 25, burstLimit: 40 }');
    edit('petstore.yaml', 'clientCertificateId: pet123', 'clientCertificateId: pet456');
    edit('apigw-sync.yaml', '    cacheClusterEnabled: false\n    cacheClusterSize: ~', '    cacheClusterEnabled: true\n    cacheClusterSize: "1.6"');
    edit('apigw-sync.yaml', 'userCaching: { enabled: false }', 'userCaching: { enabled: true, ttlInSeconds: 120, dataEncrypted: true }');
    const op = (await planJson()).ops.find((o) => o.address === "rest-api petstore / stage dev")!;
    expect(op.calls.map((c: Obj) => c.operation)).toStrictEqual(['UpdateStage']);
    expect(op.calls[0].input.patchOperations).toStrictEqual([
      { op: 'replace', path: '/description', value: 'Pet store dev (v2)' },
      { op: 'replace', path: '/cacheClusterEnabled', value: 'true' },
      { op: 'replace', path: '/cacheClusterSize', value: '1.6' },
      { op: 'replace', path: '/tracingEnabled', value: 'false' },
      { op: 'replace', path: '/clientCertificateId', value: 'pet456' },
      { op: 'replace', path: '/variables/region', value: 'us-east-1' },
      { op: 'replace', path: '/variables/vpcLinkId', value: 'd4e5f6' },
      { op: 'replace', path: '/*/*/metrics/enabled', value: 'false' },
      { op: 'replace', path: '/~1users~1{id}/GET/caching/dataEncrypted', value: 'true' },
      { op: 'replace', path: '/~1users~1{id}/GET/caching/ttlInSeconds', value: '120' },
      { op: 'replace', path: '/~1users~1{id}/GET/caching/enabled', value: 'true' },
      { op: 'replace', path: '/~1users/POST/throttling/rateLimit', value: '25' },
      { op: 'replace', path: '/accessLogSettings/format', value: expect.stringContaining('"agent":"$context.identity.userAgent"') },
    ]);
    // the plan lists the same changes one by one
    expect(op.changes.map((c: Obj) => c.path)).toStrictEqual([
      '/accessLogSettings/format', '/cacheClusterEnabled', '/cacheClusterSize', '/clientCertificateId', '/description',
      '/methodSettings/*~1*/metricsEnabled', '/methodSettings/GET ~1users~1{id}/cacheDataEncrypted',
      '/methodSettings/GET ~1users~1{id}/cacheTtlInSeconds', '/methodSettings/GET ~1users~1{id}/cachingEnabled',
      '/methodSettings/POST ~1users/throttlingRateLimit', '/tracingEnabled', '/variables/region', '/variables/vpcLinkId',
    ]);
    await expectConverged();
  });
});

describe('usage plans and keys', () => {
  it('throttle, quota, per-method throttle and description in one UpdateUsagePlan; a key detached with DeleteUsagePlanKey', async () => {
    edit('access.yaml', 'description: Basic usage plan', 'description: Basic usage plan (2026)');
    edit('access.yaml', 'throttle: { rateLimit: 100, burstLimit: 200 }', 'throttle: { rateLimit: 150, burstLimit: 300 }');
    edit('access.yaml', 'period: MONTH, offset: 0', 'period: WEEK, offset: 2');
    edit('access.yaml', 'POST /orders: { rateLimit: 10, burstLimit: 20 }', 'POST /orders: { rateLimit: 15, burstLimit: 20 }');
    edit('access.yaml', 'keys: [partner, mobile-app]', 'keys: [partner]');
    const ops = (await planJson()).ops.filter((o) => o.address.startsWith('usage-plan basic'));
    expect(ops.map((o) => [o.action, o.address, o.calls.map((c: Obj) => c.operation)])).toStrictEqual([
      ['update', 'usage-plan basic', ['UpdateUsagePlan']],
      ['delete', 'usage-plan basic / usage-plan-key mobile-app', ['DeleteUsagePlanKey']],
    ]);
    expect(ops[0]!.calls[0].input.patchOperations.map((p: Obj) => p.path)).toStrictEqual([
      '/description', '/throttle/burstLimit', '/throttle/rateLimit', '/quota/offset', '/quota/period', expect.stringMatching(/^\/apiStages\/\w+:dev\/throttle$/),
    ]);
    await expectConverged();
  });
});

describe('keys and domains', () => {
  it("a key disabled, described and tagged anew; a domain's truststore version, another's security policy: one Update call each, plus tags", async () => {
    edit('access.yaml', "  mobile-app:\n    description: Mobile app (value generated by AWS)", "  mobile-app:\n    description: Mobile app (retired)\n    enabled: false\n    tags: { retired: \"2026\" }");
    edit('domains.yaml', 'truststoreVersion: "1"', 'truststoreVersion: "2"');
    edit('domains.yaml', 'securityPolicy: SecurityPolicy_TLS13_2025_EDGE', 'securityPolicy: SecurityPolicy_TLS12_PFS_2025_EDGE');
    const ops = (await planJson()).ops.filter((o) => ['api-key mobile-app', 'domain-name dev-api.petstore.example.com', 'domain-name dev-www-api.petstore.example.com'].includes(o.address));
    expect(ops.map((o) => [o.address, o.calls.map((c: Obj) => [c.operation, c.input.patchOperations ?? c.input.tags])])).toStrictEqual([
      ['api-key mobile-app', [
        ['UpdateApiKey', [{ op: 'replace', path: '/description', value: 'Mobile app (retired)' }, { op: 'replace', path: '/enabled', value: 'false' }]],
        ['TagResource', { retired: '2026' }],
      ]],
      ['domain-name dev-api.petstore.example.com', [
        ['UpdateDomainName', [{ op: 'replace', path: '/mutualTlsAuthentication/truststoreVersion', value: '2' }]],
      ]],
      ['domain-name dev-www-api.petstore.example.com', [
        ['UpdateDomainName', [{ op: 'replace', path: '/securityPolicy', value: 'SecurityPolicy_TLS12_PFS_2025_EDGE' }]],
      ]],
    ]);
    await expectConverged();
  });

  it('an enhanced security policy on a domain with mutual TLS is refused by validate, before any call', async () => {
    edit('domains.yaml', 'securityPolicy: TLS_1_2\n    # Partners', 'securityPolicy: SecurityPolicy_TLS13_1_2_2021_06\n    endpointAccessMode: STRICT\n    # Partners');
    const r = await run('plan');
    expect(r.code).toBe(1);
    expect(r.err).toContain('mutual TLS cannot be enabled on a domain with an enhanced security policy (SecurityPolicy_TLS13_1_2_2021_06)');
    expect(r.err).toMatch(/domains\.yaml:\d+:\d+/);
  });

  it('a stage renamed under its usage plan and mappings: plan and mappings move to the new stage before the old one is deleted', async () => {
    edit('apigw-sync.yaml', '    stage: dev\n', '    stage: test\n');
    const refused = await run('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    const applied = await run('apply', '--auto-approve', '--allow-destroy');
    expect(applied.code, applied.out).toBe(0);
    const apis = (e2e.emu.state.v1 as Obj).restApis as Record<string, Obj>;
    expect(Object.values(apis).map((a) => Object.keys(a.stages).sort())).toStrictEqual([['test'], ['test']]);
    expect((await run('plan')).out).toBe(NO_CHANGES);
  });
});

describe('deletion safety', () => {
  it('keys, usage plans and domains are deleted only with --allow-destroy; then in an order AWS accepts', async () => {
    expect(zoneRecords(e2e.emu)).toHaveLength(4);
    rmSync(join(e2e.cwd, 'examples/petstore/access.yaml'));
    rmSync(join(e2e.cwd, 'examples/petstore/domains.yaml'));
    const writes = e2e.emu.calls().writes;
    const refused = await run('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    // The domains' alias records go with them (their zone's change batch deletes records).
    expect(refused.err).toContain('Error: The plan deletes 6 objects that need --allow-destroy:\n'
      + '  - dns-zone petstore.example.com\n'
      + '  - api-key mobile-app\n  - api-key partner\n'
      + '  - domain-name dev-api.petstore.example.com\n  - domain-name dev-www-api.petstore.example.com\n  - usage-plan basic\nNothing was changed.\n');
    expect(e2e.emu.calls().writes).toBe(writes);
    const applied = await run('apply', '--auto-approve', '--allow-destroy');
    expect(applied.code, applied.out).toBe(0);
    const v1 = e2e.emu.state.v1 as Obj;
    expect([Object.keys(v1.apiKeys), Object.keys(v1.usagePlans), Object.keys(v1.domainNames)]).toStrictEqual([[], [], []]);
    expect(zoneRecords(e2e.emu)).toStrictEqual([]);
    expect((await run('plan')).out).toBe(NO_CHANGES);
  });
});
