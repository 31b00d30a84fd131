import { ApigwError } from '../errors.js';
import type { Model } from '../reconcile/model.js';
import type { Plan } from '../reconcile/plan-types.js';
import { copyWith } from '../reconcile/lazy-field.js';
import { secretVariables } from '../reconcile/apply/placeholders.js';
import { wantsColour } from '../render/colour.js';
import { explainAwsFailure } from './aws-failure.js';
import { connect, type ConnectFlags, type Connection } from './connect.js';
import type { CliIO } from './io.js';
import type { Pipeline, PlanOptions, SpecSetLike } from './pipeline.js';
import type { Redactor } from './redact.js';
import { resolveSpecSetPaths } from './spec-set-root.js';

/**
 * The shared first half of plan, apply and destroy: load and validate the specs (an invalid spec
 * stops here, before any AWS call), connect, read the live state and compute the plan.
 * The caller owns the returned connection and must close it.
 */
export interface SessionInput {
  paths: string[];
  /** The command that runs (plan, apply, drift, destroy): the one a refusal's example names. */
  command?: string;
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
  /** Reads the live state again and plans with the same options, one call per object (apply's residual plan after bulk writes). */
  replan(): Promise<{ plan: Plan; desired: Model; live: Model }>;
}

export async function openSession(input: SessionInput, io: CliIO, pipeline: Pipeline, redactor: Redactor): Promise<Session> {
  const resolved = resolveSpecSetPaths(input.paths, io.cwd, input.command);
  for (const note of resolved.notes) io.stderr.write(`${note}\n`);
  const loaded = await pipeline.loadSpecSet(resolved.paths, { env: io.env, cwd: io.cwd, ...(input.environment ? { environment: input.environment } : {}) });
  if (!loaded.ok) {
    io.stderr.write(pipeline.renderDiagnostics(loaded.diagnostics, { colour: wantsColour(io.stderr, io.env) }));
    const n = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    throw new ApigwError(`The specs have ${n} error${n === 1 ? '' : 's'} (listed above); nothing was sent to AWS.`);
  }
  rememberKeyVariables(loaded.specSet, io, redactor);
  if (loaded.warnings.length > 0) io.stderr.write(pipeline.renderDiagnostics(loaded.warnings, { colour: wantsColour(io.stderr, io.env) }));
  const specSet = input.transformSpecSet ? input.transformSpecSet(loaded.specSet) : loaded.specSet;
  const zones = zonesNamed(specSet);
  const conn = await connect(input.connect, { env: io.env, cwd: io.cwd, ...(specSet.region ? { specRegion: specSet.region } : {}), ...(zones.length ? { hostedZones: zones } : {}) });
  try {
    await input.beforeRead?.(specSet, conn);
    // Asked alongside the reads; never fails the plan (undefined when it cannot be learnt).
    const account = conn.accountId();
    const environment = input.environment ?? specSet.environment;
    const clients = { apigateway: conn.apigateway, apigatewayv2: conn.apigatewayv2, lambda: conn.lambda, route53: conn.route53 };
    const result = await pipeline.computePlan({
      specSet,
      clients,
      options: { ...input.options, ...(environment ? { environment } : {}) },
      env: io.env,
    });
    const plan = withTarget(result.plan, conn, await account);
    rememberSecrets(plan, result.live, io, redactor);
    const replan = async () => {
      const again = await pipeline.computePlan({
        specSet,
        // The same clients as the first plan: a service left out would plan none of its objects,
        // and the bulk step counts what the second plan leaves out as done.
        clients,
        options: { ...input.options, ...(environment ? { environment } : {}), noBulk: true },
        env: io.env,
      });
      const p = withTarget(again.plan, conn, await account);
      rememberSecrets(p, again.live, io, redactor);
      return { ...again, plan: p };
    };
    return { specSet, conn, plan, desired: result.desired, live: result.live, readCalls: conn.counter.total(), replan };
  } catch (err) {
    await conn.close();
    throw explainAwsFailure(err, conn, io.env);
  }
}

/** Records where the plan was made against (an emulator is not AWS), so a saved plan cannot cross over. */
function withTarget(plan: Plan, conn: Connection, accountId: string | undefined): Plan {
  const target = { ...plan.target };
  if (accountId) target.accountId = accountId;
  if (!target.region && conn.region) target.region = conn.region;
  if (conn.endpoint) target.endpoint = conn.endpoint;
  return copyWith(plan, { target });
}

/** Secrets this run may see: the values of the variables the plan reads, and sensitive live values. */
export function rememberSecrets(plan: Plan, live: Model, io: CliIO, redactor: Redactor): void {
  for (const name of secretVariables(plan)) redactor.add(io.env[name]);
  for (const e of Object.values(live.entities)) for (const attr of e.sensitive ?? []) redactor.add(e.attrs[attr]);
}

/**
 * The value of every variable that gives an API key its value is a secret in every output, whether
 * or not this plan changes that key (validate refuses using such a variable anywhere else, but a
 * live object can hold the value too: a description edited by hand).
 */
function rememberKeyVariables(specSet: SpecSetLike, io: CliIO, redactor: Redactor): void {
  for (const key of Object.values(specSet.apiKeys)) {
    const name = (key as { value?: { secretEnv?: unknown } } | null)?.value?.secretEnv;
    if (typeof name === 'string') redactor.add(io.env[name]);
  }
}

/** The Route 53 zones the set's domains name by name (`dns.hostedZone`), for `--local`'s emulator to have. */
export function zonesNamed(set: SpecSetLike): string[] {
  const out = new Set<string>();
  for (const s of [set, set.formerly]) {
    for (const d of Object.values(s?.domains ?? {})) {
      const zone = (d as { dns?: { hostedZone?: unknown } } | undefined)?.dns?.hostedZone;
      if (typeof zone === 'string' && !/^Z[A-Z0-9]{1,31}$/.test(zone)) out.add(zone.toLowerCase().replace(/\.$/, ''));
    }
  }
  return [...out].sort();
}
