import type { Action, Plan, PlannedOp } from '../reconcile/plan-types.js';

/**
 * Facts every plan renderer shows the same way: counts, markers, the one-line reason of an op and
 * whether it touches security. Kept here so text, Markdown and the apply summary never disagree.
 */
export interface PlanCounts {
  create: number;
  update: number;
  /** New deployments (CreateDeployment): they change what a stage serves, so they are counted apart. */
  deploy: number;
  /** Objects found by name and tagged as managed (they may be updated in the same op). */
  adopt: number;
  replace: number;
  delete: number;
  /** Deletions that need --allow-destroy (also counted in `delete`). */
  blocked: number;
}

/** Where a plan or a drift report was made: region, environment, endpoint (when not AWS's), account. */
export function targetWhere(t: Plan['target']): string {
  return [t.region, t.environment ? `environment ${t.environment}` : undefined, t.endpoint, t.accountId ? `account ${t.accountId}` : undefined].filter(Boolean).join(', ');
}

/**
 * The same, short, for a Markdown heading (a pull-request comment, an issue, a job summary):
 * region, environment and account; the endpoint is left out (CI runs against AWS).
 */
export function targetWhereShort(t: Plan['target']): string {
  return [t.region, t.environment, t.accountId ? `account ${t.accountId}` : undefined].filter(Boolean).join(', ');
}

export function countPlan(plan: Plan): PlanCounts {
  const counts: PlanCounts = { create: 0, update: 0, deploy: 0, adopt: 0, replace: 0, delete: 0, blocked: 0 };
  for (const op of plan.ops) {
    counts[op.action]++;
    if (op.blocked) counts.blocked++;
  }
  return counts;
}

export function summaryLine(c: PlanCounts): string {
  const blocked = c.blocked > 0 ? ` (${c.blocked} blocked)` : '';
  return `Plan: ${c.create} to create, ${c.update} to update, ${c.deploy} to deploy, ${c.adopt} to adopt, ` +
    `${c.replace} to replace, ${c.delete} to delete${blocked}.`;
}

export const NO_CHANGES = 'No changes. The live state matches the specs.';

export const MARKER: Record<Action, string> = {
  create: '+',
  deploy: '+',
  update: '~',
  adopt: '~',
  replace: '-/+',
  delete: '-',
};

/** Kinds whose deletion is blocked without --allow-destroy (issue: deletion safety). */
const DESTROY_NOUN: Partial<Record<string, string>> = {
  'rest-api': 'a REST API',
  'http-api': 'an HTTP API',
  'websocket-api': 'a WebSocket API',
  stage: 'a stage',
  'v2-stage': 'a stage',
  'domain-name': 'a custom domain',
  'v2-domain-name': 'a custom domain',
  'api-key': 'an API key',
  'usage-plan': 'a usage plan',
  'client-certificate': 'a client certificate',
  'dns-zone': "a custom domain's DNS records",
};

export function blockedText(op: PlannedOp): string {
  if (op.blockedBy === 'duplicate-name') return op.explanation ?? 'blocked: an object of this name exists without the ownership tag';
  if (op.blockedBy === 'unowned-record') return op.explanation ?? "blocked: the record exists without apigw-sync's ownership TXT record";
  const noun = DESTROY_NOUN[op.kind] ?? `a ${op.kind}`;
  return `blocked: deleting ${noun} needs --allow-destroy`;
}

/** The short note after an op's address, or '' when the marker says it all. */
export function opNote(op: PlannedOp): string {
  if (op.blocked) return blockedText(op);
  switch (op.action) {
    case 'replace':
      // The planner's explanation already reads "replace, because ...".
      if (op.explanation?.startsWith('replace')) return op.explanation;
      return `replace, because ${op.explanation ?? 'it cannot be updated in place'}`;
    case 'delete':
      return op.explanation ?? 'not in the specs';
    case 'deploy':
      return op.explanation ?? 'new deployment';
    case 'adopt':
      return op.explanation ?? 'adopt: found by name, will be tagged as managed';
    default:
      return op.explanation ?? '';
  }
}

const isDomain = (op: PlannedOp): boolean => op.kind === 'domain-name' || op.kind === 'v2-domain-name';

/**
 * What holds the names of blocked creations, as a plan's summary says it: an object without the
 * ownership tag, except for custom domains, which AWS allows one of a name whoever holds it
 * (untagged, or owned by another spec set).
 */
export function duplicateHolder(ops: readonly PlannedOp[]): string {
  const domains = ops.filter(isDomain).length;
  if (domains === 0) return 'an object of the same name exists without the ownership tag';
  if (domains === ops.length) return 'a custom domain of the same name exists, without the ownership tag or owned by another spec set';
  return 'an object of the same name exists without the ownership tag (or, for a custom domain, owned by another spec set)';
}

/**
 * How to unblock creations of a name that exists: --adopt, or a second object of the name, except
 * for custom domains (AWS allows one public domain of a name).
 */
export function duplicateAdvice(ops: readonly PlannedOp[], adopt: string, allow: string): string {
  const domains = ops.filter(isDomain).length;
  if (domains === ops.length) return `${adopt} (AWS allows one custom domain of a name: one another spec set owns must leave one of the two sets)`;
  return `${adopt}, or ${allow}${domains > 0 ? ' (not for custom domains: AWS allows one of a name)' : ''}`;
}

// A Lambda permission decides who may invoke a function; an access association, which VPC endpoint reaches a private domain.
const SECURITY_KINDS = new Set(['authorizer', 'v2-authorizer', 'api-key', 'usage-plan-key', 'lambda-permission', 'access-association', 'other-account-association']);
const SECURITY_FIELD = /polic|authori[sz]|apikey|securityPolicy|endpointAccessMode|mutualTls|clientCertificate/i;

/**
 * Why a reviewer should look twice at this op, or undefined: authorizers, API keys, resource
 * policies, and changes to who may call an API (authorization type, API key required, TLS).
 */
export function securityReason(op: PlannedOp): string | undefined {
  if (SECURITY_KINDS.has(op.kind)) return `${op.reason === 'adopt-by-name' && op.action !== 'adopt' ? `adopt and ${op.action}` : op.action} ${op.kind}`;
  // A new method's authorization settings are in the plan anyway; a new resource policy deserves a look.
  const field = op.action === 'create' ? /^\/(policy|managementPolicy)(\/|$)/ : SECURITY_FIELD;
  const fields = op.changes.filter((c) => field.test(c.path)).map((c) => displayPath(c.path));
  if (fields.length > 0) return `changes ${fields.join(', ')}`;
  return undefined;
}

/** `/requestTemplates/application~1json` -> `requestTemplates["application/json"]`. */
export function displayPath(pointer: string): string {
  if (pointer === '' || pointer === '/') return '(value)';
  const parts = pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) {
    if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out === '' ? p : `.${p}`;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}
