import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { findAwsCli, runAws, type AwsCli } from './aws-cli.js';

/**
 * The VPC link calls apigw-sync makes, with the real AWS CLI against the emulator: apigateway links
 * answer create with 202 PENDING, list without tags and get with them; apigatewayv2 links list
 * with their tags. Both are tagged by ARN (`::/vpclinks/ID`) and deleted with 202.
 */
const cli = findAwsCli();
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/catalog/50dc6c495c0c9188';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(() => emu?.close());

async function ok(service: 'apigateway' | 'apigatewayv2', ...args: string[]): Promise<any> {
  const r = await runAws(cli as AwsCli, emu.url, args, undefined, service);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.json;
}

describe.skipIf(!cli)(`VPC links with the AWS CLI (${cli?.version ?? 'not found on PATH'})`, () => {
  it('apigateway: create (PENDING), list without tags, get with tags, update, tag, delete', async () => {
    const made = await ok('apigateway', 'create-vpc-link', '--name', 'catalog-nlb', '--target-arns', NLB, '--description', 'Catalog', '--tags', 'apigw-sync:managed-by=shop');
    expect(made).toMatchObject({ name: 'catalog-nlb', targetArns: [NLB], status: 'PENDING' });
    expect(made.tags).toBeUndefined();
    const listed = await ok('apigateway', 'get-vpc-links');
    expect(listed.items).toStrictEqual([{ id: made.id, name: 'catalog-nlb', description: 'Catalog', targetArns: [NLB], status: 'AVAILABLE', statusMessage: 'Your vpc link is ready for use' }]);
    expect(await ok('apigateway', 'get-vpc-link', '--vpc-link-id', made.id)).toMatchObject({ status: 'AVAILABLE', tags: { 'apigw-sync:managed-by': 'shop' } });
    const updated = await ok('apigateway', 'update-vpc-link', '--vpc-link-id', made.id, '--patch-operations', 'op=replace,path=/description,value=Catalog (eu)');
    expect(updated.description).toBe('Catalog (eu)');
    const arn = `arn:aws:apigateway:us-east-1::/vpclinks/${String(made.id)}`;
    await ok('apigateway', 'tag-resource', '--resource-arn', arn, '--tags', 'team=catalog');
    expect((await ok('apigateway', 'get-tags', '--resource-arn', arn)).tags).toStrictEqual({ 'apigw-sync:managed-by': 'shop', team: 'catalog' });
    await ok('apigateway', 'delete-vpc-link', '--vpc-link-id', made.id);
    expect((await ok('apigateway', 'get-vpc-links')).items ?? []).toStrictEqual([]);
  });

  it('apigatewayv2: create (PENDING), list with tags, tag, untag, delete', async () => {
    const made = await ok('apigatewayv2', 'create-vpc-link', '--name', 'inventory-vpc', '--subnet-ids', 'subnet-0a1', 'subnet-0b2', '--security-group-ids', 'sg-01', '--tags', 'apigw-sync:managed-by=shop');
    expect(made).toMatchObject({ Name: 'inventory-vpc', SubnetIds: ['subnet-0a1', 'subnet-0b2'], SecurityGroupIds: ['sg-01'], VpcLinkStatus: 'PENDING' });
    const [listed] = (await ok('apigatewayv2', 'get-vpc-links')).Items;
    expect(listed).toMatchObject({ VpcLinkId: made.VpcLinkId, VpcLinkStatus: 'AVAILABLE', Tags: { 'apigw-sync:managed-by': 'shop' } });
    const arn = `arn:aws:apigateway:us-east-1::/vpclinks/${String(made.VpcLinkId)}`;
    await ok('apigatewayv2', 'tag-resource', '--resource-arn', arn, '--tags', 'team=inventory');
    await ok('apigatewayv2', 'untag-resource', '--resource-arn', arn, '--tag-keys', 'team');
    expect((await ok('apigatewayv2', 'get-vpc-link', '--vpc-link-id', made.VpcLinkId)).Tags).toStrictEqual({ 'apigw-sync:managed-by': 'shop' });
    await ok('apigatewayv2', 'delete-vpc-link', '--vpc-link-id', made.VpcLinkId);
    expect((await ok('apigatewayv2', 'get-vpc-links')).Items ?? []).toStrictEqual([]);
  });
});
