import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { ApigwError } from '../errors.js';
import { sameEndpoint } from './apply-lock.js';
import { MAX_PLAN_FILE_BYTES, parseBoundedJson, readBoundedText, readHead } from '../files/read-bounded.js';
import type { Model } from '../reconcile/model.js';
import type { Plan, PlannedOp, PlanSource } from '../reconcile/plan-types.js';
import { compareDigests, keyToAddress, liveDigests } from '../reconcile/live-digest.js';
import { renderPlanJson } from '../render/plan-json.js';
import { visibleLine } from '../render/visible.js';

/**
 * Saved plans (`plan --out FILE`, read by `apply FILE`): the JSON plan plus a digest of each live
 * object and how the plan was made. Never a secret: sensitive values are redacted by the JSON
 * renderer and secrets stay `{ $secret: 'env:NAME' }` placeholders.
 */
export function writePlanFile(path: string, plan: Plan, live: Model, source: PlanSource, redact: (text: string) => string = (t) => t): void {
  const saved: Plan = { ...plan, liveObjects: liveDigests(live), source };
  try {
    writeFileSync(path, redact(renderPlanJson(saved)));
  } catch (err) {
    throw new ApigwError(`Cannot write the plan to ${path}: ${(err as Error).message}`);
  }
}

/** True when `path` is one file holding a JSON plan (as opposed to spec files or a spec directory). */
export function looksLikePlanFile(path: string): boolean {
  const head = readHead(path, 4096)?.trimStart();
  if (head === undefined) return false;
  return head.startsWith('{') && head.includes('"formatVersion"') && head.includes('"ops"');
}

/** `shown`: the path as the user gave it, for messages. */
export function readPlanFile(path: string, shown: string = path): Plan {
  const read = readBoundedText(path, MAX_PLAN_FILE_BYTES);
  if (!read.ok) {
    throw new ApigwError(`${shown} cannot be read as a plan: ${read.reason}.`, 1, 'Give the file written by `apigw-sync plan --out FILE` (saved plans may be at most 64 MB).');
  }
  let data: unknown;
  try {
    data = parseBoundedJson(read.text);
  } catch (err) {
    throw new ApigwError(`${shown} is not a readable plan: ${(err as Error).message}`, 1, 'Make a new one with `apigw-sync plan --out FILE`.');
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== 1) {
    throw new ApigwError(`${shown} is a plan of format version ${String(version)}; this apigw-sync reads version 1.`, 1, 'Make the plan again with this version of apigw-sync.');
  }
  const validate = planValidator();
  if (!validate(data)) {
    const first = validate.errors?.[0];
    throw new ApigwError(
      `${shown} is not a valid plan: ${first?.instancePath || '(root)'} ${first?.message ?? 'is invalid'}.`,
      1,
      'Make a new one with `apigw-sync plan --out FILE` rather than editing it.',
    );
  }
  // The summary's counts are for readers: the plan is its ops.
  const { summary: _summary, ...plan } = data as Plan & { summary?: unknown };
  return plan;
}

/**
 * Refuses a saved plan when it was made for another spec set, environment, region or endpoint, or when the live
 * state moved on since: the message names the objects that changed, from the saved digests.
 */
export function checkSavedPlan(saved: Plan, path: string, current: { plan: Plan; live: Model; fingerprint: string }): void {
  const want = saved.target;
  const now = current.plan.target;
  const mismatch =
    (['specSet', 'environment', 'region'] as const).find((k) => (want[k] ?? '') !== (now[k] ?? '')) ??
    (sameEndpoint(want.endpoint, now.endpoint) ? undefined : 'endpoint') ??
    // The account only when both runs could learn it (it is best effort).
    (want.accountId && now.accountId && want.accountId !== now.accountId ? 'accountId' : undefined);
  if (mismatch) {
    throw new ApigwError(
      `${path} was made for ${mismatch} "${want[mismatch] ?? '(none)'}", but this run targets "${now[mismatch] ?? '(none)'}".`,
      1,
      'Apply it with the same spec set, --env, region, endpoint flags and credentials it was planned with, or plan again.',
    );
  }
  if (saved.liveFingerprint === current.fingerprint) return;
  const lines: string[] = [];
  if (saved.liveObjects) {
    const c = compareDigests(saved.liveObjects, liveDigests(current.live));
    for (const k of c.changed) lines.push(`  changed: ${keyToAddress(k)}`);
    for (const k of c.added) lines.push(`  added:   ${keyToAddress(k)}`);
    for (const k of c.removed) lines.push(`  removed: ${keyToAddress(k)}`);
  }
  throw new ApigwError(
    `The live state changed since ${path} was made (${saved.createdAt}), so it may no longer do what was reviewed. Nothing was applied.` +
      (lines.length > 0 ? `\n${lines.join('\n')}` : ''),
    1,
    'Run `apigw-sync plan --out FILE` again, review the new plan, and apply that.',
  );
}

/**
 * A saved plan is a file passed between jobs: anyone who can write it could add an op (delete an
 * API we do not own) or change one. So apply re-plans from the specs and the live state, and runs
 * the saved plan only if every one of its ops is an op of that fresh plan, exactly (its calls and
 * their inputs, ids and order), and the fresh plan has no op the saved one lacks (the specs
 * changed). What runs is then the fresh plan: nothing read from the file reaches AWS.
 * `blocked` and `explanation` are left out of the comparison: whether a deletion needs
 * --allow-destroy is decided by the apply, not by the file. `redact` makes both sides comparable
 * where the saved file had a secret replaced.
 */
export function checkSavedOps(saved: Plan, fresh: Plan, path: string, redact: (text: string) => string): void {
  const comparable = (op: PlannedOp): string => {
    const { blocked: _b, explanation: _e, ...rest } = JSON.parse(renderPlanJson({ ...fresh, ops: [op], notices: [] })).ops[0] as PlannedOp;
    return redact(JSON.stringify(rest));
  };
  const want = new Map<string, PlannedOp[]>();
  for (const op of fresh.ops) {
    const k = comparable(op);
    want.set(k, [...(want.get(k) ?? []), op]);
  }
  const foreign: string[] = [];
  for (const op of saved.ops) {
    const k = comparable(op);
    const left = want.get(k);
    if (left && left.length > 0) left.shift();
    else foreign.push(describeOp(op));
  }
  if (foreign.length > 0) {
    throw new ApigwError(
      `${path} holds ${foreign.length === 1 ? 'an operation' : `${foreign.length} operations`} that a plan of the specs and the live state would not make now, so it is not what \`apigw-sync plan\` wrote (or the specs changed since). Nothing was applied.\n` +
        foreign.map((f) => `  ${f}`).join('\n'),
      1,
      'Make the plan again with `apigw-sync plan --out FILE`, review it, and apply that file unedited.',
    );
  }
  const missing = [...want.values()].flat();
  if (missing.length > 0) {
    throw new ApigwError(
      `The specs or options changed since ${path} was made: a plan now also does what the saved plan does not. Nothing was applied.\n` +
        missing.map((op) => `  ${describeOp(op)}`).join('\n'),
      1,
      'Run `apigw-sync plan --out FILE` again, review the new plan, and apply that.',
    );
  }
}

function describeOp(op: PlannedOp): string {
  const calls = Array.isArray(op.calls) ? op.calls.map((c) => String(c?.operation)).join(', ') : '';
  return visibleLine(`${String(op.id ?? '(no id)')}: ${String(op.action ?? '?')} ${String(op.address ?? op.key ?? '(no address)')}${calls ? ` (${calls})` : ''}`);
}

let validator: ValidateFunction | undefined;

function planValidator(): ValidateFunction {
  if (!validator) {
    // schema/ sits next to src/ and dist/, and is published with the package.
    const schemaPath = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'plan.schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
    validator = new Ajv({ strict: true, validateFormats: false }).compile(schema);
  }
  return validator;
}

