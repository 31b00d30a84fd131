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
/** REST and HTTP/WebSocket integrations and authorizers may call Lambda. */
const LAMBDA_KINDS = new Set(['integration', 'authorizer', 'v2-integration', 'v2-authorizer']);

export function lambdaNotices(ops: PlannedOp[], desired: Model, live: Model, region: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const op of ops) {
    if (op.action === 'delete' || !LAMBDA_KINDS.has(op.kind)) continue;
    const e = desired.entities[op.key];
    // HTTP APIs may name the function itself instead of its invocation URI.
    const uri = e?.attrs.uri ?? e?.attrs.integrationUri ?? e?.attrs.authorizerUri;
    const fn = functionOfUri(uri) ?? (typeof uri === 'string' && /^arn:aws[a-z-]*:lambda:/.test(uri) ? uri : undefined);
    if (!fn) continue;
    const apiKey = rootOf(op.key);
    if (seen.has(`${apiKey}|${fn}`)) continue;
    seen.add(`${apiKey}|${fn}`);
    const v2 = op.kind.startsWith('v2-');
    const placeholder = v2 ? '<api-id>' : '<rest-api-id>';
    const apiId = live.entities[apiKey]?.ids?.[v2 ? 'apiId' : 'restApiId'] ?? placeholder;
    const account = fn.split(':')[4] ?? '<account-id>';
    const fnRegion = fn.split(':')[3] ?? region;
    const authorizer = op.kind === 'authorizer' || op.kind === 'v2-authorizer';
    const source = authorizer
      ? `arn:aws:execute-api:${fnRegion}:${account}:${apiId}/authorizers/*`
      : `arn:aws:execute-api:${fnRegion}:${account}:${apiId}/${v2 ? '*' : '*/*/*'}`;
    out.push(
      `Lambda ${fn} must allow API Gateway to invoke it (${apiKey.split(':')[0]} ${nameOf(apiKey)}${apiId === placeholder ? ', id known after apply' : ''}): ` +
        `aws lambda add-permission --function-name ${fn} --statement-id apigw-sync-${nameOf(apiKey)}${authorizer ? '-authorizer' : ''} ` +
        `--action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn "${source}"`,
    );
  }
  return out;
}
