import type { Action, Plan, PlannedOp } from '../reconcile/plan-types.js';
import { painter, type Paint, type Style } from './colour.js';
import { expandChanges, formatChange } from './format-change.js';
import { countPlan, duplicateAdvice, duplicateHolder, MARKER, NO_CHANGES, opNote, securityReason, summaryLine, targetWhere } from './plan-facts.js';
import { visibleLine } from './visible.js';

/**
 * The plan as a person reads it in a terminal, in the manner of terraform:
 *
 *     + rest-api petstore / resource /users
 *     ~ rest-api petstore / resource /users / method GET / integration
 *         uri: "https://old.example" -> "https://new.example"
 *   -/+ rest-api petstore / authorizer cognito  (replace, because type cannot be updated in place)
 *     - rest-api petstore / resource /legacy  (not in the specs)
 *
 * then the security-relevant changes, the notices, and the summary line. Every line is made
 * visible (control characters from names or templates written as `\u001b`), painted or not.
 */
export interface TextOptions {
  colour?: boolean;
  /** Replaces the first line (destroy says what it is about to do). */
  heading?: string;
}

const ACTION_STYLE: Record<Action, Style> = {
  create: 'green',
  deploy: 'green',
  update: 'yellow',
  adopt: 'yellow',
  replace: 'magenta',
  delete: 'red',
};

export function renderPlanText(plan: Plan, opts: TextOptions = {}): string {
  const paint = painter(opts.colour === true);
  const out: string[] = [];
  if (plan.ops.length === 0) {
    out.push(paint('green', NO_CHANGES));
    pushNotices(out, plan, paint);
    return `${out.join('\n')}\n`;
  }
  out.push(`${paint('bold', opts.heading ?? heading(plan))}\n`);
  for (const op of plan.ops) out.push(...opLines(op, paint));

  const security = plan.ops.flatMap((op) => {
    const why = securityReason(op);
    return why ? [`  ! ${op.address}: ${why}`] : [];
  });
  if (security.length > 0) {
    out.push('', paint('bold', 'Security-relevant changes (review these):'), ...security.map((l) => paint('yellow', l)));
  }
  const blocked = plan.ops.filter((op) => op.blocked && op.blockedBy === undefined);
  if (blocked.length > 0) {
    out.push(
      '',
      paint('red', `${blocked.length} deletion${blocked.length === 1 ? ' is' : 's are'} blocked. apply refuses to run this plan unless you pass --allow-destroy.`),
    );
  }
  const duplicates = plan.ops.filter((op) => op.blockedBy === 'duplicate-name');
  if (duplicates.length > 0) {
    out.push(
      '',
      paint('red', `${duplicates.length} creation${duplicates.length === 1 ? ' is' : 's are'} blocked: ${duplicateHolder(duplicates)}. ` +
        `apply refuses this plan; ${duplicateAdvice(duplicates, 'plan again with --adopt to manage the existing one', 'with --allow-duplicate-name to create a second one')}.`),
    );
  }
  const unowned = plan.ops.filter((op) => op.blockedBy === 'unowned-record');
  if (unowned.length > 0) {
    out.push(
      '',
      paint('red', `${unowned.length} DNS record${unowned.length === 1 ? ' is' : 's are'} blocked: ${unowned.length === 1 ? 'it exists' : 'they exist'} without apigw-sync's ownership TXT record, or ${unowned.length === 1 ? 'belongs' : 'belong'} to another spec set. ` +
        'apply refuses this plan; plan again with --adopt to manage records that have no ownership TXT record.'),
    );
  }
  pushBulk(out, plan, paint);
  pushNotices(out, plan, paint);
  out.push('', paint('bold', summaryLine(countPlan(plan))));
  return `${out.join('\n')}\n`;
}

export function heading(plan: Plan): string {
  return `apigw-sync plan for spec set "${plan.target.specSet}" (${where(plan)}):`;
}

export function where(plan: Plan): string {
  return targetWhere(plan.target);
}

function opLines(op: PlannedOp, paint: Paint): string[] {
  const style: Style = op.blocked ? 'red' : ACTION_STYLE[op.action];
  const note = opNote(op);
  const head = `${MARKER[op.action].padStart(3)} ${op.address}${note ? `  (${note})` : ''}`;
  const lines = [paint(style, head)];
  const creating = op.action === 'create' || op.action === 'deploy';
  for (const change of expandChanges(op.changes)) {
    const f = formatChange(change, creating);
    if (f.inline !== undefined) {
      lines.push(visibleLine(`      ${f.path}${f.assign ? ' =' : ':'} ${f.inline}`));
      continue;
    }
    lines.push(visibleLine(`      ${f.path}:`));
    for (const l of f.diff ?? []) lines.push(`        ${paint(diffStyle(l), l)}`);
  }
  return lines;
}

function diffStyle(line: string): Style {
  if (line.startsWith('@')) return 'cyan';
  if (line.startsWith('+')) return 'green';
  if (line.startsWith('-')) return 'red';
  return 'dim';
}

function pushBulk(out: string[], plan: Plan, paint: Paint): void {
  if (!plan.bulk?.length) return;
  out.push('', paint('bold', 'Bulk writes (OpenAPI import; --no-bulk for one call per object):'), ...plan.bulk.map((b) => visibleLine(`  - ${bulkLine(b)}`)));
}

/** `rest-api bench: 250 resources, 1000 methods (5000 objects) via ImportRestApi, 1 call: ~4 s of AWS time instead of ~456 s`. */
export function bulkLine(b: NonNullable<Plan['bulk']>[number]): string {
  if (b.via === 'ImportApi') {
    const n = (count: number | undefined, noun: string) => `${count ?? 0} ${noun}${count === 1 ? '' : 's'}`;
    return `${b.key.replace(/^http-api:/, 'http-api ')}: ${n(b.counts.routes, 'route')}, ${n(b.counts.integrations, 'integration')}, ` +
      `${n(b.counts.authorizers, 'authorizer')} (${b.counts.objects} objects) via ImportApi, 1 call: ` +
      `~${Math.ceil(b.estimate.bulkSeconds)} s of AWS time instead of ~${Math.ceil(b.estimate.perCallSeconds)} s; the rest per object after reading the API back`;
  }
  if (b.via === 'ImportDocumentationParts') {
    return `${b.key.replace(/^rest-api:/, 'rest-api ')}: ${b.counts.objects} documentation parts via ImportDocumentationParts (merge), ${b.calls} call${b.calls === 1 ? '' : 's'}: ` +
      `~${Math.ceil(b.estimate.bulkSeconds)} s of AWS time instead of ~${Math.ceil(b.estimate.perCallSeconds)} s; the rest per object after reading the API back`;
  }
  const via = b.via === 'ImportRestApi' ? 'ImportRestApi' : 'PutRestApi (merge)';
  return `${b.key.replace(/^rest-api:/, 'rest-api ')}: ${b.counts.resources} resources, ${b.counts.methods} methods (${b.counts.objects} objects) via ${via}` +
    `${b.via === 'ImportRestApi' && b.calls > 1 ? ` + PutRestApi (merge)` : ''}, ${b.calls} call${b.calls === 1 ? '' : 's'}: ` +
    `~${Math.ceil(b.estimate.bulkSeconds)} s of AWS time instead of ~${Math.ceil(b.estimate.perCallSeconds)} s; the rest per object after reading the API back`;
}

function pushNotices(out: string[], plan: Plan, paint: Paint): void {
  if (plan.notices.length === 0) return;
  out.push('', paint('bold', 'Notices:'), ...plan.notices.map((n) => visibleLine(`  - ${n}`)));
}
