import type { Model } from './model.js';
import type { PlannedOp } from './plan-types.js';
import { nameOf, rootOf } from './keys.js';
import { hasRole } from './lambda-permissions.js';

/**
 * The Lambda shorthand and the invoke permissions it needs. `lambda: <function ARN>` is an
 * AWS_PROXY integration calling POST on the function's invocation URI; API Gateway may only call
 * the function once the function's resource policy allows it. apigw-sync adds that permission
 * itself (lambda-permissions.ts); where it does not (`lambdaPermissions: false`, a function of
 * another account or region, or no Lambda client), the plan says, once per function, which
 * `aws lambda add-permission` to run.
 */
const INVOCATION = /^arn:(aws[a-z-]*):apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;

export function functionOfUri(uri: unknown): string | undefined {
  return typeof uri === 'string' ? INVOCATION.exec(uri)?.[3] : undefined;
}

/** One notice per (API, function) that an integration or authorizer created or changed calls. */
/** REST and HTTP/WebSocket integrations and authorizers may call Lambda. */
const LAMBDA_KINDS = new Set(['integration', 'authorizer', 'v2-integration', 'v2-authorizer']);

export function lambdaNotices(ops: PlannedOp[], desired: Model, live: Model, region: string, managed: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const op of ops) {
    if (op.action === 'delete' || !LAMBDA_KINDS.has(op.kind)) continue;
    const e = desired.entities[op.key];
    // HTTP APIs may name the function itself instead of its invocation URI.
    const uri = e?.attrs.uri ?? e?.attrs.integrationUri ?? e?.attrs.authorizerUri;
    const fn = functionOfUri(uri) ?? (typeof uri === 'string' && /^arn:aws[a-z-]*:lambda:/.test(uri) ? uri : undefined);
    if (!fn || (e && hasRole(e))) continue;
    const apiKey = rootOf(op.key);
    const v2 = op.kind.startsWith('v2-');
    const placeholder = v2 ? '<api-id>' : '<rest-api-id>';
    const apiId = live.entities[apiKey]?.ids?.[v2 ? 'apiId' : 'restApiId'] ?? placeholder;
    const authorizer = op.kind === 'authorizer' || op.kind === 'v2-authorizer';
    // A function named through a stage variable (`function:users:${stageVariables.alias}`) is a
    // different function (alias) per stage, and each needs its own permission.
    const resolved = resolveStageVariables(fn, desired, apiKey);
    for (const [concrete, via] of resolved.functions) {
      // apigw-sync adds this function's permission itself (lambda-permissions.ts).
      if (managed.has(`${apiKey}|${concrete}`)) continue;
      if (seen.has(`${apiKey}|${concrete}|${authorizer}`)) continue;
      seen.add(`${apiKey}|${concrete}|${authorizer}`);
      const account = concrete.split(':')[4] ?? '<account-id>';
      const fnRegion = concrete.split(':')[3] ?? region;
      const source = authorizer
        ? `arn:aws:execute-api:${fnRegion}:${account}:${apiId}/authorizers/*`
        : `arn:aws:execute-api:${fnRegion}:${account}:${apiId}/${v2 ? '*' : '*/*/*'}`;
      const alias = via ? `, ${resolved.variable} of ${via}` : '';
      out.push(
        `Lambda ${concrete} must allow API Gateway to invoke it (${apiKey.split(':')[0]} ${nameOf(apiKey)}${alias}${apiId === placeholder ? ', id known after apply' : ''}): ` +
          `aws lambda add-permission --function-name ${concrete} --statement-id apigw-sync-${nameOf(apiKey)}${authorizer ? '-authorizer' : ''} ` +
          `--action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn "${source}"`,
      );
    }
    if (resolved.functions.size === 0 && !seen.has(`${apiKey}|${fn}|unresolved`)) {
      seen.add(`${apiKey}|${fn}|unresolved`);
      out.push(
        `Lambda ${fn} names its function through stage variable ${resolved.variable}, which no stage of ` +
          `${apiKey.split(':')[0]} ${nameOf(apiKey)} sets: API Gateway needs an invoke permission (aws lambda add-permission) ` +
          'on every function or alias that variable will name.',
      );
    }
  }
  return out;
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/;

/**
 * The functions a Lambda ARN names across the API's stages, each with the stages that name it: the
 * ARN itself when it has no stage variable, else one per distinct value the stages (and their
 * canaries' overrides) give the variable.
 */
function resolveStageVariables(fn: string, desired: Model, apiKey: string): { functions: Map<string, string>; variable?: string } {
  const variable = STAGE_VARIABLE.exec(fn)?.[1];
  if (variable === undefined) return { functions: new Map([[fn, '']]) };
  const stagesOf = new Map<string, string[]>();
  for (const e of Object.values(desired.entities)) {
    if ((e.kind !== 'stage' && e.kind !== 'v2-stage') || rootOf(e.key) !== apiKey) continue;
    const vars = (e.attrs.variables ?? e.attrs.stageVariables) as Record<string, string> | undefined;
    const canary = (e.attrs.canarySettings as { stageVariableOverrides?: Record<string, string> } | undefined)?.stageVariableOverrides;
    const uses: Array<[string | undefined, string]> = [[vars?.[variable], `stage ${nameOf(e.key)}`], [canary?.[variable], `stage ${nameOf(e.key)}'s canary`]];
    for (const [value, where] of uses) {
      if (value === undefined) continue;
      const concrete = fn.replace(STAGE_VARIABLE, value);
      if (STAGE_VARIABLE.test(concrete)) continue;
      stagesOf.set(concrete, [...(stagesOf.get(concrete) ?? []), where]);
    }
  }
  const functions = new Map([...stagesOf].sort(([a], [b]) => a.localeCompare(b)).map(([f, where]) => [f, where.join(', ')] as [string, string]));
  return { functions, variable };
}
