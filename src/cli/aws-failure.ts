import { ApigwError } from '../errors.js';
import { describeAwsError } from '../reconcile/apply/aws-error.js';

/**
 * Turns an SDK failure met while reading live state into a message for a person (no stack):
 * missing credentials or region, an unreachable endpoint, or AWS's own error type and message.
 * Other errors are returned unchanged.
 */
export function explainAwsFailure(err: unknown, where: { endpoint?: string; region?: string }): unknown {
  if (err instanceof ApigwError) return err;
  const e = describeAwsError(err);
  const code = (err as { code?: string } | null)?.code ?? (err as { cause?: { code?: string } } | null)?.cause?.code;
  const target = where.endpoint && where.endpoint !== 'local' ? where.endpoint : `AWS (${where.region ?? 'region not set'})`;
  if (e.type === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message)) {
    return new ApigwError('No AWS credentials were found.', 1, 'Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --local / --endpoint-url for an emulator.');
  }
  if (/Region is missing/i.test(e.message)) {
    return new ApigwError('No AWS region is set.', 1, 'Pass --region, set region in apigw-sync.yaml, or set AWS_REGION.');
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || e.type === 'TimeoutError') {
    return new ApigwError(`Could not reach ${target}: ${code ?? e.type} (${e.message}).`, 1, 'Check the endpoint URL and your network, then run the command again.');
  }
  // Anything that is not from AWS or the network is a bug: let the top-level handler say so.
  if (!(err as { $metadata?: unknown } | null)?.$metadata) return err;
  return new ApigwError(`AWS call failed while reading the live state from ${target}: ${e.operation ? `${e.operation}: ` : ''}${e.type}: ${e.message}`);
}
