import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../src/reconcile/canonical.js';
import { diffModels } from '../../src/reconcile/diff.js';
import type { EntityKind } from '../../src/reconcile/model.js';
import { planChanges } from '../../src/reconcile/plan.js';
import { toModel } from '../../src/reconcile/rest-builder.js';
import { desiredV2Api } from '../../src/reconcile/v2/desired.js';
import { normaliseV2 } from '../../src/reconcile/v2/normalise.js';

const KINDS: EntityKind[] = ['http-api', 'websocket-api', 'route', 'route-response', 'v2-integration', 'v2-integration-response', 'v2-authorizer', 'v2-model', 'v2-stage', 'v2-domain-name', 'api-mapping'];
const FIELDS = [
  'description', 'routeSelectionExpression', 'corsConfiguration', 'tags', 'target', 'authorizationType', 'authorizer',
  'authorizationScopes', 'apiKeyRequired', 'requestModels', 'requestParameters', 'responseParameters', 'integrationType',
  'integrationUri', 'payloadFormatVersion', 'timeoutInMillis', 'requestTemplates', 'tlsConfig', 'identitySource',
  'jwtConfiguration', 'enableSimpleResponses', 'schema', 'stageVariables', 'accessLogSettings', 'defaultRouteSettings',
  'routeSettings', 'autoDeploy', 'mutualTlsAuthentication', 'api', 'stage',
];
const arbAttrs = fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });

/** A random, valid-looking HTTP API as the loader hands it over. */
const arbHttpApi = fc.record({
  routes: fc.uniqueArray(fc.constantFrom('GET /a', 'POST /a', 'ANY /{proxy+}', '$default', 'DELETE /a/{id}'), { maxLength: 4 }),
  payload: fc.constantFrom('1.0', '2.0'),
  timeout: fc.option(fc.integer({ min: 50, max: 30000 }), { nil: undefined }),
  audience: fc.uniqueArray(fc.constantFrom('web', 'mobile', 'cli'), { minLength: 1, maxLength: 3 }),
  autoDeploy: fc.option(fc.boolean(), { nil: undefined }),
  variables: fc.option(fc.dictionary(fc.constantFrom('x', 'y'), fc.string()), { nil: undefined }),
}).map((r) => ({
  integrations: { fn: { type: 'AWS_PROXY' as const, uri: 'arn:aws:lambda:us-east-1:1:function:f', payloadFormatVersion: r.payload, timeoutInMillis: r.timeout } },
  authorizers: { jwt: { type: 'JWT' as const, identitySource: ['$request.header.Authorization'], jwt: { issuer: 'https://issuer.example.com', audience: r.audience } } },
  routes: Object.fromEntries(r.routes.map((k, i) => [k, i % 2 ? { integration: 'fn', authorizer: 'jwt', authorizationType: 'JWT' as const } : { integration: 'fn' }])),
  stages: { live: { autoDeploy: r.autoDeploy, variables: r.variables } },
}));

const input = (desired: ReturnType<typeof toModel>, live: ReturnType<typeof toModel>) => ({
  desired, live, specSet: 'shop', region: 'us-east-1', liveFingerprint: 'sha256:0', createdAt: '2026-01-01T00:00:00.000Z',
});

describe('v2 canonical form and planning, for any input', () => {
  it('normalising is idempotent', () => {
    fc.assert(fc.property(fc.constantFrom(...KINDS), arbAttrs, fc.constantFrom('HTTP' as const, 'WEBSOCKET' as const), (kind, attrs, p) => {
      const once = normaliseV2(kind, attrs, p);
      expect(stableStringify(normaliseV2(kind, once, p))).toBe(stableStringify(once));
    }));
  });

  it('an API compared with itself has no changes', () => {
    fc.assert(fc.property(arbHttpApi, (spec) => {
      const m = toModel(desiredV2Api('HTTP', 'orders', spec));
      expect(diffModels(m, m)).toStrictEqual([]);
    }));
  });

  it('any two APIs plan without error, each op after the ops it depends on', () => {
    fc.assert(fc.property(arbHttpApi, arbHttpApi, (a, b) => {
      const plan = planChanges(input(toModel(desiredV2Api('HTTP', 'orders', b)), toModel(desiredV2Api('HTTP', 'orders', a))));
      const seen = new Set<string>();
      for (const op of plan.ops) {
        for (const d of op.dependsOn) expect(seen.has(d)).toBe(true);
        seen.add(op.id);
      }
    }));
  });
});
