import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/cli/commands/index.js';
import { bufferIO } from '../../src/cli/io.js';
import { checkWorkflow } from '../helpers/workflow-check.js';

/**
 * The example GitHub Actions workflows parse, pass the structural check of the workflow syntax
 * they use, call apigw-sync only with commands and flags it has, and do what the GitOps flow
 * needs (PR comment by marker, job summary, concurrency for apply, a saved plan, a drift issue).
 */
const DIR = join(import.meta.dirname, '..', '..', 'examples', 'github-actions');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();
const load = (f: string) => parse(readFileSync(join(DIR, f), 'utf8'));

const program = new Command();
registerCommands(program, bufferIO(), () => {});

/** `npx apigw-sync CMD ...` invocations of a run script (line continuations joined). */
function invocations(run: string): { command: string; flags: string[] }[] {
  return [...run.replace(/\\\n\s*/g, ' ').matchAll(/apigw-sync (\w+)([^\n;|>]*)/g)].map((m) => ({
    command: m[1] ?? '',
    flags: [...(m[2] ?? '').matchAll(/(?<=\s|^)(--[a-z-]+)/g)].map((f) => f[1] ?? ''),
  }));
}

describe('example workflows', () => {
  it('are the three of the GitOps flow', () => expect(files).toEqual(['apply.yml', 'drift.yml', 'plan.yml']));

  it.each(files)('%s passes the structural check', (f) => {
    expect(checkWorkflow(load(f))).toEqual([]);
  });

  it.each(files)('%s calls apigw-sync with commands and flags it has', (f) => {
    const runs = Object.values(load(f).jobs as Record<string, any>).flatMap((j) => j.steps.map((s: any) => s.run).filter(Boolean));
    const calls = runs.flatMap(invocations);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const cmd = program.commands.find((c) => c.name() === call.command);
      expect(cmd, `apigw-sync ${call.command}`).toBeDefined();
      const known = new Set(cmd!.options.map((o) => o.long));
      for (const flag of call.flags) expect(known.has(flag), `apigw-sync ${call.command} ${flag}`).toBe(true);
    }
  });

  it('plan: a Markdown PR comment found by a hidden marker and updated, the job summary, a saved plan', () => {
    const wf = load('plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions['pull-requests']).toBe('write');
    const steps = wf.jobs.plan.steps as any[];
    const plan = steps.find((s) => s.id === 'plan').run as string;
    expect(plan).toContain('--output markdown --out plan.json --summary-file "$GITHUB_STEP_SUMMARY" > plan.md');
    expect(plan).toContain('--detailed-exitcode');
    const script = steps.find((s) => s.uses?.startsWith('actions/github-script@')).with.script as string;
    expect(script).toContain("const marker = '<!-- apigw-sync-plan:' + process.env.SPECS + ' -->';");
    expect(script).toContain('c.body.startsWith(marker)');
    expect(script).toContain('github.rest.issues.updateComment');
    expect(script).toContain('github.rest.issues.createComment');
  });

  it('apply: on push to main, one at a time, the saved plan applied with its fingerprint check', () => {
    const wf = load('apply.yml');
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.concurrency).toEqual({ group: 'apigw-sync-apply-prod', 'cancel-in-progress': false });
    const runs = (wf.jobs.apply.steps as any[]).map((s) => s.run).filter(Boolean).join('\n');
    expect(runs).toContain('--out plan.json');
    expect(runs).toContain('npx apigw-sync apply plan.json --auto-approve');
  });

  it('drift: nightly, an issue opened, updated or closed from the Markdown report', () => {
    const wf = load('drift.yml');
    expect(wf.on.schedule).toEqual([{ cron: '17 3 * * *' }]);
    expect(wf.permissions.issues).toBe('write');
    const steps = wf.jobs.drift.steps as any[];
    expect(steps.find((s) => s.id === 'drift').run).toContain('npx apigw-sync drift "$SPECS" --env "$APIGW_SYNC_ENV" --output markdown');
    const script = steps.find((s) => s.uses?.startsWith('actions/github-script@')).with.script as string;
    for (const call of ['github.rest.issues.create(', 'github.rest.issues.update(', "state: 'closed'"]) expect(script).toContain(call);
  });
});

describe('the structural check', () => {
  it('finds what is wrong in a broken workflow', () => {
    const broken = {
      on: { pull_requests: {}, schedule: [{ cron: '0 3 * *' }] },
      permissions: { 'pull-request': 'write', contents: 'admin' },
      jobs: {
        plan: {
          'runs-on': 'ubuntu-latest',
          needs: 'build',
          step: [],
          steps: [
            { uses: 'actions/checkout', with: { ref: '${{ github.head_ref }}' } },
            { run: 'echo ${{ secret.TOKEN }} ${{ steps.later.outputs.x }}', with: { a: 1 } },
            { id: 'later', uses: 'a/b@v1', run: 'x', if: "${{ toJson(needs.build.result) == 'x' }}" },
          ],
        },
      },
    };
    expect(checkWorkflow(broken)).toEqual([
      'on: unknown event "pull_requests"',
      'on.schedule: "0 3 * *" is not a 5-field cron',
      'permissions: unknown permission scope "pull-request"',
      'permissions: permission contents must be read, write or none, not "admin"',
      'jobs.plan: unknown key "step"',
      'jobs.plan: needs unknown job "build"',
      'jobs.plan.steps[0]: "uses: actions/checkout" is not owner/repo@ref',
      'jobs.plan.steps[1]: "with" needs "uses"',
      'jobs.plan.steps[1]: unknown context "secret" in ${{ secret.TOKEN }}',
      'jobs.plan.steps[1]: steps.later is not an earlier step of this job',
      'jobs.plan.steps[2]: needs exactly one of "uses" and "run"',
      'jobs.plan.steps[2]: unknown function toJson() in ${{ toJson(needs.build.result) == \'x\' }}',
    ]);
  });
});
