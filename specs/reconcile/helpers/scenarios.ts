import { apiKeyEntity, domainEntities, usagePlanEntities } from '../../../src/reconcile/desired-account.js';
import { liveAccountEntities } from '../../../src/reconcile/live-account.js';
import type { Entity, Model } from '../../../src/reconcile/model.js';
import { toModel } from '../../../src/reconcile/rest-builder.js';
import { secretDigest } from '../../../src/reconcile/secret-digest.js';
import { api, desiredOf, liveOf, petstore } from './builders.js';

/**
 * The change scenarios of the plan issue as desired/live pairs, for golden plan fixtures
 * (`specs/golden/0NN-<name>/input.json`) that the renderers' golden tests render.
 */
export interface Scenario {
  dir: string;
  desired: Model;
  live: Model;
  allowDestroy?: boolean;
}

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:users';
const LAMBDA_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA}/invocations`;
const COGNITO = {
  type: 'COGNITO_USER_POOLS',
  providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123'],
  identitySource: 'method.request.header.Authorization',
};

const ENV = { PARTNER_KEY: 'partner-key-value-0123456789', ROTATED_KEY: 'rotated-key-value-0123456789' };
const OWNER = { 'apigw-sync:managed-by': 'shop' };
const withExtra = (m: Model, extra: Entity[]) => toModel([...Object.values(m.entities), ...extra]);

/** The petstore's key and usage plan as AWS has them. */
function liveAccess(): Entity[] {
  return liveAccountEntities({
    apiKeys: [{ id: 'key001', name: 'partner', enabled: true, value: secretDigest(ENV.PARTNER_KEY), tags: OWNER }],
    usagePlans: [{ id: 'plan01', name: 'basic', quota: { limit: 1000, offset: 0, period: 'MONTH' },
      apiStages: [{ apiId: 'api-petstore', stage: 'prod' }], tags: OWNER, keys: [{ id: 'key001', type: 'API_KEY', name: 'partner' }] }],
    domains: [],
    restApiNames: new Map([['api-petstore', 'petstore']]),
  });
}

function desiredAccess(o: { quota?: number; keyEnv?: string; mobile?: boolean } = {}): Entity[] {
  return [
    apiKeyEntity('partner', { value: { secretEnv: o.keyEnv ?? 'PARTNER_KEY' } }, ENV),
    ...(o.mobile ? [apiKeyEntity('mobile', { description: 'Mobile app' }, ENV)] : []),
    ...usagePlanEntities('basic', { quota: { limit: o.quota ?? 1000, period: 'MONTH' }, apiStages: [{ api: 'petstore', stage: 'prod' }],
      keys: o.mobile ? ['partner', 'mobile'] : ['partner'] }, new Set(['petstore'])),
  ];
}

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/c1';

/** A regional domain whose `v1` maps to petstore's `prod`, as AWS has it. */
function liveDomain(): Entity[] {
  return liveAccountEntities({
    apiKeys: [], usagePlans: [],
    domains: [{ domainName: 'api.example.com', regionalCertificateArn: CERT, endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'TLS_1_2',
      regionalDomainName: 'd-abc123.execute-api.us-east-1.amazonaws.com', regionalHostedZoneId: 'Z1UJRXOUMOOFQ8', tags: OWNER,
      mappings: [{ basePath: 'v1', restApiId: 'api-petstore', stage: 'prod' }] }],
    restApiNames: new Map([['api-petstore', 'petstore']]),
  });
}

export function scenarios(): Scenario[] {
  return [
    {
      dir: '001-plan-create-rest-api',
      desired: desiredOf(petstore()),
      live: { entities: {} },
    },
    {
      dir: '002-plan-add-method',
      desired: desiredOf(petstore().resource('/users', (r) =>
        r.method('POST', {}, (m) => m.integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: LAMBDA_URI })))),
      live: liveOf(petstore()),
    },
    {
      dir: '003-plan-change-vtl-template',
      desired: desiredOf(petstore().resource('/users', (r) => r.method('GET', {}, (m) =>
        m.integration({ type: 'MOCK', requestTemplates: { 'application/json': '#set($limit = $input.params("limit"))\n{"statusCode": 200, "limit": "$limit"}' } }, (i) =>
          i.response('200', { responseTemplates: { 'application/json': '{"ok": true}' } }))
          .response('200', { responseModels: { 'application/json': 'Empty' } })))),
      live: liveOf(petstore()),
    },
    {
      dir: '004-plan-remove-resource-subtree',
      desired: desiredOf(api('petstore').resource('/users', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' }))).stage('prod')),
      live: liveOf(api('petstore').resource('/users', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' })))
        .resource('/users/{id}', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' })).method('DELETE', {}, (m) => m.integration({ type: 'MOCK' })))
        .resource('/users/{id}/pets', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' })))
        .stage('prod')),
    },
    {
      dir: '005-plan-rename-stage-variable',
      desired: desiredOf(petstore().stage('prod', { variables: { alias: 'prod' } })),
      live: liveOf(petstore()),
    },
    {
      dir: '006-plan-switch-to-cognito-authorizer',
      desired: desiredOf(api('petstore').authorizer('cognito', COGNITO)
        .resource('/orders', (r) => r.method('GET', { authorizationType: 'COGNITO_USER_POOLS', authorizer: 'cognito', authorizationScopes: ['orders/read'] },
          (m) => m.integration({ type: 'MOCK' })))
        .stage('prod')),
      live: liveOf(api('petstore').resource('/orders', (r) => r.method('GET', {}, (m) => m.integration({ type: 'MOCK' }))).stage('prod')),
    },
    {
      dir: '007-plan-change-integration-type',
      desired: desiredOf(api('petstore').resource('/users', (r) => r.method('GET', {}, (m) =>
        m.response('200').integration({ type: 'HTTP', httpMethod: 'GET', uri: 'https://backend.example.com/users' }, (i) =>
          i.response('200', { responseTemplates: { 'application/json': '{}' } })))).stage('prod')),
      live: liveOf(api('petstore').resource('/users', (r) => r.method('GET', {}, (m) =>
        m.response('200').integration({ type: 'MOCK' }, (i) => i.response('200', { responseTemplates: { 'application/json': '{}' } })))).stage('prod')),
    },
    {
      dir: '008-plan-no-changes',
      desired: desiredOf(petstore()),
      live: liveOf(petstore()),
    },
    {
      dir: '009-plan-delete-api-blocked',
      desired: { entities: {} },
      live: liveOf(api('legacy').resource('/', (r) => r.method('GET')).stage('prod')),
    },
    {
      dir: '010-plan-raise-quota',
      desired: withExtra(desiredOf(petstore()), desiredAccess({ quota: 5000 })),
      live: withExtra(liveOf(petstore()), liveAccess()),
    },
    {
      dir: '011-plan-add-key-to-usage-plan',
      desired: withExtra(desiredOf(petstore()), desiredAccess({ mobile: true })),
      live: withExtra(liveOf(petstore()), liveAccess()),
    },
    {
      dir: '012-plan-rotate-key-value',
      desired: withExtra(desiredOf(petstore()), desiredAccess({ keyEnv: 'ROTATED_KEY' })),
      live: withExtra(liveOf(petstore()), liveAccess()),
    },
    {
      dir: '015-plan-move-base-path',
      desired: withExtra(desiredOf(petstore().stage('dev')), domainEntities('api.example.com',
        { regionalCertificateArn: CERT, mappings: { v1: { api: 'petstore', stage: 'dev' } } }, new Set(['petstore']))),
      live: withExtra(liveOf(petstore().stage('dev')), liveDomain()),
    },
    {
      dir: '013-plan-method-caching-ttl',
      desired: desiredOf(petstore().stage('prod', { variables: { lambdaAlias: 'prod' }, cacheClusterEnabled: true, cacheClusterSize: '0.5',
        methodSettings: { 'GET /users': { cachingEnabled: true, cacheTtlInSeconds: 600 } } })),
      live: liveOf(petstore()),
    },
    {
      dir: '014-plan-access-log-format',
      desired: desiredOf(petstore().stage('prod', { variables: { lambdaAlias: 'prod' },
        accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:petstore-access', format: '$context.requestId $context.status $context.responseLatency' } })),
      live: liveOf(petstore().stage('prod', { variables: { lambdaAlias: 'prod' },
        accessLogSettings: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:petstore-access', format: '$context.requestId $context.status' } })),
    },
  ];
}
