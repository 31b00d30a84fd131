import type { Model } from '../../../src/reconcile/model.js';
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
  ];
}
