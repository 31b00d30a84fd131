import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTESTEMULATOR', secretAccessKey: 'test-secret-key' };

/** A real SDK v3 client pointed at the emulator over HTTP. */
export function v1Client(emu: RunningEmulator, extra: Partial<ConstructorParameters<typeof APIGatewayClient>[0]> = {}): APIGatewayClient {
  return new APIGatewayClient({ region: 'us-east-1', endpoint: emu.url, credentials: TEST_CREDENTIALS, maxAttempts: 1, ...extra });
}

export async function withEmulator(opts: EmulatorOptions = {}): Promise<{ emu: RunningEmulator; client: APIGatewayClient }> {
  const emu = await startEmulator({ port: 0, ...opts });
  return { emu, client: v1Client(emu) };
}

/** Runs `fn` and returns what the SDK threw, so a test can assert name, status and message. */
export async function sdkError(fn: () => Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await fn();
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail, it succeeded');
}
