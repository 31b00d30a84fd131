import { countDrift, type DriftItem, type DriftReport, type DriftStatus } from '../reconcile/drift.js';
import type { FieldChange } from '../reconcile/plan-types.js';
import { painter, type Paint, type Style } from './colour.js';
import { targetWhere, targetWhereShort } from './plan-facts.js';
import { escapeHtml, escapeMd, visibleLine } from './visible.js';
import { expandChanges, formatChange, SENSITIVE } from './format-change.js';

/**
 * A drift report in the three outputs: text for a terminal or CI log, Markdown for an issue or a
 * job summary, JSON for tools. The words are about drift (what git says, what AWS has), not about
 * what apply would do. Multi-line values (templates, policies) are shown as a diff from git to AWS.
 */
const INCLUDES_SHOWN = 8;
export const NO_DRIFT = 'No drift. AWS matches the specs in git.';

const LABEL: Record<DriftStatus, string> = {
  changed: 'changed in AWS',
  unmanaged: 'in AWS, not in git',
  missing: 'in git, missing in AWS',
};
const STYLE: Record<DriftStatus, Style> = { changed: 'yellow', unmanaged: 'magenta', missing: 'red' };

export function driftSummary(report: DriftReport): string {
  const c = countDrift(report);
  const n = report.items.length;
  return `Drift: ${n} object${n === 1 ? '' : 's'} differ${n === 1 ? 's' : ''} from git (${c.changed} changed in AWS, ${c.unmanaged} in AWS but not in git, ${c.missing} missing in AWS).`;
}

/** Field lines of a changed object: `path: git X, AWS Y`, or a diff (- git, + AWS) for long values. */
function fieldLines(i: DriftItem): string[] {
  const asChanges: FieldChange[] = i.fields.map((f) => ({
    path: f.path,
    ...(f.git !== undefined ? { from: f.git } : {}),
    ...(f.aws !== undefined ? { to: f.aws } : {}),
    ...(f.sensitive ? { sensitive: true } : {}),
  }));
  const out: string[] = [];
  for (const c of expandChanges(asChanges)) {
    const f = formatChange(c, false);
    if (c.sensitive) {
      out.push(`${f.path}: git ${SENSITIVE}, AWS ${SENSITIVE} (the values differ)`);
    } else if (f.diff) {
      out.push(`${f.path} (- git, + AWS):`, ...f.diff.map((l) => `  ${l}`));
    } else {
      out.push(`${f.path}: git ${show(c.from)}, AWS ${show(c.to)}`);
    }
  }
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return '(unset)';
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
}

function note(i: DriftItem): string {
  const parts: string[] = [LABEL[i.status]];
  if (i.status === 'unmanaged') parts.push('made outside apigw-sync; apply deletes it');
  if (i.status === 'missing') parts.push('apply creates it');
  if (i.explanation) parts.push(i.explanation);
  if (i.includes?.length) {
    // A whole API missing brings everything in it: name a few, count the rest (JSON has them all).
    const shown = i.includes.slice(0, INCLUDES_SHOWN).join(', ');
    const more = i.includes.length - INCLUDES_SHOWN;
    parts.push(`with ${shown}${more > 0 ? ` and ${more} more` : ''}`);
  }
  return parts.join('; ');
}

export function renderDriftText(report: DriftReport, opts: { colour?: boolean } = {}): string {
  const paint: Paint = painter(opts.colour === true);
  const out: string[] = [];
  if (report.items.length === 0) {
    out.push(paint('green', NO_DRIFT));
  } else {
    out.push(paint('bold', `apigw-sync drift for spec set "${report.target.specSet}" (${targetWhere(report.target)}):`), '');
    for (const i of report.items) {
      out.push(paint(STYLE[i.status], `${i.address}  (${note(i)})`));
      for (const l of fieldLines(i)) out.push(visibleLine(`    ${l}`));
    }
    out.push('', paint('bold', driftSummary(report)));
  }
  if (report.notices.length) out.push('', paint('bold', 'Notices:'), ...report.notices.map((n) => visibleLine(`  - ${n}`)));
  return `${out.join('\n')}\n`;
}

export function renderDriftMarkdown(report: DriftReport): string {
  const t = report.target;
  const out = [`### apigw-sync drift: \`${t.specSet}\` (${targetWhereShort(t)})`, ''];
  if (report.items.length === 0) {
    out.push(NO_DRIFT, '');
  } else {
    const c = countDrift(report);
    out.push(
      '| Drift | Count |',
      '| --- | ---: |',
      `| changed in AWS | ${c.changed} |`,
      `| in AWS, not in git | ${c.unmanaged} |`,
      `| in git, missing in AWS | ${c.missing} |`,
      '',
      `**${driftSummary(report)}** Checked at ${report.checkedAt}.`,
      '',
    );
    for (const i of report.items) {
      out.push(`<details><summary><code>${escapeHtml(i.address)}</code> (${escapeHtml(note(i))})</summary>`, '');
      const lines = fieldLines(i);
      if (lines.length) out.push(fence(lines.map(visibleLine).join('\n')), '');
      out.push('</details>', '');
    }
    out.push('Bring AWS back to git with `apigw-sync apply`, or change the specs to what AWS has and merge.', '');
  }
  if (report.notices.length) out.push('**Notices**', '', ...report.notices.map((n) => `- ${escapeMd(visibleLine(n))}`), '');
  return out.join('\n');
}

export function renderDriftJson(report: DriftReport): string {
  const items = report.items.map((i) => ({
    ...i,
    fields: i.fields.map((f) => (f.sensitive ? { path: f.path, git: SENSITIVE, aws: SENSITIVE, sensitive: true } : f)),
  }));
  return `${JSON.stringify({ ...report, drifted: report.items.length > 0, items }, null, 2)}\n`;
}

function fence(content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}diff\n${content}\n${f}`;
}
