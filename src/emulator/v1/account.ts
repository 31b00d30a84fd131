import type { RequestContext, Route } from '../router.js';
import { badRequest } from '../aws-error.js';
import { applyPatch, readPatchOps, type PatchRule } from './patch.js';
import { clone, v1, type Obj } from './store.js';

/** The account-level settings as GetAccount shows them before anything is changed. */
function account(ctx: RequestContext): Obj {
  const a = v1(ctx).account;
  a.throttleSettings ??= { burstLimit: 5000, rateLimit: 10000.0 };
  a.features ??= ['UsagePlans'];
  a.apiKeyVersion ??= '4';
  return a;
}

const rules: PatchRule<Obj>[] = [
  {
    path: '/cloudwatchRoleArn',
    ops: ['replace'],
    apply: (a, op) => {
      if (!op.value) return void delete a.cloudwatchRoleArn;
      if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(op.value)) throw badRequest(`The role ARN is not well formed: ${op.value}`);
      a.cloudwatchRoleArn = op.value;
    },
  },
  {
    // AWS's patch table: add supported; remove supported "but not for the UsagePlans feature".
    // UsagePlans is the only feature AWS documents, so any other value is refused (AWS's answer to
    // one is not documented; the message here is ours) and no remove can succeed. Adding a
    // feature the account has changes nothing. An account made before usage plans (August 2016)
    // is a state with `features: []`; AWS's migration of its keys' stages into default usage plans
    // is not modelled.
    path: '/features',
    ops: ['add', 'remove'],
    apply: (a, op) => {
      const v = String(op.value ?? '');
      if (v !== 'UsagePlans') throw badRequest(`Invalid feature specified: ${v}. Must be one of: [UsagePlans]`);
      if (op.op === 'remove') throw badRequest('Usage plans cannot be disabled once enabled');
      a.features = [...new Set([...a.features, v])];
    },
  },
];

export const accountRoutes: Route[] = [
  { method: 'GET', path: '/account', operation: 'GetAccount', handler: (ctx) => ({ status: 200, body: clone(account(ctx)) }) },
  {
    method: 'PATCH',
    path: '/account',
    operation: 'UpdateAccount',
    handler: (ctx) => {
      const ops = readPatchOps(ctx, 'updateAccountInput');
      const updated = applyPatch(clone(account(ctx)), ops, rules, 'listed');
      v1(ctx).account = updated;
      return { status: 200, body: clone(updated) };
    },
  },
];
