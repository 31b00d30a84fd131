import { AddPermissionCommand, GetPolicyCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws } from './aws-cli.js';
import { sdkError, TEST_CREDENTIALS } from './helpers.js';

/**
 * Lambda's policy calls as the emulator serves them, through the real SDK client and the real AWS
 * CLI: the statement AWS writes (the guide's "Grant Lambda Invoke Permission" output), and the
 * errors of the Lambda API reference (no policy, statement id taken, unknown statement, revision
 * mismatch, $LATEST, another account's function, a policy over 20 KB).
 */
let emu: RunningEmulator;
let lambda: LambdaClient;
const FN = 'arn:aws:lambda:us-east-1:123456789012:function:my-function';
const SOURCE = 'arn:aws:execute-api:us-east-1:123456789012:abc123xyz/*/*/*';

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  lambda = new LambdaClient({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
afterAll(async () => {
  lambda.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

const grant = (sid: string, extra: Record<string, unknown> = {}) =>
  lambda.send(new AddPermissionCommand({ FunctionName: FN, StatementId: sid, Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com', SourceArn: SOURCE, ...extra }));

describe('Lambda policies through the SDK', () => {
  it('AddPermission answers the statement AWS writes, and GetPolicy returns it in the policy', async () => {
    const out = await grant('apigateway-invoke');
    expect(JSON.parse(out.Statement!)).toEqual({
      Sid: 'apigateway-invoke', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'lambda:InvokeFunction',
      Resource: FN, Condition: { ArnLike: { 'AWS:SourceArn': SOURCE } },
    });
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'my-function' }));
    expect(JSON.parse(policy.Policy!)).toMatchObject({ Version: '2012-10-17', Id: 'default', Statement: [{ Sid: 'apigateway-invoke' }] });
    expect(policy.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps one policy per alias: a qualified ARN and the Qualifier query name the same policy', async () => {
    await grant('live', { FunctionName: `${FN}:live` });
    const byQuery = await lambda.send(new GetPolicyCommand({ FunctionName: FN, Qualifier: 'live' }));
    expect(JSON.parse(byQuery.Policy!).Statement[0].Resource).toBe(`${FN}:live`);
    expect(await sdkError(() => lambda.send(new GetPolicyCommand({ FunctionName: FN })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('answers the documented errors', async () => {
    expect(await sdkError(() => lambda.send(new GetPolicyCommand({ FunctionName: FN }))))
      .toEqual({ name: 'ResourceNotFoundException', status: 404, message: 'The resource you requested does not exist.' });
    await grant('one');
    expect(await sdkError(() => grant('one'))).toEqual({ name: 'ResourceConflictException', status: 409,
      message: 'The statement id (one) provided already exists. Please provide a new statement id, or remove the existing statement.' });
    expect(await sdkError(() => lambda.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'two' }))))
      .toEqual({ name: 'ResourceNotFoundException', status: 404, message: 'Statement two is not found in resource policy.' });
    expect(await sdkError(() => grant('three', { RevisionId: '00000000-0000-0000-0000-000000000000' }))).toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    expect(await sdkError(() => grant('latest', { FunctionName: `${FN}:$LATEST` })))
      .toEqual({ name: 'InvalidParameterValueException', status: 400, message: 'We currently do not support adding policies for $LATEST.' });
    expect(await sdkError(() => grant('bad id!'))).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    const other = await sdkError(() => lambda.send(new GetPolicyCommand({ FunctionName: 'arn:aws:lambda:us-east-1:210987654321:function:theirs' })));
    expect(other).toMatchObject({ name: 'AccessDeniedException', status: 403 });
    expect(other.message).toContain('is not authorized to perform: lambda:GetPolicy');
  });

  it('refuses a statement that takes the policy over 20 KB', async () => {
    let n = 0;
    const err = await sdkError(async () => {
      for (; n < 200; n++) await grant(`statement-${n}`, { SourceArn: `arn:aws:execute-api:us-east-1:123456789012:abc123xyz/*/GET/${'x'.repeat(60)}/${n}` });
    });
    expect(err.name).toBe('PolicyLengthExceededException');
    expect(err.message).toMatch(/^The final policy size \(\d+\) is bigger than the limit \(20480\)\.$/);
    expect(n).toBeGreaterThan(20);
  });

  it('RemovePermission takes the statement out; the last one takes the policy with it', async () => {
    await grant('a');
    await grant('b');
    await lambda.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'a' }));
    expect(JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: FN }))).Policy!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['b']);
    await lambda.send(new RemovePermissionCommand({ FunctionName: FN, StatementId: 'b' }));
    expect((await sdkError(() => lambda.send(new GetPolicyCommand({ FunctionName: FN })))).name).toBe('ResourceNotFoundException');
    expect(emu.callCount('RemovePermission', 'lambda')).toBe(2);
  });
});

const awsCli = findAwsCli();
describe('Lambda policies through the AWS CLI', () => {
  it('runs the guide\'s add-permission and get-policy', async () => {
    if (!awsCli) throw new Error('The AWS CLI (`aws`) is not on PATH: install it to run this test.');
    const add = await runAws(awsCli!, emu.url, ['add-permission', '--function-name', 'my-function', '--statement-id', 'apigateway-invoke',
      '--action', 'lambda:InvokeFunction', '--principal', 'apigateway.amazonaws.com', '--source-arn', SOURCE], undefined, 'lambda');
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.json.Statement)).toMatchObject({ Sid: 'apigateway-invoke', Resource: FN, Condition: { ArnLike: { 'AWS:SourceArn': SOURCE } } });
    const get = await runAws(awsCli!, emu.url, ['get-policy', '--function-name', 'my-function'], undefined, 'lambda');
    expect(get.code, get.stderr).toBe(0);
    expect(JSON.parse(get.json.Policy).Statement).toHaveLength(1);
    const again = await runAws(awsCli!, emu.url, ['add-permission', '--function-name', 'my-function', '--statement-id', 'apigateway-invoke',
      '--action', 'lambda:InvokeFunction', '--principal', 'apigateway.amazonaws.com'], undefined, 'lambda');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('An error occurred (ResourceConflictException) when calling the AddPermission operation');
    const rm = await runAws(awsCli!, emu.url, ['remove-permission', '--function-name', 'my-function', '--statement-id', 'apigateway-invoke'], undefined, 'lambda');
    expect(rm.code, rm.stderr).toBe(0);
  });
});
