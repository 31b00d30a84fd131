import { describe, expect, it } from 'vitest';
import { diffModels } from '../../src/reconcile/diff.js';
import type { Entity } from '../../src/reconcile/model.js';
import { toModel } from '../../src/reconcile/rest-builder.js';
import { desiredV2Api } from '../../src/reconcile/v2/desired.js';
import { nameIntegrations, suggestIntegrationName } from '../../src/reconcile/v2/integration-names.js';
import { liveV2ApiEntities } from '../../src/reconcile/v2/live.js';
import { normaliseV2 } from '../../src/reconcile/v2/normalise.js';
import { planChanges } from '../../src/reconcile/plan.js';

const FN = (n: string) => `arn:aws:lambda:us-east-1:123456789012:function:${n}`;
const integ = (n: string, extra: Record<string, unknown> = {}) =>
  normaliseV2('v2-integration', { integrationType: 'AWS_PROXY', integrationUri: FN(n), payloadFormatVersion: '2.0', ...extra }, 'HTTP');

describe('naming live integrations', () => {
  it.each([
    {
      name: 'by the routes that target them',
      live: [{ id: 'i1', attrs: integ('a') }, { id: 'i2', attrs: integ('b') }],
      liveTargets: [['GET /a', 'i1'], ['GET /b', 'i2']],
      desiredTargets: [['GET /a', 'alpha'], ['GET /b', 'beta']],
      desired: [['alpha', integ('x')], ['beta', integ('y')]],
      want: [['i1', 'alpha'], ['i2', 'beta']],
    },
    {
      name: 'a route moved to another integration does not rename the one the other routes keep',
      live: [{ id: 'i1', attrs: integ('a') }, { id: 'i2', attrs: integ('b') }],
      liveTargets: [['GET /a', 'i1'], ['POST /a', 'i1'], ['PUT /a', 'i1'], ['GET /b', 'i2']],
      desiredTargets: [['GET /a', 'alpha'], ['POST /a', 'alpha'], ['PUT /a', 'beta'], ['GET /b', 'beta']],
      desired: [['alpha', integ('a')], ['beta', integ('b')]],
      want: [['i1', 'alpha'], ['i2', 'beta']],
    },
    {
      name: 'by content when no route targets it',
      live: [{ id: 'i1', attrs: integ('a') }],
      liveTargets: [],
      desiredTargets: [],
      desired: [['alpha', integ('a')]],
      want: [['i1', 'alpha']],
    },
    {
      name: 'by content, its VPC link aside (a live id, a spec name), when no route targets it',
      live: [{ id: 'i1', attrs: integ('a', { connectionType: 'VPC_LINK', connectionId: 'vl0001' }) }],
      liveTargets: [],
      desiredTargets: [],
      desired: [['alpha', integ('a', { vpcLink: 'inventory-vpc' })]],
      want: [['i1', 'alpha']],
    },
    {
      name: 'an unmatched one gets a content name the spec does not use',
      live: [{ id: 'i1', attrs: integ('orders') }, { id: 'i2', attrs: integ('orders', { description: 'x' }) }],
      liveTargets: [],
      desiredTargets: [],
      desired: [['orders', integ('other')]],
      want: [['i1', 'orders-2'], ['i2', 'orders-3']],
    },
  ])('$name', ({ live, liveTargets, desiredTargets, desired, want }) => {
    const got = nameIntegrations({
      integrations: live,
      liveTargets: new Map(liveTargets as [string, string][]),
      desiredTargets: new Map(desiredTargets as [string, string][]),
      desiredIntegrations: new Map(desired as [string, Record<string, unknown>][]),
    });
    expect([...got.entries()].sort()).toStrictEqual(want);
  });

  it.each([
    [{ integrationUri: FN('orders') }, 'orders'],
    [{ integrationType: 'AWS_PROXY', integrationSubtype: 'SQS-SendMessage' }, 'sqs-sendmessage'],
    [{ integrationType: 'HTTP_PROXY', integrationUri: 'https://tracking.example.com/x' }, 'tracking.example.com'],
    [{ integrationType: 'HTTP_PROXY', connectionType: 'VPC_LINK', integrationUri: 'arn:aws:elasticloadbalancing:listener' }, 'vpc-link'],
    [{ integrationType: 'MOCK' }, 'mock'],
  ])('suggests a name from %j: %s', (attrs, want) => {
    expect(suggestIntegrationName(attrs)).toBe(want);
  });
});

describe('the v2 canonical form', () => {
  it.each([
    ['${request.method} ${request.path}', '$request.method $request.path'],
    [undefined, '$request.method $request.path'],
  ])('an HTTP route selection expression %s is AWS\'s %s', (given, want) => {
    expect(normaliseV2('http-api', { routeSelectionExpression: given }, 'HTTP').routeSelectionExpression).toBe(want);
  });

  it('what AWS fills in equals what a spec leaves out', () => {
    // GIVEN a minimal spec and the same objects as AWS returns them, defaults filled in
    const desired = desiredV2Api('WEBSOCKET', 'chat', {
      routeSelectionExpression: '$request.body.action',
      integrations: { help: { type: 'MOCK', responses: { $default: {} } } },
      routes: { $default: { integration: 'help' } },
      stages: { prod: { defaultRouteSettings: { throttle: { rateLimit: 5 } } } },
    });
    const live = liveV2ApiEntities({
      api: { ApiId: 'a1', Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action',
        ApiKeySelectionExpression: '$request.header.x-api-key', DisableExecuteApiEndpoint: false, Tags: {} },
      routes: [{ RouteId: 'r1', RouteKey: '$default', Target: 'integrations/i1', AuthorizationType: 'NONE', ApiKeyRequired: false }],
      integrations: [{ IntegrationId: 'i1', IntegrationType: 'MOCK', ConnectionType: 'INTERNET', PayloadFormatVersion: '1.0',
        TimeoutInMillis: 29000, PassthroughBehavior: 'WHEN_NO_MATCH', IntegrationResponseSelectionExpression: '${integration.response.statuscode}',
        responses: [{ IntegrationResponseId: 'ir1', IntegrationResponseKey: '$default' }] }],
      authorizers: [], models: [], deployments: [],
      stages: [{ StageName: 'prod', AutoDeploy: false, StageVariables: {}, RouteSettings: {}, Tags: {},
        DefaultRouteSettings: { DetailedMetricsEnabled: false, DataTraceEnabled: false, LoggingLevel: 'OFF', ThrottlingRateLimit: 5 } }],
    }, toModel(desired));
    // THEN they compare equal
    expect(diffModels(toModel(desired), toModel(live as Entity[]))).toStrictEqual([]);
  });
});

describe('an API that changes protocol', () => {
  it('is deleted and created, and the delete says why', () => {
    const live = toModel(liveV2ApiEntities({ api: { ApiId: 'a1', Name: 'chat', ProtocolType: 'HTTP', Tags: {} },
      routes: [], integrations: [], authorizers: [], models: [], stages: [], deployments: [] }, toModel([])));
    const desired = toModel(desiredV2Api('WEBSOCKET', 'chat', { routeSelectionExpression: '$request.body.action' }));
    const plan = planChanges({ desired, live, specSet: 'shop', region: 'us-east-1', liveFingerprint: 'sha256:0', createdAt: '2026-01-01T00:00:00.000Z' });
    expect(plan.ops.map((o) => [o.action, o.address, o.blocked ?? false, o.explanation])).toStrictEqual([
      ['create', 'websocket-api chat', false, undefined],
      ['delete', 'http-api chat', true, 'replaced by websocket-api chat, because an API\'s protocol cannot be changed in place; blocked: deleting a whole API needs --allow-destroy'],
    ]);
  });
});
