import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { ApigwError } from '../errors.js';
import type { Model } from '../reconcile/model.js';
import type { Plan, PlanSource } from '../reconcile/plan-types.js';
import { compareDigests, keyToAddress, liveDigests } from '../reconcile/live-digest.js';
import { renderPlanJson } from '../render/plan-json.js';

/**
 * Saved plans (`plan --out FILE`, read by `apply FILE`): the JSON plan plus a digest of each live
 * object and how the plan was made. Never a secret: sensitive values are redacted by the JSON
 * renderer and secrets stay `{ $secret: 'env:NAME' }` placeholders.
 */
export function writePlanFile(path: string, plan: Plan, live: Model, source: PlanSource): void {
  const saved: Plan = { ...plan, liveObjects: liveDigests(live), source };
  try {
    writeFileSync(path, renderPlanJson(saved));
  } catch (err) {
    throw new ApigwError(`Cannot write the plan to ${path}: ${(err as Error).message}`);
  }
}

/** True when `path` is one file holding a JSON plan (as opposed to spec files or a spec directory). */
export function looksLikePlanFile(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isFile()) return false;
  const head = readFileSync(path, 'utf8').slice(0, 4096).trimStart();
  return head.startsWith('{') && head.includes('"formatVersion"') && head.includes('"ops"');
}

/** `shown`: the path as the user gave it, for messages. */
export function readPlanFile(path: string, shown: string = path): Plan {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
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
    (['specSet', 'environment', 'region', 'endpoint'] as const).find((k) => (want[k] ?? '') !== (now[k] ?? '')) ??
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

