import type { Model } from './model.js';
import type { PlannedOp } from './plan-types.js';
import { nameOf, rootOf } from './keys.js';

/**
 * The Lambda shorthand and the invoke permissions it needs. `lambda: <function ARN>` is an
 * AWS_PROXY integration calling POST on the function's invocation URI; API Gateway may only call
 * the function once the function's resource policy allows it, which apigw-sync does not manage
 * (yet): the plan says, once per function, which `aws lambda add-permission` to run.
 */
const INVOCATION = /^arn:(aws[a-z-]*):apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;

export function functionOfUri(uri: unknown): string | undefined {
  return typeof uri === 'string' ? INVOCATION.exec(uri)?.[3] : undefined;
}

/** One notice per (API, function) that an integration or authorizer created or changed calls. */
export function lambdaNotices(ops: PlannedOp[], desired: Model, live: Model, region: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const op of ops) {
    if (op.action === 'delete' || (op.kind !== 'integration' && op.kind !== 'authorizer')) continue;
    const e = desired.entities[op.key];
    const fn = functionOfUri(e?.attrs.uri ?? e?.attrs.authorizerUri);
    if (!fn) continue;
    const apiKey = rootOf(op.key);
    if (seen.has(`${apiKey}|${fn}`)) continue;
    seen.add(`${apiKey}|${fn}`);
    const apiId = live.entities[apiKey]?.ids?.restApiId ?? '<rest-api-id>';
    const account = fn.split(':')[4] ?? '<account-id>';
    const fnRegion = fn.split(':')[3] ?? region;
    const source = op.kind === 'authorizer'
      ? `arn:aws:execute-api:${fnRegion}:${account}:${apiId}/authorizers/*`
      : `arn:aws:execute-api:${fnRegion}:${account}:${apiId}/*/*/*`;
    out.push(
      `Lambda ${fn} must allow API Gateway to invoke it (rest-api ${nameOf(apiKey)}${apiId === '<rest-api-id>' ? ', id known after apply' : ''}): ` +
        `aws lambda add-permission --function-name ${fn} --statement-id apigw-sync-${nameOf(apiKey)}${op.kind === 'authorizer' ? '-authorizer' : ''} ` +
        `--action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn "${source}"`,
    );
  }
  return out;
}
