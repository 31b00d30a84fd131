import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ClientConfig } from './clients.js';

/**
 * The AWS account id of the credentials in use, from STS GetCallerIdentity (which needs no
 * permission, but does need credentials and an STS endpoint): shown in the plan's heading and
 * recorded in a saved plan, so that a plan is not applied to another account by mistake.
 * Best effort by design: one attempt with short timeouts, and undefined on any failure.
 */
export async function callerAccount(config: Pick<ClientConfig, 'region' | 'endpoint' | 'credentials'>): Promise<string | undefined> {
  if (!config.region) return undefined;
  const client = new STSClient({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 3_000 },
    logger: { trace() {}, debug() {}, warn() {}, error() {} } as never,
  });
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    return typeof out.Account === 'string' && /^\d{12}$/.test(out.Account) ? out.Account : undefined;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
