import { configHash } from './deploy.js';
import { addressOf, nameOf, rootOf } from './keys.js';
import type { Entity, Model } from './model.js';
import type { DraftOp } from './order.js';
import type { PatchOp } from './patch.js';
import type { FieldChange } from './plan-types.js';
import { updateCalls } from './rest-update.js';
import type { CallContext } from './rest-calls.js';

/**
 * Promoting a canary: the stage serves the deployment its canary serves. AWS's mechanism is one
 * UpdateStage `copy` from `/canarySettings/deploymentId` to `/deploymentId`.
 *
 * - `apigw-sync promote --stage NAME`: every owned REST API stage NAME whose canary runs another
 *   deployment than the stage is promoted. The canary settings stay as the spec says (the canary
 *   and the stage now serve the same deployment, and the next deploy goes to the canary again);
 *   the stage's variables stay as the spec says (AWS's console also copies the canary's variable
 *   overrides: in a spec set, change `variables` in the spec instead).
 * - Removing `canary` from a stage's spec promotes too, in the same UpdateStage call that removes
 *   the canary settings, when the canary runs the current configuration and the stage does not:
 *   otherwise the stage would fall back to the older deployment the moment the canary goes.
 */
export const PROMOTE: PatchOp = { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' };

const MARKER = /\[config:([0-9a-f]+)\]/;

/** Whether the live canary serves the configuration the specs describe now. */
function canaryIsCurrent(desired: Model, live: Entity): boolean {
  const m = MARKER.exec(live.meta?.deploymentDescription ?? '');
  return m !== null && m[1] === configHash(desired, rootOf(live.key));
}

/** A stage whose canary is removed by the spec: promote first when the canary is ahead. */
export function promoteOnCanaryRemoval(desired: Model, d: Entity, l: Entity): { op: PatchOp; change: FieldChange } | undefined {
  const canary = l.ids?.canaryDeploymentId;
  if (d.attrs.canarySettings !== undefined || canary === undefined || canary === l.ids?.deploymentId) return undefined;
  if (!canaryIsCurrent(desired, l)) return undefined;
  return { op: PROMOTE, change: { path: '/deploymentId', from: l.ids?.deploymentId, to: `${canary} (the canary's deployment)` } };
}

/** The ops of `apigw-sync promote --stage NAME`, and notices for stages with nothing to promote. */
export function promoteDrafts(ctx: CallContext, desired: Model, live: Model, stage: string): { drafts: DraftOp[]; notices: string[] } {
  const drafts: DraftOp[] = [];
  const notices: string[] = [];
  const stages = Object.values(desired.entities).filter((e) => e.kind === 'stage' && nameOf(e.key) === stage);
  if (stages.length === 0) notices.push(`No REST API of the specs has a stage "${stage}": nothing to promote.`);
  for (const d of stages) {
    const l = live.entities[d.key];
    const canary = l?.ids?.canaryDeploymentId;
    if (!l || canary === undefined) {
      notices.push(`${addressOf(d.key)} has no canary${l ? '' : ' (it does not exist yet)'}: nothing to promote.`);
      continue;
    }
    if (canary === l.ids?.deploymentId) {
      notices.push(`${addressOf(d.key)} already serves its canary's deployment: nothing to promote.`);
      continue;
    }
    drafts.push({
      kind: 'stage', key: d.key, address: addressOf(d.key), action: 'update', reason: 'canary-promoted',
      explanation: "promote: the stage serves its canary's deployment; the canary settings stay as the spec says",
      changes: [{ path: '/deploymentId', from: l.ids?.deploymentId, to: `${canary} (the canary's deployment)` }],
      calls: updateCalls(ctx, l, l.attrs, l.attrs, [PROMOTE]),
      deps: new Set(),
    });
  }
  return { drafts, notices };
}
