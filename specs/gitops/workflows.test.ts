import { readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { Command } from 'commander';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/cli/commands/index.js';
import { bufferIO } from '../../src/cli/io.js';
import { checkWorkflow } from '../helpers/workflow-check.js';

/**
 * The example GitHub Actions workflows and the action (action.yml) pass the schemas of GitHub's
 * workflow and action syntax (SchemaStore's, through @action-validator/core) and the structural
 * check of the syntax they use; the action calls apigw-sync only with commands and flags it has;
 * the workflows do what the GitOps flow needs (PR comment by marker, also on failure; plan and
 * apply in separate jobs with a reviewed environment; a saved plan; a drift issue).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'examples', 'github-actions');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');
const load = (f: string) => parse(text(f));
const actionText = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const action = parse(actionText);
const runScript = readFileSync(join(ROOT, 'action', 'run.sh'), 'utf8');

const program = new Command();
registerCommands(program, bufferIO(), () => {});

/** `apigw-sync CMD ...` / `node "$bin" CMD ...` invocations of a script (line continuations joined). */
function invocations(run: string): { command: string; flags: string[] }[] {
  return [...run.replace(/\\\n\s*/g, ' ').matchAll(/(?:apigw-sync|node "\$bin") (\w+)([^\n;|>]*)/g)].map((m) => ({
    command: m[1] ?? '',
    flags: [...(m[2] ?? '').matchAll(/(?<=\s|^)(--[a-z-]+)/g)].map((f) => f[1] ?? ''),
  }));
}

/** Steps of every job that use this repository's action. */
const actionSteps = (wf: any): any[] =>
  Object.values(wf.jobs as Record<string, any>).flatMap((j) => j.steps.filter((s: any) => /^apigw-sync\/apigw-sync@/.test(s.uses ?? '')));

describe('the action (action.yml)', () => {
  it('passes the schema of GitHub action metadata', () => {
    expect(validateAction(actionText).errors).toEqual([]);
  });

  it('is a composite action with the inputs and outputs the workflows use', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['command', 'specs', 'environment', 'working-directory', 'args', 'plan-file']));
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['has-changes', 'plan-file']));
    for (const [name, input] of Object.entries(action.inputs as Record<string, any>)) expect(typeof input.description, name).toBe('string');
    // Every run step of a composite action must name its shell.
    for (const step of action.runs.steps) if (step.run) expect(step.shell, step.name).toBe('bash');
  });

  it('installs apigw-sync from its own checkout', () => {
    const install = action.runs.steps.find((s: any) => /Install/.test(s.name));
    expect(install['working-directory']).toBe('${{ github.action_path }}');
    expect(install.run).toContain('npm ci');
  });

  it('comments the plan and fails the job only after it, so a failed plan is commented too', () => {
    const names = action.runs.steps.map((s: any) => s.name);
    const comment = action.runs.steps.find((s: any) => /Comment the plan/.test(s.name));
    expect(comment.if).toMatch(/^always\(\) && /);
    expect(names.indexOf(comment.name)).toBeLessThan(names.indexOf('Fail when apigw-sync failed'));
    expect(action.runs.steps.at(-1).if).toMatch(/^always\(\) && steps\.run\.outputs\.failed != 'false'$/);
    // A fork's read-only token: a warning, not a failed job.
    expect(comment.with.script).toContain('err.status === 403');
  });

  it('calls apigw-sync with commands and flags it has', () => {
    const calls = invocations(runScript);
    expect([...new Set(calls.map((c) => c.command))].sort()).toEqual(['apply', 'drift', 'plan', 'validate']);
    for (const call of calls) {
      const cmd = program.commands.find((c) => c.name() === call.command)!;
      const known = new Set(cmd.options.map((o) => o.long));
      for (const flag of call.flags) expect(known.has(flag), `apigw-sync ${call.command} ${flag}`).toBe(true);
    }
  });
});

describe('example workflows', () => {
  it('are the three of the GitOps flow, named as their path filters expect', () => {
    expect(files).toEqual(['apigw-sync-apply.yml', 'apigw-sync-drift.yml', 'apigw-sync-plan.yml']);
  });

  it.each(files)('%s passes the schema of GitHub workflows', (f) => {
    expect(validateWorkflow(text(f)).errors).toEqual([]);
  });

  it.each(files)('%s passes the structural check', (f) => {
    expect(checkWorkflow(load(f))).toEqual([]);
  });

  it.each(files)('%s uses the action with its declared inputs and a known command', (f) => {
    const steps = actionSteps(load(f));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      expect(['validate', 'plan', 'apply', 'drift']).toContain(step.with.command);
      for (const key of Object.keys(step.with)) expect(Object.keys(action.inputs), `${f}: with.${key}`).toContain(key);
    }
  });

  it('path filters match the shipped workflow files, so a change to them is planned too', () => {
    for (const f of ['apigw-sync-plan.yml', 'apigw-sync-apply.yml']) {
      const on = load(f).on;
      const paths: string[] = (on.pull_request ?? on.push).paths;
      for (const shipped of files) expect(paths.some((p) => matchesGlob(`.github/workflows/${shipped}`, p)), `${f}: ${shipped}`).toBe(true);
      expect(paths.some((p) => matchesGlob('apis/petstore/petstore.yaml', p)), f).toBe(true);
    }
  });

  it('plan: validate for every pull request; plan only for this repository\'s branches, commented', () => {
    const wf = load('apigw-sync-plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    const [validate] = actionSteps({ jobs: { v: wf.jobs.validate } });
    expect(validate.with.command).toBe('validate');
    expect(wf.jobs.validate.permissions).toBeUndefined();
    const plan = wf.jobs.plan;
    expect(plan.needs).toBe('validate');
    expect(plan.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    const [step] = actionSteps({ jobs: { p: plan } });
    expect(step.with.command).toBe('plan');
    expect(step.with.comment ?? action.inputs.comment.default).toBe('true');
    expect(text('apigw-sync-plan.yml')).toMatch(/forks get no plan: GitHub gives them no OIDC token/);
  });

  it('apply: plan and apply in separate jobs; the apply job waits for the environment\'s reviewers', () => {
    const wf = load('apigw-sync-apply.yml');
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.concurrency).toEqual({ group: 'apigw-sync-apply-prod', 'cancel-in-progress': false });
    const { plan, apply } = wf.jobs;
    expect(plan.environment).toBeUndefined();
    expect(plan.outputs['has-changes']).toBe('${{ steps.plan.outputs.has-changes }}');
    const [planStep] = actionSteps({ jobs: { p: plan } });
    expect(planStep.with).toMatchObject({ command: 'plan', 'plan-file': 'plan.json' });
    expect(apply.needs).toBe('plan');
    expect(apply.if).toBe("needs.plan.outputs.has-changes == 'true'");
    expect(apply.environment).toBe('production');
    const download = apply.steps.find((s: any) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download.with.name).toBe(planStep.with['artifact-name']);
    const [applyStep] = actionSteps({ jobs: { a: apply } });
    expect(applyStep.with).toEqual({ command: 'apply', 'plan-file': 'plan.json' });
  });

  it('drift: nightly, through the action (which opens, updates or closes the issue)', () => {
    const wf = load('apigw-sync-drift.yml');
    expect(wf.on.schedule).toEqual([{ cron: '17 3 * * *' }]);
    expect(wf.permissions.issues).toBe('write');
    const [step] = actionSteps(wf);
    expect(step.with.command).toBe('drift');
    const script = action.runs.steps.find((s: any) => /drift issue/.test(s.name)).with.script as string;
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
            { id: 'later', uses: 'a/b@v1', run: 'x', if: "${{ toYaml(needs.build.result) == 'x' && toJson(github.event) != '' }}" },
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
      'jobs.plan.steps[2]: unknown function toYaml() in ${{ toYaml(needs.build.result) == \'x\' && toJson(github.event) != \'\' }}',
    ]);
  });
});
