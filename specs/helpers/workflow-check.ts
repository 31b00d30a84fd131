/**
 * A small structural check of GitHub Actions workflow files, for the syntax the example
 * workflows use: known top-level, job and step keys; events; permission scopes and levels; each
 * step either `uses` (pinned `owner/repo@ref`, with `with`) or `run`; `${{ }}` expressions naming
 * only known contexts and functions; `steps.ID` naming an earlier step of the job and `needs.ID`
 * a job it needs. Returns the problems, each as `where: what`; empty when the file is valid.
 */
type Obj = Record<string, any>;

const TOP = new Set(['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs']);
const EVENTS = new Set(['pull_request', 'pull_request_target', 'push', 'schedule', 'workflow_dispatch', 'workflow_call', 'release', 'issues', 'issue_comment']);
const EVENT_KEYS = new Set(['branches', 'branches-ignore', 'paths', 'paths-ignore', 'tags', 'tags-ignore', 'types', 'inputs']);
const JOB = new Set(['name', 'runs-on', 'needs', 'if', 'permissions', 'environment', 'concurrency', 'outputs', 'env', 'defaults', 'steps', 'timeout-minutes', 'strategy', 'continue-on-error', 'container', 'services']);
const STEP = new Set(['id', 'if', 'name', 'uses', 'run', 'with', 'env', 'shell', 'working-directory', 'continue-on-error', 'timeout-minutes']);
const SCOPES = new Set(['actions', 'attestations', 'checks', 'contents', 'deployments', 'id-token', 'issues', 'discussions', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses']);
const LEVELS = new Set(['read', 'write', 'none']);
const CONTEXTS = new Set(['github', 'env', 'vars', 'secrets', 'steps', 'job', 'jobs', 'runner', 'inputs', 'needs', 'matrix', 'strategy']);
// Function names are case-insensitive in GitHub's expressions (toJson() is toJSON()).
const FUNCTIONS = new Set(['success', 'failure', 'always', 'cancelled', 'hashFiles', 'format', 'contains', 'startsWith', 'endsWith', 'fromJSON', 'toJSON', 'join'].map((f) => f.toLowerCase()));
const LITERALS = new Set(['true', 'false', 'null']);

/** The identifiers an expression starts property chains with (`steps.plan.outputs.x` -> steps). */
function expressionProblems(expr: string, where: string, stepIds: Set<string>, needs: Set<string>): string[] {
  const problems: string[] = [];
  const stripped = expr.replace(/'(?:[^']|'')*'/g, "''");
  for (const m of stripped.matchAll(/(?<![.\w-])([A-Za-z_][\w-]*)((?:\.[\w-]+|\[[^\]]*\])*)(\s*\()?/g)) {
    const [, name = '', chain = '', call] = m;
    if (LITERALS.has(name)) continue;
    if (call) {
      if (!FUNCTIONS.has(name.toLowerCase())) problems.push(`${where}: unknown function ${name}() in \${{ ${expr.trim()} }}`);
      continue;
    }
    if (!CONTEXTS.has(name)) {
      problems.push(`${where}: unknown context "${name}" in \${{ ${expr.trim()} }}`);
      continue;
    }
    const first = /^\.([\w-]+)/.exec(chain)?.[1];
    if (name === 'steps' && first && !stepIds.has(first)) problems.push(`${where}: steps.${first} is not an earlier step of this job`);
    if (name === 'needs' && first && !needs.has(first)) problems.push(`${where}: needs.${first} is not in this job's needs`);
  }
  return problems;
}

function expressionsIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1] ?? '');
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressionsIn);
  return [];
}

function checkPermissions(p: unknown, where: string): string[] {
  if (p === 'read-all' || p === 'write-all' || (p && typeof p === 'object' && Object.keys(p).length === 0)) return [];
  if (!p || typeof p !== 'object') return [`${where}: permissions must be a map of scope: read|write|none`];
  return Object.entries(p as Obj).flatMap(([k, v]) => [
    ...(SCOPES.has(k) ? [] : [`${where}: unknown permission scope "${k}"`]),
    ...(LEVELS.has(String(v)) ? [] : [`${where}: permission ${k} must be read, write or none, not "${String(v)}"`]),
  ]);
}

export function checkWorkflow(doc: Obj): string[] {
  const problems: string[] = [];
  if (!doc || typeof doc !== 'object') return ['workflow: not a mapping'];
  for (const k of Object.keys(doc)) if (!TOP.has(k)) problems.push(`workflow: unknown key "${k}"`);
  const on = doc.on as Obj | undefined;
  if (!on || typeof on !== 'object') problems.push('workflow: "on" is missing');
  for (const [event, cfg] of Object.entries(on ?? {})) {
    if (!EVENTS.has(event)) problems.push(`on: unknown event "${event}"`);
    if (event === 'schedule') {
      if (!Array.isArray(cfg) || cfg.length === 0) problems.push('on.schedule: must be a list of { cron }');
      for (const s of Array.isArray(cfg) ? cfg : []) {
        if (typeof s?.cron !== 'string' || s.cron.trim().split(/\s+/).length !== 5) problems.push(`on.schedule: "${String(s?.cron)}" is not a 5-field cron`);
      }
    } else if (cfg && typeof cfg === 'object') {
      for (const k of Object.keys(cfg)) if (!EVENT_KEYS.has(k)) problems.push(`on.${event}: unknown key "${k}"`);
    }
  }
  if (doc.permissions !== undefined) problems.push(...checkPermissions(doc.permissions, 'permissions'));
  if (doc.concurrency !== undefined && typeof doc.concurrency !== 'string' && typeof doc.concurrency?.group !== 'string') {
    problems.push('concurrency: needs a group');
  }
  for (const e of expressionsIn([doc.env, doc.concurrency, doc['run-name']])) problems.push(...expressionProblems(e, 'workflow', new Set(), new Set()));
  const jobs = doc.jobs as Obj | undefined;
  if (!jobs || typeof jobs !== 'object' || Object.keys(jobs).length === 0) problems.push('workflow: "jobs" is missing or empty');
  for (const [id, job] of Object.entries(jobs ?? {}) as [string, Obj][]) {
    const where = `jobs.${id}`;
    for (const k of Object.keys(job)) if (!JOB.has(k)) problems.push(`${where}: unknown key "${k}"`);
    if (job['runs-on'] === undefined) problems.push(`${where}: "runs-on" is missing`);
    if (job.permissions !== undefined) problems.push(...checkPermissions(job.permissions, `${where}.permissions`));
    const needs = new Set<string>([job.needs ?? []].flat().map(String));
    for (const n of needs) if (!jobs?.[n]) problems.push(`${where}: needs unknown job "${n}"`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      problems.push(`${where}: "steps" is missing or empty`);
      continue;
    }
    const jobExprs = expressionsIn([job.env, job.concurrency, job.environment]);
    if (typeof job.if === 'string') jobExprs.push(job.if.replace(/^\$\{\{|\}\}$/g, ''));
    for (const e of jobExprs) problems.push(...expressionProblems(e, where, new Set(), needs));
    // A job's outputs are read after all its steps ran: any step of the job may be named.
    const allSteps = new Set<string>(job.steps.map((s: Obj) => s?.id).filter((id: unknown): id is string => typeof id === 'string'));
    for (const e of expressionsIn(job.outputs)) problems.push(...expressionProblems(e, `${where}.outputs`, allSteps, needs));
    const earlier = new Set<string>();
    job.steps.forEach((step: Obj, i: number) => {
      const at = `${where}.steps[${i}]${step?.name ? ` (${String(step.name)})` : ''}`;
      for (const k of Object.keys(step ?? {})) if (!STEP.has(k)) problems.push(`${at}: unknown key "${k}"`);
      const hasUses = typeof step.uses === 'string';
      const hasRun = typeof step.run === 'string';
      if (hasUses === hasRun) problems.push(`${at}: needs exactly one of "uses" and "run"`);
      if (hasUses && !/^[\w.-]+\/[\w./-]+@[\w.-]+$/.test(step.uses)) problems.push(`${at}: "uses: ${String(step.uses)}" is not owner/repo@ref`);
      if (step.with !== undefined && !hasUses) problems.push(`${at}: "with" needs "uses"`);
      if ((step.shell !== undefined || step['working-directory'] !== undefined) && !hasRun) problems.push(`${at}: "shell"/"working-directory" need "run"`);
      const exprs = expressionsIn([step.with, step.env, step.run, step.name]);
      if (typeof step.if === 'string') exprs.push(step.if.replace(/^\$\{\{|\}\}$/g, ''));
      for (const e of exprs) problems.push(...expressionProblems(e, at, earlier, needs));
      if (typeof step.id === 'string') {
        if (earlier.has(step.id)) problems.push(`${at}: step id "${step.id}" is used twice`);
        earlier.add(step.id);
      }
    });
  }
  return problems;
}
