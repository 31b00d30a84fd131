import {
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateVpcLinkCommand,
  DeleteVpcLinkCommand,
  ExportApiCommand,
  GetTagsCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  UpdateVpcLinkCommand,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startV2, stopV2, type V2Harness } from './v2-helpers.js';

let h: V2Harness;
beforeAll(async () => {
  h = await startV2();
});
afterAll(() => stopV2(h));

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/50dc6c495c0c9188/0467ef3c8400ae65';

describe('VPC links', () => {
  it('creates a link (PENDING at first, then AVAILABLE), lists, renames and deletes it', async () => {
    const link = await h.client.send(
      new CreateVpcLinkCommand({ Name: 'private', SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-1'], Tags: { team: 'a' } }),
    );
    expect(link.$metadata.httpStatusCode).toBe(201);
    expect(link.VpcLinkId).toMatch(/^[a-z0-9]{6}$/);
    expect(link).toMatchObject({ Name: 'private', SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-1'], VpcLinkStatus: 'PENDING', VpcLinkVersion: 'V2' });
    const got = await h.client.send(new GetVpcLinkCommand({ VpcLinkId: link.VpcLinkId }));
    expect(got.VpcLinkStatus).toBe('AVAILABLE');
    expect((await h.client.send(new GetVpcLinksCommand({}))).Items!.map((l) => l.VpcLinkId)).toContain(link.VpcLinkId);
    expect((await h.client.send(new UpdateVpcLinkCommand({ VpcLinkId: link.VpcLinkId, Name: 'renamed' }))).Name).toBe('renamed');
    const arn = `arn:aws:apigateway:us-east-1::/vpclinks/${link.VpcLinkId}`;
    expect((await h.client.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ team: 'a' });
    expect((await h.client.send(new DeleteVpcLinkCommand({ VpcLinkId: link.VpcLinkId }))).$metadata.httpStatusCode).toBe(202);
    const gone = await rejection(h.client.send(new GetVpcLinkCommand({ VpcLinkId: link.VpcLinkId })));
    expect(gone.name).toBe('NotFoundException');
    expect(gone.message).toBe(`Invalid VpcLink identifier specified ${link.VpcLinkId}`);
  });

  it('carries a private integration of an HTTP API, and must exist for it', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'private', ProtocolType: 'HTTP' }));
    const { VpcLinkId } = await h.client.send(new CreateVpcLinkCommand({ Name: 'l', SubnetIds: ['subnet-1'] }));
    const i = await h.client.send(
      new CreateIntegrationCommand({
        ApiId,
        IntegrationType: 'HTTP_PROXY',
        IntegrationMethod: 'ANY',
        IntegrationUri: LISTENER,
        ConnectionType: 'VPC_LINK',
        ConnectionId: VpcLinkId,
        TlsConfig: { ServerNameToVerify: 'internal.example.com' },
      }),
    );
    expect(i).toMatchObject({ ConnectionType: 'VPC_LINK', ConnectionId: VpcLinkId, TlsConfig: { ServerNameToVerify: 'internal.example.com' } });
    const missing = await rejection(
      h.client.send(
        new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: LISTENER, ConnectionType: 'VPC_LINK', ConnectionId: 'zzzzzz' }),
      ),
    );
    expect(missing.message).toBe('Invalid VpcLink identifier specified zzzzzz');
  });
});

describe('operations the emulator does not serve', () => {
  it('answer 501 naming the operation', async () => {
    const { ApiId } = await h.client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP' }));
    const exp = await rejection(h.client.send(new ExportApiCommand({ ApiId, Specification: 'OAS30', OutputType: 'JSON' })));
    expect(exp.$metadata.httpStatusCode).toBe(501);
    expect(exp.message).toBe('ExportApi is not emulated by the apigw-sync emulator (see docs/emulator-v2.md)');
  });
});
