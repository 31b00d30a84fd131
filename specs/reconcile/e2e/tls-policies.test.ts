import { CreateDomainNameCommand, CreateRestApiCommand, GetDomainNameCommand, GetRestApiCommand, GetRestApisCommand, UpdateDomainNameCommand } from '@aws-sdk/client-api-gateway';
import { CreateDomainNameCommand as CreateV2DomainNameCommand } from '@aws-sdk/client-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { accountToSpec } from '../../../src/import/account-to-spec.js';
import { restApiToSpec } from '../../../src/import/rest-to-spec.js';
import type { RestApiSpec, SpecSet } from '../../../src/schema/index.js';
import { specSet } from '../helpers/spec-set.js';
import { emulatorPlanner } from '../helpers/emulator-planner.js';

/**
 * Security policies and endpoint access modes of REST APIs and custom domains, against the
 * emulator: a spec with an enhanced policy applies, plans nothing after, re-applies with zero
 * writes and imports as written; a move between legacy and enhanced is one Update call with both
 * paths; and the emulator refuses what AWS refuses.
 */
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/c1';

function base(): SpecSet {
  const shop: RestApiSpec = {
    endpointType: 'REGIONAL',
    securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
    endpointAccessMode: 'STRICT',
    resources: { '/items': { GET: { integration: { type: 'MOCK' } } } },
    stages: { prod: {} },
  };
  return {
    ...specSet({ shop }),
    domains: {
      'api.example.com': {
        regionalCertificateArn: CERT, securityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', endpointAccessMode: 'BASIC',
        mappings: { v1: { api: 'shop', stage: 'prod' } },
      },
    },
  };
}

const planner = emulatorPlanner({ allowDestroy: true });

describe('enhanced security policies converge', () => {
  it('apply, plan empty, re-apply with zero writes, import round trip', async () => {
    const { emu, client, plan, apply, compute } = await planner();
    const p = await plan(base());
    const create = p.ops.find((o) => o.address === 'rest-api shop')!;
    expect(create.calls[0]!.input).toMatchObject({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' });
    const domain = p.ops.find((o) => o.address === 'domain-name api.example.com')!;
    expect(domain.calls[0]!.input).toMatchObject({ securityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', endpointAccessMode: 'BASIC' });
    await apply(p);
    const id = (await client.send(new GetRestApisCommand({}))).items![0]!.id!;
    expect(await client.send(new GetRestApiCommand({ restApiId: id }))).toMatchObject({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' });
    expect(await client.send(new GetDomainNameCommand({ domainName: 'api.example.com' }))).toMatchObject({ endpointAccessMode: 'BASIC' });
    expect((await plan(base())).ops).toStrictEqual([]);
    emu.resetCalls();
    await apply(base());
    expect(emu.calls().writes).toBe(0);
    expect(emu.calls().total).toBeGreaterThan(0);
    const live = (await compute(base())).live;
    const imported = restApiToSpec('shop', live, 'us-east-1');
    expect(imported.spec).toMatchObject({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' });
    const domains = accountToSpec(live).domains;
    expect(domains['api.example.com']).toMatchObject({ securityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', endpointAccessMode: 'BASIC' });
    const round = { ...base(), restApis: { shop: { ...(imported.spec as RestApiSpec) } }, domains: domains as SpecSet['domains'] };
    expect((await plan(round)).ops).toStrictEqual([]);
  });

  it('back to a legacy policy and on again: one UpdateRestApi / UpdateDomainName with both paths each way', async () => {
    const { apply, plan } = await planner();
    await apply(base());
    const legacy = base();
    delete legacy.restApis.shop!.securityPolicy;
    delete legacy.restApis.shop!.endpointAccessMode;
    legacy.domains['api.example.com'] = { regionalCertificateArn: CERT, securityPolicy: 'TLS_1_2', mappings: { v1: { api: 'shop', stage: 'prod' } } };
    const down = await plan(legacy);
    expect(down.ops.filter((o) => o.action === 'update').map((o) => [o.address, o.calls.map((c) => [c.operation, (c.input as any).patchOperations])])).toStrictEqual([
      ['rest-api shop', [['UpdateRestApi', [{ op: 'replace', path: '/securityPolicy', value: 'TLS_1_0' }, { op: 'replace', path: '/endpointAccessMode', value: '' }]]]],
      ['domain-name api.example.com', [['UpdateDomainName', [{ op: 'replace', path: '/securityPolicy', value: 'TLS_1_2' }, { op: 'replace', path: '/endpointAccessMode', value: '' }]]]],
    ]);
    await apply(down);
    expect((await plan(legacy)).ops).toStrictEqual([]);
    const up = await plan(base());
    expect(up.ops.find((o) => o.address === 'rest-api shop')!.calls.map((c) => (c.input as any).patchOperations)).toStrictEqual([
      [{ op: 'replace', path: '/securityPolicy', value: 'SecurityPolicy_TLS13_1_3_2025_09' }, { op: 'replace', path: '/endpointAccessMode', value: 'STRICT' }],
    ]);
    await apply(up);
    expect((await plan(base())).ops).toStrictEqual([]);
  });
});

describe('the emulator refuses what AWS refuses', () => {
  const refused = async (p: Promise<unknown>) => {
    const e = await p.then(() => undefined, (err: any) => err);
    return e ? `${e.name}: ${e.message}` : 'accepted';
  };

  it('CreateDomainName: enhanced without a mode, a mode with a legacy policy, mutual TLS with an enhanced policy, an _EDGE policy on a regional domain', async () => {
    const { client } = await planner();
    const regional = { regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL' as const] } };
    expect(await refused(client.send(new CreateDomainNameCommand({ domainName: 'a.example.com', ...regional, securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' })))).toMatch(/^BadRequestException: .*endpointAccessMode/);
    expect(await refused(client.send(new CreateDomainNameCommand({ domainName: 'a.example.com', ...regional, securityPolicy: 'TLS_1_2', endpointAccessMode: 'STRICT' })))).toMatch(/^BadRequestException: /);
    expect(await refused(client.send(new CreateDomainNameCommand({
      domainName: 'a.example.com', ...regional, securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT',
      mutualTlsAuthentication: { truststoreUri: 's3://bucket/truststore.pem' },
    })))).toMatch(/^BadRequestException: Mutual TLS/);
    expect(await refused(client.send(new CreateDomainNameCommand({ domainName: 'a.example.com', ...regional, securityPolicy: 'SecurityPolicy_TLS13_2025_EDGE', endpointAccessMode: 'STRICT' })))).toMatch(/^BadRequestException: .*not supported/);
    expect(await refused(client.send(new CreateDomainNameCommand({ domainName: 'a.example.com', ...regional, securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' })))).toBe('accepted');
    // and an update that would leave the domain enhanced without a mode
    expect(await refused(client.send(new UpdateDomainNameCommand({ domainName: 'a.example.com', patchOperations: [{ op: 'replace', path: '/endpointAccessMode', value: '' }] })))).toMatch(/^BadRequestException: /);
  });

  it('CreateRestApi: an enhanced policy without a mode; apigatewayv2 CreateDomainName takes only TLS_1_0 and TLS_1_2', async () => {
    const { client, v2 } = await planner();
    expect(await refused(client.send(new CreateRestApiCommand({ name: 'x', endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' })))).toMatch(/^BadRequestException: /);
    expect(await refused(v2.send(new CreateV2DomainNameCommand({
      DomainName: 'h.example.com', DomainNameConfigurations: [{ CertificateArn: CERT, SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09' as any }],
    })))).toMatch(/^BadRequestException: /);
  });
});
