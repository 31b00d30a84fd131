import { type CheckContext, report } from './context.js';

/**
 * Shapes of the ARNs and URIs a spec refers to. Checked here so that a typo fails in review
 * (`validate`), not minutes into an apply. `${stageVariables.NAME}` may stand for the parts
 * AWS allows it in (a Lambda alias, a VPC link id, an HTTP host).
 */
const P = 'arn:aws(?:-cn|-us-gov)?';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';
const STAGE_VAR = '\\$\\{stageVariables\\.[A-Za-z0-9_]+\\}';

export interface ArnKind {
  what: string;
  example: string;
  pattern: RegExp;
}

export const ARN: Record<string, ArnKind> = {
  lambda: {
    what: 'a Lambda function ARN',
    example: 'arn:aws:lambda:us-east-1:123456789012:function:my-function',
    pattern: new RegExp(`^${P}:lambda:${REGION}:${ACCOUNT}:function:(?:[A-Za-z0-9_-]{1,64}|${STAGE_VAR})(?::(?:[A-Za-z0-9_$-]+|${STAGE_VAR}))?$`),
  },
  lambdaInvocationUri: {
    what: 'a Lambda invocation URI',
    example: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations',
    pattern: new RegExp(`^${P}:apigateway:${REGION}:lambda:path/2015-03-31/functions/${P}:lambda:${REGION}:${ACCOUNT}:function:(?:[A-Za-z0-9_-]{1,64}|${STAGE_VAR})(?::(?:[A-Za-z0-9_$-]+|${STAGE_VAR}))?/invocations$`),
  },
  awsServiceUri: {
    what: 'an AWS service integration URI',
    example: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
    pattern: new RegExp(`^${P}:apigateway:${REGION}:[a-z0-9.-]+:(?:path|action)/\\S+$`),
  },
  cognitoUserPool: {
    what: 'a Cognito user pool ARN',
    example: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC123',
    pattern: new RegExp(`^${P}:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_[A-Za-z0-9]+$`),
  },
  acmCertificate: {
    what: 'an ACM certificate ARN',
    example: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    pattern: new RegExp(`^${P}:acm:${REGION}:${ACCOUNT}:certificate/[A-Za-z0-9-]+$`),
  },
  iamRole: {
    what: 'an IAM role ARN',
    example: 'arn:aws:iam::123456789012:role/apigateway-invoke',
    pattern: new RegExp(`^${P}:iam::${ACCOUNT}:role/[A-Za-z0-9+=,.@_/-]+$`),
  },
  integrationCredentials: {
    what: 'an IAM role ARN (or arn:aws:iam::*:user/* for the caller\'s credentials)',
    example: 'arn:aws:iam::123456789012:role/apigateway-dynamodb',
    pattern: new RegExp(`^(?:${P}:iam::${ACCOUNT}:role/[A-Za-z0-9+=,.@_/-]+|${P}:iam::\\*:user/\\*)$`),
  },
  accessLogDestination: {
    what: 'a CloudWatch Logs log group ARN (without a trailing :*) or a Firehose stream named amazon-apigateway-*',
    example: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/petstore',
    pattern: new RegExp(`^(?:${P}:logs:${REGION}:${ACCOUNT}:log-group:[A-Za-z0-9_/.#-]+|${P}:firehose:${REGION}:${ACCOUNT}:deliverystream/amazon-apigateway-[A-Za-z0-9_.-]+)$`),
  },
  truststoreUri: {
    what: 'an S3 URI',
    example: 's3://my-truststore-bucket/truststore.pem',
    pattern: /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\S+$/,
  },
  privateIntegrationTarget: {
    what: 'a load balancer listener ARN or a Cloud Map service ARN',
    example: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65',
    pattern: new RegExp(`^(?:${P}:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/\\S+|${P}:servicediscovery:${REGION}:${ACCOUNT}:service/\\S+)$`),
  },
  loadBalancerTarget: {
    what: 'an Application or Network Load Balancer ARN, or one of its listeners\' ARN',
    example: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65',
    pattern: new RegExp(`^${P}:elasticloadbalancing:${REGION}:${ACCOUNT}:(?:loadbalancer|listener)/(?:app|net)/[A-Za-z0-9-]+/[0-9a-f]+(?:/[0-9a-f]+)?$`),
  },
  networkLoadBalancer: {
    what: 'a Network Load Balancer ARN',
    example: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/inventory/50dc6c495c0c9188',
    pattern: new RegExp(`^${P}:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/[A-Za-z0-9-]+/[0-9a-f]+$`),
  },
  httpUrl: {
    what: 'an http(s) URL',
    example: 'https://backend.example.com/users/{id}',
    pattern: /^https?:\/\/\S+$/,
  },
};

export function arnProblem(value: string, kind: keyof typeof ARN): string | undefined {
  const k = ARN[kind]!;
  return k.pattern.test(value) ? undefined : `is not ${k.what}`;
}

/** Reports `field` of `owner` when `value` is set and not of the expected kind. */
export function checkArn(ctx: CheckContext, value: string | undefined, kind: keyof typeof ARN, at: (string | number)[], owner: string, field: string): void {
  if (value === undefined) return;
  const problem = arnProblem(value, kind);
  if (problem) report(ctx, 'spec/invalid-arn', at, `${owner}: "${field}" ${JSON.stringify(value)} ${problem}.`, `write it like ${ARN[kind]!.example}.`);
}

/**
 * `arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FN/invocations`. REGION is the
 * API's region (the spec set's), which may differ from the function's; without one known, the
 * function's own region is the best guess.
 */
export function lambdaInvocationUri(functionArn: string, apiRegion: string | undefined): string {
  const parts = functionArn.split(':');
  const partition = parts[1] ?? 'aws';
  const region = apiRegion ?? parts[3] ?? '';
  return `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}
