import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws, type AwsCli, type AwsResult } from './aws-cli.js';

/**
 * The developer guide's private custom domain tutorial ("Tutorial: Create and invoke a custom domain
 * name for private APIs") with the real AWS CLI against the emulator: create-domain-name with a
 * policy file, base path mappings and updates with --domain-name-id, the domain name access
 * association, and the clean-up, in the guide's order.
 */
const cli: AwsCli | undefined = findAwsCli();
let emu: RunningEmulator;
let dir: string;
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/a1b2c3d4-5678-90ab-cdef';
const VPCE = 'vpce-0abcd1234ef567890';

const aws = (...args: string[]): Promise<AwsResult> => runAws(cli!, emu.url, args, dir);
async function ok(...args: string[]): Promise<any> {
  const r = await aws(...args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.json;
}

beforeAll(async () => {
  if (!cli) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli, or Debian\'s awscli package) to run these tests.');
  emu = await startEmulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'apigw-private-cli-'));
  writeFileSync(join(dir, 'policy.json'), JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'], Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } },
    ],
  }));
});
afterAll(async () => {
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.sequential('AWS CLI: private custom domain names', () => {
  const ids: Record<string, string> = {};

  it('create-domain-name --endpoint-configuration types=PRIVATE --policy file://policy.json', async () => {
    const api = await ok('create-rest-api', '--name', 'private-api', '--endpoint-configuration', 'types=PRIVATE');
    ids.api = api.id;
    await ok('put-method', '--rest-api-id', api.id, '--resource-id', api.rootResourceId, '--http-method', 'GET', '--authorization-type', 'NONE');
    await ok('put-integration', '--rest-api-id', api.id, '--resource-id', api.rootResourceId, '--http-method', 'GET', '--type', 'MOCK');
    await ok('create-deployment', '--rest-api-id', api.id, '--stage-name', 'prod');

    const out = await ok('create-domain-name', '--domain-name', 'private.example.com', '--certificate-arn', CERT, '--security-policy', 'TLS_1_2',
      '--endpoint-configuration', '{"types":["PRIVATE"]}', '--policy', 'file://policy.json');
    expect(out.domainNameId).toMatch(/^[a-z0-9]{10}$/);
    expect(out).toMatchObject({
      domainName: 'private.example.com',
      domainNameArn: `arn:aws:apigateway:us-east-1:123456789012:/domainnames/private.example.com+${out.domainNameId}`,
      certificateArn: CERT,
      endpointConfiguration: { types: ['PRIVATE'] },
      domainNameStatus: 'AVAILABLE',
      securityPolicy: 'TLS_1_2',
    });
    expect(JSON.parse(out.policy).Statement[1].Condition.StringNotEquals['aws:SourceVpce']).toBe(VPCE);
    ids.domain = out.domainNameId;
    ids.domainArn = out.domainNameArn;
  });

  it('a second private domain of the same name gets its own id; get-domain-name needs --domain-name-id', async () => {
    const second = await ok('create-domain-name', '--domain-name', 'private.example.com', '--certificate-arn', CERT, '--endpoint-configuration', 'types=PRIVATE');
    expect(second.domainNameId).not.toBe(ids.domain);
    ids.second = second.domainNameId;
    const got = await ok('get-domain-name', '--domain-name', 'private.example.com', '--domain-name-id', ids.domain!);
    expect(got.domainNameId).toBe(ids.domain);
    const without = await aws('get-domain-name', '--domain-name', 'private.example.com');
    expect(without.code).toBe(255);
    expect(without.stderr).toContain('An error occurred (NotFoundException) when calling the GetDomainName operation: Invalid domain name identifier specified');
    const list = await ok('get-domain-names');
    expect(list.items.map((d: { domainNameId: string }) => d.domainNameId)).toEqual([ids.domain, ids.second]);
  });

  it('create-base-path-mapping --domain-name-id and update-domain-name --domain-name-id', async () => {
    const m = await ok('create-base-path-mapping', '--domain-name-id', ids.domain!, '--domain-name', 'private.example.com', '--rest-api-id', ids.api!, '--stage', 'prod', '--base-path', 'v1');
    expect(m).toEqual({ basePath: 'v1', restApiId: ids.api, stage: 'prod' });
    const maps = await ok('get-base-path-mappings', '--domain-name', 'private.example.com', '--domain-name-id', ids.domain!);
    expect(maps.items).toEqual([{ basePath: 'v1', restApiId: ids.api, stage: 'prod' }]);
    const management = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, Action: 'apigateway:CreateAccessAssociation', Resource: ids.domainArn }],
    });
    writeFileSync(join(dir, 'patch-managementPolicy.json'), JSON.stringify([{ op: 'replace', path: '/managementPolicy', value: management }]));
    const up = await ok('update-domain-name', '--domain-name', 'private.example.com', '--domain-name-id', ids.domain!, '--patch-operations', 'file://patch-managementPolicy.json');
    expect(up.managementPolicy).toBe(management);
  });

  it('create-domain-name-access-association, get-domain-name-access-associations, tags', async () => {
    const a = await ok('create-domain-name-access-association', '--domain-name-arn', ids.domainArn!, '--access-association-source', VPCE,
      '--access-association-source-type', 'VPCE', '--tags', 'team=network');
    const arn = `arn:aws:apigateway:us-east-1:123456789012:/domainnameaccessassociations/domainname/private.example.com+${ids.domain}/vpcesource/${VPCE}`;
    expect(a).toEqual({ domainNameAccessAssociationArn: arn, domainNameArn: ids.domainArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: VPCE, tags: { team: 'network' } });
    ids.assoc = arn;
    const self = await ok('get-domain-name-access-associations', '--resource-owner', 'SELF');
    expect(self.items.map((x: { domainNameAccessAssociationArn: string }) => x.domainNameAccessAssociationArn)).toEqual([arn]);
    expect((await ok('get-domain-name-access-associations', '--resource-owner', 'OTHER_ACCOUNTS')).items).toEqual([]);
    const dup = await aws('create-domain-name-access-association', '--domain-name-arn', ids.domainArn!, '--access-association-source', VPCE, '--access-association-source-type', 'VPCE');
    expect(dup.code).toBe(255);
    expect(dup.stderr).toContain('An error occurred (ConflictException) when calling the CreateDomainNameAccessAssociation operation');
    await ok('tag-resource', '--resource-arn', ids.domainArn!, '--tags', 'env=prod');
    expect((await ok('get-tags', '--resource-arn', ids.domainArn!)).tags).toEqual({ env: 'prod' });
  });

  it('reject-domain-name-access-association: another account\'s association, shared through the managementPolicy', async () => {
    // The managementPolicy set above grants account 111122223333; its association is seeded through the admin endpoint.
    const res = await fetch(`${emu.url}/_emulator/foreign-access-associations`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: '111122223333', domainNameArn: ids.domainArn, accessAssociationSource: 'vpce-0fedcba9876543210' }),
    });
    expect(res.status).toBe(201);
    const foreign = `arn:aws:apigateway:us-east-1:111122223333:/domainnameaccessassociations/domainname/private.example.com+${ids.domain}/vpcesource/vpce-0fedcba9876543210`;
    const others = await ok('get-domain-name-access-associations', '--resource-owner', 'OTHER_ACCOUNTS');
    expect(others.items.map((x: { domainNameAccessAssociationArn: string }) => x.domainNameAccessAssociationArn)).toEqual([foreign]);
    const r = await aws('reject-domain-name-access-association', '--domain-name-access-association-arn', foreign, '--domain-name-arn', ids.domainArn!);
    expect(r.code).toBe(0);
    expect((await ok('get-domain-name-access-associations', '--resource-owner', 'OTHER_ACCOUNTS')).items).toEqual([]);
  });

  it('clean-up: delete-domain-name-access-association, then delete-domain-name --domain-name-id', async () => {
    const early = await aws('delete-domain-name', '--domain-name', 'private.example.com', '--domain-name-id', ids.domain!);
    expect(early.code).toBe(255);
    expect(early.stderr).toContain('(ConflictException) when calling the DeleteDomainName operation');
    expect((await aws('delete-domain-name-access-association', '--domain-name-access-association-arn', ids.assoc!)).code).toBe(0);
    expect((await ok('get-domain-name-access-associations')).items).toEqual([]);
    expect((await aws('delete-domain-name', '--domain-name', 'private.example.com', '--domain-name-id', ids.domain!)).code).toBe(0);
    expect((await aws('delete-domain-name', '--domain-name', 'private.example.com', '--domain-name-id', ids.second!)).code).toBe(0);
    expect((await ok('get-domain-names')).items).toEqual([]);
  });
});
