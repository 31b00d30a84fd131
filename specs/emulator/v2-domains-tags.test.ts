import {
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  CreateStageCommand,
  DeleteApiCommand,
  DeleteApiMappingCommand,
  DeleteDomainNameCommand,
  DeleteStageCommand,
  GetApiMappingCommand,
  GetApiMappingsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetTagsCommand,
  NotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApiMappingCommand,
  UpdateDomainNameCommand,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

let h: V2Harness;
beforeAll(async () => {
  h = await startV2();
});
afterAll(() => stopV2(h));

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/abc123';
const CERT2 = 'arn:aws:acm:us-east-1:123456789012:certificate/def456';
let n = 0;
const domain = () => `api${++n}.example.com`;

async function apiWithStage(stage = 'prod'): Promise<string> {
  const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'a', ProtocolType: 'HTTP' }));
  await h.client.send(new CreateStageCommand({ ApiId, StageName: stage }));
  return ApiId!;
}

describe('domain names', () => {
  it('fills in the configuration outputs', async () => {
    const DomainName = domain();
    const d = await h.client.send(
      new CreateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT }], Tags: { env: 'prod' } }),
    );
    expect(d.$metadata.httpStatusCode).toBe(201);
    expect(d).toMatchObject({
      DomainName,
      ApiMappingSelectionExpression: '$request.basepath',
      DomainNameArn: `arn:aws:apigateway:us-east-1::/domainnames/${DomainName}`,
      Tags: { env: 'prod' },
    });
    expect(d.DomainNameConfigurations).toEqual([
      {
        ApiGatewayDomainName: expect.stringMatching(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/),
        CertificateArn: CERT,
        DomainNameStatus: 'AVAILABLE',
        EndpointType: 'REGIONAL',
        HostedZoneId: 'Z1UJRXOUMOOFQ8',
        IpAddressType: 'ipv4',
        SecurityPolicy: 'TLS_1_2',
      },
    ]);
    expect(await h.client.send(new GetDomainNameCommand({ DomainName }))).toMatchObject({ DomainName });
    expect((await h.client.send(new GetDomainNamesCommand({}))).Items!.map((x) => x.DomainName)).toContain(DomainName);
  });

  it('answers a duplicate with a conflict and a missing one with NotFound', async () => {
    const DomainName = domain();
    await h.client.send(new CreateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    const dup = await rejection(h.client.send(new CreateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT }] })));
    expect(dup.name).toBe('ConflictException');
    expect(dup.message).toBe('The domain name you provided already exists.');
    const missing = await rejection(h.client.send(new GetDomainNameCommand({ DomainName: 'nope.example.com' })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(missing.message).toBe('Invalid domain name identifier specified');
  });

  it('supports mutual TLS, rotates the certificate in place, and rejects EDGE', async () => {
    const DomainName = domain();
    const d = await h.client.send(
      new CreateDomainNameCommand({
        DomainName,
        DomainNameConfigurations: [{ CertificateArn: CERT, SecurityPolicy: 'TLS_1_2' }],
        MutualTlsAuthentication: { TruststoreUri: 's3://bucket/truststore.pem', TruststoreVersion: '1' },
      }),
    );
    expect(d.MutualTlsAuthentication).toEqual({ TruststoreUri: 's3://bucket/truststore.pem', TruststoreVersion: '1' });
    const u = await h.client.send(new UpdateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT2 }] }));
    expect(u.DomainNameConfigurations![0]).toMatchObject({
      CertificateArn: CERT2,
      ApiGatewayDomainName: d.DomainNameConfigurations![0]!.ApiGatewayDomainName,
    });
    expect(u.MutualTlsAuthentication).toEqual(d.MutualTlsAuthentication);
    const edge = await rejection(
      h.client.send(new CreateDomainNameCommand({ DomainName: domain(), DomainNameConfigurations: [{ CertificateArn: CERT, EndpointType: 'EDGE' }] })),
    );
    expect(edge.message).toBe('Only REGIONAL domain names are supported by apigatewayv2');
  });
});

describe('API mappings', () => {
  it('maps a stage under a unique key, updates and deletes the mapping', async () => {
    const DomainName = domain();
    await h.client.send(new CreateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    const ApiId = await apiWithStage();
    const m = await h.client.send(new CreateApiMappingCommand({ DomainName, ApiId, Stage: 'prod', ApiMappingKey: 'v1/orders' }));
    expect(m.$metadata.httpStatusCode).toBe(201);
    expect(m.ApiMappingId).toMatch(/^[a-z0-9]{10}$/);
    expect(m).toMatchObject({ ApiId, Stage: 'prod', ApiMappingKey: 'v1/orders' });
    const dup = await rejection(h.client.send(new CreateApiMappingCommand({ DomainName, ApiId, Stage: 'prod', ApiMappingKey: 'v1/orders' })));
    expect(dup.name).toBe('ConflictException');
    expect(dup.message).toBe(`An API mapping with key 'v1/orders' already exists for domain name ${DomainName}`);
    const root = await h.client.send(new CreateApiMappingCommand({ DomainName, ApiId, Stage: 'prod' }));
    expect(root.ApiMappingKey).toBeUndefined();
    const u = await h.client.send(new UpdateApiMappingCommand({ DomainName, ApiMappingId: m.ApiMappingId, ApiId, ApiMappingKey: 'v2' }));
    expect(u).toMatchObject({ ApiMappingKey: 'v2', Stage: 'prod' });
    expect((await h.client.send(new GetApiMappingsCommand({ DomainName }))).Items).toHaveLength(2);
    await h.client.send(new DeleteApiMappingCommand({ DomainName, ApiMappingId: m.ApiMappingId }));
    const gone = await rejection(h.client.send(new GetApiMappingCommand({ DomainName, ApiMappingId: m.ApiMappingId })));
    expect(gone.message).toBe(`Invalid API mapping identifier specified ${m.ApiMappingId}`);
  });

  it('needs an existing API and stage', async () => {
    const DomainName = domain();
    await h.client.send(new CreateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    const ApiId = await apiWithStage();
    const noStage = await rejection(h.client.send(new CreateApiMappingCommand({ DomainName, ApiId, Stage: 'missing' })));
    expect(noStage.name).toBe('BadRequestException');
    expect(noStage.message).toBe('Invalid stage identifier specified');
    const noApi = await rejection(h.client.send(new CreateApiMappingCommand({ DomainName, ApiId: 'abcdefghij', Stage: 'prod' })));
    expect(noApi.message).toBe('Invalid API identifier specified 123456789012:abcdefghij');
  });

  it('refuses to delete a mapped API or stage, and drops mappings with their domain', async () => {
    const DomainName = domain();
    await h.client.send(new CreateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    const ApiId = await apiWithStage();
    const { ApiMappingId } = await h.client.send(new CreateApiMappingCommand({ DomainName, ApiId, Stage: 'prod' }));
    const api = await rejection(h.client.send(new DeleteApiCommand({ ApiId })));
    expect(api.name).toBe('BadRequestException');
    expect(api.message).toBe(`Deleting API ${ApiId} failed. Please remove all API mappings for the API from your custom domain names.`);
    const stage = await rejection(h.client.send(new DeleteStageCommand({ ApiId, StageName: 'prod' })));
    expect(stage.name).toBe('BadRequestException');
    expect(stage.message).toBe(`Deleting stage prod failed. Please remove all base path mappings related to the stage in your domains: ${DomainName}`);
    await h.client.send(new DeleteApiMappingCommand({ DomainName, ApiMappingId }));
    await h.client.send(new CreateApiMappingCommand({ DomainName, ApiId, Stage: 'prod', ApiMappingKey: 'again' }));
    expect((await h.client.send(new DeleteDomainNameCommand({ DomainName }))).$metadata.httpStatusCode).toBe(204);
    const gone = await rejection(h.client.send(new GetApiMappingsCommand({ DomainName })));
    expect(gone.name).toBe('NotFoundException');
    expect((await h.client.send(new DeleteApiCommand({ ApiId }))).$metadata.httpStatusCode).toBe(204);
  });

  it('shares one namespace with apigateway (REST API) custom domains', async () => {
    const DomainName = domain();
    const v1 = await fetch(`${h.emu.url}/domainnames`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domainName: DomainName, regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }),
    });
    expect(v1.status).toBe(201);
    const err = await rejection(h.client.send(new CreateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT }] })));
    expect(err.name).toBe('ConflictException');
    expect(err.message).toBe('The domain name you provided already exists.');
  });
});

describe('tags', () => {
  it('tags and untags an API, a stage and a domain name by ARN', async () => {
    const ApiId = await apiWithStage('prod');
    const DomainName = domain();
    await h.client.send(new CreateDomainNameCommand({ DomainName, DomainNameConfigurations: [{ CertificateArn: CERT }] }));
    const arns = [
      `arn:aws:apigateway:us-east-1::/apis/${ApiId}`,
      `arn:aws:apigateway:us-east-1::/apis/${ApiId}/stages/prod`,
      `arn:aws:apigateway:us-east-1::/domainnames/${DomainName}`,
    ];
    for (const ResourceArn of arns) {
      const t = await h.client.send(new TagResourceCommand({ ResourceArn, Tags: { 'apigw-sync:managed-by': 'shop', team: 'a' } }));
      expect(t.$metadata.httpStatusCode).toBe(201);
      await h.client.send(new TagResourceCommand({ ResourceArn, Tags: { team: 'b' } }));
      expect((await h.client.send(new GetTagsCommand({ ResourceArn }))).Tags).toEqual({ 'apigw-sync:managed-by': 'shop', team: 'b' });
      const u = await h.client.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['team', 'absent'] }));
      expect(u.$metadata.httpStatusCode).toBe(204);
      expect((await h.client.send(new GetTagsCommand({ ResourceArn }))).Tags).toEqual({ 'apigw-sync:managed-by': 'shop' });
    }
  });

  it('reports a missing resource and a malformed ARN', async () => {
    const missing = await rejection(h.client.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/abcdefghij' })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(missing.message).toBe('Invalid API identifier specified 123456789012:abcdefghij');
    const malformed = await rejection(h.client.send(new GetTagsCommand({ ResourceArn: 'not-an-arn' })));
    expect(malformed.name).toBe('BadRequestException');
    expect(malformed.message).toBe('Invalid resource ARN specified: not-an-arn');
  });

  it('limits a resource to 50 tags and reserves aws:', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'a', ProtocolType: 'HTTP' }));
    const ResourceArn = `arn:aws:apigateway:us-east-1::/apis/${ApiId}`;
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = await rejection(h.client.send(new TagResourceCommand({ ResourceArn, Tags: many })));
    expect(tooMany.message).toBe('Too many tags: a resource can have at most 50 tags');
    const reserved = await rejection(h.client.send(new TagResourceCommand({ ResourceArn, Tags: { 'aws:x': 'v' } })));
    expect(reserved.message).toBe('Invalid tag key: aws:x. Tag keys cannot start with the reserved prefix aws:');
  });
});
