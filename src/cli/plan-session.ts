import { ApigwError } from '../errors.js';
import type { Model } from '../reconcile/model.js';
import type { Plan } from '../reconcile/plan-types.js';
import { secretVariables } from '../reconcile/apply/placeholders.js';
import { wantsColour } from '../render/colour.js';
import { explainAwsFailure } from './aws-failure.js';
import { connect, type ConnectFlags, type Connection } from './connect.js';
import type { CliIO } from './io.js';
import type { Pipeline, PlanOptions, SpecSetLike } from './pipeline.js';
import type { Redactor } from './redact.js';

/**
 * The shared first half of plan, apply and destroy: load and validate the specs (an invalid spec
 * stops here, before any AWS call), connect, read the live state and compute the plan.
 * The caller owns the returned connection and must close it.
 */
export interface SessionInput {
  paths: string[];
  environment?: string;
  options: PlanOptions;
  connect: ConnectFlags;
  /** destroy: plan as if the specs were empty, so everything the set owns is deleted. */
  transformSpecSet?: (s: SpecSetLike) => SpecSetLike;
  /** Runs once connected, before the live state is read (apply takes its lock here). */
  beforeRead?: (specSet: SpecSetLike, conn: Connection) => Promise<void>;
}

export interface Session {
  specSet: SpecSetLike;
  conn: Connection;
  plan: Plan;
  desired: Model;
  live: Model;
  /** AWS calls made to read the live state. */
  readCalls: number;
}

export async function openSession(input: SessionInput, io: CliIO, pipeline: Pipeline, redactor: Redactor): Promise<Session> {
  const loaded = await pipeline.loadSpecSet(input.paths, { env: io.env, cwd: io.cwd, ...(input.environment ? { environment: input.environment } : {}) });
  if (!loaded.ok) {
    io.stderr.write(pipeline.renderDiagnostics(loaded.diagnostics, { colour: wantsColour(io.stderr, io.env) }));
    const n = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    throw new ApigwError(`The specs have ${n} error${n === 1 ? '' : 's'} (listed above); nothing was sent to AWS.`);
  }
  if (loaded.warnings.length > 0) io.stderr.write(pipeline.renderDiagnostics(loaded.warnings, { colour: wantsColour(io.stderr, io.env) }));
  const specSet = input.transformSpecSet ? input.transformSpecSet(loaded.specSet) : loaded.specSet;
  const conn = await connect(input.connect, { env: io.env, cwd: io.cwd, ...(specSet.region ? { specRegion: specSet.region } : {}) });
  try {
    await input.beforeRead?.(specSet, conn);
    const environment = input.environment ?? specSet.environment;
    const result = await pipeline.computePlan({
      specSet,
      clients: { apigateway: conn.apigateway, apigatewayv2: conn.apigatewayv2, lambda: conn.lambda },
      options: { ...input.options, ...(environment ? { environment } : {}) },
      env: io.env,
    });
    const plan = withTarget(result.plan, conn);
    rememberSecrets(plan, result.live, io, redactor);
    return { specSet, conn, plan, desired: result.desired, live: result.live, readCalls: conn.counter.total() };
  } catch (err) {
    await conn.close();
    throw explainAwsFailure(err, conn);
  }
}

/** Records where the plan was made against (an emulator is not AWS), so a saved plan cannot cross over. */
function withTarget(plan: Plan, conn: Connection): Plan {
  const target = { ...plan.target };
  if (!target.region && conn.region) target.region = conn.region;
  if (conn.endpoint) target.endpoint = conn.endpoint;
  return { ...plan, target };
}

/** Secrets this run may see: the values of the variables the plan reads, and sensitive live values. */
export function rememberSecrets(plan: Plan, live: Model, io: CliIO, redactor: Redactor): void {
  for (const name of secretVariables(plan)) redactor.add(io.env[name]);
  for (const e of Object.values(live.entities)) for (const attr of e.sensitive ?? []) redactor.add(e.attrs[attr]);
}
