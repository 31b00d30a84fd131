import { homedir } from 'node:os';
import { join } from 'node:path';
import { ApigwError } from '../errors.js';
import { MAX_SMALL_FILE_BYTES, readBoundedText } from '../files/read-bounded.js';
import { callContextOf, type RawResponse } from '../aws/call-context.js';
import { describeAwsError } from '../reconcile/apply/aws-error.js';

/**
 * Turns an SDK failure met while reading live state into a message for a person (no stack):
 * credentials (with the SDK's own cause: a missing profile, an expired SSO session), a missing
 * region, an unreachable endpoint, TLS spoken to a plain-HTTP port, an endpoint that is not API
 * Gateway or lacks an operation, or AWS's own error. Each names the operation and service that
 * failed, and the HTTP status. Other errors are returned unchanged.
 */
export function explainAwsFailure(err: unknown, where: { endpoint?: string; region?: string }, env: NodeJS.ProcessEnv = {}): unknown {
  if (err instanceof ApigwError) return err;
  const e = describeAwsError(err);
  const call = callContextOf(err);
  const code = (err as { code?: string } | null)?.code ?? (err as { cause?: { code?: string } } | null)?.cause?.code;
  const custom = where.endpoint !== undefined && where.endpoint !== 'local';
  const target = custom ? where.endpoint! : `AWS (${where.region ?? 'region not set'})`;
  const what = call ? `${call.operation} (${call.service})` : 'A call';
  if (e.type === 'CredentialsProviderError' || /Could not load credentials|credentials? (?:provider|chain)|SSO session|Token is expired|profile .* could not be found/i.test(e.message)) {
    return credentialsError(missingProfile(env) ?? e.message, env.AWS_PROFILE);
  }
  if (/Region is missing/i.test(e.message)) {
    return new ApigwError('No AWS region is set.', 1, 'Pass --region, set region in apigw-sync.yaml, or set AWS_REGION.');
  }
  if (code === 'EPROTO' || /wrong version number|WRONG_VERSION_NUMBER|packet length too long/i.test(e.message)) {
    const http = custom ? where.endpoint!.replace(/^https:/, 'http:') : undefined;
    return new ApigwError(
      `${what} failed: ${target} does not answer TLS (https://) on that port; it seems to serve plain HTTP (OpenSSL: wrong version number).`,
      1,
      http ? `Use ${http} (an emulator such as apigw-sync local serves plain HTTP).` : 'Check the endpoint settings (AWS_ENDPOINT_URL*) and your proxy.',
    );
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || e.type === 'TimeoutError') {
    return new ApigwError(`Could not reach ${target}: ${code ?? e.type} (${e.message}).`, 1, 'Check the endpoint URL and your network, then run the command again.');
  }
  // Anything that is not from AWS or the network is a bug: let the top-level handler say so.
  if (!(err as { $metadata?: unknown } | null)?.$metadata) return err;
  const status = e.httpStatus ?? call?.response?.status;
  const statusText = status !== undefined ? `HTTP ${status}` : 'no HTTP status';
  const headers = lower(call?.response?.headers ?? {});
  const awsShaped = headers['x-amzn-errortype'] !== undefined || headers['x-amzn-requestid'] !== undefined || headers['x-amz-apigw-id'] !== undefined;
  const contentType = headers['content-type'];
  const notJson = /Deserialization error|is not valid JSON|Unexpected token/i.test(e.message) || (contentType !== undefined && !/json/i.test(contentType));
  if (notJson && !awsShaped) {
    return new ApigwError(
      `${what} failed at ${target}: ${statusText}, and the answer is not API Gateway's: ${seemsToBe(call?.response)}.`,
      1,
      custom ? 'Point --endpoint-url (or AWS_ENDPOINT_URL) at an endpoint that serves the API Gateway API: AWS, `apigw-sync local`, LocalStack.' : 'Check AWS_ENDPOINT_URL* and any proxy between you and AWS.',
    );
  }
  if (custom && (status === 404 || status === 501) && (/UnknownOperation|NotImplemented|not (?:yet )?implemented/i.test(`${e.type} ${e.message}`) || !awsShaped)) {
    return new ApigwError(
      `${what} failed at ${target}: ${statusText} ${e.type}: ${e.message}. The endpoint does not seem to implement ${call?.operation ?? 'this operation'}: ${seemsToBe(call?.response)}.`,
      1,
      `apigw-sync reads every object of the specs' kinds; use an endpoint that implements ${call?.operation ?? 'it'} (AWS, \`apigw-sync local\`), or leave out what needs it.`,
    );
  }
  return new ApigwError(`AWS call failed while reading the live state from ${target}: ${what}, ${statusText}: ${e.type}: ${e.message}`);
}

/**
 * The SDK's chain ends with "Could not load credentials from any providers" even when the cause is
 * that AWS_PROFILE names no profile: say that, as the SDK's profile provider does.
 */
function missingProfile(env: NodeJS.ProcessEnv): string | undefined {
  const profile = env.AWS_PROFILE;
  if (!profile) return undefined;
  const home = env.HOME || homedir();
  const config = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const sections = new Set<string>();
  for (const [file, prefixed] of [[config, true], [credentials, false]] as const) {
    const read = readBoundedText(file, MAX_SMALL_FILE_BYTES);
    if (!read.ok) continue;
    const text = read.text;
    for (const m of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
      const name = m[1]!;
      sections.add(prefixed && name.startsWith('profile ') ? name.slice('profile '.length).trim() : name);
    }
  }
  if (sections.has(profile)) return undefined;
  return `Profile ${profile} (AWS_PROFILE) could not be found in ${config} or ${credentials}.`;
}

function credentialsError(cause: string, envProfile: string | undefined): ApigwError {
  const firstLine = cause.split('\n')[0]!.trim();
  const sso = /SSO/i.test(cause);
  // The SDK names the profile in some messages only ("Token is expired" does not): else AWS_PROFILE's.
  const profile = /profile[= ]+["']?([\w.@-]+)/i.exec(cause)?.[1] ?? (envProfile || undefined);
  return new ApigwError(
    `No usable AWS credentials: ${firstLine}`,
    1,
    sso
      ? `Sign in again: aws sso login${profile ? ` --profile ${profile}` : ''}`
      : /profile/i.test(cause)
        ? 'Check AWS_PROFILE (aws configure list-profiles lists them), or unset it; or use --local / --endpoint-url for an emulator.'
        : 'Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --local / --endpoint-url for an emulator.',
  );
}

/** A few words on what answered, from the response's headers. */
function seemsToBe(response: RawResponse | undefined): string {
  if (!response) return 'it sent no HTTP response the SDK could read';
  const h = lower(response.headers);
  const parts: string[] = [];
  const type = h['content-type']?.split(';')[0]?.trim();
  if (type) parts.push(type === 'text/html' ? 'an HTML page (a web server or proxy?)' : `content of type ${type}`);
  else parts.push('a response without a content type');
  if (h.server) parts.push(`from server "${h.server.slice(0, 60)}"`);
  return parts.join(' ');
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}
