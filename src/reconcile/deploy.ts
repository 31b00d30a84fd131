import { stableHash } from './canonical.js';
import type { Change } from './diff.js';
import { SEP, addressOf, deploymentKey } from './keys.js';
import type { EntityKey, Model } from './model.js';
import { entitiesOf, entitiesOfKind } from './entity-list.js';

/**
 * Deployments. REST API edits reach no stage until a new deployment, so every API whose
 * configuration changes gets one explicit deploy op after all its changes, and its stages are
 * pointed at that deployment (unless a stage pins a deployment of its own). The planner moves one
 * stage that needs nothing else by CreateDeployment's stageName (into its canary, when it has one),
 * and any other stage by its own UpdateStage: one rate-limited CreateDeployment per API at most.
 *
 * The deployment's description ends with `[config:<hash>]`, a hash of the desired configuration
 * it was made for. A stage whose deployment carries another hash is stale (an apply stopped
 * between the changes and the deploy), so the next plan deploys again: apply converges. A stage on
 * a deployment without the marker (made outside apigw-sync) is taken as up to date.
 */
export interface DeployDecision {
  apiKey: EntityKey;
  deploymentKey: EntityKey;
  description: string;
  /** Keys of the changes (ops) the deployment must wait for. */
  after: EntityKey[];
  /** Stages (keys) to create on or move to the new deployment. */
  stages: EntityKey[];
  reason: string;
}

/** Documentation is published by versions on stages, not by deployments: no deploy, not in the hash. */
const DOCUMENTATION = new Set(['documentation-part', 'documentation-version']);

const MARKER = /\[config:([0-9a-f]+)\]/;

/**
 * Settings of the API that take effect without a deployment (they belong to its endpoint or its
 * metadata, not to what a deployment snapshots): changing them deploys nothing, and they stay out
 * of the config hash, so adding one to the language never makes deployed stages look stale.
 */
const NOT_DEPLOYED = ['/tags', '/securityPolicy', '/endpointAccessMode', '/version'];
const withoutUndeployed = (attrs: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(attrs).filter(([k]) => !NOT_DEPLOYED.includes(`/${k}`)));

/** Hashes already computed, per desired model and API: stage pins and the deployment planner both ask. */
const computed = new WeakMap<Model, Map<EntityKey, string>>();

/** A hash of what a deployment snapshots: everything under the API but stages, tags and endpoint settings. */
export function configHash(desired: Model, apiKey: EntityKey): string {
  let hashes = computed.get(desired);
  if (!hashes) computed.set(desired, (hashes = new Map()));
  let hash = hashes.get(apiKey);
  if (hash === undefined) hashes.set(apiKey, (hash = hashOf(desired, apiKey)));
  return hash;
}

function hashOf(desired: Model, apiKey: EntityKey): string {
  const parts: [string, unknown][] = [];
  for (const e of entitiesOf(desired)) {
    if (e.key !== apiKey && !e.key.startsWith(apiKey + SEP)) continue;
    if (e.kind === 'stage' || DOCUMENTATION.has(e.kind)) continue;
    const attrs = e.kind === 'rest-api' ? { ...withoutUndeployed(e.attrs), tags: undefined } : e.attrs;
    parts.push([e.key, attrs]);
  }
  parts.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return stableHash(parts).slice(0, 12);
}

function isConfigChange(c: Change): boolean {
  if (c.desired?.kind === 'stage' || c.live?.kind === 'stage') return false;
  if (DOCUMENTATION.has((c.desired ?? c.live)?.kind ?? '')) return false;
  // The root resource comes and goes with its API: not a change of its own.
  if (c.key.endsWith(`${SEP}resource:/`)) return false;
  if ((c.desired ?? c.live)?.kind === 'rest-api' && c.action === 'update') {
    return c.changes.some((f) => !NOT_DEPLOYED.some((p) => f.path === p || f.path.startsWith(`${p}/`)));
  }
  return true;
}

export function decideDeployments(desired: Model, live: Model, changes: Change[]): DeployDecision[] {
  const out: DeployDecision[] = [];
  for (const api of entitiesOfKind(desired, 'rest-api')) {
    const under = (k: EntityKey) => k === api.key || k.startsWith(api.key + SEP);
    const config = changes.filter((c) => under(c.key) && isConfigChange(c));
    const hash = configHash(desired, api.key);
    const stages = entitiesOfKind(desired, 'stage').filter(
      (e) => under(e.key) && e.attrs.deploymentId === undefined,
    );
    const stale = stages.filter((s) => {
      const m = MARKER.exec(live.entities[s.key]?.meta?.deploymentDescription ?? '');
      return m !== null && m[1] !== hash;
    });
    const fresh = stages.filter((s) => !live.entities[s.key]);
    if (config.length === 0 && stale.length === 0 && fresh.length === 0) continue;
    // A deployment no stage uses would only pile up: without stages there is nothing to deploy.
    if (stages.length === 0) continue;
    const hasMethods = entitiesOfKind(desired, 'method').some((e) => under(e.key));
    if (!hasMethods) continue;
    // Each change by its address inside the API; a change of the API itself is "the API".
    const what = config.map((c) => `${c.action} ${c.key === api.key ? 'the API' : addressOf(c.key).slice(addressOf(api.key).length + SEP.length)}`);
    const reason = config.length
      ? `${config.length} configuration change${config.length === 1 ? '' : 's'}`
      : stale.length
        ? `stage${stale.length === 1 ? '' : 's'} ${stale.map((s) => s.key.split(':').pop()).join(', ')} on an older configuration`
        : `new stage${fresh.length === 1 ? '' : 's'} ${fresh.map((s) => s.key.split(':').pop()).join(', ')}`;
    out.push({
      apiKey: api.key,
      deploymentKey: deploymentKey(api.key),
      description: deploymentDescription(api.meta?.deploymentDescription, what.length ? what : [reason], hash),
      after: config.map((c) => c.key),
      stages: stages.map((s) => s.key),
      reason,
    });
  }
  return out;
}

/** The end of a deploy op's explanation when its CreateDeployment names a stage. */
export function movedByThisCall(stages: number, stage: string, canary = false): string {
  const what = canary ? `${stages === 1 ? 'its' : `${stage}'s`} canary` : stages === 1 ? 'it' : stage;
  return stages === 1 ? `; ${what} moves to it by this call` : `; ${what} moves to it by this call, the others by UpdateStage`;
}

/**
 * A deployment's description: the spec's `deploymentDescription` (a commit, a release) or else a
 * summary of what changed, and always `[config:<hash>]` at the end, which later plans read.
 */
export function deploymentDescription(own: string | undefined, what: string[], hash: string): string {
  const text = own?.replace(MARKER_ANYWHERE, '').trim();
  return text ? `${text.slice(0, 400)} [config:${hash}]` : describe(what, hash);
}

/** A marker written in the spec's own text would be read as the configuration's: it is dropped. */
const MARKER_ANYWHERE = /\[config:[0-9a-f]*\]/g;

/** `apigw-sync: create method GET, update ... [config:abc]`, short enough for the console. */
function describe(what: string[], hash: string): string {
  const limit = 400;
  let text = '';
  for (let i = 0; i < what.length; i++) {
    const next = text ? `${text}; ${what[i]}` : (what[i] ?? '');
    if (next.length > limit) {
      text += `; and ${what.length - i} more`;
      break;
    }
    text = next;
  }
  return `apigw-sync: ${text} [config:${hash}]`;
}
