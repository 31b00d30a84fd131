import { Type } from '@sinclair/typebox';
import { bool, enumOf, list, mapOf, obj, opt, str } from './fields.js';
import { ApiKey, ClientCertificate, Domain, UsagePlan, VpcLink } from './account.js';
import { HttpApi } from './http-api.js';
import { RestApi } from './rest-api.js';
import { WebSocketApi } from './websocket-api.js';

/** The account features UpdateAccount can turn on (`add` to `/features`): AWS documents only `UsagePlans`. */
export const ACCOUNT_FEATURES = ['UsagePlans'] as const;

export const AccountSettings = obj('API Gateway\'s settings of the account in the set\'s region (AWS `UpdateAccount`): one object per account and region, so only one spec set may declare it. Written once in the set, with at least one field.', {
  cloudwatchRoleArn: opt(str('ARN of the IAM role API Gateway uses to write execution logs and access logs to CloudWatch (trusted by `apigateway.amazonaws.com`, with the `AmazonAPIGatewayPushToCloudWatchLogs` policy). Needed once per account and region before any stage\'s `logging` works. apigw-sync sets it; it never clears it (removing `account` leaves the role as it is).', {
    pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$',
  })),
  features: opt(list('Account features to turn on (AWS `add` to `/features`). `UsagePlans` is the only one AWS documents: on by itself for every account made since August 2016; an older account needs it before its usage plans work (AWS then makes a default usage plan for each API stage its API keys name). apigw-sync adds a listed feature the account lacks; it never removes one (AWS refuses to remove `UsagePlans`), so leaving a feature out, or removing `account`, changes nothing.',
    enumOf(ACCOUNT_FEATURES, 'An account feature.'), { minItems: 1, uniqueItems: true })),
}, { minProperties: 1 });

/** The top of the language: what one spec file holds, and the spec set's root file. */

export const SpecDocument = obj('An apigw-sync spec file. Files of one spec set are merged: each name may be defined once.', {
  restApis: opt(mapOf('REST APIs by name (the AWS API name).', RestApi)),
  httpApis: opt(mapOf('HTTP APIs by name (the AWS API name).', HttpApi)),
  webSocketApis: opt(mapOf('WebSocket APIs by name (the AWS API name).', WebSocketApi)),
  apiKeys: opt(mapOf('API keys by name.', ApiKey)),
  usagePlans: opt(mapOf('Usage plans by name.', UsagePlan)),
  domains: opt(mapOf('Custom domain names, keyed by the domain name.', Domain)),
  vpcLinks: opt(mapOf('VPC links by name; integrations refer to them with `vpcLink: NAME`.', VpcLink)),
  clientCertificates: opt(mapOf('Client certificates by name; REST stages refer to them with `clientCertificate: NAME`.', ClientCertificate)),
  account: opt(AccountSettings),
  lambdaPermissions: opt(bool('Whether apigw-sync adds (and removes) the invoke permission of every Lambda the set\'s integrations and authorizers call: a statement in the function\'s policy whose id names the spec set and environment. Default true; `false` leaves them to the functions\' own stacks (the plan then prints the `aws lambda add-permission` to run). Written once in the set.')),
});

export const ROOT_FILE = 'apigw-sync.yaml';

export const RootConfig = obj('The spec set\'s root file, `apigw-sync.yaml`: its name, region and environments.', {
  name: str('Name of the spec set: the value of the ownership tag `apigw-sync:managed-by`. Keep it stable.', {
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
  }),
  region: opt(str('AWS region of the APIs, e.g. `us-east-1`.', { pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$' })),
  environments: opt(mapOf('Environments by name; each holds the values `${values.NAME}` refers to.',
    Type.Record(Type.String(), Type.Unknown(), { description: 'Values of this environment (strings, numbers, booleans, lists or maps).' }))),
  defaultEnvironment: opt(str('Environment used when `--env` is not given.')),
});
