import {
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateDomainNameCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizersCommand,
  GetDeploymentsCommand,
  GetDomainNamesCommand,
  GetIntegrationResponsesCommand,
  GetIntegrationsCommand,
  GetModelsCommand,
  GetRouteResponsesCommand,
  GetStagesCommand,
  GetVpcLinksCommand,
} from '@aws-sdk/client-apigatewayv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startV2, stopV2, type V2Harness } from './v2-helpers.js';

/** Every v2 list pages the same way: three items, two per page, make two pages and then stop. */
let h: V2Harness;
let http: string;
let ws: string;
let routeId: string;
let integrationId: string;
const DOMAIN = 'paged.example.com';

beforeAll(async () => {
  h = await startV2();
  const send = h.client.send.bind(h.client) as (c: any) => Promise<any>;
  http = (await send(new CreateApiCommand({ Name: 'http', ProtocolType: 'HTTP' }))).ApiId;
  ws = (await send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.a' }))).ApiId;
  await send(new CreateApiCommand({ Name: 'third', ProtocolType: 'HTTP' }));
  routeId = (await send(new CreateRouteCommand({ ApiId: ws, RouteKey: 'chat' }))).RouteId;
  integrationId = (await send(new CreateIntegrationCommand({ ApiId: ws, IntegrationType: 'MOCK' }))).IntegrationId;
  await send(new CreateDomainNameCommand({ DomainName: DOMAIN, DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }] }));
  for (let i = 0; i < 3; i++) {
    await send(new CreateIntegrationCommand({ ApiId: http, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: `https://example.com/${i}` }));
    await send(
      new CreateAuthorizerCommand({
        ApiId: http,
        AuthorizerType: 'JWT',
        Name: `jwt${i}`,
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Audience: ['a'], Issuer: 'https://issuer.example.com' },
      }),
    );
    await send(new CreateStageCommand({ ApiId: http, StageName: `s${i}` }));
    await send(new CreateDeploymentCommand({ ApiId: http }));
    await send(new CreateModelCommand({ ApiId: ws, Name: `M${i}`, Schema: '{}' }));
    await send(new CreateRouteResponseCommand({ ApiId: ws, RouteId: routeId, RouteResponseKey: `k${i}` }));
    await send(new CreateIntegrationResponseCommand({ ApiId: ws, IntegrationId: integrationId, IntegrationResponseKey: `/${200 + i}/` }));
    await send(new CreateApiMappingCommand({ DomainName: DOMAIN, ApiId: http, Stage: `s${i}`, ApiMappingKey: `m${i}` }));
    await send(new CreateVpcLinkCommand({ Name: `l${i}`, SubnetIds: ['subnet-1'] }));
  }
});
afterAll(() => stopV2(h));

type Page = { Items?: unknown[]; NextToken?: string };
const lists: { name: string; page: (NextToken?: string) => Promise<Page> }[] = [
  { name: 'GetApis', page: (NextToken) => h.client.send(new GetApisCommand({ MaxResults: '2', NextToken })) },
  { name: 'GetIntegrations', page: (NextToken) => h.client.send(new GetIntegrationsCommand({ ApiId: http, MaxResults: '2', NextToken })) },
  { name: 'GetAuthorizers', page: (NextToken) => h.client.send(new GetAuthorizersCommand({ ApiId: http, MaxResults: '2', NextToken })) },
  { name: 'GetStages', page: (NextToken) => h.client.send(new GetStagesCommand({ ApiId: http, MaxResults: '2', NextToken })) },
  { name: 'GetDeployments', page: (NextToken) => h.client.send(new GetDeploymentsCommand({ ApiId: http, MaxResults: '2', NextToken })) },
  { name: 'GetModels', page: (NextToken) => h.client.send(new GetModelsCommand({ ApiId: ws, MaxResults: '2', NextToken })) },
  {
    name: 'GetRouteResponses',
    page: (NextToken) => h.client.send(new GetRouteResponsesCommand({ ApiId: ws, RouteId: routeId, MaxResults: '2', NextToken })),
  },
  {
    name: 'GetIntegrationResponses',
    page: (NextToken) => h.client.send(new GetIntegrationResponsesCommand({ ApiId: ws, IntegrationId: integrationId, MaxResults: '2', NextToken })),
  },
  { name: 'GetApiMappings', page: (NextToken) => h.client.send(new GetApiMappingsCommand({ DomainName: DOMAIN, MaxResults: '2', NextToken })) },
  { name: 'GetVpcLinks', page: (NextToken) => h.client.send(new GetVpcLinksCommand({ MaxResults: '2', NextToken })) },
];

describe('every v2 list pages with maxResults and nextToken', () => {
  it.each(lists)('$name', async ({ page }) => {
    const first = await page();
    expect(first.Items).toHaveLength(2);
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await page(first.NextToken);
    expect(second.Items).toHaveLength(1);
    expect(second.NextToken).toBeUndefined();
    expect(new Set([...first.Items!, ...second.Items!].map((x) => JSON.stringify(x))).size).toBe(3);
  });

  it('GetDomainNames', async () => {
    const page = await h.client.send(new GetDomainNamesCommand({ MaxResults: '1' }));
    expect(page.Items!.map((d) => d.DomainName)).toEqual([DOMAIN]);
    expect(page.NextToken).toBeUndefined();
  });
});
