import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { EMULATOR_ENV, scratchWithExamples } from '../helpers/cli.js';
import { type ActionRun, runCompositeAction } from '../helpers/composite-action.js';

/**
 * The action's command step (action/run.sh) run as GitHub runs it, through bash with the step's
 * environment, against the built-in emulator (`args: --local`): its outputs, its Markdown report
 * and the job summary. And the action's comment script, given GitHub's client as github-script
 * gives it, against a recorded set of comments.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));

function runStep(cwd: string, inputs: Record<string, string>): { status: number | null; outputs: Record<string, string>; summary: string; stdout: string; stderr: string } {
  const tmp = mkdtempSync(join(cwd, '.runner-'));
  const out = join(tmp, 'output');
  const summary = join(tmp, 'summary');
  writeFileSync(out, '');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...EMULATOR_ENV,
    APIGW_SYNC_PACE_SCALE: '0.01',
    APIGW_SYNC_BIN: join(ROOT, 'bin', 'apigw-sync.js'),
    RUNNER_TEMP: tmp,
    GITHUB_OUTPUT: out,
    GITHUB_STEP_SUMMARY: summary,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v])),
  };
  const r = spawnSync('bash', [join(ROOT, 'action', 'run.sh')], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  const outputs = Object.fromEntries(readFileSync(out, 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { status: r.status, outputs, summary: readFileSync(summary, 'utf8'), stdout: r.stdout, stderr: r.stderr };
}

describe('action/run.sh', () => {
  it('plan (changes) -> apply the saved plan -> plan (none) -> drift (none), with the outputs the workflows read', () => {
    const cwd = scratchWithExamples();
    const base = { specs: 'examples/orders-http', args: '--local' };
    const plan = runStep(cwd, { ...base, command: 'plan', 'plan-file': 'plan.json' });
    expect(plan.status).toBe(0);
    expect(plan.outputs).toMatchObject({ 'exit-code': '2', 'has-changes': 'true', failed: 'false', 'plan-file': join(cwd, 'plan.json') });
    expect(existsSync(join(cwd, 'plan.json'))).toBe(true);
    expect(readFileSync(plan.outputs.report!, 'utf8')).toMatch(/^### apigw-sync plan: `orders`/);
    expect(plan.summary).toMatch(/^### apigw-sync plan: `orders`/);

    const apply = runStep(cwd, { ...base, command: 'apply', 'plan-file': 'plan.json' });
    expect(apply.outputs).toMatchObject({ 'exit-code': '0', failed: 'false', 'has-changes': 'false' });
    expect(apply.summary).toMatch(/Apply complete: /);

    const again = runStep(cwd, { ...base, command: 'plan' });
    expect(again.outputs).toMatchObject({ 'exit-code': '0', 'has-changes': 'false', failed: 'false' });
    const drift = runStep(cwd, { ...base, command: 'drift' });
    expect(drift.outputs).toMatchObject({ 'exit-code': '0', 'has-changes': 'false', failed: 'false' });
    expect(readFileSync(drift.outputs.report!, 'utf8')).toContain('No drift');
  }, 120_000);

  it('a failed plan still ends the step with 0 and a report of the error, for the comment; failed=true fails the job', () => {
    const cwd = scratchWithExamples();
    writeFileSync(join(cwd, 'examples/orders-http/broken.yaml'), 'httpApis:\n  orders:\n    protocol: nope\n');
    const r = runStep(cwd, { command: 'plan', specs: 'examples/orders-http', args: '--local' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ 'exit-code': '1', failed: 'true', 'has-changes': 'false', 'plan-file': '' });
    const report = readFileSync(r.outputs.report!, 'utf8');
    expect(report).toMatch(/^### apigw-sync plan failed: `examples\/orders-http` \(exit 1\)\n\n```text\n/);
    expect(report).toContain('broken.yaml:3:');
    expect(r.summary).toBe(report);
  }, 60_000);

  it('splits args as a shell would, without running what is in them', () => {
    const cwd = scratchWithExamples();
    const r = runStep(cwd, { command: 'validate', specs: 'examples/orders-http', args: `--output 'json' $(touch pwned)` });
    expect(existsSync(join(cwd, 'pwned'))).toBe(false);
    expect(r.outputs.failed).toBe('true');
    expect(JSON.parse(r.stdout).paths).toEqual(['examples/orders-http', '$(touch', 'pwned)']);
  }, 60_000);
});

/** The github-script step's script, run as github-script runs it (an async function body). */
async function runScript(stepName: RegExp, env: Record<string, string>, github: unknown, context: unknown): Promise<string[]> {
  const script = action.runs.steps.find((s: any) => stepName.test(s.name)).with.script as string;
  const warnings: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
    await new AsyncFunction('require', 'github', 'context', 'core', script)(
      (m: string) => (m === 'fs' ? { readFileSync } : undefined),
      github,
      context,
      { warning: (w: string) => warnings.push(w) },
    );
  } finally {
    process.env = saved;
  }
  return warnings;
}

describe("the action's PR comment", () => {
  const context = { repo: { owner: 'o', repo: 'r' }, payload: { pull_request: { number: 7 } } };
  const report = join(mkdtempSync(join(tmpdir(), 'apigw-action-')), 'plan.md');
  writeFileSync(report, '### apigw-sync plan\n');
  const env = { REPORT: report, SPECS: 'apis/petstore', APIGW_ENV: 'prod' };

  it('updates the bot comment of the same specs and environment in place', async () => {
    const calls: string[] = [];
    const comments = [
      { id: 1, user: { type: 'User' }, body: '<!-- apigw-sync-plan:apis/petstore:prod -->\nquoted by a person' },
      { id: 2, user: { type: 'Bot' }, body: '<!-- apigw-sync-plan:apis/petstore:dev -->\nanother environment' },
      { id: 3, user: { type: 'Bot' }, body: '<!-- apigw-sync-plan:apis/petstore:prod -->\nold plan' },
    ];
    const github = {
      paginate: async () => comments,
      rest: { issues: {
        listComments: {},
        updateComment: async (a: any) => calls.push(`update ${a.comment_id}: ${a.body}`),
        createComment: async (a: any) => calls.push(`create: ${a.body}`),
      } },
    };
    await runScript(/Comment the plan/, env, github, context);
    expect(calls).toEqual(['update 3: <!-- apigw-sync-plan:apis/petstore:prod -->\n### apigw-sync plan\n']);
  });

  it('a fork\'s read-only token (403) is a warning, not a failure', async () => {
    const github = {
      paginate: async () => [],
      rest: { issues: { listComments: {}, createComment: async () => { throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 }); } } },
    };
    expect(await runScript(/Comment the plan/, env, github, context)).toEqual([expect.stringContaining('a pull request from a fork?')]);
  });
});

/**
 * action.yml itself, run step by step as GitHub's runner runs a composite action (its `if:`s and
 * `${{ }}`s evaluated by GitHub's expression library): the wiring from inputs to the command step,
 * the outputs, and which of the artifact, comment, issue and failing steps run.
 */
describe('action.yml run as the runner runs it', () => {
  const ran = (run: ActionRun, name: RegExp) => run.steps.find((s) => name.test(s.name) && s.ran);
  const skipped = (run: ActionRun, name: RegExp) => run.steps.some((s) => name.test(s.name) && !s.ran);
  const context = { repo: { owner: 'o', repo: 'r' }, payload: { pull_request: { number: 7 } } };
  /** The comment step's script, given the env the runner gave the step: what it posts. */
  async function commentPosted(run: ActionRun): Promise<string[]> {
    const posted: string[] = [];
    const github = { paginate: async () => [], rest: { issues: { listComments: {}, createComment: async (a: any) => posted.push(a.body) } } };
    await runScript(/Comment the plan/, ran(run, /Comment the plan/)!.env!, github, context);
    return posted;
  }

  it('plan on a pull request: outputs, the saved plan as an artifact, the comment; then apply that plan on push', async () => {
    const cwd = scratchWithExamples();
    const plan = runCompositeAction({ actionPath: ROOT, workspace: cwd, event: 'pull_request', env: EMULATOR_ENV, inputs: { command: 'plan', specs: 'examples/orders-http', args: '--local', 'plan-file': 'plan.json' } });
    expect(plan.failed).toBe(false);
    expect(plan.outputs).toMatchObject({ 'has-changes': 'true', 'plan-file': join(cwd, 'plan.json'), 'exit-code': '2', failed: 'false' });
    expect(ran(plan, /Set up Node/)).toMatchObject({ uses: 'actions/setup-node@v4', with: { 'node-version': '20' } });
    expect(ran(plan, /Install apigw-sync/)?.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
    expect(ran(plan, /Keep the saved plan/)?.with).toMatchObject({ name: 'apigw-sync-plan', path: join(cwd, 'plan.json') });
    expect(skipped(plan, /drift issue/)).toBe(true);
    expect(skipped(plan, /Fail when/)).toBe(true);
    const [body] = await commentPosted(plan);
    expect(body).toMatch(/^<!-- apigw-sync-plan:examples\/orders-http: -->\n### apigw-sync plan: `orders`/);
    // Through the built binary: changes as diff blocks, counts only in the summary line (no table).
    expect(body).toMatch(/\n```diff\n\+ /);
    expect(body).toMatch(/^\*\*Plan: \d+ to create, /m);
    expect(body).not.toMatch(/^\|/m);
    expect(plan.summary).toMatch(/^### apigw-sync plan: `orders`/);

    const apply = runCompositeAction({ actionPath: ROOT, workspace: cwd, event: 'push', env: EMULATOR_ENV, inputs: { command: 'apply', 'plan-file': 'plan.json', args: '--local' } });
    expect(apply.failed).toBe(false);
    expect(apply.outputs).toMatchObject({ 'exit-code': '0', failed: 'false', 'has-changes': 'false' });
    expect(skipped(apply, /Comment the plan/)).toBe(true);
    expect(skipped(apply, /Keep the saved plan/)).toBe(true);
    expect(apply.summary).toMatch(/Apply complete: /);

    // On push (not a pull request) a plan is not commented; with no changes has-changes is false.
    const again = runCompositeAction({ actionPath: ROOT, workspace: cwd, event: 'push', env: EMULATOR_ENV, inputs: { command: 'plan', specs: 'examples/orders-http', args: '--local' } });
    expect(again.outputs).toMatchObject({ 'has-changes': 'false', 'exit-code': '0', failed: 'false' });
    expect(skipped(again, /Comment the plan/)).toBe(true);
  }, 180_000);

  it('a failed plan is commented with its error, keeps no artifact, and then fails the action', async () => {
    const cwd = scratchWithExamples();
    writeFileSync(join(cwd, 'examples/orders-http/broken.yaml'), 'httpApis:\n  orders:\n    protocol: nope\n');
    const run = runCompositeAction({ actionPath: ROOT, workspace: cwd, event: 'pull_request', env: EMULATOR_ENV, inputs: { command: 'plan', specs: 'examples/orders-http', environment: 'dev', args: '--local' } });
    expect(run.failed).toBe(true);
    expect(run.outputs).toMatchObject({ failed: 'true', 'exit-code': '1', 'has-changes': 'false', 'plan-file': '' });
    expect(skipped(run, /Keep the saved plan/)).toBe(true);
    const [body] = await commentPosted(run);
    expect(body).toMatch(/^<!-- apigw-sync-plan:examples\/orders-http:dev -->\n### apigw-sync plan failed: `examples\/orders-http` \(exit 1\)/);
    expect(body).toContain('broken.yaml:3:');
    // The last step fails the job, after the comment.
    const names = run.steps.filter((s) => s.ran).map((s) => s.name);
    expect(names.at(-1)).toBe('Fail when apigw-sync failed');
    expect(names.indexOf('Comment the plan on the pull request')).toBeLessThan(names.length - 1);
    expect(ran(run, /Fail when/)?.exitCode).toBe(1);
  }, 120_000);

  it('drift: the issue step gets the report and whether AWS drifted; a usage error fails without it', () => {
    const cwd = scratchWithExamples();
    // Nothing applied yet: every object of the spec set is missing from AWS, which is drift.
    const drift = runCompositeAction({ actionPath: ROOT, workspace: cwd, event: 'schedule', env: EMULATOR_ENV, inputs: { command: 'drift', specs: 'examples/orders-http', args: '--local' } });
    expect(drift.failed).toBe(false);
    expect(drift.outputs).toMatchObject({ 'has-changes': 'true', 'exit-code': '2' });
    const issue = ran(drift, /drift issue/)!;
    expect(issue.env).toMatchObject({ DRIFTED: 'true', SPECS: 'examples/orders-http' });
    expect(readFileSync(issue.env!.REPORT!, 'utf8').length).toBeGreaterThan(0);
    expect(issue.with?.['github-token']).toBe('ghs_test_token');

    const typo = runCompositeAction({ actionPath: ROOT, workspace: cwd, event: 'schedule', env: EMULATOR_ENV, inputs: { command: 'drift', specs: 'examples/orders-http', args: '--local --output markdwon' } });
    expect(typo.failed).toBe(true);
    expect(typo.outputs).toMatchObject({ failed: 'true', 'has-changes': 'false' });
    expect(skipped(typo, /drift issue/)).toBe(true);
  }, 120_000);

  it('working-directory: specs are taken relative to it; environment becomes --env', () => {
    const cwd = scratchWithExamples();
    const run = runCompositeAction({ actionPath: ROOT, workspace: cwd, event: 'pull_request', env: EMULATOR_ENV, inputs: { command: 'validate', 'working-directory': 'examples', specs: 'petstore', environment: 'nosuch' } });
    expect(run.failed).toBe(true);
    const step = ran(run, /Run apigw-sync validate/)!;
    // It found the spec set (relative to examples/) and read --env from the environment input.
    expect(step.stdout! + step.stderr!).toContain('--env nosuch: no such environment in petstore/apigw-sync.yaml (defined: dev, prod)');
    const good = runCompositeAction({ actionPath: ROOT, workspace: cwd, event: 'pull_request', env: EMULATOR_ENV, inputs: { command: 'validate', 'working-directory': 'examples', specs: 'petstore', environment: 'prod' } });
    expect(good.failed).toBe(false);
  }, 120_000);

  it('installs from a fresh checkout of the action (no node_modules, no dist) and runs from there', () => {
    // The files a checkout of this repository has: tracked ones and new ones not ignored.
    const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter((f) => f && existsSync(join(ROOT, f)));
    const checkout = mkdtempSync(join(tmpdir(), 'apigw-action-checkout-'));
    for (const f of listed) cpSync(join(ROOT, f), join(checkout, f));
    expect(existsSync(join(checkout, 'node_modules'))).toBe(false);
    expect(existsSync(join(checkout, 'dist'))).toBe(false);
    const cwd = scratchWithExamples();
    const run = runCompositeAction({ actionPath: checkout, workspace: cwd, event: 'pull_request', env: EMULATOR_ENV, inputs: { command: 'validate', specs: 'examples/orders-http' } });
    const install = ran(run, /Install apigw-sync/)!;
    expect(install.exitCode, install.stderr).toBe(0);
    expect(existsSync(join(checkout, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(run.failed).toBe(false);
    expect(run.outputs).toMatchObject({ 'exit-code': '0', failed: 'false' });
    const validate = ran(run, /Run apigw-sync validate/)!;
    expect(validate.stdout! + validate.stderr!).toMatch(/valid/i);
  }, 600_000);
});
