import type { Plan, PlannedOp } from '../reconcile/plan-types.js';
import { expandChanges, formatChange } from './format-change.js';
import { countPlan, duplicateAdvice, duplicateHolder, MARKER, NO_CHANGES, opNote, securityReason, summaryLine, targetWhereShort } from './plan-facts.js';
import { escapeHtml, escapeMd, visibleLine } from './visible.js';
import { bulkLine } from './plan-text.js';

/** GitHub refuses comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** Room kept for the truncation note and anything a CI step wraps around the comment. */
const RESERVE = 1_500;

/**
 * The plan as a pull-request comment: a heading, the summary line, security-relevant changes and
 * blocked deletions up front, then one collapsible <details> section per operation, its changes
 * as a ```diff block (`- old`, `+ new`; multi-line values as a unified diff). Sections that
 * would push the comment past GitHub's limit are left out, and a note says how many and where to
 * see them.
 */
export function renderPlanMarkdown(plan: Plan, limit: number = GITHUB_COMMENT_LIMIT): string {
  const c = countPlan(plan);
  const head: string[] = [
    `### apigw-sync plan: \`${plan.target.specSet}\` (${targetWhereShort(plan.target)})`,
    '',
  ];
  if (plan.ops.length === 0) {
    head.push(NO_CHANGES, '');
    pushNotices(head, plan);
    return head.map(visibleLine).join('\n');
  }
  // The summary line says the counts: a table of them would be mostly zeros.
  head.push(`**${summaryLine(c)}**`, '');
  const security = plan.ops.flatMap((op) => {
    const why = securityReason(op);
    return why ? [`- \`${op.address}\`: ${escapeMd(why)}`] : [];
  });
  if (security.length > 0) head.push(':warning: **Security-relevant changes** (review these):', '', ...security, '');
  const duplicates = plan.ops.filter((op) => op.blockedBy === 'duplicate-name');
  if (duplicates.length > 0) {
    head.push(
      `:no_entry: **${duplicates.length} blocked creation${duplicates.length === 1 ? '' : 's'}**: ${duplicateHolder(duplicates)}; apply refuses this plan (${duplicateAdvice(duplicates, 'plan again with `--adopt`', '`--allow-duplicate-name`')}).`,
      '',
      ...duplicates.map((op) => `- \`${op.address}\``),
      '',
    );
  }
  const unowned = plan.ops.filter((op) => op.blockedBy === 'unowned-record');
  if (unowned.length > 0) {
    head.push(
      `:no_entry: **${unowned.length} blocked DNS record${unowned.length === 1 ? '' : 's'}**: without apigw-sync's ownership TXT record, or another spec set's; apply refuses this plan (plan again with \`--adopt\` to manage records without one).`,
      '',
      ...unowned.map((op) => `- \`${op.address}\``),
      '',
    );
  }
  const blocked = plan.ops.filter((op) => op.blocked && op.blockedBy === undefined);
  if (blocked.length > 0) {
    head.push(
      `:no_entry: **${blocked.length} blocked deletion${blocked.length === 1 ? '' : 's'}**: apply refuses this plan unless run with \`--allow-destroy\`.`,
      '',
      ...blocked.map((op) => `- \`${op.address}\``),
      '',
    );
  }
  if (plan.bulk?.length) head.push('**Bulk writes** (OpenAPI import)', '', ...plan.bulk.map((b) => `- ${escapeMd(bulkLine(b))}`), '');
  pushNotices(head, plan);

  // Each entry of head is one line: its control characters (from names AWS holds) are shown escaped.
  let text = `${head.map(visibleLine).join('\n')}\n`;
  const budget = limit - RESERVE;
  let shown = 0;
  for (const op of plan.ops) {
    const section = opSection(op);
    if (text.length + section.length > budget) break;
    text += section;
    shown++;
  }
  if (shown < plan.ops.length) {
    const missing = plan.ops.length - shown;
    text +=
      `\n> **Truncated:** the details of ${missing} of ${plan.ops.length} operations are not shown, ` +
      `to keep this comment within GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character limit. ` +
      'Run `apigw-sync plan` or read the JSON plan (`--output json`) for all of them.\n';
  }
  return text;
}

function opSection(op: PlannedOp): string {
  const note = opNote(op);
  const summary = `<code>${MARKER[op.action]}</code> ${op.action} <code>${escapeHtml(op.address)}</code>${note ? ` (${escapeHtml(note)})` : ''}`;
  const body: string[] = [];
  const creating = op.action === 'create' || op.action === 'deploy';
  for (const change of expandChanges(op.changes)) {
    const f = formatChange(change, creating);
    if (f.inline !== undefined && f.assign) {
      body.push(`+ ${f.path} = ${f.inline}`);
    } else if (f.inline !== undefined && f.from === undefined && f.to === undefined) {
      // A secret: no values to show, only that it changes.
      body.push(`! ${f.path}: ${f.inline}`);
    } else if (f.inline !== undefined) {
      // As a diff GitHub colours: the old value on a red line, the new one on a green line.
      if (f.from !== undefined) body.push(`- ${f.path}: ${f.from}`);
      if (f.to !== undefined) body.push(`+ ${f.path}: ${f.to}`);
    } else {
      body.push(`~ ${f.path}:`, ...(f.diff ?? []));
    }
  }
  const calls = op.calls.map((call) => call.operation);
  const lines = [`<details><summary>${summary}</summary>`, ''];
  if (body.length > 0) lines.push(fence(body.map(visibleLine).join('\n'), 'diff'), '');
  if (calls.length > 0) lines.push(`AWS calls: ${calls.map((o) => `\`${o}\``).join(', ')}`, '');
  lines.push('</details>', '');
  return `${lines.join('\n')}\n`;
}

/** A code fence longer than any run of backticks inside, so a template cannot close it early. */
function fence(content: string, lang: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${content}\n${f}`;
}

function pushNotices(out: string[], plan: Plan): void {
  if (plan.notices.length === 0) return;
  out.push('**Notices**', '', ...plan.notices.map((n) => `- ${escapeMd(n)}`), '');
}
