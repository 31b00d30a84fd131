import * as A from '@aws-sdk/client-api-gateway';
import * as V2 from '@aws-sdk/client-apigatewayv2';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { TEST_CREDENTIALS } from '../emulator/helpers.js';
import { startEmulator } from '../helpers/emulator.js';
import { cli } from '../helpers/cli.js';

/**
 * A Regional custom domain is one object that apigateway and apigatewayv2 both list. import writes
 * each domain once, as the kind its mappings say: a domain with an API mapping to an HTTP or
 * WebSocket API is an HTTP/WebSocket domain (read through apigatewayv2), any other one a REST
 * domain (read through apigateway), whichever API created it. Adopting the import then plans to
 * nothing.
 */
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/c1';
let emu: RunningEmulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function filesUnder(d: string): string[] {
  return readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? filesUnder(join(d, f)) : [join(d, f)]));
}

describe('import of domains created through either API', () => {
  it('writes each domain once, as a REST or an HTTP domain by its mappings; adopt, then plan: no changes', async () => {
    emu = await startEmulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'apigw-import-domains-'));
    const v1 = new A.APIGatewayClient({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
    const v2 = new V2.ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
    const rest = await v1.send(new A.CreateRestApiCommand({ name: 'shop', endpointConfiguration: { types: ['REGIONAL'] } }));
    await v1.send(new A.PutMethodCommand({ restApiId: rest.id!, resourceId: rest.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }));
    await v1.send(new A.PutIntegrationCommand({ restApiId: rest.id!, resourceId: rest.rootResourceId!, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    await v1.send(new A.CreateDeploymentCommand({ restApiId: rest.id!, stageName: 'prod' }));
    const { ApiId } = await v2.send(new V2.CreateApiCommand({ Name: 'orders', ProtocolType: 'HTTP' }));
    const integ = await v2.send(new V2.CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:orders', PayloadFormatVersion: '2.0' }));
    await v2.send(new V2.CreateRouteCommand({ ApiId, RouteKey: 'GET /orders', Target: `integrations/${integ.IntegrationId}` }));
    await v2.send(new V2.CreateStageCommand({ ApiId, StageName: 'live', AutoDeploy: true }));
    // a REST domain made through apigatewayv2 (a base path mapping through apigateway)
    await v2.send(new V2.CreateDomainNameCommand({ DomainName: 'rest.example.com', DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    await v1.send(new A.CreateBasePathMappingCommand({ domainName: 'rest.example.com', restApiId: rest.id!, stage: 'prod', basePath: 'shop' }));
    // an HTTP domain made through apigateway (an API mapping through apigatewayv2)
    await v1.send(new A.CreateDomainNameCommand({ domainName: 'http.example.com', regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    await v2.send(new V2.CreateApiMappingCommand({ DomainName: 'http.example.com', ApiId, Stage: 'live', ApiMappingKey: 'orders' }));
    v1.destroy();
    v2.destroy();

    const url = ['--endpoint-url', emu.url];
    const imported = await cli(['import', '--all', '--out', 'imported', '--region', 'us-east-1', ...url], { cwd: dir });
    expect(imported.err).toBe('');
    expect(imported.code, imported.out).toBe(0);
    expect(imported.out).toMatch(/^Imported 1 REST API, 1 HTTP API, 0 WebSocket APIs, 0 API keys, 0 usage plans and 2 domains into imported/);
    const written = filesUnder(join(dir, 'imported')).map((f) => readFileSync(f, 'utf8')).join('\n');
    // each name is declared once, with the mapping that says its kind
    expect(written.match(/^\s*rest\.example\.com:/gm)).toHaveLength(1);
    expect(written.match(/^\s*http\.example\.com:/gm)).toHaveLength(1);
    expect(written).toMatch(/rest\.example\.com:[\s\S]*?mappings:\s*\n\s*shop:\s*\n\s*api: shop\s*\n\s*stage: prod/);
    expect(written).toMatch(/http\.example\.com:[\s\S]*?mappings:\s*\n\s*orders:\s*\n\s*api: orders\s*\n\s*stage: live/);
    const valid = await cli(['validate', 'imported'], { cwd: dir });
    expect(valid.code, valid.out + valid.err).toBe(0);

    const plan = await cli(['plan', 'imported', '--adopt', '--output', 'json', ...url], { cwd: dir });
    expect(plan.err).toBe('');
    const ops = JSON.parse(plan.out).ops as { action: string; address: string; calls: { operation: string }[] }[];
    expect(ops.map((o) => [o.action, o.address, o.calls.map((c) => c.operation)])).toEqual([
      ['adopt', 'http-api orders', ['TagResource']],
      ['adopt', 'rest-api shop', ['TagResource']],
      ['adopt', 'domain-name http.example.com', ['TagResource']],
      ['adopt', 'domain-name rest.example.com', ['TagResource']],
    ]);
    expect((await cli(['apply', 'imported', '--adopt', '--auto-approve', ...url], { cwd: dir })).code).toBe(0);
    const again = await cli(['plan', 'imported', '--detailed-exitcode', ...url], { cwd: dir });
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    expect(again.code).toBe(0);
  }, 120_000);

  it("a quick-created HTTP API whose $default stage a domain maps: the import validates, adopts and plans to nothing", async () => {
    emu = await startEmulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'apigw-import-quick-'));
    const v2 = new V2.ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS });
    // GIVEN the guide's quick create (AWS makes the route, the integration and an auto-deploying $default stage)
    const { ApiId } = await v2.send(new V2.CreateApiCommand({ Name: 'hooks', ProtocolType: 'HTTP', Target: 'arn:aws:lambda:us-east-1:123456789012:function:hooks', RouteKey: 'POST /hooks' }));
    await v2.send(new V2.CreateDomainNameCommand({ DomainName: 'hooks.example.com', DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    await v2.send(new V2.CreateApiMappingCommand({ DomainName: 'hooks.example.com', ApiId, Stage: '$default' }));
    v2.destroy();
    const url = ['--endpoint-url', emu.url];
    const imported = await cli(['import', '--all', '--out', 'imported', '--region', 'us-east-1', ...url], { cwd: dir });
    expect(imported.code, imported.out + imported.err).toBe(0);
    const written = filesUnder(join(dir, 'imported')).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(written).toMatch(/target: arn:aws:lambda:us-east-1:123456789012:function:hooks/);
    expect(written).toMatch(/api: hooks\s*\n\s*stage: \$default/);
    // THEN the $default stage quick create made is a stage a mapping may name
    const valid = await cli(['validate', 'imported'], { cwd: dir });
    expect(valid.code, valid.out + valid.err).toBe(0);
    expect((await cli(['apply', 'imported', '--adopt', '--auto-approve', ...url], { cwd: dir })).code).toBe(0);
    const again = await cli(['plan', 'imported', ...url], { cwd: dir });
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
  }, 120_000);
});
