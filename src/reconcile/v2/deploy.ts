import { createHash } from 'node:crypto';
import { stableStringify } from '../canonical.js';
import type { Change } from '../diff.js';
import { SEP, addressOf, nameOf } from '../keys.js';
import { PIN_TAG, type Entity, type EntityKey, type Model } from '../model.js';
import type { DraftOp } from '../order.js';
import type { CallContext } from '../rest-calls.js';
import { deploymentDescription, movedByThisCall } from '../deploy.js';
import { V2_API_KINDS, v2DeploymentKey } from './keys.js';
import { v2call } from './calls.js';
import { apiIdOf } from './wire.js';
import { entitiesOf, entitiesOfKind } from '../entity-list.js';

/**
 * Deployments of HTTP and WebSocket APIs. A stage with autoDeploy deploys every change itself:
 * the plan adds nothing. A stage that deploys by hand (autoDeploy false) serves a change only
 * after a deployment, so when the API's configuration changes (or such a stage is new, has no
 * deployment, or runs an older configuration) the plan adds one CreateDeployment after every
 * change of the API and points those stages at it: one existing stage with no other change through
 * CreateDeployment's StageName, the others in their own create/update call.
 *
 * As for REST APIs, the deployment's description ends with `[config:<hash>]` of the desired
 * configuration, so a stage left on an older one by an interrupted apply is deployed next time.
 * Turning auto-deploy off deploys once too, so that the stage's deployment carries the marker.
 */
const MARKER = /\[config:([0-9a-f]+)\]/;

/**
 * API fields a deployment does not snapshot: tags, and the endpoint's ipAddressType (which also
 * keeps the hashes of deployments made before the spec could set it).
 */
const NOT_DEPLOYED = ['/tags', '/ipAddressType'];

export function v2ConfigHash(desired: Model, api: EntityKey): string {
  const parts = entitiesOf(desired)
    .filter((e) => (e.key === api || e.key.startsWith(api + SEP)) && e.kind !== 'v2-stage')
    .map((e): [string, unknown] => [e.key, V2_API_KINDS.has(e.kind) ? { ...e.attrs, tags: undefined, ipAddressType: undefined } : e.attrs])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return createHash('sha256').update(stableStringify(parts)).digest('hex').slice(0, 12);
}

function isConfigChange(c: Change): boolean {
  const kind = (c.desired ?? c.live)?.kind;
  if (kind === 'v2-stage') return false;
  if (kind && V2_API_KINDS.has(kind) && c.action === 'update') return c.changes.some((f) => !NOT_DEPLOYED.some((p) => f.path.startsWith(p)));
  return true;
}

export function addV2Deployments(drafts: DraftOp[], desired: Model, live: Model, changes: Change[], ctx: CallContext): void {
  for (const api of entitiesOfKind(desired, ...V2_API_KINDS)) {
    const under = (k: EntityKey) => k === api.key || k.startsWith(api.key + SEP);
    const byHand = entitiesOfKind(desired, 'v2-stage').filter((e) => under(e.key) && e.attrs.autoDeploy !== true);
    // A pinned stage (its deploymentId resolved by pins.ts) stays where it is: it moves only when promoted.
    const stages = byHand.filter((e) => e.attrs.deploymentId === undefined);
    const staying = byHand.filter((e) => e.attrs.deploymentId !== undefined).map((e) => nameOf(e.key));
    if (stages.length === 0) continue;
    if (!entitiesOfKind(desired, 'route').some((e) => under(e.key))) continue;
    const config = changes.filter((c) => under(c.key) && isConfigChange(c));
    const hash = v2ConfigHash(desired, api.key);
    const needs = (s: Entity) => {
      const l = live.entities[s.key];
      if (!l?.ids?.deploymentId) return true;
      const m = MARKER.exec(l.meta?.deploymentDescription ?? '');
      return m !== null && m[1] !== hash;
    };
    const behind = stages.filter(needs);
    // A stage that stops deploying automatically runs an automatic deployment, which carries no
    // marker: deploying once with one lets later plans tell whether the stage is current.
    const switched = stages.filter((s) => live.entities[s.key]?.attrs.autoDeploy === true && !behind.includes(s));
    if (config.length === 0 && behind.length === 0 && switched.length === 0) continue;
    const rel = (k: EntityKey) => addressOf(k).slice(addressOf(api.key).length + SEP.length) || addressOf(k);
    const what = config.length
      ? `${config.length} configuration change${config.length === 1 ? '' : 's'}`
      : behind.length
        ? `stage${behind.length === 1 ? '' : 's'} ${behind.map((s) => nameOf(s.key)).join(', ')} without the current configuration`
        : `stage${switched.length === 1 ? '' : 's'} ${switched.map((s) => nameOf(s.key)).join(', ')} no longer deploying automatically`;
    const listed = config.map((c) => `${c.action} ${rel(c.key)}`).join('; ');
    const description = api.meta?.deploymentDescription
      ? deploymentDescription(api.meta.deploymentDescription, [], hash)
      : `apigw-sync: ${(listed || what).slice(0, 400)} [config:${hash}]`;
    const key = v2DeploymentKey(api.key);
    const ref = { $ref: key, id: 'deploymentId' };
    // CreateDeployment's StageName moves one existing stage that needs no other change (and does
    // not deploy automatically: AWS refuses a deployment to such a stage), saving its UpdateStage.
    const carried = stages.find((s) => live.entities[s.key] && live.entities[s.key]?.attrs.autoDeploy !== true && !drafts.some((d) => d.key === s.key));
    drafts.push({
      kind: 'deployment', key, address: addressOf(key), action: 'deploy', reason: 'api-changed',
      explanation: `deploy, because of ${what}; ${stages.length === 1 ? 'stage' : 'stages'} ${stages.map((s) => nameOf(s.key)).join(', ')} ` +
        `${stages.length === 1 ? 'uses' : 'use'} the new deployment (auto-deploy is off)${carried ? movedByThisCall(stages.length, nameOf(carried.key)) : ''}` +
        (staying.length ? `; pinned ${staying.length === 1 ? 'stage' : 'stages'} ${staying.join(', ')} ${staying.length === 1 ? 'stays' : 'stay'} on ${staying.length === 1 ? 'its' : 'their'} deployment` : ''),
      changes: [{ path: '/description', to: description }, ...(carried ? [{ path: '/stageName', to: nameOf(carried.key) }] : [])],
      calls: [v2call('CreateDeployment', { ApiId: apiIdOf(ctx, api.key), Description: description, ...(carried ? { StageName: nameOf(carried.key) } : {}) },
        { key, ids: { deploymentId: 'DeploymentId' } })],
      deps: new Set(drafts.filter((d) => config.some((c) => c.key === d.key)).map((d) => d.key)),
    });
    for (const s of stages) {
      if (s === carried) continue;
      const existing = drafts.find((d) => d.key === s.key);
      const call = existing?.calls.find((c) => c.operation === 'CreateStage' || c.operation === 'UpdateStage');
      const from = live.entities[s.key]?.ids?.deploymentId;
      const change = { path: '/deploymentId', ...(from ? { from } : {}), to: '(new deployment)' };
      if (existing && call) {
        call.input.DeploymentId = ref;
        // A new pinned stage records the deployment it starts on (pins.ts).
        if (call.operation === 'CreateStage' && s.meta?.deployment === 'pinned') call.input.Tags = { ...(call.input.Tags as object | undefined), [PIN_TAG]: ref };
        existing.changes = [...existing.changes, change];
        existing.deps.add(key);
      } else if (existing) {
        existing.calls.push(v2call('UpdateStage', { ApiId: apiIdOf(ctx, s.key), StageName: nameOf(s.key), DeploymentId: ref }));
        existing.changes = [...existing.changes, change];
        existing.deps.add(key);
      } else {
        drafts.push({
          kind: 'v2-stage', key: s.key, address: addressOf(s.key), action: 'update', reason: 'api-changed', changes: [change],
          calls: [v2call('UpdateStage', { ApiId: apiIdOf(ctx, s.key), StageName: nameOf(s.key), DeploymentId: ref })],
          deps: new Set([key]),
        });
      }
    }
  }
}

