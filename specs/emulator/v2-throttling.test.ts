import { ApiGatewayV2Client, CreateApiCommand, GetApisCommand, TooManyRequestsException } from '@aws-sdk/client-apigatewayv2';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_ENV, startV2, stopV2, type V2Harness } from './v2-helpers.js';

let h: V2Harness | undefined;
afterEach(async () => {
  await stopV2(h);
  h = undefined;
});

describe('apigatewayv2 under control-plane throttling', () => {
  it('answers beyond the account burst with TooManyRequestsException as the SDK parses it', async () => {
    // Time slowed 1000-fold, so the account bucket (burst 40) cannot refill during the burst.
    h = await startV2({ throttle: { enabled: true, timeScale: 1000 } });
    const client = h.client;
    const results = await Promise.allSettled(Array.from({ length: 45 }, () => client.send(new GetApisCommand({}))));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(40);
    expect(rejected).toHaveLength(5);
    for (const err of rejected) {
      expect(err).toBeInstanceOf(TooManyRequestsException);
      expect(err.$metadata.httpStatusCode).toBe(429);
      expect(err.message).toBe('Too Many Requests');
    }
  });

  it("lets the SDK's own retries recover once the bucket refills", async () => {
    // AWS's own rates: 50 calls at once overflow the burst of 40, and 10 tokens a second refill it.
    h = await startV2({ throttle: { enabled: true } });
    const retrying = new ApiGatewayV2Client({
      region: 'us-east-1',
      endpoint: h.emu.url,
      credentials: { accessKeyId: TEST_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_ENV.AWS_SECRET_ACCESS_KEY },
      maxAttempts: 10,
    });
    try {
      const created = await Promise.all(
        Array.from({ length: 50 }, (_, i) => retrying.send(new CreateApiCommand({ Name: `a${i}`, ProtocolType: 'HTTP' }))),
      );
      expect(created.every((c) => c.$metadata.httpStatusCode === 201)).toBe(true);
      expect(created.some((c) => (c.$metadata.attempts ?? 1) > 1)).toBe(true);
    } finally {
      retrying.destroy();
    }
  });
});
