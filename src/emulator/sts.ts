import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * STS GetCallerIdentity, so that a client pointed at the emulator (apigw-sync's plan heading, the
 * AWS CLI's `aws sts get-caller-identity`) learns the account, as it would from AWS. STS speaks
 * the AWS Query protocol: a form-encoded POST to `/` naming its Action, answered in XML. The shape
 * is AWS's documented one (STS API Reference, GetCallerIdentity): Arn, UserId and Account inside
 * GetCallerIdentityResult, then ResponseMetadata with a RequestId. Every identity is the account's
 * root user here (the emulator does not check credentials): Arn `arn:aws:iam::ACCOUNT:root`,
 * UserId the account id, as AWS answers for root credentials. Any other STS action gets the
 * Query protocol's error document (InvalidAction, 400).
 */
export function isStsRequest(method: string, path: string, headers: IncomingHttpHeaders): boolean {
  return method === 'POST' && path === '/' && String(headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

export function answerSts(rawBody: Buffer, accountId: string): { status: number; body: string; headers: Record<string, string> } {
  const form = new URLSearchParams(rawBody.toString('utf8'));
  const action = form.get('Action') ?? '';
  const requestId = randomUUID();
  const headers = { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId };
  if (action === 'GetCallerIdentity') {
    const body =
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
      '  <GetCallerIdentityResult>\n' +
      `    <Arn>arn:aws:iam::${accountId}:root</Arn>\n` +
      `    <UserId>${accountId}</UserId>\n` +
      `    <Account>${accountId}</Account>\n` +
      '  </GetCallerIdentityResult>\n' +
      '  <ResponseMetadata>\n' +
      `    <RequestId>${requestId}</RequestId>\n` +
      '  </ResponseMetadata>\n' +
      '</GetCallerIdentityResponse>\n';
    return { status: 200, body, headers };
  }
  const shown = action.replace(/[^A-Za-z0-9]/g, '').slice(0, 64) || '(none)';
  const body =
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
    '  <Error>\n' +
    '    <Type>Sender</Type>\n' +
    '    <Code>InvalidAction</Code>\n' +
    `    <Message>The action ${shown} is not valid for this endpoint: the emulator serves GetCallerIdentity only.</Message>\n` +
    '  </Error>\n' +
    `  <RequestId>${requestId}</RequestId>\n` +
    '</ErrorResponse>\n';
  return { status: 400, body, headers };
}
