import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';

/** Static credentials: the emulator does not check signatures, but the SDK needs something to sign with. */
export const TEST_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDEMULATORTEST',
  AWS_SECRET_ACCESS_KEY: 'emulator-test-secret',
  AWS_DEFAULT_REGION: 'us-east-1',
};

export interface V2Harness {
  emu: RunningEmulator;
  client: ApiGatewayV2Client;
}

/** An emulator on a free port and a real apigatewayv2 client pointed at it. */
export async function startV2(opts: EmulatorOptions = {}): Promise<V2Harness> {
  const emu = await startEmulator({ port: 0, ...opts });
  const client = new ApiGatewayV2Client({
    region: 'us-east-1',
    endpoint: emu.url,
    credentials: { accessKeyId: TEST_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_ENV.AWS_SECRET_ACCESS_KEY },
    // Errors must surface as they are, not be retried away.
    maxAttempts: 1,
  });
  return { emu, client };
}

export async function stopV2(h: V2Harness | undefined): Promise<void> {
  h?.client.destroy();
  await h?.emu.close();
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
