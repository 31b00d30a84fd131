import { nameOf } from '../../../src/reconcile/keys.js';
import type { Entity, Model } from '../../../src/reconcile/model.js';
import { planChanges } from '../../../src/reconcile/plan.js';
import type { Plan } from '../../../src/reconcile/plan-types.js';
import { RestApiBuilder, toModel } from '../../../src/reconcile/rest-builder.js';

/** Builders for plan tests: the same API description serves as desired and (with ids) as live. */
export const api = (name: string, attrs: Record<string, unknown> = {}) => new RestApiBuilder(name, attrs);

export function desiredOf(...apis: RestApiBuilder[]): Model {
  return toModel(apis.flatMap((a) => a.build()));
}

/**
 * The live side of the same description: readable fake ids (`api-petstore`, `res-/users`,
 * `auth-cognito`), every stage on deployment `dep-old`.
 */
export function liveOf(...apis: RestApiBuilder[]): Model {
  const entities: Entity[] = [];
  for (const a of apis) {
    const restApiId = `api-${a.name}`;
    for (const e of a.build()) {
      const copy: Entity = structuredClone(e);
      copy.ids = idsFor(copy, restApiId);
      if (copy.kind === 'stage') copy.meta = { deploymentDescription: 'made by hand' };
      entities.push(copy);
    }
  }
  return toModel(entities);
}

function idsFor(e: Entity, restApiId: string): Record<string, string> {
  const segs = e.key.split(' / ');
  const resource = segs.find((s) => s.startsWith('resource:'))?.slice('resource:'.length);
  const verb = segs.find((s) => s.startsWith('method:'))?.slice('method:'.length);
  const ids: Record<string, string> = { restApiId };
  if (e.kind === 'rest-api') ids.rootResourceId = 'res-/';
  if (resource) ids.resourceId = `res-${resource}`;
  if (verb) ids.httpMethod = verb;
  if (e.kind.endsWith('response') && e.kind !== 'gateway-response') ids.statusCode = nameOf(e.key);
  if (e.kind === 'authorizer') ids.authorizerId = `auth-${nameOf(e.key)}`;
  if (e.kind === 'request-validator') ids.requestValidatorId = `val-${nameOf(e.key)}`;
  if (e.kind === 'model') ids.modelName = nameOf(e.key);
  if (e.kind === 'stage') Object.assign(ids, { stageName: nameOf(e.key), deploymentId: 'dep-old' });
  return ids;
}

export function plan(desired: Model, live: Model, opts: { allowDestroy?: boolean; target?: string; adopted?: string[]; promote?: string } = {}): Plan {
  return planChanges({
    desired,
    live,
    specSet: 'shop',
    region: 'us-east-1',
    liveFingerprint: 'fp',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...opts,
  });
}

/** A compact view of a plan for assertions: `op-1 create method GET (PutMethod)`. */
export function summary(p: Plan): string[] {
  return p.ops.map(
    (o) => `${o.id} ${o.action} ${o.address}${o.blocked ? ' [blocked]' : ''} (${o.calls.map((c) => c.operation).join(', ')})` +
      (o.dependsOn.length ? ` after ${o.dependsOn.join(',')}` : ''),
  );
}

/** A typical small API used by many scenarios. */
export function petstore(): RestApiBuilder {
  return api('petstore', { description: 'Pet store', endpointConfiguration: { types: ['REGIONAL'] } })
    .authorizer('cognito', {
      type: 'COGNITO_USER_POOLS',
      providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123'],
      identitySource: 'method.request.header.Authorization',
    })
    .resource('/users', (r) =>
      r.method('GET', {}, (m) =>
        m.integration({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, (i) =>
          i.response('200', { responseTemplates: { 'application/json': '{"ok": true}' } }),
        ).response('200', { responseModels: { 'application/json': 'Empty' } }),
      ),
    )
    .resource('/users/{id}', (r) =>
      r.method('GET', { requestParameters: { 'method.request.path.id': true } }, (m) =>
        m.integration({
          type: 'HTTP_PROXY',
          httpMethod: 'GET',
          uri: 'https://backend.example.com/users/{id}',
          requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
        }),
      ),
    )
    .stage('prod', { variables: { lambdaAlias: 'prod' } });
}
