import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as A from '@aws-sdk/client-api-gateway';
import * as V2 from '@aws-sdk/client-apigatewayv2';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { sdkError, withEmulator } from './helpers.js';

/**
 * Private custom domain names for REST APIs (apigateway), through the real SDK over HTTP: the
 * domainNameId that tells domains of one name apart, calls with and without it, the two policies,
 * base path mappings, tags on the account-scoped ARN, and domain name access associations.
 */
let emu: RunningEmulator;
let client: A.APIGatewayClient;
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0c1d2e3f-private';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] }],
});

const send = <T>(cmd: any): Promise<T> => client.send(cmd) as Promise<T>;
const createPrivate = (name: string, extra: Partial<A.CreateDomainNameCommandInput> = {}) =>
  send<A.CreateDomainNameCommandOutput>(new A.CreateDomainNameCommand({ domainName: name, certificateArn: CERT, endpointConfiguration: { types: ['PRIVATE'] }, ...extra }));

async function privateApiWithStage(endpoint: 'PRIVATE' | 'REGIONAL' = 'PRIVATE'): Promise<string> {
  const api = await send<A.CreateRestApiCommandOutput>(new A.CreateRestApiCommand({ name: 'internal', endpointConfiguration: { types: [endpoint] } }));
  const ids = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' };
  await send(new A.PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await send(new A.PutIntegrationCommand({ ...ids, type: 'MOCK' }));
  await send(new A.CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }));
  return api.id!;
}

beforeAll(async () => {
  ({ emu, client } = await withEmulator());
});
beforeEach(() => emu.reset());
afterAll(() => emu.close());

describe('private custom domain names', () => {
  it('get a domainNameId and an account-scoped ARN, and no endpoint of their own', async () => {
    const d = await createPrivate('private.example.com', { policy: POLICY, securityPolicy: 'TLS_1_2', tags: { team: 'core' } });
    expect(d.$metadata.httpStatusCode).toBe(201);
    expect(d.domainNameId).toMatch(/^[a-z0-9]{10}$/);
    expect(d).toMatchObject({
      domainName: 'private.example.com',
      domainNameArn: `arn:aws:apigateway:us-east-1:123456789012:/domainnames/private.example.com+${d.domainNameId}`,
      certificateArn: CERT,
      endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'dualstack' },
      domainNameStatus: 'AVAILABLE',
      securityPolicy: 'TLS_1_2',
      routingMode: 'BASE_PATH_MAPPING_ONLY',
      policy: POLICY,
      tags: { team: 'core' },
    });
    expect(d.certificateUploadDate).toBeInstanceOf(Date);
    expect(d.regionalDomainName).toBeUndefined();
    expect(d.distributionDomainName).toBeUndefined();
    expect(d.managementPolicy).toBeUndefined();
  });

  it('two private domains may share a name, and a public one may have it too; the id tells them apart', async () => {
    const a = await createPrivate('shared.example.com');
    const b = await createPrivate('shared.example.com');
    expect(a.domainNameId).not.toBe(b.domainNameId);
    const pub = await send<A.CreateDomainNameCommandOutput>(new A.CreateDomainNameCommand({
      domainName: 'shared.example.com', regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] },
    }));
    expect(pub.domainNameId).toBeUndefined();
    // A second public domain of the name is still refused.
    expect(await sdkError(() => send(new A.CreateDomainNameCommand({ domainName: 'shared.example.com', regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }))))
      .toEqual({ name: 'ConflictException', status: 409, message: 'The domain name you provided already exists.' });

    await send(new A.UpdateDomainNameCommand({ domainName: 'shared.example.com', domainNameId: a.domainNameId, patchOperations: [{ op: 'replace', path: '/policy', value: POLICY }] }));
    const gotA = await send<A.GetDomainNameCommandOutput>(new A.GetDomainNameCommand({ domainName: 'shared.example.com', domainNameId: a.domainNameId }));
    const gotB = await send<A.GetDomainNameCommandOutput>(new A.GetDomainNameCommand({ domainName: 'shared.example.com', domainNameId: b.domainNameId }));
    expect([gotA.policy, gotB.policy]).toEqual([POLICY, undefined]);
    // Without the id, the call is about the public domain of the name.
    const gotPub = await send<A.GetDomainNameCommandOutput>(new A.GetDomainNameCommand({ domainName: 'shared.example.com' }));
    expect(gotPub.endpointConfiguration?.types).toEqual(['REGIONAL']);

    const list = await send<A.GetDomainNamesCommandOutput>(new A.GetDomainNamesCommand({}));
    expect(list.items!.map((d) => [d.domainName, d.domainNameId])).toEqual([
      ['shared.example.com', undefined], ['shared.example.com', a.domainNameId], ['shared.example.com', b.domainNameId],
    ]);
    expect((await send<A.GetDomainNamesCommandOutput>(new A.GetDomainNamesCommand({ resourceOwner: 'OTHER_ACCOUNTS' }))).items).toEqual([]);

    await send(new A.DeleteDomainNameCommand({ domainName: 'shared.example.com', domainNameId: a.domainNameId }));
    expect((await send<A.GetDomainNamesCommandOutput>(new A.GetDomainNamesCommand({}))).items!.map((d) => d.domainNameId)).toEqual([undefined, b.domainNameId]);
    // Deleting without the id deletes the public domain, not the private one.
    await send(new A.DeleteDomainNameCommand({ domainName: 'shared.example.com' }));
    expect((await send<A.GetDomainNamesCommandOutput>(new A.GetDomainNamesCommand({}))).items!.map((d) => d.domainNameId)).toEqual([b.domainNameId]);
  });

  it('a private domain named without its id (or with another) is not found, as AWS answers', async () => {
    const d = await createPrivate('only-private.example.com');
    const missing = { name: 'NotFoundException', status: 404, message: 'Invalid domain name identifier specified' };
    expect(await sdkError(() => send(new A.GetDomainNameCommand({ domainName: 'only-private.example.com' })))).toEqual(missing);
    expect(await sdkError(() => send(new A.DeleteDomainNameCommand({ domainName: 'only-private.example.com' })))).toEqual(missing);
    expect(await sdkError(() => send(new A.UpdateDomainNameCommand({ domainName: 'only-private.example.com', patchOperations: [{ op: 'replace', path: '/policy', value: POLICY }] })))).toEqual(missing);
    expect(await sdkError(() => send(new A.GetBasePathMappingsCommand({ domainName: 'only-private.example.com' })))).toEqual(missing);
    expect(await sdkError(() => send(new A.GetDomainNameCommand({ domainName: 'only-private.example.com', domainNameId: 'zzzzzzzzzz' })))).toEqual(missing);
    // The id of one name does not reach a domain of another name.
    expect(await sdkError(() => send(new A.GetDomainNameCommand({ domainName: 'other.example.com', domainNameId: d.domainNameId })))).toEqual(missing);
  });

  it('refuses what AWS refuses for private domains', async () => {
    const err = (input: Partial<A.CreateDomainNameCommandInput>) => sdkError(() => createPrivate('p.example.com', input));
    expect(await err({ certificateArn: undefined })).toMatchObject({ name: 'BadRequestException', message: 'A certificate ARN is required for a PRIVATE domain name.' });
    expect((await err({ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' })).message).toBe(
      "Invalid certificate ARN: arn:aws:acm:eu-west-1:123456789012:certificate/x. Certificate must be in 'us-east-1'.",
    );
    expect((await err({ regionalCertificateArn: CERT })).message).toBe('Cannot import certificates for REGIONAL while PRIVATE is active.');
    expect((await err({ endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } })).message).toBe('Only dualstack ipAddressType is supported for Private domain names.');
    expect((await err({ securityPolicy: 'TLS_1_0' })).status).toBe(400);
    expect((await err({ mutualTlsAuthentication: { truststoreUri: 's3://bucket/truststore.pem' } })).status).toBe(400);
    expect((await err({ securityPolicy: 'SecurityPolicy_TLS13_2025_EDGE', endpointAccessMode: 'STRICT' })).status).toBe(400);
    expect((await sdkError(() => createPrivate('*.private.example.com'))).status).toBe(400);
    // An enhanced regional/private policy with an access mode is fine.
    expect((await createPrivate('tls13.example.com', { securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' })).securityPolicy).toBe('SecurityPolicy_TLS13_1_3_2025_09');
    // A policy is for private domains only.
    const pub = await sdkError(() => send(new A.CreateDomainNameCommand({ domainName: 'pub.example.com', regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] }, policy: POLICY })));
    expect(pub).toMatchObject({ name: 'BadRequestException', status: 400 });
  });

  it('UpdateDomainName patches /policy and /managementPolicy with replace only', async () => {
    const d = await createPrivate('mgmt.example.com', { policy: POLICY });
    const ids = { domainName: 'mgmt.example.com', domainNameId: d.domainNameId };
    const management = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, Action: 'apigateway:CreateAccessAssociation', Resource: d.domainNameArn }],
    });
    const up = await send<A.UpdateDomainNameCommandOutput>(new A.UpdateDomainNameCommand({ ...ids, patchOperations: [{ op: 'replace', path: '/managementPolicy', value: management }] }));
    expect(up).toMatchObject({ managementPolicy: management, policy: POLICY, domainNameId: d.domainNameId });
    const removed = await sdkError(() => send(new A.UpdateDomainNameCommand({ ...ids, patchOperations: [{ op: 'remove', path: '/managementPolicy' }] })));
    expect(removed.message).toMatch(/^Invalid patch path {2}'\/managementPolicy' specified for op 'remove'/);
    const cleared = await send<A.UpdateDomainNameCommandOutput>(new A.UpdateDomainNameCommand({ ...ids, patchOperations: [{ op: 'replace', path: '/managementPolicy', value: '' }] }));
    expect(cleared.managementPolicy).toBeUndefined();
    const ipv4 = await sdkError(() => send(new A.UpdateDomainNameCommand({ ...ids, patchOperations: [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'ipv4' }] })));
    expect(ipv4.message).toBe('Only dualstack ipAddressType is supported for Private domain names.');
    const cert2 = 'arn:aws:acm:us-east-1:123456789012:certificate/rotated';
    expect((await send<A.UpdateDomainNameCommandOutput>(new A.UpdateDomainNameCommand({ ...ids, patchOperations: [{ op: 'replace', path: '/certificateArn', value: cert2 }] }))).certificateArn).toBe(cert2);
    // Public domains take no policy.
    await send(new A.CreateDomainNameCommand({ domainName: 'pub.example.com', regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    const pub = await sdkError(() => send(new A.UpdateDomainNameCommand({ domainName: 'pub.example.com', patchOperations: [{ op: 'replace', path: '/policy', value: POLICY }] })));
    expect(pub.message).toMatch(/^Invalid patch path {2}'\/policy' specified for op 'replace'/);
  });

  it('maps private REST APIs through base path mappings that name the domainNameId', async () => {
    const apiId = await privateApiWithStage();
    const a = await createPrivate('svc.example.com');
    const b = await createPrivate('svc.example.com');
    const onA = { domainName: 'svc.example.com', domainNameId: a.domainNameId };
    const m = await send<A.CreateBasePathMappingCommandOutput>(new A.CreateBasePathMappingCommand({ ...onA, restApiId: apiId, stage: 'prod', basePath: 'v1' }));
    expect(m).toMatchObject({ basePath: 'v1', restApiId: apiId, stage: 'prod' });
    expect((await send<A.GetBasePathMappingsCommandOutput>(new A.GetBasePathMappingsCommand(onA))).items).toEqual([{ basePath: 'v1', restApiId: apiId, stage: 'prod' }]);
    expect((await send<A.GetBasePathMappingsCommandOutput>(new A.GetBasePathMappingsCommand({ domainName: 'svc.example.com', domainNameId: b.domainNameId }))).items).toEqual([]);
    const upd = await send<A.UpdateBasePathMappingCommandOutput>(new A.UpdateBasePathMappingCommand({ ...onA, basePath: 'v1', patchOperations: [{ op: 'replace', path: '/basePath', value: 'v2' }] }));
    expect(upd.basePath).toBe('v2');
    expect((await send<A.GetBasePathMappingCommandOutput>(new A.GetBasePathMappingCommand({ ...onA, basePath: 'v2' }))).restApiId).toBe(apiId);
    // A public API cannot be mapped to a private domain; the mapped API keeps its endpoint type.
    const publicApi = await privateApiWithStage('REGIONAL');
    expect((await sdkError(() => send(new A.CreateBasePathMappingCommand({ ...onA, restApiId: publicApi, stage: 'prod', basePath: 'pub' })))).status).toBe(400);
    const retype = await sdkError(() => send(new A.UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/endpointConfiguration/types/PRIVATE', value: 'REGIONAL' }] })));
    expect(retype.status).toBe(400);
    // The mapping holds the API and its stage, as it does for public domains.
    expect((await sdkError(() => send(new A.DeleteRestApiCommand({ restApiId: apiId })))).message).toMatch(/^Deleting RestApi .* failed/);
    await send(new A.DeleteBasePathMappingCommand({ ...onA, basePath: 'v2' }));
    expect((await send<A.GetBasePathMappingsCommandOutput>(new A.GetBasePathMappingsCommand(onA))).items).toEqual([]);
  });

  it('takes routing rules (apigatewayv2) when they name the domainNameId', async () => {
    const apiId = await privateApiWithStage();
    const d = await createPrivate('rules.example.com', { routingMode: 'ROUTING_RULE_ONLY' });
    const v2 = new V2.ApiGatewayV2Client({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    const input = { DomainName: 'rules.example.com', Priority: 10, Conditions: [], Actions: [{ InvokeApi: { ApiId: apiId, Stage: 'prod' } }] };
    const rule = await v2.send(new V2.CreateRoutingRuleCommand({ ...input, DomainNameId: d.domainNameId }));
    expect(rule.RoutingRuleArn).toBe(`arn:aws:apigateway:us-east-1:123456789012:/domainnames/rules.example.com+${d.domainNameId}/routingrules/${rule.RoutingRuleId}`);
    expect((await v2.send(new V2.ListRoutingRulesCommand({ DomainName: 'rules.example.com', DomainNameId: d.domainNameId }))).RoutingRules).toHaveLength(1);
    const missing = await v2.send(new V2.CreateRoutingRuleCommand(input)).catch((e: Error) => e);
    expect((missing as Error).name).toBe('NotFoundException');
    const publicApi = await privateApiWithStage('REGIONAL');
    const toPublic = await v2.send(new V2.CreateRoutingRuleCommand({ ...input, Priority: 20, DomainNameId: d.domainNameId, Actions: [{ InvokeApi: { ApiId: publicApi, Stage: 'prod' } }] })).catch((e: Error) => e);
    expect((toPublic as Error).name).toBe('BadRequestException');
    v2.destroy();
  });

  it('tags the private domain through its account-scoped ARN', async () => {
    const d = await createPrivate('tags.example.com', { tags: { a: '1' } });
    await send(new A.TagResourceCommand({ resourceArn: d.domainNameArn, tags: { b: '2' } }));
    expect((await send<A.GetTagsCommandOutput>(new A.GetTagsCommand({ resourceArn: d.domainNameArn }))).tags).toEqual({ a: '1', b: '2' });
    await send(new A.UntagResourceCommand({ resourceArn: d.domainNameArn, tagKeys: ['a'] }));
    expect((await send<A.GetDomainNameCommandOutput>(new A.GetDomainNameCommand({ domainName: 'tags.example.com', domainNameId: d.domainNameId }))).tags).toEqual({ b: '2' });
    const other = d.domainNameArn!.replace('123456789012', '999999999999');
    expect(await sdkError(() => send(new A.GetTagsCommand({ resourceArn: other })))).toMatchObject({ name: 'NotFoundException', status: 404 });
  });

  it('caps private domains at the quota (50 by default; raised through limits)', async () => {
    for (let i = 0; i < 50; i++) await createPrivate(`q${i}.example.com`);
    expect(await sdkError(() => createPrivate('one-too-many.example.com'))).toMatchObject({ name: 'LimitExceededException', status: 429 });
    // Public domains have a quota of their own.
    await send(new A.CreateDomainNameCommand({ domainName: 'pub.example.com', regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    // AWS raises the quota on request: the emulator's `limits`.
    const raised = await withEmulator({ limits: { privateDomainNames: 51, domainNameAccessAssociations: 1 } });
    try {
      const c = raised.client;
      const mk = (name: string) => c.send(new A.CreateDomainNameCommand({ domainName: name, certificateArn: CERT, endpointConfiguration: { types: ['PRIVATE'] } }));
      for (let i = 0; i < 51; i++) await mk(`r${i}.example.com`);
      expect((await sdkError(() => mk('r51.example.com'))).name).toBe('LimitExceededException');
      const d = await c.send(new A.GetDomainNamesCommand({ limit: 1 }));
      const assoc = (vpce: string) => c.send(new A.CreateDomainNameAccessAssociationCommand({ domainNameArn: d.items![0]!.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: vpce }));
      await assoc('vpce-0aaaaaaaaaaaaaaaa');
      expect((await sdkError(() => assoc('vpce-0bbbbbbbbbbbbbbbb'))).name).toBe('LimitExceededException');
    } finally {
      await raised.emu.close();
    }
  });
});

describe('domain name access associations', () => {
  it('create, list by owner, tag, and delete by ARN', async () => {
    const d = await createPrivate('assoc.example.com');
    const created = await send<A.CreateDomainNameAccessAssociationCommandOutput>(new A.CreateDomainNameAccessAssociationCommand({
      domainNameArn: d.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0a1b2c3d4e5f67890', tags: { env: 'prod' },
    }));
    const arn = `arn:aws:apigateway:us-east-1:123456789012:/domainnameaccessassociations/domainname/assoc.example.com+${d.domainNameId}/vpcesource/vpce-0a1b2c3d4e5f67890`;
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({ domainNameAccessAssociationArn: arn, domainNameArn: d.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0a1b2c3d4e5f67890', tags: { env: 'prod' } });

    const self = await send<A.GetDomainNameAccessAssociationsCommandOutput>(new A.GetDomainNameAccessAssociationsCommand({ resourceOwner: 'SELF' }));
    expect(self.items!.map((a) => a.domainNameAccessAssociationArn)).toEqual([arn]);
    expect((await send<A.GetDomainNameAccessAssociationsCommandOutput>(new A.GetDomainNameAccessAssociationsCommand({}))).items).toHaveLength(1);
    expect((await send<A.GetDomainNameAccessAssociationsCommandOutput>(new A.GetDomainNameAccessAssociationsCommand({ resourceOwner: 'OTHER_ACCOUNTS' }))).items).toEqual([]);

    await send(new A.TagResourceCommand({ resourceArn: arn, tags: { owner: 'net' } }));
    expect((await send<A.GetTagsCommandOutput>(new A.GetTagsCommand({ resourceArn: arn }))).tags).toEqual({ env: 'prod', owner: 'net' });

    // The domain cannot go while an association holds it.
    expect(await sdkError(() => send(new A.DeleteDomainNameCommand({ domainName: 'assoc.example.com', domainNameId: d.domainNameId })))).toMatchObject({ name: 'ConflictException', status: 409 });
    const del = await send<A.DeleteDomainNameAccessAssociationCommandOutput>(new A.DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: arn }));
    expect(del.$metadata.httpStatusCode).toBe(202);
    expect((await send<A.GetDomainNameAccessAssociationsCommandOutput>(new A.GetDomainNameAccessAssociationsCommand({ resourceOwner: 'SELF' }))).items).toEqual([]);
    expect(await sdkError(() => send(new A.DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: arn })))).toMatchObject({ name: 'NotFoundException', status: 404 });
    await send(new A.DeleteDomainNameCommand({ domainName: 'assoc.example.com', domainNameId: d.domainNameId }));
  });

  it('refuses a missing or public domain, a bad source, a duplicate, and one endpoint for two domains of one name', async () => {
    const a = await createPrivate('dup.example.com');
    const b = await createPrivate('dup.example.com');
    const create = (domainNameArn: string | undefined, source = 'vpce-0123456789abcdef0', type = 'VPCE') =>
      send(new A.CreateDomainNameAccessAssociationCommand({ domainNameArn, accessAssociationSourceType: type as 'VPCE', accessAssociationSource: source }));
    const first = await create(a.domainNameArn) as A.CreateDomainNameAccessAssociationCommandOutput;
    expect(first.tags).toBeUndefined();
    expect(await sdkError(() => create(a.domainNameArn))).toMatchObject({ name: 'ConflictException', status: 409 });
    expect(await sdkError(() => create(b.domainNameArn))).toMatchObject({ name: 'ConflictException', status: 409 });
    await create(b.domainNameArn, 'vpce-0fedcba9876543210');
    const gone = a.domainNameArn!.replace(a.domainNameId!, 'zzzzzzzzzz');
    expect(await sdkError(() => create(gone))).toMatchObject({ name: 'BadRequestException', status: 400 });
    await send(new A.CreateDomainNameCommand({ domainName: 'pub.example.com', regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] } }));
    expect(await sdkError(() => create('arn:aws:apigateway:us-east-1::/domainnames/pub.example.com'))).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(await sdkError(() => create(a.domainNameArn, 'vpc-12345678'))).toMatchObject({ name: 'BadRequestException', status: 400 });
    const badType = await sdkError(() => create(a.domainNameArn, 'vpce-0aaaaaaaaaaaaaaaa', 'VPC'));
    expect(badType).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(badType.message).toContain('Member must satisfy enum value set: [VPCE]');
    expect(await sdkError(() => create(undefined))).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('reject is for other accounts\' associations; one of the own account is deleted instead', async () => {
    const d = await createPrivate('rej.example.com');
    const own = await send<A.CreateDomainNameAccessAssociationCommandOutput>(new A.CreateDomainNameAccessAssociationCommand({
      domainNameArn: d.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0123456789abcdef0',
    }));
    const reject = (arn: string | undefined, domainNameArn = d.domainNameArn) =>
      send(new A.RejectDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: arn, domainNameArn }));
    expect(await sdkError(() => reject(own.domainNameAccessAssociationArn))).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(await sdkError(() => reject(own.domainNameAccessAssociationArn!.replace('vpce-0123456789abcdef0', 'vpce-0000000000000000f')))).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(await sdkError(() => reject(own.domainNameAccessAssociationArn, d.domainNameArn!.replace(d.domainNameId!, 'zzzzzzzzzz')))).toMatchObject({ name: 'NotFoundException', status: 404 });
  });

  it('another account\'s association needs the managementPolicy, shows as OTHER_ACCOUNTS, and is rejected by the owner', async () => {
    const d = await createPrivate('shared-out.example.com');
    const seed = (body: object) =>
      fetch(`${emu.url}/_emulator/foreign-access-associations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const foreign = { accountId: '444455556666', domainNameArn: d.domainNameArn, accessAssociationSource: 'vpce-0123456789abcdef0' };
    // Not shared yet: the consumer account may not associate.
    const refused = await seed(foreign);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toContain('managementPolicy');
    const management = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root'] }, Action: 'apigateway:CreateAccessAssociation', Resource: d.domainNameArn }],
    });
    await send(new A.UpdateDomainNameCommand({ domainName: 'shared-out.example.com', domainNameId: d.domainNameId, patchOperations: [{ op: 'replace', path: '/managementPolicy', value: management }] }));
    const res = await seed(foreign);
    expect(res.status).toBe(201);
    const arn = ((await res.json()) as { domainNameAccessAssociationArn: string }).domainNameAccessAssociationArn;
    expect(arn).toBe(`arn:aws:apigateway:us-east-1:444455556666:/domainnameaccessassociations/domainname/shared-out.example.com+${d.domainNameId}/vpcesource/vpce-0123456789abcdef0`);

    const others = await send<A.GetDomainNameAccessAssociationsCommandOutput>(new A.GetDomainNameAccessAssociationsCommand({ resourceOwner: 'OTHER_ACCOUNTS' }));
    expect(others.items!.map((a) => a.domainNameAccessAssociationArn)).toEqual([arn]);
    expect((await send<A.GetDomainNameAccessAssociationsCommandOutput>(new A.GetDomainNameAccessAssociationsCommand({ resourceOwner: 'SELF' }))).items).toEqual([]);
    // The owner cannot delete another account's association, only reject it.
    expect(await sdkError(() => send(new A.DeleteDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: arn })))).toMatchObject({ name: 'NotFoundException', status: 404 });
    const rejected = await send<A.RejectDomainNameAccessAssociationCommandOutput>(new A.RejectDomainNameAccessAssociationCommand({ domainNameAccessAssociationArn: arn, domainNameArn: d.domainNameArn }));
    expect(rejected.$metadata.httpStatusCode).toBe(202);
    expect((await send<A.GetDomainNameAccessAssociationsCommandOutput>(new A.GetDomainNameAccessAssociationsCommand({ resourceOwner: 'OTHER_ACCOUNTS' }))).items).toEqual([]);
    await send(new A.DeleteDomainNameCommand({ domainName: 'shared-out.example.com', domainNameId: d.domainNameId }));
  });

  it('caps associations at 100 per account', async () => {
    const domains = await Promise.all([0, 1, 2].map((i) => createPrivate(`cap${i}.example.com`)));
    let n = 0;
    for (const d of domains) {
      for (let i = 0; i < 34 && n < 100; i++, n++) {
        await send(new A.CreateDomainNameAccessAssociationCommand({ domainNameArn: d.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: `vpce-${String(n).padStart(17, '0')}` }));
      }
    }
    const over = await sdkError(() => send(new A.CreateDomainNameAccessAssociationCommand({ domainNameArn: domains[2]!.domainNameArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-0ffffffffffffffff' })));
    expect(over).toMatchObject({ name: 'LimitExceededException', status: 429 });
    const page = await send<A.GetDomainNameAccessAssociationsCommandOutput>(new A.GetDomainNameAccessAssociationsCommand({ limit: 60 }));
    expect(page.items).toHaveLength(60);
    expect(page.position).toBeDefined();
  });
});
