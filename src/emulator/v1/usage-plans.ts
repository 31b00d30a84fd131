import type { RequestContext, Route } from '../router.js';
import { badRequest, notFound } from '../aws-error.js';
import { check, ENUMS } from './validate.js';
import { applyPatch, readPatchOps, toInt, toNumber, type PatchRule } from './patch.js';
import { paginate } from './pagination.js';
import { clone, compact, uniqueId, v1, type Obj, type UsagePlanRecord, type V1State } from './store.js';

const PERIODS = ['DAY', 'WEEK', 'MONTH'];

export function getPlan(ctx: RequestContext, id = ctx.params.usageplanId!): UsagePlanRecord {
  const up = v1(ctx).usagePlans[id];
  if (!up) throw notFound('Invalid Usage Plan ID specified');
  return up;
}

/**
 * A usage plan may only name stages that exist (AWS's message, quoted in aws-cdk#6169): stages of
 * REST APIs or of WebSocket APIs (apigatewayv2), which usage plans cover too.
 */
/** A REST API stage, or a WebSocket API stage (made through apigatewayv2), that exists. */
function stageExists(ctx: RequestContext, state: V1State, apiId: string, stage: string): boolean {
  const ws = ((ctx.state.v2 as { apis?: { api: Obj; stages: Obj[] }[] }).apis ?? [])
    .find((a) => a.api.apiId === apiId && a.api.protocolType === 'WEBSOCKET');
  return Boolean(ws?.stages.some((s) => s.stageName === stage) || state.restApis[apiId]?.stages[stage]);
}

function checkStage(ctx: RequestContext, state: V1State, planId: string, apiId: string, stage: string): void {
  if (!stageExists(ctx, state, apiId, stage)) {
    throw badRequest(`Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan ${planId}`);
  }
}

function checkQuota(q: Obj | undefined): void {
  if (q && q.period !== undefined && !PERIODS.includes(q.period)) throw badRequest(`Invalid quota period specified: ${q.period}`);
}

export function planView(up: UsagePlanRecord, alwaysTags: boolean): Obj {
  const out = clone(up.plan);
  if (!alwaysTags && !Object.keys(out.tags ?? {}).length) delete out.tags;
  return out;
}

function createPlan(ctx: RequestContext) {
  const b = (ctx.body ?? {}) as Obj;
  check('createUsagePlanInput', b).required('name').oneOf('quota.period', b.quota?.period, ENUMS.quotaPeriod).done();
  const state = v1(ctx);
  const id = uniqueId(6, state.usagePlans);
  for (const s of b.apiStages ?? []) checkStage(ctx, state, id, s.apiId, s.stage);
  checkQuota(b.quota);
  const plan = compact({
    id,
    name: b.name,
    description: b.description,
    apiStages: (b.apiStages ?? []).map((s: Obj) => compact({ apiId: s.apiId, stage: s.stage, throttle: s.throttle })),
    throttle: b.throttle ? compact({ burstLimit: b.throttle.burstLimit, rateLimit: b.throttle.rateLimit }) : undefined,
    quota: b.quota ? compact({ limit: b.quota.limit, offset: b.quota.offset, period: b.quota.period }) : undefined,
    // CreateUsagePlanRequest has no productCode (the model): only UpdateUsagePlan sets it.
    tags: { ...(b.tags ?? {}) },
  });
  state.usagePlans[id] = { plan, keyIds: [] };
  return { status: 201, body: planView(state.usagePlans[id]!, false) };
}

/** A stage of the plan by its `apiId:stage` reference (AWS: 404 "API Stage not found: ..."). */
function stageOf(p: Obj, ref: string): Obj {
  const [apiId, stage] = ref.split(':');
  const s = (p.apiStages as Obj[]).find((x) => x.apiId === apiId && x.stage === stage);
  if (!s) throw notFound(`API Stage not found: ${ref}`);
  return s;
}

function planRules(state: V1State, planId: string, exists: (apiId: string, stage: string) => boolean): PatchRule<Obj>[] {
  const num = (field: 'throttle' | 'quota', key: string, int: boolean): PatchRule<Obj> => ({
    path: `/${field}/${key}`,
    ops: ['add', 'replace'],
    apply: (p, op) => {
      const v = key === 'period' ? op.value : int ? toInt(op.value, `Invalid ${field} ${key}`) : toNumber(op.value, `Invalid ${field} ${key}`);
      p[field] = { ...(p[field] ?? {}), [key]: v };
      checkQuota(p.quota);
    },
  });
  return [
    { path: '/name', ops: ['replace'], apply: (p, op) => (p.name = op.value) },
    { path: '/description', ops: ['replace'], apply: (p, op) => (p.description = op.value ?? undefined) },
    { path: '/productCode', ops: ['add', 'replace', 'remove'], apply: (p, op) => (p.productCode = op.op === 'remove' ? undefined : op.value) },
    {
      path: '/apiStages',
      ops: ['add', 'remove'],
      // The stage goes in the value (`apiId:stage`); without one AWS rejects the path on add.
      accepts: (op) => op.op === 'remove' || Boolean(op.value),
      apply: (p, op) => {
        const parts = String(op.value ?? '').split(':');
        const [apiId, stage] = parts;
        if (op.op === 'remove') {
          // LocalStack's provider (its snapshot tests are validated against AWS); boto3#2629 shows
          // AWS's "Invalid API Stage specified" for a remove it could not parse.
          if (!op.value || parts.length !== 2) throw badRequest('Invalid API Stage specified');
          if (!exists(apiId!, stage!)) {
            throw notFound(`Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan ${planId}`);
          }
        }
        if (op.op === 'add') {
          // As CreateUsagePlan: a REST API stage, or a WebSocket API stage made through apigatewayv2.
          if (!exists(apiId!, stage!)) throw notFound(`API Stage not found: ${op.value}`);
          if (!p.apiStages.some((s: Obj) => s.apiId === apiId && s.stage === stage)) p.apiStages.push({ apiId, stage });
        } else {
          stageOf(p, String(op.value));
          p.apiStages = p.apiStages.filter((s: Obj) => !(s.apiId === apiId && s.stage === stage));
        }
      },
    },
    {
      path: '/apiStages/{apiId:stage}/throttle',
      ops: ['add', 'replace', 'remove'],
      apply: (p, op, [ref]) => {
        const s = stageOf(p, ref!);
        if (op.op === 'remove') delete s.throttle;
        else s.throttle = JSON.parse(String(op.value ?? '{}'));
      },
    },
    {
      path: '/apiStages/{apiId:stage}/throttle/{resourcePath}/{httpMethod}',
      ops: ['remove'],
      apply: (p, _op, [ref, path, verb]) => {
        const s = stageOf(p, ref!);
        delete s.throttle?.[`${path}/${verb}`];
      },
    },
    ...(['rateLimit', 'burstLimit'] as const).map(
      (key): PatchRule<Obj> => ({
        path: `/apiStages/{apiId:stage}/throttle/{resourcePath}/{httpMethod}/${key}`,
        ops: ['add', 'replace'],
        apply: (p, op, [ref, path, verb]) => {
          const s = stageOf(p, ref!);
          const k = `${path}/${verb}`;
          s.throttle = { ...(s.throttle ?? {}) };
          s.throttle[k] = { ...(s.throttle[k] ?? {}), [key]: key === 'rateLimit' ? toNumber(op.value, 'Invalid rate limit') : toInt(op.value, 'Invalid burst limit') };
        },
      }),
    ),
    { path: '/throttle', ops: ['remove'], apply: (p) => delete p.throttle },
    { path: '/quota', ops: ['remove'], apply: (p) => delete p.quota },
    num('throttle', 'rateLimit', false),
    num('throttle', 'burstLimit', true),
    num('quota', 'limit', true),
    num('quota', 'offset', true),
    num('quota', 'period', false),
  ];
}

/**
 * The emulator serves no API traffic, so usage is empty: `values` (the wire name of the SDK's
 * `items`) maps nothing, for any key of the plan.
 */
function getUsage(ctx: RequestContext) {
  check('getUsageInput', { startDate: ctx.query.get('startDate') ?? undefined, endDate: ctx.query.get('endDate') ?? undefined })
    .required('startDate', 'endDate')
    .done();
  const up = getPlan(ctx);
  const keyId = ctx.query.get('keyId');
  if (keyId && !up.keyIds.includes(keyId)) throw badRequest('Invalid API Key identifier specified');
  return { status: 200, body: { usagePlanId: up.plan.id, startDate: ctx.query.get('startDate'), endDate: ctx.query.get('endDate'), values: {} } };
}

export const usagePlanRoutes: Route[] = [
  { method: 'GET', path: '/usageplans/{usageplanId}/usage', operation: 'GetUsage', handler: getUsage },
  { method: 'POST', path: '/usageplans', operation: 'CreateUsagePlan', handler: createPlan },
  {
    method: 'GET',
    path: '/usageplans',
    operation: 'GetUsagePlans',
    handler: (ctx) => {
      const keyId = ctx.query.get('keyId');
      const plans = Object.values(v1(ctx).usagePlans).filter((up) => !keyId || up.keyIds.includes(keyId));
      return { status: 200, body: paginate(ctx, plans.map((up) => planView(up, false))) };
    },
  },
  { method: 'GET', path: '/usageplans/{usageplanId}', operation: 'GetUsagePlan', handler: (ctx) => ({ status: 200, body: planView(getPlan(ctx), true) }) },
  {
    method: 'PATCH',
    path: '/usageplans/{usageplanId}',
    operation: 'UpdateUsagePlan',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateUsagePlanInput');
      const up = getPlan(ctx);
      up.plan = compact(applyPatch(clone(up.plan), ops, planRules(v1(ctx), up.plan.id, (a, st) => stageExists(ctx, v1(ctx), a, st)), 'listed'));
      return { status: 200, body: planView(up, true) };
    },
  },
  {
    method: 'DELETE',
    path: '/usageplans/{usageplanId}',
    operation: 'DeleteUsagePlan',
    handler: (ctx) => {
      const up = getPlan(ctx);
      if (up.plan.apiStages?.length) {
        const first = up.plan.apiStages[0];
        throw badRequest(`Cannot delete Usage Plan ${up.plan.id} because there are API Stages associated with it, including ${first.apiId}:${first.stage}`);
      }
      delete v1(ctx).usagePlans[up.plan.id];
      return { status: 202 };
    },
  },
];
