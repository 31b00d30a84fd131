import { AddPermissionCommand, GetPolicyCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { emulatorSession } from '../helpers/emulator-session.js';
import { TEST_CREDENTIALS, v1Client } from '../emulator/helpers.js';
import { cli } from '../helpers/cli.js';

/**
 * Lambda invoke permissions end to end: the CLI applies the example to an empty emulator and the
 * functions' policies then let API Gateway call them, with source ARNs naming the real API ids;
 * the statements of others stay as they are; plan, a second apply, --target, the switches to turn
 * management off, destroy and cross-account functions.
 */
const e2e = emulatorSession({ example: 'examples/petstore' });
const SPECS = 'examples/petstore';
const apply = (...extra: string[]) => cli(['apply', SPECS, '--auto-approve', ...e2e.url, ...extra], { cwd: e2e.cwd });
const plan = (...extra: string[]) => cli(['plan', SPECS, ...e2e.url, ...extra], { cwd: e2e.cwd });

const USERS_DEV = 'arn:aws:lambda:us-east-1:123456789012:function:users:dev';
const AUTHORIZER = 'arn:aws:lambda:us-east-1:123456789012:function:petstore-authorizer';
const BACKOFFICE = 'arn:aws:lambda:us-east-1:123456789012:function:petstore-backoffice';

function lambda(): LambdaClient {
  return new LambdaClient({ region: 'us-east-1', endpoint: e2e.emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

async function statements(fn: string): Promise<Array<{ Sid: string; Condition?: { ArnLike?: Record<string, string> } }>> {
  try {
    const out = await lambda().send(new GetPolicyCommand({ FunctionName: fn }));
    return JSON.parse(out.Policy!).Statement;
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') return [];
    throw err;
  }
}

async function apiId(name: string): Promise<string> {
  const apis = await v1Client(e2e.emu).send(new GetRestApisCommand({}));
  return apis.items!.find((a) => a.name === name)!.id!;
}

const foreign = () => lambda().send(new AddPermissionCommand({
  FunctionName: AUTHORIZER, StatementId: 'owned-by-the-lambda-stack', Action: 'lambda:InvokeFunction',
  Principal: 'apigateway.amazonaws.com', SourceArn: 'arn:aws:execute-api:us-east-1:123456789012:*/authorizers/*',
}));

describe('Lambda invoke permissions', () => {
  it('are added on apply (narrow source ARNs with the real API id), then plan shows no changes and a second apply writes nothing', async () => {
    await foreign();
    const planned = await plan();
    expect(planned.out).toMatch(/^ {2}\+ lambda-permission apigw-sync-petstore-dev-[0-9a-f]{4}-petstore-[0-9a-f]{10}$/m);
    expect(planned.out).toContain('sourceArn = "arn:aws:execute-api:us-east-1:123456789012:{rest-api:petstore}/dev/GET/users/*"');
    // The notices that told the user to run add-permission are gone: apigw-sync does it (the staff
    // authorizer of petstore-internal has a role to invoke its function: it needs none).
    expect(planned.out).not.toContain('aws lambda add-permission');

    const first = await apply();
    expect(first.code, first.err).toBe(0);
    const id = await apiId('petstore');
    const users = await statements(USERS_DEV);
    expect(users.map((s) => s.Condition?.ArnLike?.['AWS:SourceArn']).sort()).toEqual([
      `arn:aws:execute-api:us-east-1:123456789012:${id}/dev/DELETE/users/*`,
      `arn:aws:execute-api:us-east-1:123456789012:${id}/dev/GET/users`,
      `arn:aws:execute-api:us-east-1:123456789012:${id}/dev/GET/users/*`,
      `arn:aws:execute-api:us-east-1:123456789012:${id}/dev/PATCH/users/*`,
      `arn:aws:execute-api:us-east-1:123456789012:${id}/dev/POST/users`,
      `arn:aws:execute-api:us-east-1:123456789012:${id}/dev/PUT/users/*`,
    ]);
    const auth = await statements(AUTHORIZER);
    expect(auth.map((s) => s.Sid)).toContain('owned-by-the-lambda-stack');
    expect(auth.find((s) => s.Sid !== 'owned-by-the-lambda-stack')?.Condition?.ArnLike?.['AWS:SourceArn']).toBe(`arn:aws:execute-api:us-east-1:123456789012:${id}/authorizers/*`);

    const again = await plan('--detailed-exitcode');
    expect(again.out).toBe('No changes. The live state matches the specs.\n');
    const writes = e2e.emu.calls().writes;
    expect((await apply()).code).toBe(0);
    expect(e2e.emu.calls().writes).toBe(writes);
  });

  it('--target an API plans its permissions only; --target lambda-permission all of them', async () => {
    const internal = await plan('--target', 'rest-api petstore-internal');
    expect(internal.out.match(/\+ lambda-permission /g)).toHaveLength(1);
    const all = await plan('--target', 'lambda-permission');
    expect(all.out.match(/\+ lambda-permission /g)).toHaveLength(8);
    expect(all.out).not.toContain('+ rest-api');
  });

  it('a statement removed by someone else is added again', async () => {
    expect((await apply()).code).toBe(0);
    const ours = (await statements(BACKOFFICE))[0]!;
    await lambda().send(new RemovePermissionCommand({ FunctionName: BACKOFFICE, StatementId: ours.Sid }));
    const drifted = await plan('--detailed-exitcode');
    expect(drifted.code).toBe(2);
    expect(drifted.out).toContain(`+ lambda-permission ${ours.Sid}`);
    expect((await apply()).code).toBe(0);
    expect((await statements(BACKOFFICE)).map((s) => s.Sid)).toEqual([ours.Sid]);
  });

  it('lambdaPermission: false on one integration, or lambdaPermissions: false for the set, leaves them to the functions\' stacks', async () => {
    e2e.edit('internal.yaml', 'lambda: arn:aws:lambda:us-east-1:123456789012:function:petstore-backoffice',
      'lambda: arn:aws:lambda:us-east-1:123456789012:function:petstore-backoffice\n            lambdaPermission: false');
    const one = await plan();
    expect(one.code, one.err).toBe(0);
    expect(one.out.match(/\+ lambda-permission /g)).toHaveLength(7);
    expect(one.out).toContain(`aws lambda add-permission --function-name ${BACKOFFICE}`);

    expect((await apply()).code).toBe(0);
    e2e.edit('petstore.yaml', 'lambdaPermissions: true', 'lambdaPermissions: false');
    const off = await plan();
    // Turned off: the statements apigw-sync added are removed; the plan prints the commands instead.
    expect(off.out.match(/- lambda-permission /g)).toHaveLength(7);
    expect(off.out).toContain(`Lambda ${AUTHORIZER}: apigw-sync no longer manages its invoke permission (lambdaPermissions: false), so the plan removes the statements it added;`);
  });

  it('destroy removes our statements and leaves the others', async () => {
    await foreign();
    expect((await apply()).code).toBe(0);
    const d = await cli(['destroy', SPECS, '--auto-approve', ...e2e.url], { cwd: e2e.cwd });
    expect(d.code, d.err).toBe(0);
    expect(await statements(USERS_DEV)).toEqual([]);
    expect((await statements(AUTHORIZER)).map((s) => s.Sid)).toEqual(['owned-by-the-lambda-stack']);
  });

  it('a function of another account gets a notice, no operation', async () => {
    e2e.edit('internal.yaml', 'arn:aws:lambda:us-east-1:123456789012:function:petstore-backoffice', 'arn:aws:lambda:us-east-1:210987654321:function:petstore-backoffice');
    const res = await plan();
    expect(res.code, res.err).toBe(0);
    expect(res.out.match(/\+ lambda-permission /g)).toHaveLength(7);
    expect(res.out).toContain('Lambda arn:aws:lambda:us-east-1:210987654321:function:petstore-backoffice: its policy cannot be read');
    expect(res.out).toContain('aws lambda add-permission --function-name arn:aws:lambda:us-east-1:210987654321:function:petstore-backoffice');
  });

  it('validate: lambdaPermissions written twice is an error at file:line:column', async () => {
    e2e.edit('internal.yaml', 'restApis:', 'lambdaPermissions: false\nrestApis:');
    const res = await cli(['validate', SPECS], { cwd: e2e.cwd });
    expect(res.code).toBe(1);
    // The files are read in name order: the second one is where the error is.
    expect(res.out + res.err).toContain('examples/petstore/petstore.yaml:270:1  error  spec/duplicate-setting\n  lambdaPermissions is set twice in the spec set: here and at examples/petstore/internal.yaml:4:1.');
  });
});
