import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../src/render/plan-json.js';
import { GITHUB_COMMENT_LIMIT, renderPlanMarkdown } from '../src/render/plan-markdown.js';
import { renderPlanText } from '../src/render/plan-text.js';
import { call, op, planOf } from './helpers/plan-builder.js';

const SECRET = 'pa55-w0rd-value-xyz';

describe('rendered plans', () => {
  it('colour only when asked (a TTY), never in plain output', () => {
    const plan = planOf(op('create', 'rest-api:a', [call('CreateRestApi', { name: 'a' })]));
    expect(renderPlanText(plan)).not.toContain('\x1b[');
    const coloured = renderPlanText(plan, { colour: true });
    expect(coloured).toContain('\x1b[32m  + rest-api a\x1b[39m');
  });

  it('shows a sensitive change as (sensitive) in text, Markdown and JSON, whatever the plan holds', () => {
    // GIVEN a plan that (wrongly) carries a secret in a sensitive change
    const plan = planOf(
      op('replace', 'api-key:partner', [call('CreateApiKey', { name: 'partner', value: { $secret: 'env:PARTNER_KEY' } })], {
        changes: [{ path: '/value', from: SECRET, to: `${SECRET}-2`, sensitive: true }],
      }),
    );
    // THEN no rendering prints it
    for (const out of [renderPlanText(plan), renderPlanMarkdown(plan), renderPlanJson(plan)]) {
      expect(out).not.toContain(SECRET);
      expect(out).toContain('(sensitive)');
    }
    expect(renderPlanText(plan)).toContain('      value: value changes (sensitive)\n');
  });

  it('counts deployments and adoptions apart from creates and updates, in text, Markdown and JSON', () => {
    // GIVEN a plan with each action, one deletion blocked
    const plan = planOf(
      op('create', 'rest-api:a / resource:/x', [call('CreateResource')]),
      op('update', 'rest-api:a / resource:/ / method:GET', [call('UpdateMethod')]),
      op('deploy', 'rest-api:a / deployment', [call('CreateDeployment')]),
      op('adopt', 'rest-api:b', [call('TagResource'), call('UpdateRestApi')]),
      op('adopt', 'rest-api:c', [call('TagResource')]),
      op('replace', 'api-key:k', [call('DeleteApiKey'), call('CreateApiKey')]),
      op('delete', 'rest-api:a / stage:old', [call('DeleteStage')], { blocked: true }),
    );
    // THEN every renderer shows the same counts
    const line = 'Plan: 1 to create, 1 to update, 1 to deploy, 2 to adopt, 1 to replace, 1 to delete (1 blocked).';
    expect(renderPlanText(plan)).toContain(`\n${line}\n`);
    const md = renderPlanMarkdown(plan);
    expect(md).toContain(`**${line}**`);
    // The summary line is the only count: no table of (mostly zero) counts.
    expect(md).not.toContain('| Action | Count |');
    expect(md).not.toMatch(/^\|/m);
    expect(md.split(/create|deploy/).length).toBeGreaterThan(1);
    expect(JSON.parse(renderPlanJson(plan)).summary).toStrictEqual({ create: 1, update: 1, deploy: 1, adopt: 2, replace: 1, delete: 1, blocked: 1 });
  });

  it('shows an update in Markdown as a diff: the old value on a - line, the new one on a + line', () => {
    const plan = planOf(
      op('update', 'usage-plan:basic', [call('UpdateUsagePlan')], {
        changes: [
          { path: '/quota/limit', from: 1000, to: 5000 },
          { path: '/description', to: 'Basic tier' },
          { path: '/throttle', from: { rateLimit: 10 } },
        ],
      }),
    );
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('```diff\n- quota.limit: 1000\n+ quota.limit: 5000\n+ description: "Basic tier"\n- throttle.rateLimit: 10\n```');
    expect(md).not.toContain(' -> ');
  });

  it('keeps Markdown within GitHub\'s comment limit and says what was left out', () => {
    const template = 'x'.repeat(2000);
    const ops = Array.from({ length: 100 }, (_, i) =>
      op('update', `rest-api:a / resource:/r${i} / method:GET / integration`, [call('UpdateIntegration')], {
        changes: [{ path: '/requestTemplates/application~1json', from: `${template}\nold${i}`, to: `${template}\nnew${i}` }],
      }),
    );
    const md = renderPlanMarkdown(planOf(...ops));
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = md.match(/<details>/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(100);
    expect(md).toContain(
      `> **Truncated:** the details of ${100 - shown} of 100 operations are not shown, to keep this comment within GitHub's 65,536-character limit. Run \`apigw-sync plan\` or read the JSON plan (\`--output json\`) for all of them.`,
    );
    // The summary is complete even when details are not.
    expect(md).toContain('**Plan: 0 to create, 100 to update, 0 to deploy, 0 to adopt, 0 to replace, 0 to delete.**');
  });

  it('fences a template that itself contains a code fence', () => {
    const plan = planOf(op('update', 'rest-api:a / resource:/x / method:GET / integration', [call('UpdateIntegration')], {
      changes: [{ path: '/requestTemplates/text~1plain', from: 'a\n```\nb', to: 'a\n```\nc' }],
    }));
    expect(renderPlanMarkdown(plan)).toContain('````diff\n');
  });

  it('gives the same JSON bytes whatever the key order of the plan object', () => {
    const a = planOf(op('update', 'rest-api:a', [call('UpdateRestApi', { restApiId: 'x', patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] })], { id: 'op-1' }));
    const b = JSON.parse(JSON.stringify(a, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(renderPlanJson(b)).toBe(renderPlanJson(a));
  });
});
