import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../src/reconcile/canonical.js';
import { diffModels } from '../../src/reconcile/diff.js';
import type { EntityKind } from '../../src/reconcile/model.js';
import { RestApiBuilder } from '../../src/reconcile/rest-builder.js';
import { normaliseAttrs } from '../../src/reconcile/rest-normalise.js';
import { desiredOf, liveOf, plan } from './helpers/builders.js';

const KINDS: EntityKind[] = [
  'rest-api', 'resource', 'method', 'integration', 'method-response', 'integration-response', 'model',
  'request-validator', 'authorizer', 'gateway-response', 'stage',
];
const FIELDS = [
  'description', 'apiKeySource', 'binaryMediaTypes', 'minimumCompressionSize', 'policy', 'endpointConfiguration', 'tags',
  'authorizationType', 'authorizer', 'authorizationScopes', 'apiKeyRequired', 'requestParameters', 'requestModels',
  'type', 'httpMethod', 'uri', 'requestTemplates', 'timeoutInMillis', 'cacheKeyParameters', 'tlsConfig', 'selectionPattern',
  'responseTemplates', 'responseParameters', 'responseModels', 'schema', 'contentType', 'identitySource', 'providerARNs',
  'authorizerResultTtlInSeconds', 'statusCode', 'variables', 'methodSettings', 'cacheClusterEnabled', 'cacheClusterSize',
  'accessLogSettings', 'canarySettings', 'validateRequestBody',
];

const arbAttrs = fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });

/** A random but valid-looking API: resources, methods, integrations, responses, a stage. */
const arbApi = fc
  .record({
    description: fc.option(fc.string(), { nil: undefined }),
    types: fc.constantFrom(['EDGE'], ['REGIONAL'], undefined),
    paths: fc.uniqueArray(fc.constantFrom('/a', '/a/{id}', '/b', '/b/c/d', '/'), { maxLength: 4 }),
    verbs: fc.uniqueArray(fc.constantFrom('GET', 'POST', 'DELETE', 'ANY'), { minLength: 1, maxLength: 3 }),
    apiKeyRequired: fc.option(fc.boolean(), { nil: undefined }),
    template: fc.option(fc.string(), { nil: undefined }),
    integrationType: fc.constantFrom('MOCK', 'HTTP', 'AWS_PROXY'),
    timeout: fc.option(fc.integer({ min: 50, max: 29000 }), { nil: undefined }),
    statuses: fc.uniqueArray(fc.constantFrom('200', '400', '500'), { maxLength: 2 }),
    variables: fc.option(fc.dictionary(fc.constantFrom('x', 'y', 'alias'), fc.string()), { nil: undefined }),
    withAuthorizer: fc.boolean(),
  })
  .map((r) => {
    const api = new RestApiBuilder('random', { description: r.description, endpointConfiguration: { types: r.types } });
    if (r.withAuthorizer) api.authorizer('auth', { type: 'TOKEN', authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/x' });
    for (const p of r.paths) {
      api.resource(p, (res) => {
        for (const v of r.verbs) {
          res.method(v, { apiKeyRequired: r.apiKeyRequired, ...(r.withAuthorizer ? { authorizationType: 'CUSTOM', authorizer: 'auth' } : {}) }, (m) => {
            m.integration(
              { type: r.integrationType, uri: r.integrationType === 'MOCK' ? undefined : 'https://x', timeoutInMillis: r.timeout,
                requestTemplates: r.template === undefined ? undefined : { 'application/json': r.template } },
              (i) => r.statuses.forEach((s) => i.response(s, { responseTemplates: { 'application/json': r.template ?? '' } })),
            );
            r.statuses.forEach((s) => m.response(s));
          });
        }
      });
    }
    api.stage('prod', { variables: r.variables });
    return api;
  });

describe('properties', () => {
  it('normalising is idempotent for every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), arbAttrs, (kind, attrs) => {
        const once = normaliseAttrs(kind, attrs);
        expect(stableStringify(normaliseAttrs(kind, once))).toBe(stableStringify(once));
      }),
      { numRuns: 500 },
    );
  });

  it('diff(x, x) is empty and planning x against itself plans nothing', () => {
    fc.assert(
      fc.property(arbApi, (api) => {
        expect(diffModels(desiredOf(api), desiredOf(api))).toStrictEqual([]);
        expect(plan(desiredOf(api), liveOf(api)).ops).toStrictEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('any two APIs plan without error, with every op after the ops it depends on', () => {
    fc.assert(
      fc.property(arbApi, arbApi, fc.boolean(), (desired, live, allowDestroy) => {
        const p = plan(desiredOf(desired), liveOf(live), { allowDestroy });
        const seen = new Set<string>();
        for (const op of p.ops) {
          expect(op.calls.length).toBeGreaterThan(0);
          for (const dep of op.dependsOn) expect(seen.has(dep)).toBe(true);
          seen.add(op.id);
        }
        // No two ops act on the same object.
        expect(new Set(p.ops.map((o) => o.key)).size).toBe(p.ops.length);
      }),
      { numRuns: 200 },
    );
  });
});
