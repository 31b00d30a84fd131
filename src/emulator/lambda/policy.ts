import { randomUUID } from 'node:crypto';
import { AwsError } from '../aws-error.js';
import type { RequestContext, Route } from '../router.js';

/**
 * Lambda's resource-based policy calls (AddPermission, RemovePermission, GetPolicy), REST-JSON as
 * in lambda.service-2.json: `/2015-03-31/functions/{FunctionName}/policy[/{StatementId}]` with an
 * optional `Qualifier` query. Only the policies are emulated: every function of the emulator's
 * account exists (in any region), and a function of another account answers AccessDeniedException,
 * as AWS does for a caller that holds no permission there (the cross-account case).
 *
 * Behaviour from the Lambda API reference and the model: a function without a policy answers
 * ResourceNotFoundException to GetPolicy; a statement id used twice is ResourceConflictException; a
 * RevisionId that is not the current one is PreconditionFailedException; a policy over 20 KB is
 * PolicyLengthExceededException; `$LATEST` takes no policy of its own.
 */
export interface LambdaState {
  /** Policies by qualified function ARN (`...:function:users` or `...:function:users:live`). */
  policies: Record<string, { revisionId: string; statements: Statement[] }>;
}

export interface Statement {
  Sid: string;
  Effect: 'Allow';
  Principal: Record<string, string>;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

const POLICY_LIMIT = 20_480;
const FUNCTION = /^(?:arn:(aws[a-zA-Z-]*)?:lambda:)?(?:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const STATEMENT_ID = /^[a-zA-Z0-9_-]{1,100}$/;

function lambdaError(type: string, status: number, message: string): AwsError {
  // Lambda's errors carry `Type` (User or Service) and `Message`; the header names the exception.
  return new AwsError(type, status, message, { body: { Type: status >= 500 ? 'Service' : 'User', Message: message } });
}
const invalid = (message: string) => lambdaError('InvalidParameterValueException', 400, message);

function store(ctx: RequestContext): LambdaState {
  const s = ctx.state as unknown as { lambda?: LambdaState };
  s.lambda ??= { policies: {} };
  return s.lambda;
}

/** The qualified ARN a FunctionName (+ Qualifier query) names, as AWS resolves it. */
function resolve(ctx: RequestContext, action: string): { arn: string; qualifier?: string } {
  const raw = ctx.params.FunctionName ?? '';
  const m = FUNCTION.exec(raw);
  if (!m || raw.length > 256) {
    throw invalid(`1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?`);
  }
  const [, partition = 'aws', region = ctx.region, account = ctx.accountId, name, inArn] = m;
  const query = ctx.query.get('Qualifier') ?? undefined;
  if (inArn !== undefined && query !== undefined && inArn !== query) {
    throw invalid('The derived qualifier from the function name does not match the specified qualifier.');
  }
  const qualifier = inArn ?? query;
  const base = `arn:${partition}:lambda:${region}:${account}:function:${name}`;
  if (account !== ctx.accountId) {
    throw lambdaError('AccessDeniedException', 403,
      `User: arn:aws:iam::${ctx.accountId}:user/emulator is not authorized to perform: lambda:${action} on resource: ${base} because no resource-based policy allows the lambda:${action} action`);
  }
  return { arn: qualifier ? `${base}:${qualifier}` : base, ...(qualifier ? { qualifier } : {}) };
}

function policyText(statements: Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

function str(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) {
    if (required) throw invalid(`1 validation error detected: Value null at '${field[0]!.toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof v !== 'string') throw lambdaError('SerializationException', 400, `Unexpected value for ${field}`);
  return v;
}

function addPermission(ctx: RequestContext) {
  const { arn, qualifier } = resolve(ctx, 'AddPermission');
  if (qualifier === '$LATEST') throw invalid('We currently do not support adding policies for $LATEST.');
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const sid = str(body, 'StatementId', true)!;
  const action = str(body, 'Action', true)!;
  const principal = str(body, 'Principal', true)!;
  const sourceArn = str(body, 'SourceArn', false);
  const sourceAccount = str(body, 'SourceAccount', false);
  const revisionId = str(body, 'RevisionId', false);
  if (!STATEMENT_ID.test(sid)) {
    throw invalid(`1 validation error detected: Value '${sid}' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)`);
  }
  if (!/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/.test(action)) {
    throw invalid(`1 validation error detected: Value '${action}' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])`);
  }
  if (!/^\S+$/.test(principal)) throw invalid(`1 validation error detected: Value '${principal}' at 'principal' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+`);
  if (sourceArn !== undefined && !/^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9-])+:([a-z]{2}(-gov)?-[a-z]+-\d)?:(\d{12}|\*)?:(.*)$/.test(sourceArn)) {
    throw invalid(`1 validation error detected: Value '${sourceArn}' at 'sourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)`);
  }
  const policies = store(ctx).policies;
  const current = policies[arn];
  if (revisionId !== undefined && revisionId !== current?.revisionId) {
    throw lambdaError('PreconditionFailedException', 412, 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
  }
  if (current?.statements.some((s) => s.Sid === sid)) {
    throw lambdaError('ResourceConflictException', 409, `The statement id (${sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const condition: Record<string, Record<string, string>> = {};
  if (sourceAccount !== undefined) condition.StringEquals = { 'AWS:SourceAccount': sourceAccount };
  if (sourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': sourceArn };
  const statement: Statement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: /^\d{12}$/.test(principal) ? { AWS: `arn:aws:iam::${principal}:root` } : principal === '*' ? { AWS: '*' } : { Service: principal },
    Action: action,
    Resource: arn,
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
  const statements = [...(current?.statements ?? []), statement];
  const size = Buffer.byteLength(policyText(statements));
  if (size > POLICY_LIMIT) {
    throw lambdaError('PolicyLengthExceededException', 400, `The final policy size (${size}) is bigger than the limit (${POLICY_LIMIT}).`);
  }
  policies[arn] = { revisionId: randomUUID(), statements };
  return { status: 201, body: { Statement: JSON.stringify(statement) } };
}

function removePermission(ctx: RequestContext) {
  const { arn } = resolve(ctx, 'RemovePermission');
  const sid = ctx.params.StatementId ?? '';
  const policies = store(ctx).policies;
  const current = policies[arn];
  const revisionId = ctx.query.get('RevisionId');
  if (revisionId !== null && revisionId !== current?.revisionId) {
    throw lambdaError('PreconditionFailedException', 412, 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
  }
  if (!current?.statements.some((s) => s.Sid === sid)) {
    throw lambdaError('ResourceNotFoundException', 404, `Statement ${sid} is not found in resource policy.`);
  }
  const statements = current.statements.filter((s) => s.Sid !== sid);
  if (statements.length === 0) delete policies[arn];
  else policies[arn] = { revisionId: randomUUID(), statements };
  return { status: 204 };
}

function getPolicy(ctx: RequestContext) {
  const { arn } = resolve(ctx, 'GetPolicy');
  const current = store(ctx).policies[arn];
  if (!current) throw lambdaError('ResourceNotFoundException', 404, 'The resource you requested does not exist.');
  return { status: 200, body: { Policy: policyText(current.statements), RevisionId: current.revisionId } };
}

/** Every path of the Lambda API starts with its version, which no API Gateway path does. */
export const LAMBDA_PREFIX = '/2015-03-31/';

export const lambdaRoutes: Route[] = [
  { method: 'POST', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'AddPermission', handler: addPermission },
  { method: 'GET', path: '/2015-03-31/functions/{FunctionName}/policy', operation: 'GetPolicy', handler: getPolicy },
  { method: 'DELETE', path: '/2015-03-31/functions/{FunctionName}/policy/{StatementId}', operation: 'RemovePermission', handler: removePermission },
];
