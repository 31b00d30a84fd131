import * as A from '@aws-sdk/client-api-gateway';
import * as V2 from '@aws-sdk/client-apigatewayv2';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws } from './aws-cli.js';
import { sdkError, v1Client } from './helpers.js';

/**
 * A custom domain name is one object reachable through both services (developer guide: "A Regional
 * custom domain name can be associated with REST APIs and HTTP APIs. You can use the API Gateway
 * Version 2 APIs to create and manage Regional custom domain names for REST APIs"). Edge-optimized
 * domains are apigateway's alone; apigatewayv2 answers for them as real AWS does.
 */
const REGIONAL_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/regional';
const EDGE_CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/edge';
const EDGE_ONLY = 'Only REGIONAL domain names can be managed through the API Gateway V2 API. For EDGE domain names, please use the API Gateway V1 API. Also note that only REST APIs can be attached to EDGE domain names.';

let emu: RunningEmulator;
let v1: A.APIGatewayClient;
let v2: V2.ApiGatewayV2Client;
let n = 0;
const name = () => `shared${++n}.example.com`;

function v2Client(e: RunningEmulator): V2.ApiGatewayV2Client {
  return new V2.ApiGatewayV2Client({ region: 'us-east-1', endpoint: e.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  v1 = v1Client(emu);
  v2 = v2Client(emu);
});
afterAll(async () => {
  v1.destroy();
  v2.destroy();
  await emu.close();
});

async function restApiWithStage(): Promise<string> {
  const api = await v1.send(new A.CreateRestApiCommand({ name: 'shop' }));
  await v1.send(new A.PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }));
  await v1.send(new A.PutIntegrationCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'MOCK' }));
  const dep = await v1.send(new A.CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }));
  expect(dep.id).toBeTruthy();
  return api.id!;
}

async function httpApiWithStage(): Promise<string> {
  const { ApiId } = await v2.send(new V2.CreateApiCommand({ Name: 'orders', ProtocolType: 'HTTP' }));
  await v2.send(new V2.CreateStageCommand({ ApiId, StageName: 'prod' }));
  return ApiId!;
}

const v1Names = async () => (await v1.send(new A.GetDomainNamesCommand({}))).items!.map((d) => d.domainName);
const v2Names = async () => (await v2.send(new V2.GetDomainNamesCommand({}))).Items!.map((d) => d.DomainName);

describe('one custom domain object behind both APIs', () => {
  it('a Regional domain created through apigatewayv2 is listed, read, updated, tagged and deleted through apigateway', async () => {
    const domainName = name();
    const made = await v2.send(new V2.CreateDomainNameCommand({ DomainName: domainName, DomainNameConfigurations: [{ CertificateArn: REGIONAL_CERT, SecurityPolicy: 'TLS_1_2' }], Tags: { team: 'a' } }));
    const target = made.DomainNameConfigurations![0]!.ApiGatewayDomainName!;
    expect(await v1Names()).toContain(domainName);
    expect(await v1.send(new A.GetDomainNameCommand({ domainName }))).toMatchObject({
      domainName,
      regionalCertificateArn: REGIONAL_CERT,
      regionalDomainName: target,
      regionalHostedZoneId: made.DomainNameConfigurations![0]!.HostedZoneId,
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
      securityPolicy: 'TLS_1_2',
      domainNameStatus: 'AVAILABLE',
      routingMode: 'BASE_PATH_MAPPING_ONLY',
      tags: { team: 'a' },
    });
    // The same name is taken for both.
    expect(await sdkError(() => v1.send(new A.CreateDomainNameCommand({ domainName, regionalCertificateArn: REGIONAL_CERT, endpointConfiguration: { types: ['REGIONAL'] } })))).toEqual({
      name: 'ConflictException', status: 409, message: 'The domain name you provided already exists.',
    });
    // A certificate rotated through apigateway is the one apigatewayv2 shows; the target stays.
    const rotated = 'arn:aws:acm:us-east-1:123456789012:certificate/rotated';
    await v1.send(new A.UpdateDomainNameCommand({ domainName, patchOperations: [{ op: 'replace', path: '/regionalCertificateArn', value: rotated }] }));
    const seen = await v2.send(new V2.GetDomainNameCommand({ DomainName: domainName }));
    expect(seen.DomainNameConfigurations).toEqual([expect.objectContaining({ CertificateArn: rotated, ApiGatewayDomainName: target, EndpointType: 'REGIONAL' })]);
    expect(seen.RoutingMode).toBe('API_MAPPING_ONLY');
    // Tags through either API, one set.
    const arn = `arn:aws:apigateway:us-east-1::/domainnames/${domainName}`;
    await v1.send(new A.TagResourceCommand({ resourceArn: arn, tags: { env: 'prod' } }));
    expect((await v2.send(new V2.GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ team: 'a', env: 'prod' });
    await v2.send(new V2.UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    expect((await v1.send(new A.GetTagsCommand({ resourceArn: arn }))).tags).toEqual({ env: 'prod' });
    await v1.send(new A.DeleteDomainNameCommand({ domainName }));
    expect(await v2Names()).not.toContain(domainName);
    expect((await sdkError(() => v2.send(new V2.GetDomainNameCommand({ DomainName: domainName })))).status).toBe(404);
  });

  it('a Regional domain created through apigateway is an apigatewayv2 DomainName, deletable there', async () => {
    const domainName = name();
    const made = await v1.send(new A.CreateDomainNameCommand({ domainName, regionalCertificateArn: REGIONAL_CERT, endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'TLS_1_2' }));
    expect(await v2Names()).toContain(domainName);
    const d = await v2.send(new V2.GetDomainNameCommand({ DomainName: domainName }));
    expect(d).toMatchObject({
      DomainName: domainName,
      DomainNameArn: `arn:aws:apigateway:us-east-1::/domainnames/${domainName}`,
      ApiMappingSelectionExpression: '$request.basepath',
      RoutingMode: 'API_MAPPING_ONLY',
      DomainNameConfigurations: [{
        ApiGatewayDomainName: made.regionalDomainName, HostedZoneId: made.regionalHostedZoneId, CertificateArn: REGIONAL_CERT,
        EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2', DomainNameStatus: 'AVAILABLE', IpAddressType: 'ipv4',
      }],
    });
    expect(await sdkError(() => v2.send(new V2.CreateDomainNameCommand({ DomainName: domainName, DomainNameConfigurations: [{ CertificateArn: REGIONAL_CERT }] })))).toMatchObject({ name: 'ConflictException', status: 409 });
    await v2.send(new V2.DeleteDomainNameCommand({ DomainName: domainName }));
    expect(await v1Names()).not.toContain(domainName);
  });

  it('an edge-optimized domain is apigateway\'s alone: apigatewayv2 does not list it and refuses to manage it', async () => {
    const domainName = name();
    await v1.send(new A.CreateDomainNameCommand({ domainName, certificateArn: EDGE_CERT }));
    expect(await v1Names()).toContain(domainName);
    expect(await v2Names()).not.toContain(domainName);
    for (const call of [
      () => v2.send(new V2.GetDomainNameCommand({ DomainName: domainName })),
      () => v2.send(new V2.GetApiMappingsCommand({ DomainName: domainName })),
      () => v2.send(new V2.DeleteDomainNameCommand({ DomainName: domainName })),
    ]) {
      expect(await sdkError(call)).toEqual({ name: 'BadRequestException', status: 400, message: EDGE_ONLY });
    }
    // Its name is still taken for apigatewayv2.
    expect((await sdkError(() => v2.send(new V2.CreateDomainNameCommand({ DomainName: domainName, DomainNameConfigurations: [{ CertificateArn: REGIONAL_CERT }] })))).status).toBe(409);
    await v1.send(new A.DeleteDomainNameCommand({ domainName }));
  });

  it('base path mappings and API mappings are one collection: each side sees the other\'s, a multi-level key only through apigatewayv2', async () => {
    const domainName = name();
    const restApiId = await restApiWithStage();
    const httpApiId = await httpApiWithStage();
    await v1.send(new A.CreateDomainNameCommand({ domainName, regionalCertificateArn: REGIONAL_CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    await v1.send(new A.CreateBasePathMappingCommand({ domainName, restApiId, stage: 'prod', basePath: 'shop' }));
    const http = await v2.send(new V2.CreateApiMappingCommand({ DomainName: domainName, ApiId: httpApiId, Stage: 'prod', ApiMappingKey: 'orders' }));
    // apigatewayv2 maps REST API stages too, under a multi-level key.
    const deep = await v2.send(new V2.CreateApiMappingCommand({ DomainName: domainName, ApiId: restApiId, Stage: 'prod', ApiMappingKey: 'shop/v2' }));
    const v2Maps = (await v2.send(new V2.GetApiMappingsCommand({ DomainName: domainName }))).Items!;
    expect(v2Maps.map((m) => [m.ApiMappingKey, m.ApiId, m.Stage]).sort()).toEqual([['orders', httpApiId, 'prod'], ['shop', restApiId, 'prod'], ['shop/v2', restApiId, 'prod']]);
    const shop = v2Maps.find((m) => m.ApiMappingKey === 'shop')!;
    expect(shop.ApiMappingId).toMatch(/^[a-z0-9]{10}$/);
    expect((await v2.send(new V2.GetApiMappingCommand({ DomainName: domainName, ApiMappingId: shop.ApiMappingId }))).ApiMappingId).toBe(shop.ApiMappingId);
    const v1Maps = (await v1.send(new A.GetBasePathMappingsCommand({ domainName }))).items!;
    expect(v1Maps.map((m) => [m.basePath, m.restApiId, m.stage]).sort()).toEqual([['orders', httpApiId, 'prod'], ['shop', restApiId, 'prod']]);
    expect(v1Maps.every((m) => !('apiMappingId' in m))).toBe(true);
    // A base path mapping deleted through apigateway is gone from apigatewayv2, and the reverse.
    await v1.send(new A.DeleteBasePathMappingCommand({ domainName, basePath: 'shop' }));
    await v2.send(new V2.DeleteApiMappingCommand({ DomainName: domainName, ApiMappingId: http.ApiMappingId }));
    expect((await v2.send(new V2.GetApiMappingsCommand({ DomainName: domainName }))).Items!.map((m) => m.ApiMappingId)).toEqual([deep.ApiMappingId]);
    expect((await v1.send(new A.GetBasePathMappingsCommand({ domainName }))).items ?? []).toEqual([]);
    // An edge-optimized domain serves REST APIs only: while an HTTP API is mapped, the domain keeps its Regional endpoint.
    const again = await v2.send(new V2.CreateApiMappingCommand({ DomainName: domainName, ApiId: httpApiId, Stage: 'prod', ApiMappingKey: 'orders' }));
    const toEdge: A.PatchOperation[] = [{ op: 'replace', path: '/endpointConfiguration/types/0', value: 'EDGE' }, { op: 'replace', path: '/certificateArn', value: EDGE_CERT }, { op: 'replace', path: '/regionalCertificateArn' }];
    expect(await sdkError(() => v1.send(new A.UpdateDomainNameCommand({ domainName, patchOperations: toEdge })))).toMatchObject({ name: 'BadRequestException', status: 400, message: expect.stringMatching(/^Only REST APIs can be attached to EDGE domain names/) });
    await v2.send(new V2.DeleteApiMappingCommand({ DomainName: domainName, ApiMappingId: again.ApiMappingId }));
    // The REST API is still mapped (through apigatewayv2): apigateway refuses to delete it.
    expect(await sdkError(() => v1.send(new A.DeleteRestApiCommand({ restApiId })))).toMatchObject({ name: 'BadRequestException', status: 400 });
    // Deleting the domain through either API takes every mapping with it.
    await v2.send(new V2.DeleteDomainNameCommand({ DomainName: domainName }));
    await v1.send(new A.DeleteRestApiCommand({ restApiId }));
    await v2.send(new V2.DeleteApiCommand({ ApiId: httpApiId }));
  });
});

describe('state files', () => {
  it('a file written while each API kept its own domains loads into the one store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apigw-domains-'));
    try {
      const statePath = join(dir, 'state.json');
      writeFileSync(statePath, JSON.stringify({
        version: 1,
        v1: { domainNames: {} },
        v2: {
          apis: [],
          domainNames: [{
            domainName: {
              apiMappingSelectionExpression: '$request.basepath', domainName: 'old.example.com', domainNameArn: 'arn:aws:apigateway:us-east-1::/domainnames/old.example.com',
              domainNameConfigurations: [{ apiGatewayDomainName: 'd-abcdefghij.execute-api.us-east-1.amazonaws.com', certificateArn: REGIONAL_CERT, domainNameStatus: 'AVAILABLE', endpointType: 'REGIONAL', hostedZoneId: 'Z1UJRXOUMOOFQ8', securityPolicy: 'TLS_1_2' }],
              routingMode: 'API_MAPPING_ONLY', tags: { owner: 'x' },
            },
            mappings: [{ apiId: 'a1b2c3d4e5', apiMappingId: 'm1n2o3p4q5', apiMappingKey: 'v1/orders', stage: 'prod' }],
          }],
        },
      }));
      const e = await startEmulator({ port: 0, statePath });
      const c1 = v1Client(e);
      const c2 = v2Client(e);
      try {
        expect((await c1.send(new A.GetDomainNameCommand({ domainName: 'old.example.com' })))).toMatchObject({
          regionalDomainName: 'd-abcdefghij.execute-api.us-east-1.amazonaws.com', regionalCertificateArn: REGIONAL_CERT, tags: { owner: 'x' },
        });
        expect((await c2.send(new V2.GetApiMappingsCommand({ DomainName: 'old.example.com' }))).Items).toEqual([
          { ApiId: 'a1b2c3d4e5', ApiMappingId: 'm1n2o3p4q5', ApiMappingKey: 'v1/orders', Stage: 'prod' },
        ]);
        expect((e.state.v2 as { domainNames?: unknown }).domainNames).toBeUndefined();
      } finally {
        c1.destroy();
        c2.destroy();
        await e.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the real AWS CLI', () => {
  it('aws apigateway get-domain-names and aws apigatewayv2 get-domain-names list the same domain', async () => {
    const cli = findAwsCli();
    if (!cli) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli, or Debian\'s awscli package) to run these tests.');
    const domainName = name();
    const made = await runAws(cli, emu.url, ['create-domain-name', '--domain-name', domainName, '--domain-name-configurations', `CertificateArn=${REGIONAL_CERT},EndpointType=REGIONAL`], undefined, 'apigatewayv2');
    expect(made.code, made.stderr).toBe(0);
    const viaV1 = await runAws(cli, emu.url, ['get-domain-names']);
    expect(viaV1.code, viaV1.stderr).toBe(0);
    const v1Item = (viaV1.json.items as { domainName: string; regionalDomainName: string }[]).find((d) => d.domainName === domainName);
    const viaV2 = await runAws(cli, emu.url, ['get-domain-names'], undefined, 'apigatewayv2');
    expect(viaV2.code, viaV2.stderr).toBe(0);
    const v2Item = (viaV2.json.Items as { DomainName: string; DomainNameConfigurations: { ApiGatewayDomainName: string }[] }[]).find((d) => d.DomainName === domainName);
    expect(v1Item?.regionalDomainName).toBe(made.json.DomainNameConfigurations[0].ApiGatewayDomainName);
    expect(v2Item?.DomainNameConfigurations[0]?.ApiGatewayDomainName).toBe(v1Item?.regionalDomainName);
  });
});
