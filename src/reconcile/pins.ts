import { ApigwError } from '../errors.js';
import { configHash } from './deploy.js';
import { addressOf, nameOf, rootOf } from './keys.js';
import { PIN_TAG, type Entity, type EntityKey, type EntityKind, type Model } from './model.js';
import type { DraftOp } from './order.js';
import type { CallContext } from './rest-calls.js';
import { arnOf } from './rest-calls.js';
import { v2call } from './v2/calls.js';
import { v2ConfigHash } from './v2/deploy.js';
import { apiIdOf, withFormat } from './v2/wire.js';
import { entitiesOfKind } from './entity-list.js';

/**
 * Which deployment each stage runs (REST stages, and HTTP and WebSocket stages without autoDeploy). A stage follows its API by default: every deployment the
 * plan makes moves it. A stage can instead be pinned (`deployment:` in its spec):
 *
 * - `pinned`: it stays on the deployment it runs. The id of that deployment is kept in the
 *   stage's tag `apigw-sync:deployment` (set when apply creates or first pins the stage, and by
 *   `apigw-sync promote --from A --to B`), so a pinned stage moved by anyone else shows as drift,
 *   and apply puts it back.
 * - a configuration hash (the `[config:<hash>]` of deployment descriptions and plans): it runs the
 *   newest deployment of that configuration. The hash of the configuration the specs describe now,
 *   when no deployment has it yet, is the deployment this plan makes: the stage takes that one.
 *
 * Both become the desired stage's `deploymentId` (and for `pinned` its tag), so plan, drift and
 * apply treat a pin like any other field: the deployment planner leaves a stage with a
 * `deploymentId` where it is.
 */
export function resolveStagePins(desired: Model, live: Model): Model {
  let entities: Record<EntityKey, Entity> | undefined;
  const missing: string[] = [];
  for (const d of entitiesOfKind(desired, ...STAGE_KINDS)) {
    const mode = d.meta?.deployment;
    const l = live.entities[d.key];
    const attrs = { ...d.attrs };
    if (mode === undefined) {
      const id = reusableDeployment(desired, live, d);
      if (id === undefined) continue;
      attrs.deploymentId = id;
    } else if (mode === 'pinned') {
      // A new stage starts on the plan's deployment; the create call tags it (stageCreateCalls).
      if (!l) continue;
      const pin = (l.attrs.tags as Record<string, string> | undefined)?.[PIN_TAG] ?? l.ids?.deploymentId;
      if (!pin) continue;
      attrs.deploymentId = pin;
      attrs.tags = { ...(attrs.tags as Record<string, string> | undefined), [PIN_TAG]: pin };
    } else {
      const api = rootOf(d.key);
      const id = live.entities[api]?.meta?.[`config:${mode}`];
      // The configuration the specs describe now, not deployed yet: the plan's deployment.
      const current = d.kind === 'v2-stage' ? v2ConfigHash(desired, api) : configHash(desired, api);
      if (id === undefined && mode === current) continue;
      if (id === undefined) {
        missing.push(`${addressOf(d.key)}: no deployment of ${addressOf(api)} carries [config:${mode}]` +
          ` (known: ${knownHashes(live.entities[api]) || 'none'}; the specs describe ${current} now)`);
        continue;
      }
      attrs.deploymentId = id;
    }
    entities ??= { ...desired.entities };
    entities[d.key] = { ...d, attrs };
  }
  if (missing.length) {
    throw new ApigwError(`A stage is pinned to a configuration no deployment has:\n  ${missing.join('\n  ')}`, 1,
      'Pin the stage to the hash of an existing deployment (the [config:...] at the end of its description), or to `pinned` or `follow`.',
      'plan/unknown-deployment');
  }
  return entities ? { entities } : desired;
}

/**
 * A following stage that needs the current configuration (new, or on a deployment marked with
 * another hash) takes the deployment that already has it, when one does: an apply interrupted
 * after CreateDeployment moved one stage and before UpdateStage moved the others, or a stage added
 * after the last deploy, then costs one UpdateStage or CreateStage instead of another
 * rate-limited CreateDeployment, and leaves no second deployment of one configuration. That
 * deployment was made after every change of its configuration had been applied, so it snapshots
 * exactly what the specs describe. Stages with a canary (the deployment goes into the canary) and
 * automatically deploying stages are left to the deployment planners.
 */
function reusableDeployment(desired: Model, live: Model, d: Entity): string | undefined {
  if (d.attrs.canarySettings !== undefined || d.attrs.autoDeploy === true) return undefined;
  const api = rootOf(d.key);
  const l = live.entities[d.key];
  // Cheap checks first: the hash walks the whole API.
  const marker = l ? /\[config:([0-9a-f]+)\]/.exec(l.meta?.deploymentDescription ?? '') : undefined;
  if (l && (marker === null || marker === undefined || l.ids?.deploymentId === undefined)) return undefined;
  if (!Object.keys(live.entities[api]?.meta ?? {}).some((k) => k.startsWith('config:'))) return undefined;
  const current = d.kind === 'v2-stage' ? v2ConfigHash(desired, api) : configHash(desired, api);
  const id = live.entities[api]?.meta?.[`config:${current}`];
  if (id === undefined) return undefined;
  if (!l) return id;
  return marker![1] !== current && l.ids!.deploymentId !== id ? id : undefined;
}

/** Stages that can be pinned: REST stages, and HTTP and WebSocket stages that do not deploy automatically. */
const STAGE_KINDS = new Set<EntityKind>(['stage', 'v2-stage']);

function knownHashes(api: Entity | undefined): string {
  return Object.keys(api?.meta ?? {}).filter((k) => k.startsWith('config:')).map((k) => k.slice('config:'.length)).join(', ');
}

/** Stages of the API that stay where they are when the API is deployed. */
export function pinnedStages(desired: Model, apiKey: EntityKey): Entity[] {
  return entitiesOfKind(desired, ...STAGE_KINDS).filter((e) => rootOf(e.key) === apiKey && e.attrs.deploymentId !== undefined);
}

/**
 * `apigw-sync promote --from A --to B`: in every API of the specs (REST, HTTP, WebSocket) with both stages, stage B
 * (pinned) takes the deployment A runs: one UpdateStage and the pin tag. Notices say why an API
 * has nothing to promote.
 */
export function promoteStageDrafts(ctx: CallContext, desired: Model, live: Model, from: string, to: string): { drafts: DraftOp[]; notices: string[] } {
  const drafts: DraftOp[] = [];
  const notices: string[] = [];
  const targets = entitiesOfKind(desired, ...STAGE_KINDS).filter((e) => nameOf(e.key) === to);
  if (targets.length === 0) notices.push(`No API of the specs has a stage "${to}": nothing to promote.`);
  for (const d of targets) {
    const api = rootOf(d.key);
    const source = entitiesOfKind(desired, d.kind).find((e) => rootOf(e.key) === api && nameOf(e.key) === from);
    const where = addressOf(d.key);
    if (!source) {
      notices.push(`${addressOf(api)} has no stage "${from}": nothing to promote to ${where}.`);
      continue;
    }
    const mode = d.meta?.deployment;
    if (mode !== 'pinned') {
      notices.push(mode === undefined
        ? `${where} follows the API (it takes every deployment): pin it with \`deployment: pinned\` to promote into it.`
        : `${where} is pinned to configuration ${mode} by its spec: to promote, set its \`deployment:\` to the hash ${from} runs.`);
      continue;
    }
    const l = live.entities[d.key];
    const src = live.entities[source.key];
    const id = src?.ids?.deploymentId;
    if (!l || !src || !id) {
      notices.push(`${!l ? where : addressOf(source.key)} does not exist yet: apply first.`);
      continue;
    }
    if (l.ids?.deploymentId === id && (l.attrs.tags as Record<string, string> | undefined)?.[PIN_TAG] === id) {
      notices.push(`${where} already runs the deployment of ${from}: nothing to promote.`);
      continue;
    }
    const tag = (l.attrs.tags as Record<string, string> | undefined)?.[PIN_TAG];
    drafts.push({
      kind: d.kind, key: d.key, address: where, action: 'update', reason: 'stage-promoted',
      explanation: `promote: ${to} takes the deployment ${from} runs, and stays on it until the next promotion`,
      changes: [
        { path: '/deploymentId', ...(l.ids?.deploymentId ? { from: l.ids.deploymentId } : {}), to: `${id} (${from}'s deployment)` },
        { path: `/tags/${PIN_TAG}`, ...(tag ? { from: tag } : {}), to: id },
      ],
      // The tag first: a promotion interrupted after it is completed by the next apply (the stage
      // then runs another deployment than its tag says), never undone.
      calls: d.kind === 'v2-stage'
        ? [
          v2call('TagResource', { ResourceArn: withFormat(apiIdOf(ctx, d.key), `arn:aws:apigateway:${ctx.region}::/apis/{}/stages/${to}`), Tags: { [PIN_TAG]: id } }),
          v2call('UpdateStage', { ApiId: apiIdOf(ctx, d.key), StageName: to, DeploymentId: id }),
        ]
        : [
          { service: 'apigateway', operation: 'TagResource', input: { resourceArn: arnOf(ctx, l), tags: { [PIN_TAG]: id } } },
          { service: 'apigateway', operation: 'UpdateStage', input: { restApiId: ctx.id(api, 'restApiId'), stageName: to, patchOperations: [{ op: 'replace', path: '/deploymentId', value: id }] } },
        ],
      deps: new Set(),
    });
  }
  return { drafts, notices };
}
