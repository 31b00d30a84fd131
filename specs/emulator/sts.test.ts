import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli } from './aws-cli.js';

/** STS GetCallerIdentity, answered as AWS documents it, for the real SDK and the real AWS CLI. */
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, accountId: '210987654321' });
});
afterAll(() => emu.close());

describe('STS on the emulator', () => {
  it('GetCallerIdentity names the account (SDK, AWS Query protocol)', async () => {
    const sts = new STSClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId: 'AKIDSTS', secretAccessKey: 's' } });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect({ Account: out.Account, Arn: out.Arn, UserId: out.UserId }).toStrictEqual({
      Account: '210987654321', Arn: 'arn:aws:iam::210987654321:root', UserId: '210987654321',
    });
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // Other actions: the Query protocol's error document.
    await expect(sts.send(new GetSessionTokenCommand({}))).rejects.toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
    sts.destroy();
  });

  it('aws sts get-caller-identity works against it', async () => {
    const cli = findAwsCli();
    expect(cli, 'the AWS CLI (`aws`) must be on PATH').toBeDefined();
    const env = { PATH: process.env.PATH ?? '', HOME: '/tmp', AWS_ACCESS_KEY_ID: 'AKIDSTS', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(cli!.path, ['--endpoint-url', emu.url, '--output', 'json', 'sts', 'get-caller-identity'], { env, encoding: 'utf8' }, (err, out, errOut) => (err ? reject(new Error(errOut)) : resolve(out))),
    );
    expect(JSON.parse(stdout)).toStrictEqual({ UserId: '210987654321', Account: '210987654321', Arn: 'arn:aws:iam::210987654321:root' });
  });
});
