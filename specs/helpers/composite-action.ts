import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { parse } from 'yaml';

/**
 * Runs a composite action (action.yml) step by step as GitHub's runner does: each step's `if:`
 * (default `success()`) and every `${{ }}` evaluated by GitHub's own expression library
 * (@actions/expressions) over the `inputs` (with their defaults), `github`, `steps`, `env` and
 * `runner` contexts; `run` steps through `bash --noprofile --norc -eo pipefail` with the step's
 * env, working directory, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_ACTION_PATH, their outputs
 * read back into `steps.ID.outputs`; a failed step fails the job, so later `success()` steps skip.
 * Steps that `uses:` another action are not run: they are recorded with their evaluated `with`
 * and `env`, as the runner would hand them over.
 */
export interface ActionRun {
  /** Every step in order: ran or skipped, and for `uses` steps what they were given. */
  steps: { name: string; ran: boolean; uses?: string; with?: Record<string, string>; env?: Record<string, string>; exitCode?: number; stdout?: string; stderr?: string }[];
  /** The action's outputs, evaluated after its last step. */
  outputs: Record<string, string>;
  /** Whether the action (the job step that uses it) failed. */
  failed: boolean;
  summary: string;
}

export interface ActionRunOptions {
  /** The directory of action.yml: `github.action_path`. */
  actionPath: string;
  /** The job's working directory: `github.workspace`. */
  workspace: string;
  inputs: Record<string, string>;
  /** github.event_name (`pull_request`, `push`, `schedule` ...). */
  event?: string;
  /** The job's environment (what `env:` of the workflow and job and the runner give). */
  env?: Record<string, string>;
}

type Data = InstanceType<typeof data.Dictionary> | InstanceType<typeof data.StringData>;

function dict(values: Record<string, unknown>): InstanceType<typeof data.Dictionary> {
  const d = new data.Dictionary();
  for (const [k, v] of Object.entries(values)) d.add(k, toData(v));
  return d;
}

function toData(v: unknown): Data | InstanceType<typeof data.Null> | InstanceType<typeof data.BooleanData> {
  if (v === undefined || v === null) return new data.Null();
  if (typeof v === 'boolean') return new data.BooleanData(v);
  if (typeof v === 'object') return dict(v as Record<string, unknown>);
  return new data.StringData(String(v));
}

const CONTEXTS = ['inputs', 'github', 'steps', 'env', 'runner', 'job'];

function evaluate(expr: string, context: Record<string, unknown>, jobFailed: boolean): data.ExpressionData {
  const status = (value: boolean): FunctionDefinition => ({ name: '', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) });
  const functions = new Map<string, FunctionDefinition>([
    ['always', { ...status(true), name: 'always' }],
    ['success', { ...status(!jobFailed), name: 'success' }],
    ['failure', { ...status(jobFailed), name: 'failure' }],
    ['cancelled', { ...status(false), name: 'cancelled' }],
  ]);
  const lexed = new Lexer(expr).lex();
  const tree = new Parser(lexed.tokens, CONTEXTS, [...functions.values()]).parse();
  return new Evaluator(tree, dict(context), functions).evaluate();
}

/** A value with `${{ }}` in it, as the runner substitutes them (each result as a string). */
function substitute(text: string, context: Record<string, unknown>, jobFailed: boolean): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => evaluate(expr, context, jobFailed).coerceString());
}

/** An `if:` condition; `${{ }}` around it is optional; a status function is implied when none is used. */
function condition(text: string | undefined, context: Record<string, unknown>, jobFailed: boolean): boolean {
  const raw = (text ?? 'success()').trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const expr = /\b(always|success|failure|cancelled)\(\)/.test(raw) ? raw : `success() && (${raw})`;
  return truthy(evaluate(expr, context, jobFailed));
}

/** GITHUB_OUTPUT's two forms: `name=value` and `name<<DELIMITER` ... `DELIMITER`. */
function readOutputs(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

export function runCompositeAction(opts: ActionRunOptions): ActionRun {
  const action = parse(readFileSync(join(opts.actionPath, 'action.yml'), 'utf8'));
  if (action.runs?.using !== 'composite') throw new Error('not a composite action');
  const runnerTemp = mkdtempSync(join(opts.workspace, '.runner-temp-'));
  const summaryFile = join(runnerTemp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const github = { action_path: opts.actionPath, workspace: opts.workspace, event_name: opts.event ?? 'pull_request', token: 'ghs_test_token', server_url: 'https://github.com', repository: 'o/r', run_id: '1' };
  const runner = { temp: runnerTemp, os: 'Linux' };
  const baseContext = { github, runner, env: opts.env ?? {} };
  // Input defaults may be expressions themselves (`${{ github.token }}`).
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries((action.inputs ?? {}) as Record<string, { default?: unknown; required?: boolean }>)) {
    const given = opts.inputs[name];
    if (given !== undefined) inputs[name] = given;
    else if (spec.default !== undefined) inputs[name] = substitute(String(spec.default), baseContext, false);
    else if (spec.required) throw new Error(`input ${name} is required`);
    else inputs[name] = '';
  }
  for (const name of Object.keys(opts.inputs)) if (!(name in inputs)) throw new Error(`action.yml has no input ${name}`);

  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  const result: ActionRun = { steps: [], outputs: {}, failed: false, summary: '' };
  let n = 0;
  for (const step of action.runs.steps as Record<string, any>[]) {
    const context = { ...baseContext, inputs, steps };
    const id: string = step.id ?? `__${n++}`;
    const name = substitute(String(step.name ?? step.uses ?? step.run), context, result.failed);
    if (!condition(step.if, context, result.failed)) {
      result.steps.push({ name, ran: false });
      steps[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const env = Object.fromEntries(Object.entries((step.env ?? {}) as Record<string, string>).map(([k, v]) => [k, substitute(String(v), context, result.failed)]));
    if (step.uses) {
      const given = Object.fromEntries(Object.entries((step.with ?? {}) as Record<string, string>).map(([k, v]) => [k, substitute(String(v), context, result.failed)]));
      result.steps.push({ name, ran: true, uses: step.uses, with: given, env });
      steps[id] = { outputs: {}, outcome: 'success', conclusion: 'success' };
      continue;
    }
    if (step.shell !== 'bash') throw new Error(`step "${name}": a composite run step needs shell: bash here, not ${String(step.shell)}`);
    const cwd = resolve(opts.workspace, substitute(String(step['working-directory'] ?? '.'), context, result.failed));
    const outputFile = join(runnerTemp, `output-${n++}`);
    const scriptFile = join(runnerTemp, `step-${n++}.sh`);
    writeFileSync(outputFile, '');
    mkdirSync(runnerTemp, { recursive: true });
    writeFileSync(scriptFile, substitute(String(step.run), context, result.failed));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], {
      cwd,
      encoding: 'utf8',
      timeout: 300_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...opts.env,
        ...env,
        GITHUB_ACTION_PATH: opts.actionPath,
        GITHUB_WORKSPACE: opts.workspace,
        GITHUB_EVENT_NAME: github.event_name,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: runnerTemp,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
      },
    });
    const exitCode = r.status ?? 1;
    result.steps.push({ name, ran: true, env, exitCode, stdout: r.stdout, stderr: r.stderr });
    const outcome = exitCode === 0 ? 'success' : 'failure';
    steps[id] = { outputs: readOutputs(outputFile), outcome, conclusion: outcome };
    if (exitCode !== 0) result.failed = true;
  }
  const context = { ...baseContext, inputs, steps };
  for (const [name, spec] of Object.entries((action.outputs ?? {}) as Record<string, { value: string }>)) {
    result.outputs[name] = substitute(spec.value, context, result.failed);
  }
  result.summary = readFileSync(summaryFile, 'utf8');
  return result;
}
