import type { Change } from './diff.js';
import { alignFor, diffModels } from './diff.js';
import { decideDeployments, movedByThisCall } from './deploy.js';
import { addressOf, containedIn, keyOfAddress, nameOf, relativeAddress, resourceKey, rootOf, SEP } from './keys.js';
import { ApigwError } from '../errors.js';
import { editDistance } from '../schema/load/did-you-mean.js';
import { lambdaNotices } from './lambda.js';
import { promoteDrafts, promoteOnCanaryRemoval } from './promote.js';
import { pinnedStages, promoteStageDrafts } from './pins.js';
import { OWNERSHIP_TAG, ownerTagValue, type Entity, type EntityKey, type Model } from './model.js';
import { addDependencies, orderOps, type DraftOp } from './order.js';
import type { PatchOp } from './patch.js';
import type { AwsCall, FieldChange, IdRef, Plan, PlannedOp } from './plan-types.js';
import { createCalls as restCreateCalls, deleteCalls as restDeleteCalls, arnOf, type CallContext } from './rest-calls.js';
import { ACCOUNT_KINDS, accountArn, accountCreateCalls, accountDeleteCalls } from './account-calls.js';
import { updateCalls } from './rest-update.js';
import { V2_KINDS } from './v2/keys.js';
import { v2CreateCalls, v2DeleteCalls, v2call } from './v2/calls.js';
import { addV2Deployments } from './v2/deploy.js';
import { explainProtocolChanges } from './v2/protocol-change.js';
import { v2UpdateCalls } from './v2/update.js';
import { apiArn } from './v2/wire.js';
import { fieldChanges } from './diff.js';
import { VPC_LINK_KINDS, baseLinkName, moveReplacedLinks, type LinkReplacement } from './vpc-links.js';
import { permissionCreateCalls, permissionDeleteCalls } from './lambda-permissions.js';
import { accountSettingsCalls } from './account-settings.js';
import { batchDnsChanges } from './dns-records.js';
import { explainQuickCreate } from './v2/quick-create.js';
import { vpcLinkAdoptCall, vpcLinkCreateCalls, vpcLinkDeleteCalls, vpcLinkUpdateCalls } from './vpc-link-calls.js';
import { lazyField } from './lazy-field.js';
import type { ListsRecord } from './account-lists.js';
import { recordLists } from './record-lists.js';
import { entitiesOfKind, entityKeysOf, whileUnchanged } from './entity-list.js';

/**
 * planChanges: desired + live (canonical models) -> the ordered Plan. Pure: the caller passes
 * the clock's reading and the live fingerprint.
 */
export interface PlanInput {
  desired: Model;
  live: Model;
  specSet: string;
  /** The OWNERSHIP_TAG value of this set and environment (ownerTagValue); the set name when absent. */
  owner?: string;
  region: string;
  environment?: string;
  endpoint?: string;
  /** Keys of DNS records without an ownership TXT record that this plan takes over (--adopt). */
  adoptRecords?: EntityKey[];
  /** Keys of live APIs matched by name only and adopted (tagged) by this plan. */
  adopted?: EntityKey[];
  /** Adopted keys whose live object carried another tag value (the bare set name): key -> old value. */
  adoptedFrom?: Record<EntityKey, string>;
  allowDestroy?: boolean;
  /** Keys of spec objects whose name an untagged live object has: their creation is blocked. */
  unownedNames?: EntityKey[];
  /** Create them anyway, a second object of that name (`--allow-duplicate-name`). */
  allowDuplicateName?: boolean;
  /** Keys of public custom domains whose name another live domain holds: AWS allows one, so always blocked. */
  takenNames?: EntityKey[];
  /** Address (or key) prefix: only ops under it (plus the deploy of their API) are planned. */
  target?: string;
  /** The account-wide lists the set's APIs record (record-lists.ts); absent: none recorded. */
  lists?: ListsRecord;
  /** The live state's fingerprint, or how to work it out when something reads it (lazyField). */
  liveFingerprint: string | (() => string);
  createdAt: string;
  /** Notices found while reading (an unowned API of the same name, ...). */
  notices?: string[];
  /**
   * `apigw-sync promote --stage NAME`: plan only the promotion of that stage's canaries;
   * `{ from, to }` (`promote --from A --to B`): only pinned stage B taking the deployment A runs.
   */
  promote?: string | { from: string; to: string };
}

/** Deleting these takes an API, a URL or a caller's access away: needs allowDestroy. */
const DESTRUCTIVE = new Set(['rest-api', 'stage', 'api-key', 'usage-plan', 'domain-name', 'client-certificate', 'http-api', 'websocket-api', 'v2-stage', 'v2-domain-name']);

/** The id a permission's source ARN names: the REST API's, or the HTTP/WebSocket API's. */
const apiIdOf = (ctx: CallContext) => (api: EntityKey) => ctx.id(api, api.startsWith('rest-api:') ? 'restApiId' : 'apiId');

const createCalls = (ctx: CallContext, e: Entity): AwsCall[] =>
  e.kind === 'dns-record' ? [] // one batch per zone (dns-records.ts)
    : e.kind === 'lambda-permission' ? permissionCreateCalls(e, apiIdOf(ctx))
    : e.kind === 'account' ? accountSettingsCalls(e)
    : VPC_LINK_KINDS.has(e.kind) ? vpcLinkCreateCalls(ctx, e)
    : V2_KINDS.has(e.kind) ? v2CreateCalls(ctx, e) : ACCOUNT_KINDS.has(e.kind) ? accountCreateCalls(ctx, e) : restCreateCalls(ctx, e);
const deleteCalls = (ctx: CallContext, e: Entity): AwsCall[] =>
  e.kind === 'dns-record' ? []
    : e.kind === 'lambda-permission' ? permissionDeleteCalls(e)
    : e.kind === 'account' ? [] // the account's settings are never cleared (account-settings.ts)
    : VPC_LINK_KINDS.has(e.kind) ? vpcLinkDeleteCalls(e)
    : V2_KINDS.has(e.kind) ? v2DeleteCalls(ctx, e) : ACCOUNT_KINDS.has(e.kind) ? accountDeleteCalls(e) : restDeleteCalls(ctx, e);

const WHAT: Record<string, string> = {
  'vpc-link': 'a VPC link', 'v2-vpc-link': 'a VPC link',
  'rest-api': 'a whole API', stage: 'a stage', 'api-key': 'an API key', 'usage-plan': 'a usage plan', 'domain-name': 'a domain name', 'client-certificate': 'a client certificate',
  'http-api': 'a whole API', 'websocket-api': 'a whole API', 'v2-stage': 'a stage', 'v2-domain-name': 'a domain name',
};

function contextFor(input: PlanInput, live: Model, replaced: Set<EntityKey>): CallContext {
  return {
    region: input.region,
    specSet: input.specSet,
    owner: input.owner ?? ownerTagValue(input.specSet),
    webSocketApis: webSocketApiNames(input.desired, live),
    id(key: EntityKey, name: string): string | IdRef {
      const e = live.entities[key];
      const v = e?.ids?.[name];
      if (v !== undefined && !replaced.has(key)) return v;
      // The root resource comes with its API: CreateRestApi returns its id.
      if (name === 'resourceId' && key === resourceKey(rootOf(key), '/')) return { $ref: rootOf(key), id: 'rootResourceId' };
      return { $ref: key, id: name };
    },
  };
}

/** Names of the WebSocket APIs on either side: one pass over each model, no copy of it. */
function webSocketApiNames(...models: Model[]): Set<string> {
  const out = new Set<string>();
  for (const m of models) for (const e of entitiesOfKind(m, 'websocket-api')) out.add(nameOf(e.key));
  return out;
}

function draft(c: Change, calls: AwsCall[], extra: Partial<DraftOp> = {}): DraftOp {
  const e = (c.desired ?? c.live) as Entity;
  const d: DraftOp = {
    kind: e.kind,
    key: c.key,
    address: addressOf(c.key),
    action: c.action,
    reason: c.reason,
    changes: c.changes,
    calls,
    deps: new Set(),
    ...extra,
  };
  if (c.explanation) d.explanation = c.explanation;
  if (c.cascades?.length) d.cascades = c.cascades;
  return d;
}

export function planChanges(input: PlanInput): Plan {
  return whileUnchanged([input.desired, input.live], () => planNow(input));
}

function planNow(input: PlanInput): Plan {
  const { desired } = input;
  // VPC links are replaced create-first: the live link steps aside (vpc-links.ts).
  const { live, replacements } = moveReplacedLinks(desired, input.live);
  const changes = diffModels(desired, live);
  const replaced = new Set(changes.filter((c) => c.action === 'replace').map((c) => c.key));
  const ctx = contextFor(input, live, replaced);
  // `promote` plans the promotions alone: no changes, deployments or stage moves.
  const deployments = input.promote !== undefined ? [] : decideDeployments(desired, live, changes);
  const repoint = new Map<EntityKey, IdRef>();
  for (const dep of deployments) for (const s of dep.stages) repoint.set(s, { $ref: dep.deploymentKey, id: 'deploymentId' });

  const drafts: DraftOp[] = [];
  const notices: string[] = [];
  if (input.promote !== undefined) {
    const promoted = typeof input.promote === 'string'
      ? promoteDrafts(ctx, desired, live, input.promote)
      : promoteStageDrafts(ctx, desired, live, input.promote.from, input.promote.to);
    drafts.push(...promoted.drafts);
    notices.push(...promoted.notices);
  }
  for (const c of input.promote !== undefined ? [] : changes) {
    if (isUndeployableStage(c, repoint)) {
      // CreateStage needs a deployment, and AWS deploys no API without methods.
      notices.push(`${addressOf(c.key)} is not created: a stage needs a deployment, and AWS cannot deploy ${addressOf(rootOf(c.key))} until it has a method.`);
      continue;
    }
    const d = draftFor(c, ctx, input, repoint);
    if (d) drafts.push(d);
  }
  // A stage that only moves to the new deployment needs no call of its own: CreateDeployment with
  // its stageName moves it. One stage per API can ride on the API's one CreateDeployment (rate
  // limited to 1 every 5 s); any other stage that only moves gets a one-call UpdateStage (not
  // limited). A stage with other changes keeps its UpdateStage, which also moves it: folding those
  // changes into CreateDeployment would merge variables rather than replace them.
  const carried = new Map<EntityKey, Entity>();
  for (const dep of deployments) {
    const key = dep.stages.find((k) => live.entities[k] && !drafts.some((d) => d.key === k));
    if (key) carried.set(dep.deploymentKey, live.entities[key] as Entity);
  }
  const carriedKeys = new Set([...carried.values()].map((e) => e.key));
  for (const [stageKey, ref] of repoint) {
    const l = live.entities[stageKey];
    if (!l || carriedKeys.has(stageKey) || drafts.some((d) => d.key === stageKey)) continue;
    const move = stageMove(desired.entities[stageKey], l);
    drafts.push({
      kind: 'stage', key: stageKey, address: addressOf(stageKey), action: 'update', reason: 'api-changed',
      changes: [{ path: move.path, from: move.from, to: '(new deployment)' }],
      calls: updateCalls(ctx, l, l.attrs, l.attrs, [{ op: 'replace', path: move.path, value: ref }]),
      deps: new Set(),
    });
  }
  for (const k of input.adopted ?? []) adopt(drafts, k, ctx, live, input.adoptedFrom?.[k]);
  if (!input.allowDuplicateName) blockDuplicates(drafts, new Set(input.unownedNames ?? []));
  blockDuplicates(drafts, new Set(input.takenNames ?? []));
  for (const dep of deployments) {
    const after = new Set(dep.after);
    const stage = carried.get(dep.deploymentKey);
    const onStage = stage ? carryStage(desired.entities[stage.key], stage) : undefined;
    const staying = pinnedStages(desired, dep.apiKey).map((e) => nameOf(e.key));
    drafts.push({
      kind: 'deployment', key: dep.deploymentKey, address: addressOf(dep.deploymentKey), action: 'deploy',
      reason: 'api-changed',
      explanation: `deploy, because of ${dep.reason}; ${dep.stages.length === 1 ? 'stage' : 'stages'} ` +
        `${dep.stages.map(nameOf).join(', ')} ${dep.stages.length === 1 ? 'uses' : 'use'} the new deployment` +
        (stage ? movedByThisCall(dep.stages.length, nameOf(stage.key), onStage?.canarySettings !== undefined) : '') +
        (staying.length ? `; pinned ${staying.length === 1 ? 'stage' : 'stages'} ${staying.join(', ')} ${staying.length === 1 ? 'stays' : 'stay'} on ${staying.length === 1 ? 'its' : 'their'} deployment` : ''),
      changes: [{ path: '/description', to: dep.description }, ...(onStage ? onStage.changes : [])],
      calls: [{ service: 'apigateway', operation: 'CreateDeployment',
        input: { restApiId: ctx.id(dep.apiKey, 'restApiId'), description: dep.description,
          ...(onStage ? { stageName: onStage.stageName, ...(onStage.canarySettings ? { canarySettings: onStage.canarySettings } : {}) } : {}) },
        produces: { key: dep.deploymentKey, ids: { deploymentId: 'id' } } }],
      deps: new Set(drafts.filter((d) => after.has(d.key)).map((d) => d.key)),
    });
    for (const s of dep.stages) drafts.find((d) => d.key === s)?.deps.add(dep.deploymentKey);
  }
  explainLinkReplacements(drafts, replacements, desired, live);
  addV2Deployments(drafts, desired, live, changes, ctx);
  explainProtocolChanges(drafts, desired);
  notices.push(...explainQuickCreate(drafts, desired, live));
  addDependencies(drafts, desired, live);
  linkDeletesAfterApis(drafts);
  if (input.target) checkTarget(input.target, desired, live);
  loggingAfterAccountRole(drafts);
  versionsAfterParts(drafts);
  notices.push(...staleVersionNotices(drafts, desired, live));
  const kept = filterTarget(drafts, input.target, permissionApis(desired, live));
  recordLists(kept, input.lists, input.region);
  const batched = batchDnsChanges(kept, desired, live, { adopt: new Set(input.adoptRecords ?? []), allowDestroy: input.allowDestroy === true, region: input.region, targeted: input.target !== undefined }, ctx.id);
  const ops = orderOps(batched);
  const plan: Plan = {
    formatVersion: 1,
    target: {
      specSet: input.specSet,
      region: input.region,
      ...(input.environment ? { environment: input.environment } : {}),
      ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    },
    liveFingerprint: typeof input.liveFingerprint === 'string' ? input.liveFingerprint : '',
    createdAt: input.createdAt,
    ops,
    notices: [...(input.notices ?? []), ...notices, ...secretNotices(desired, live), ...lambdaNotices(ops, desired, live, input.region, managedFunctions(desired))],
  };
  return typeof input.liveFingerprint === 'string' ? plan : lazyField(plan, 'liveFingerprint', input.liveFingerprint);
}

/** `api|function` of every function whose invoke permissions the plan manages: no notice for those. */
function managedFunctions(desired: Model): Set<string> {
  const out = new Set<string>();
  for (const e of entitiesOfKind(desired, 'lambda-permission')) {
    if (e.meta?.api) out.add(`${e.meta.api}|${String(e.attrs.functionName)}`);
  }
  return out;
}

/** An optional key value (`${env:NAME:-}`) whose variable is unset: say what that means here. */
function secretNotices(desired: Model, live: Model): string[] {
  const out: string[] = [];
  for (const e of entitiesOfKind(desired, 'api-key')) {
    const name = e.meta?.secretUnset;
    if (name === undefined) continue;
    out.push(live.entities[e.key]
      ? `${addressOf(e.key)}: ${name} is not set, so the key's value is left as it is (not compared); set ${name} to rotate the key to that value.`
      : `${addressOf(e.key)}: ${name} is not set, so AWS generates the key's value; set ${name} later to rotate the key to a value of your own.`);
  }
  return out;
}

/**
 * Where a stage takes a new deployment: its canary when it has one (the canary serves a share of
 * traffic from the newest deployment until promoted), else the stage itself.
 */
function stageMove(desired: Entity | undefined, live: Entity): { path: string; from: string | undefined } {
  return desired?.attrs.canarySettings !== undefined && live.ids?.canaryDeploymentId !== undefined
    ? { path: '/canarySettings/deploymentId', from: live.ids.canaryDeploymentId }
    : { path: '/deploymentId', from: live.ids?.deploymentId };
}

/**
 * CreateDeployment's part for a live stage that only moves to the new deployment: its stageName
 * moves the stage; for a stage with a canary, canarySettings make it a canary deployment instead,
 * which moves the canary and leaves the stage's own deployment in place. AWS sets the canary's
 * settings from the call, so the call repeats the live ones (the stage has no changes).
 */
function carryStage(desired: Entity | undefined, live: Entity): { stageName: string; canarySettings?: Record<string, unknown>; changes: FieldChange[] } {
  const change: FieldChange = { path: '/stageName', to: nameOf(live.key) };
  // AWS refuses a plain deployment to a stage with a canary: such a stage takes canary deployments only.
  const canary = live.attrs.canarySettings !== undefined || live.ids?.canaryDeploymentId !== undefined || desired?.attrs.canarySettings !== undefined;
  if (!canary) return { stageName: nameOf(live.key), changes: [change] };
  const c = (live.attrs.canarySettings ?? {}) as Record<string, unknown>;
  const canarySettings = Object.fromEntries(
    ['percentTraffic', 'stageVariableOverrides', 'useStageCache'].filter((k) => c[k] !== undefined).map((k) => [k, c[k]]),
  );
  return { stageName: nameOf(live.key), canarySettings, changes: [change] };
}

function isUndeployableStage(c: Change, repoint: Map<EntityKey, IdRef>): boolean {
  return c.action === 'create' && c.desired?.kind === 'stage' && c.desired.attrs.deploymentId === undefined && !repoint.has(c.key);
}

function draftFor(c: Change, ctx: CallContext, input: PlanInput, repoint: Map<EntityKey, IdRef>): DraftOp | undefined {
  const e = (c.desired ?? c.live) as Entity;
  switch (c.action) {
    case 'create': {
      const calls = createCalls(ctx, e);
      if (calls.length === 0 && e.kind !== 'dns-record') return undefined; // the root resource comes with its API
      return draft(c, calls);
    }
    case 'delete': {
      const d = draft(c, deleteCalls(ctx, e));
      const notes: string[] = [];
      if (e.kind === 'other-account-association') notes.push('rejected: another account\'s association that acceptedAssociations does not list');
      if (c.cascades?.length) {
        notes.push(`also removes ${c.cascades.map((k) => relativeAddress(c.key, k)).join(', ')}`);
      }
      if (DESTRUCTIVE.has(e.kind) && !input.allowDestroy) {
        d.blocked = true;
        notes.unshift(`blocked: deleting ${WHAT[e.kind] ?? e.kind} needs --allow-destroy`);
      }
      if (notes.length) d.explanation = notes.join('; ');
      return d;
    }
    case 'update': {
      const l = c.live as Entity;
      const d = c.desired as Entity;
      const from = alignFor(d.kind, d.attrs, l.attrs);
      const extra: PatchOp[] = [];
      const ref = repoint.get(c.key);
      const move = stageMove(d, l);
      const promotion = d.kind === 'stage' && !ref ? promoteOnCanaryRemoval(input.desired, d, l) : undefined;
      if (promotion) extra.push(promotion.op);
      if (ref) extra.push({ op: 'replace', path: move.path, value: ref });
      const calls = d.kind === 'dns-record' ? [] : d.kind === 'account' ? accountSettingsCalls(d, l)
        : VPC_LINK_KINDS.has(d.kind) ? vpcLinkUpdateCalls(ctx, d, from, d.attrs)
        : V2_KINDS.has(d.kind) ? v2UpdateCalls(ctx, d, from, d.attrs) : updateCalls(ctx, d, from, d.attrs, extra);
      if (calls.length === 0 && d.kind !== 'dns-record') return undefined;
      const changes = ref
        ? [...c.changes, { path: move.path, from: move.from, to: '(new deployment)' }]
        : promotion ? [...c.changes, promotion.change] : c.changes;
      return draft({ ...c, changes }, calls);
    }
    case 'replace': {
      const live = c.live as Entity;
      const desired = c.desired as Entity;
      // Delete first, even for an API key: two keys of one name would be ambiguous to the next
      // plan if an apply stopped between the two calls; this way a re-run simply creates the key.
      const calls = [...deleteCalls(ctx, live), ...createCalls(ctx, desired)];
      const d = draft(c, calls);
      if (DESTRUCTIVE.has(desired.kind) && desired.kind !== 'api-key' && !input.allowDestroy) {
        d.blocked = true;
        d.explanation = `blocked: replacing ${WHAT[desired.kind] ?? desired.kind} deletes it first and needs --allow-destroy; ${c.explanation ?? ''}`;
      }
      return d;
    }
  }
}

/** An API matched by name only: tag it as ours in the same op as any update it needs. */
function adopt(drafts: DraftOp[], key: EntityKey, ctx: CallContext, live: Model, from?: string): void {
  const l = live.entities[key];
  if (!l) return;
  // The live object is what gets the tag, by its live id, even when the plan replaces it (an API
  // key whose value differs): the id of the replacement is not known yet, nor the one to tag.
  const outer = ctx;
  ctx = { ...outer, id: (k: EntityKey, name: string) => live.entities[k]?.ids?.[name] ?? outer.id(k, name) };
  const tag: AwsCall = VPC_LINK_KINDS.has(l.kind) ? vpcLinkAdoptCall(ctx, l) : V2_KINDS.has(l.kind)
    ? v2call('TagResource', { ResourceArn: l.kind === 'v2-domain-name' ? `arn:aws:apigateway:${ctx.region}::/domainnames/${nameOf(key)}` : apiArn(ctx, key), Tags: { [OWNERSHIP_TAG]: ctx.owner } })
    : { service: 'apigateway', operation: 'TagResource',
      input: { resourceArn: ACCOUNT_KINDS.has(l.kind) ? accountArn(ctx, l) : arnOf(ctx, l), tags: { [OWNERSHIP_TAG]: ctx.owner } } };
  const existing = drafts.find((d) => d.key === key);
  const changes = [{ path: `/tags/${OWNERSHIP_TAG}`, ...(from !== undefined ? { from } : {}), to: ctx.owner }];
  if (existing) {
    // A replace stays one (an API key whose value differs: a new key, a new id): the plan and
    // its summary must not show it as a mere tag.
    if (existing.action === 'replace') {
      existing.explanation = `${existing.explanation ?? 'replace'}; it has no ownership tag yet: --adopt takes it over, then replaces it`;
    } else existing.action = 'adopt';
    existing.reason = 'adopt-by-name';
    existing.calls = [tag, ...existing.calls];
    existing.changes = [...changes, ...existing.changes];
  } else {
    drafts.push({ kind: l.kind, key, address: addressOf(key), action: 'adopt', reason: 'adopt-by-name',
      explanation: `adopt: ${l.kind === 'rest-api' ? 'an API' : `${WHAT[l.kind] ?? 'an object'}`} of this name exists ${from !== undefined ? `tagged ${OWNERSHIP_TAG}=${from} (from before the spec set had environments)` : 'without the ownership tag'}; --adopt takes it over`,
      changes, calls: [tag], deps: new Set() });
  }
}

/**
 * An untagged object has the spec's name: creating a second one is most likely a mistake (the
 * spec was meant for the existing one), so it waits for --adopt or --allow-duplicate-name.
 */
const DUPLICATE_NOUN: Record<string, string> = {
  'rest-api': 'a REST API', 'http-api': 'an HTTP API', 'websocket-api': 'a WebSocket API', 'api-key': 'an API key', 'usage-plan': 'a usage plan',
};

function blockDuplicates(drafts: DraftOp[], unowned: Set<EntityKey>): void {
  for (const d of drafts) {
    if (d.action !== 'create' || !unowned.has(d.key)) continue;
    d.blocked = true;
    d.blockedBy = 'duplicate-name';
    d.explanation = d.kind === 'domain-name' || d.kind === 'v2-domain-name'
      ? `blocked: a custom domain named "${nameOf(d.key)}" exists, and AWS allows one of a name; --adopt manages it when it has no ownership tag`
      : `blocked: ${DUPLICATE_NOUN[d.kind] ?? 'an object'} named "${nameOf(d.key)}" exists without the ownership tag; --adopt manages it, --allow-duplicate-name creates a second one`;
  }
}

/**
 * A --target that names nothing in the specs or the live state is a mistake (a typo would
 * otherwise read as "No changes"): refused, naming the closest address there is.
 */
function checkTarget(target: string, desired: Model, live: Model): void {
  const t = keyOfAddress(target);
  const keys = new Set([...entityKeysOf(desired), ...entityKeysOf(live)]);
  // `lambda-permission` alone targets every invoke permission (filterTarget).
  for (const k of keys) if (k === t || containedIn(t, k) || ((t === 'lambda-permission' || t === 'dns-record') && k.startsWith(t))) return;
  const wanted = addressOf(t);
  // A bare name (`petstore`, as terraform users type a resource's name) is compared with names too.
  const bare = target.includes(' ') ? undefined : target.trim().toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of keys) {
    const a = addressOf(k);
    // Compare with the address cut to the target's depth, so `rest-api petstor` meets `rest-api petstore`.
    const cut = a.split(SEP).slice(0, wanted.split(SEP).length).join(SEP);
    const distance = Math.min(
      editDistance(wanted.toLowerCase(), cut.toLowerCase()),
      bare !== undefined && !cut.includes(SEP) ? editDistance(bare, cut.slice(cut.indexOf(' ') + 1).toLowerCase()) : Infinity,
    );
    const score = distance * 1000 + a.length;
    if (score < bestScore) [best, bestScore] = [cut, score];
  }
  // Only a near miss is suggested (as "did you mean" does): a third of the name may differ.
  const typed = bare ?? wanted.slice(wanted.indexOf(' ') + 1);
  const near = best !== undefined && Math.floor(bestScore / 1000) <= Math.max(1, Math.floor(typed.length / 3));
  // The APIs first: what a target names most often.
  const isApi = (a: string) => /^(rest|http|websocket)-api /.test(a);
  const tops = [...keys].filter((k) => !k.includes(SEP)).map(addressOf).sort((a, b) => Number(isApi(b)) - Number(isApi(a)) || a.localeCompare(b));
  const listed = tops.length > 6 ? `${tops.slice(0, 6).join(', ')} and ${tops.length - 6} more` : tops.join(', ');
  throw new ApigwError(
    `--target "${target}" matches nothing in the specs or in the live state.`,
    1,
    near
      ? `The closest address is "${best}"; the plan (without --target) lists every address.`
      : keys.size > 0
        ? `No address is close to it. Top-level addresses: ${listed}; the plan (without --target) lists every address.`
        : 'The spec set describes nothing to target.',
    'plan/unknown-target',
  );
}

/** The API each Lambda permission is for (permissions are top-level objects, keyed by statement id). */
function permissionApis(desired: Model, live: Model): Map<EntityKey, EntityKey> {
  const out = new Map<EntityKey, EntityKey>();
  for (const m of [live, desired]) {
    for (const e of entitiesOfKind(m, 'lambda-permission', 'dns-record')) {
      const k = e.key;
      if (e.kind === 'lambda-permission' && e.meta?.api) out.set(k, e.meta.api);
      // A domain's target holds its DNS records.
      if (e.kind === 'dns-record' && e.meta?.domain) out.set(k, e.meta.domain);
    }
  }
  return out;
}

/**
 * Keeps the ops under the target, and the deploy (and stage moves) of an API that has some. An
 * API's target holds the Lambda permissions for it; `lambda-permission` alone targets them all.
 */
function filterTarget(drafts: DraftOp[], target?: string, permissionApi = new Map<EntityKey, EntityKey>()): DraftOp[] {
  if (!target) return drafts;
  // A resource's subtree holds its sub-paths too (`/users` holds `/users/{id}`).
  const t = keyOfAddress(target);
  const hit = (d: DraftOp) => d.key === t || containedIn(t, d.key)
    || (d.kind === 'lambda-permission' && (t === 'lambda-permission' || permissionApi.get(d.key) === t))
    || (d.kind === 'dns-record' && (t === 'dns-record' || permissionApi.get(d.key) === t));
  const kept = drafts.filter(hit);
  const apis = new Set(kept.map((d) => rootOf(d.key)));
  const deployKeys = new Set(drafts.filter((d) => d.action === 'deploy' && apis.has(rootOf(d.key))).map((d) => d.key));
  const out = drafts.filter((d) => hit(d) || deployKeys.has(d.key) || [...d.deps].some((k) => deployKeys.has(k)));
  const keys = new Set(out.map((d) => d.key));
  for (const d of out) d.deps = new Set([...d.deps].filter((k) => keys.has(k)));
  return out;
}

/**
 * A replaced VPC link shows as one replace (the create of the new link, with the fields that made
 * it necessary), the moves of its integrations, and the delete of the old link after them.
 */
function explainLinkReplacements(drafts: DraftOp[], replacements: LinkReplacement[], desired: Model, live: Model): void {
  for (const r of replacements) {
    const d = drafts.find((x) => x.key === r.key && x.action === 'create');
    const old = live.entities[r.from];
    const want = desired.entities[r.key];
    if (!d || !old || !want) continue;
    d.action = 'replace';
    d.reason = 'immutable-field-changed';
    d.explanation = r.explanation;
    d.changes = fieldChanges(old.attrs, want.attrs);
  }
  for (const d of drafts) {
    const name = nameOf(d.key);
    if (VPC_LINK_KINDS.has(d.kind) && d.action === 'delete' && baseLinkName(name) !== name) {
      d.reason = 'vpc-link-replaced';
      // Two owned links share the name until then: the id says which one goes.
      const id = live.entities[d.key]?.ids?.vpcLinkId;
      d.explanation = `the link "${baseLinkName(name)}" replaced${id ? ` (this one is ${id})` : ''}; deleted once no integration uses it`;
    }
    const move = d.changes.find((c) => c.path === '/vpcLink');
    if (d.action === 'update' && move && typeof move.from === 'string' && baseLinkName(move.from) !== move.from && move.to === baseLinkName(move.from)) {
      if (d.changes.length === 1) d.reason = 'vpc-link-replaced';
      d.explanation = `moves to the new VPC link "${String(move.to)}"`;
    }
  }
}

/** CreateDocumentationVersion snapshots the parts as they are: it waits for every part op of its API. */
function versionsAfterParts(drafts: DraftOp[]): void {
  for (const v of drafts) {
    if (v.kind !== 'documentation-version' || v.action !== 'create') continue;
    for (const p of drafts) if (p.kind === 'documentation-part' && rootOf(p.key) === rootOf(v.key)) v.deps.add(p.key);
  }
}

/**
 * A version AWS already holds keeps the parts it snapshot: changed parts reach a stage only under
 * a new version. Say so when parts change and every version a stage publishes exists already.
 */
function staleVersionNotices(drafts: DraftOp[], desired: Model, live: Model): string[] {
  const out: string[] = [];
  const apis = new Set(drafts.filter((d) => d.kind === 'documentation-part').map((d) => rootOf(d.key)));
  for (const api of apis) {
    const published = entitiesOfKind(desired, 'stage')
      .filter((e) => rootOf(e.key) === api && e.attrs.documentationVersion !== undefined)
      .map((e) => String(e.attrs.documentationVersion));
    const old = [...new Set(published)].filter((v) => live.entities[`${api}${SEP}documentation-version:${v}`]);
    if (old.length === 0) continue;
    out.push(`${addressOf(api)}: documentation parts change, but documentation ${old.length === 1 ? 'version' : 'versions'} ${old.join(', ')} already ${old.length === 1 ? 'exists and keeps' : 'exist and keep'} the parts ${old.length === 1 ? 'it' : 'they'} snapshot; add a new version under documentation.versions and publish it on the stage to show the change.`);
  }
  return out;
}

/**
 * AWS refuses a stage's logging settings until the account has its CloudWatch role, and an account
 * without the `UsagePlans` feature has no working usage plans: the account's settings go first.
 */
function loggingAfterAccountRole(drafts: DraftOp[]): void {
  const account = drafts.find((d) => d.kind === 'account');
  if (!account) return;
  const addsFeature = account.calls.some((c) => ((c.input as { patchOperations?: PatchOp[] }).patchOperations ?? []).some((o) => o.path === '/features'));
  if (addsFeature) {
    account.explanation = 'adds UsagePlans to an account from before usage plans: AWS also makes a default usage plan for each API stage its API keys are tied to, untagged and so left alone';
  }
  for (const d of drafts) {
    if (d.action === 'delete') continue;
    if (d.kind === 'stage' || d.kind === 'v2-stage' || d.kind === 'deployment') d.deps.add(account.key);
    if (addsFeature && (d.kind === 'usage-plan' || d.kind === 'usage-plan-key')) d.deps.add(account.key);
  }
}

/**
 * An API deleted whole is read shallow (DeleteApi takes its integrations along), so nothing says
 * which links its integrations use: a link's delete waits for every API delete of the plan. It
 * also waits for the plan's deployments and stage moves: a deployed stage keeps calling the old
 * link until it serves a deployment of the moved integrations.
 */
function linkDeletesAfterApis(drafts: DraftOp[]): void {
  const apis = drafts.filter((d) => (d.action === 'delete' && ['rest-api', 'http-api', 'websocket-api'].includes(d.kind))
    || d.action === 'deploy' || (d.action !== 'delete' && (d.kind === 'stage' || d.kind === 'v2-stage')));
  for (const d of drafts) {
    if (d.action === 'delete' && VPC_LINK_KINDS.has(d.kind)) for (const a of apis) d.deps.add(a.key);
  }
}
