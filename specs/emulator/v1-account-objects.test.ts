import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

let emu: RunningEmulator;
let client: A.APIGatewayClient;
let restApiId: string;
beforeAll(async () => {
  ({ emu, client } = await withEmulator());
  const api = await client.send(new A.CreateRestApiCommand({ name: 'acct', endpointConfiguration: { types: ['REGIONAL'] } }));
  restApiId = api.id!;
  const ids = { restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET' };
  await client.send(new A.PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await client.send(new A.PutIntegrationCommand({ ...ids, type: 'MOCK' }));
  await client.send(new A.CreateDeploymentCommand({ restApiId, stageName: 'production' }));
});
afterAll(() => emu.close());

describe('ApiKey', () => {
  it('returns a generated 40-character value on create, and afterwards only when asked', async () => {
    const k = await client.send(new A.CreateApiKeyCommand({ name: 'my-api-key', description: 'partner', enabled: true }));
    expect(k.$metadata.httpStatusCode).toBe(201);
    expect(k.id).toMatch(/^[a-z0-9]{10}$/);
    expect(k.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(k).toMatchObject({ name: 'my-api-key', description: 'partner', enabled: true, stageKeys: [] });
    expect((await client.send(new A.GetApiKeyCommand({ apiKey: k.id }))).value).toBeUndefined();
    expect((await client.send(new A.GetApiKeyCommand({ apiKey: k.id, includeValue: true }))).value).toBe(k.value);
    const listed = await client.send(new A.GetApiKeysCommand({ nameQuery: 'my-', includeValues: true }));
    expect(listed.items!.map((i) => [i.id, i.value])).toEqual([[k.id, k.value]]);
    expect((await client.send(new A.GetApiKeysCommand({ nameQuery: 'api-key' }))).items).toEqual([]);
  });

  it('validates values and refuses a duplicate value with 409', async () => {
    const value = 'a'.repeat(30);
    await client.send(new A.CreateApiKeyCommand({ name: 'v', value }));
    expect(await sdkError(() => client.send(new A.CreateApiKeyCommand({ name: 'v2', value })))).toEqual({ name: 'ConflictException', status: 409, message: 'API Key already exists' });
    expect((await sdkError(() => client.send(new A.CreateApiKeyCommand({ value: 'short' })))).message).toBe('API Key value should be at least 20 characters');
    const k = await client.send(new A.CreateApiKeyCommand({ name: 'upd' }));
    const e = await sdkError(() => client.send(new A.UpdateApiKeyCommand({ apiKey: k.id, patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] })));
    expect(e.message).toBe("Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description, /enabled, /name, /customerId]");
    const u = await client.send(new A.UpdateApiKeyCommand({ apiKey: k.id, patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }));
    expect(u).toMatchObject({ enabled: true, tags: {} });
    expect(u.value).toBeUndefined();
  });
});

describe('UsagePlan and UsagePlanKey', () => {
  it('refuses a missing stage, links a key, and refuses deletion while stages remain', async () => {
    const bad = await sdkError(() => client.send(new A.CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId: restApiId, stage: 'nope' }] })));
    expect([bad.name, bad.status]).toEqual(['BadRequestException', 400]);
    expect(bad.message).toMatch(new RegExp(`^Invalid API Stage \\{api: ${restApiId}, stage: nope\\} specified for usageplan [a-z0-9]{6}$`));
    const plan = await client.send(
      new A.CreateUsagePlanCommand({
        name: 'basic-plan',
        throttle: { rateLimit: 100, burstLimit: 200 },
        quota: { limit: 10000, period: 'MONTH' },
        apiStages: [{ apiId: restApiId, stage: 'production' }],
      }),
    );
    expect(plan).toMatchObject({ name: 'basic-plan', throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 10000, period: 'MONTH' }, apiStages: [{ apiId: restApiId, stage: 'production' }] });
    const key = await client.send(new A.CreateApiKeyCommand({ name: 'plan-key' }));
    const upk = await client.send(new A.CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));
    expect(upk).toMatchObject({ id: key.id, type: 'API_KEY', name: 'plan-key' });
    expect((await client.send(new A.GetUsagePlanKeysCommand({ usagePlanId: plan.id }))).items!.map((i) => i.id)).toEqual([key.id]);
    expect((await client.send(new A.GetUsagePlansCommand({ keyId: key.id }))).items!.map((p) => p.id)).toEqual([plan.id]);
    expect(await sdkError(() => client.send(new A.DeleteUsagePlanCommand({ usagePlanId: plan.id })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: `Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${restApiId}:production`,
    });
    const upd = await client.send(
      new A.UpdateUsagePlanCommand({
        usagePlanId: plan.id,
        patchOperations: [
          { op: 'remove', path: '/apiStages', value: `${restApiId}:production` },
          { op: 'replace', path: '/throttle/rateLimit', value: '50' },
        ],
      }),
    );
    expect(upd.apiStages).toEqual([]);
    expect(upd.throttle).toEqual({ rateLimit: 50, burstLimit: 200 });
    await client.send(new A.DeleteUsagePlanCommand({ usagePlanId: plan.id }));
    expect(await sdkError(() => client.send(new A.GetUsagePlanCommand({ usagePlanId: plan.id })))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Usage Plan ID specified',
    });
  });
});

describe('DomainName and BasePathMapping', () => {
  it('creates a REGIONAL domain with its outputs, 409s a duplicate, maps (none) and a base path', async () => {
    const d = await client.send(
      new A.CreateDomainNameCommand({
        domainName: 'api.example.com',
        regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc123',
        endpointConfiguration: { types: ['REGIONAL'] },
        securityPolicy: 'TLS_1_2',
      }),
    );
    expect(d).toMatchObject({ domainName: 'api.example.com', regionalHostedZoneId: 'Z1UJRXOUMOOFQ8', domainNameStatus: 'AVAILABLE', securityPolicy: 'TLS_1_2', endpointConfiguration: { types: ['REGIONAL'] } });
    expect(d.regionalDomainName).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(await sdkError(() => client.send(new A.CreateDomainNameCommand({ domainName: 'api.example.com', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' })))).toEqual({
      name: 'ConflictException',
      status: 409,
      message: 'The domain name you provided already exists.',
    });
    const none = await client.send(new A.CreateBasePathMappingCommand({ domainName: 'api.example.com', restApiId, stage: 'production' }));
    expect(none).toMatchObject({ basePath: '(none)', restApiId, stage: 'production' });
    await client.send(new A.CreateBasePathMappingCommand({ domainName: 'api.example.com', restApiId, stage: 'production', basePath: 'v1' }));
    expect((await client.send(new A.GetBasePathMappingCommand({ domainName: 'api.example.com', basePath: '(none)' }))).restApiId).toBe(restApiId);
    // AWS refuses to delete an API a custom domain still maps to.
    expect(await sdkError(() => client.send(new A.DeleteRestApiCommand({ restApiId })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: `Deleting RestApi ${restApiId} failed. Please remove all base path mappings related to the RestApi in your domains: api.example.com.`,
    });
    expect((await sdkError(() => client.send(new A.CreateBasePathMappingCommand({ domainName: 'api.example.com', restApiId, basePath: 'v1' })))).name).toBe(
      'ConflictException',
    );
    const edge = await client.send(new A.CreateDomainNameCommand({ domainName: 'edge.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/e' }));
    expect(edge).toMatchObject({ distributionHostedZoneId: 'Z2FDTNDATAQYW2', endpointConfiguration: { types: ['EDGE'] } });
    expect(edge.distributionDomainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
  });

  it('refuses to delete a stage a base path mapping points at, until the mapping goes', async () => {
    // GIVEN a stage mapped by two domains
    const { id: deploymentId } = await client.send(new A.CreateDeploymentCommand({ restApiId }));
    await client.send(new A.CreateStageCommand({ restApiId, stageName: 'mapped', deploymentId }));
    for (const domainName of ['a.mapped.example.com', 'b.mapped.example.com']) {
      await client.send(new A.CreateDomainNameCommand({ domainName, regionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/m', endpointConfiguration: { types: ['REGIONAL'] } }));
      await client.send(new A.CreateBasePathMappingCommand({ domainName, restApiId, stage: 'mapped', basePath: 'm' }));
    }
    // WHEN it is deleted THEN AWS's refusal names every domain
    expect(await sdkError(() => client.send(new A.DeleteStageCommand({ restApiId, stageName: 'mapped' })))).toEqual({
      name: 'BadRequestException',
      status: 400,
      message: 'Deleting stage mapped failed. Please remove all base path mappings related to the stage in your domains: a.mapped.example.com, b.mapped.example.com',
    });
    // WHEN the mappings are gone THEN the stage can go
    for (const domainName of ['a.mapped.example.com', 'b.mapped.example.com']) {
      await client.send(new A.DeleteBasePathMappingCommand({ domainName, basePath: 'm' }));
    }
    await client.send(new A.DeleteStageCommand({ restApiId, stageName: 'mapped' }));
    expect((await sdkError(() => client.send(new A.GetStageCommand({ restApiId, stageName: 'mapped' })))).name).toBe('NotFoundException');
  });

  it('refuses an edge certificate on a REGIONAL domain (as AWS does)', async () => {
    const e = await sdkError(() =>
      client.send(new A.CreateDomainNameCommand({ domainName: 'r.example.com', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x', endpointConfiguration: { types: ['REGIONAL'] } })),
    );
    expect(e).toEqual({ name: 'BadRequestException', status: 400, message: 'Cannot import certificates for EDGE while REGIONAL is active.' });
  });

  it('migrates a domain between REGIONAL and EDGE: types/0 replaced with the certificates, or the new type added, then the old removed; the targets follow', async () => {
    const edgeCert = 'arn:aws:acm:us-east-1:123456789012:certificate/e';
    const regionalCert = 'arn:aws:acm:us-east-1:123456789012:certificate/r';
    const domainName = 'migrate.example.com';
    const made = await client.send(new A.CreateDomainNameCommand({ domainName, regionalCertificateArn: regionalCert, endpointConfiguration: { types: ['REGIONAL'] } }));
    const update = (patchOperations: A.PatchOperation[]) => client.send(new A.UpdateDomainNameCommand({ domainName, patchOperations }));
    // One step (terraform's way): the type and the certificates in one patch.
    const edge = await update([
      { op: 'replace', path: '/certificateArn', value: edgeCert }, { op: 'replace', path: '/regionalCertificateArn' },
      { op: 'replace', path: '/endpointConfiguration/types/0', value: 'EDGE' },
    ]);
    expect(edge.endpointConfiguration?.types).toEqual(['EDGE']);
    expect(edge.distributionDomainName).toMatch(/^d\w+\.cloudfront\.net$/);
    expect(edge.distributionHostedZoneId).toBe('Z2FDTNDATAQYW2');
    expect(edge.regionalDomainName).toBeUndefined();
    // The developer guide's way: add REGIONAL (both targets meanwhile), then remove EDGE.
    const both = await update([{ op: 'add', path: '/endpointConfiguration/types', value: 'REGIONAL' }, { op: 'replace', path: '/regionalCertificateArn', value: regionalCert }]);
    expect(both.endpointConfiguration?.types).toEqual(['EDGE', 'REGIONAL']);
    expect(both.distributionDomainName).toBe(edge.distributionDomainName);
    expect(both.regionalDomainName).toMatch(/^d-\w+\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(both.regionalDomainName).not.toBe(made.regionalDomainName);
    const regional = await update([{ op: 'remove', path: '/endpointConfiguration/types', value: 'EDGE' }, { op: 'replace', path: '/certificateArn' }]);
    expect(regional.endpointConfiguration?.types).toEqual(['REGIONAL']);
    expect(regional.distributionDomainName).toBeUndefined();
    expect(regional.regionalDomainName).toBe(both.regionalDomainName);
    // The new type needs its certificate; a domain keeps one type at least; never PRIVATE.
    expect((await sdkError(() => update([{ op: 'replace', path: '/endpointConfiguration/types/0', value: 'EDGE' }]))).message).toBe('Cannot import certificates for REGIONAL while EDGE is active.');
    expect((await sdkError(() => update([{ op: 'remove', path: '/endpointConfiguration/types', value: 'REGIONAL' }]))).message).toBe('A domain name must have an endpoint type.');
    expect((await sdkError(() => update([{ op: 'replace', path: '/endpointConfiguration/types/0', value: 'PRIVATE' }]))).status).toBe(400);
  });
});

describe('Tags and Account', () => {
  it('tags REST APIs, stages, keys, plans and domains by ARN', async () => {
    const arn = `arn:aws:apigateway:us-east-1::/restapis/${restApiId}`;
    await client.send(new A.TagResourceCommand({ resourceArn: arn, tags: { team: 'a', env: 'x' } }));
    await client.send(new A.UntagResourceCommand({ resourceArn: arn, tagKeys: ['env'] }));
    expect((await client.send(new A.GetTagsCommand({ resourceArn: arn }))).tags).toEqual({ team: 'a' });
    expect((await client.send(new A.GetRestApiCommand({ restApiId }))).tags).toEqual({ team: 'a' });
    const stageArn = `${arn}/stages/production`;
    await client.send(new A.TagResourceCommand({ resourceArn: stageArn, tags: { s: '1' } }));
    expect((await client.send(new A.GetStageCommand({ restApiId, stageName: 'production' }))).tags).toEqual({ s: '1' });
    expect(await sdkError(() => client.send(new A.GetTagsCommand({ resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/nope' })))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: 'Invalid Resource identifier specified',
    });
  });

  it('GetAccount defaults and UpdateAccount of the CloudWatch role', async () => {
    const a = await client.send(new A.GetAccountCommand({}));
    expect(a).toMatchObject({ throttleSettings: { burstLimit: 5000, rateLimit: 10000 }, features: ['UsagePlans'], apiKeyVersion: '4' });
    const role = 'arn:aws:iam::123456789012:role/APIGatewayCloudWatchRole';
    const u = await client.send(new A.UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: role }] }));
    expect(u.cloudwatchRoleArn).toBe(role);
  });

  it('UpdateAccount /features: add UsagePlans (again, or on an account from before usage plans); AWS refuses to remove it; other features are refused', async () => {
    const add = (value: string, op: 'add' | 'remove' = 'add') => client.send(new A.UpdateAccountCommand({ patchOperations: [{ op, path: '/features', value }] }));
    expect((await add('UsagePlans')).features).toEqual(['UsagePlans']);
    expect(await sdkError(() => add('UsagePlans', 'remove'))).toEqual({ name: 'BadRequestException', status: 400, message: 'Usage plans cannot be disabled once enabled' });
    expect((await sdkError(() => add('Caching'))).message).toBe('Invalid feature specified: Caching. Must be one of: [UsagePlans]');
    const replace = await sdkError(() => client.send(new A.UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/features', value: 'UsagePlans' }] })));
    expect(replace.name).toBe('BadRequestException');
    const saved = emu.state.v1.account;
    try {
      emu.state.v1.account = { features: [] };
      expect((await client.send(new A.GetAccountCommand({}))).features).toEqual([]);
      const u = await client.send(new A.UpdateAccountCommand({ patchOperations: [{ op: 'add', path: '/features', value: 'UsagePlans' }] }));
      expect(u).toMatchObject({ features: ['UsagePlans'], apiKeyVersion: '4', throttleSettings: { burstLimit: 5000, rateLimit: 10000 } });
    } finally {
      emu.state.v1.account = saved;
    }
  });
});

describe('VpcLink and operations the emulator does not serve', () => {
  it('VPC link lifecycle as recorded: PENDING on create, then AVAILABLE', async () => {
    const nlb = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/1234567890abcdef';
    const created = await client.send(new A.CreateVpcLinkCommand({ name: 'link', targetArns: [nlb] }));
    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created).toMatchObject({ name: 'link', status: 'PENDING', targetArns: [nlb] });
    expect(await client.send(new A.GetVpcLinkCommand({ vpcLinkId: created.id }))).toMatchObject({ status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use', tags: {} });
    expect((await sdkError(() => client.send(new A.CreateVpcLinkCommand({ name: 'bad', targetArns: ['invalid-arn'] })))).message).toBe('Invalid ARN. ARN is not well formed invalid-arn');
    await client.send(new A.DeleteVpcLinkCommand({ vpcLinkId: created.id }));
    expect((await sdkError(() => client.send(new A.GetVpcLinkCommand({ vpcLinkId: created.id })))).message).toBe('Invalid Vpc Link identifier specified');
  });

  it('ImportApiKeys is refused plainly instead of being taken for CreateApiKey', async () => {
    const e = await sdkError(() => client.send(new A.ImportApiKeysCommand({ format: 'csv', body: new TextEncoder().encode('name,key\nk,abcdefghijklmnopqrstuvwxyz') })));
    expect(e).toEqual({ name: 'NotImplementedException', status: 501, message: 'ImportApiKeys is not emulated by the apigw-sync emulator (see docs/emulator.md)' });
  });
});

describe('UpdateUsagePlan /apiStages', () => {
  it('needs the stage in the value, and refuses a stage that does not exist', async () => {
    const plan = await client.send(new A.CreateUsagePlanCommand({ name: 'stages' }));
    const upd = (ops: A.PatchOperation[]) => client.send(new A.UpdateUsagePlanCommand({ usagePlanId: plan.id, patchOperations: ops }));
    // AWS's answer to a remove without a stage (boto3#2629); a stage that does not exist (LocalStack,
    // whose snapshot tests are validated against AWS).
    expect(await sdkError(() => upd([{ op: 'remove', path: '/apiStages' }]))).toEqual({ name: 'BadRequestException', status: 400, message: 'Invalid API Stage specified' });
    expect(await sdkError(() => upd([{ op: 'remove', path: '/apiStages', value: 'no-colon' }]))).toEqual({ name: 'BadRequestException', status: 400, message: 'Invalid API Stage specified' });
    expect(await sdkError(() => upd([{ op: 'remove', path: '/apiStages', value: `${restApiId}:nope` }]))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: `Invalid API Stage {api: ${restApiId}, stage: nope} specified for usageplan ${plan.id}`,
    });
    const e = await sdkError(() => upd([{ op: 'add', path: '/apiStages' }]));
    expect([e.name, e.status]).toEqual(['BadRequestException', 400]);
    expect(e.message).toMatch(/^Invalid patch path {2}'\/apiStages' specified for op 'add'\. Must be one of: \[/);
    expect(await sdkError(() => upd([{ op: 'add', path: '/apiStages', value: `${restApiId}:nope` }]))).toEqual({
      name: 'NotFoundException',
      status: 404,
      message: `API Stage not found: ${restApiId}:nope`,
    });
    const added = await upd([
      { op: 'add', path: '/apiStages', value: `${restApiId}:production` },
      { op: 'replace', path: '/apiStages/' + `${restApiId}:production` + '/throttle/~1/GET/rateLimit', value: '10' },
    ]);
    expect(added.apiStages).toEqual([{ apiId: restApiId, stage: 'production', throttle: { '//GET': { rateLimit: 10 } } }]);
  });
});
