import { GetAccountCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { SpecSet } from '../schema/index.js';
import type { Entity } from './model.js';
import type { AwsCall } from './plan-types.js';

/**
 * API Gateway's account settings (`account: { cloudwatchRoleArn }`): one object per account and
 * region, keyed `account`. It is read (GetAccount) and planned only when the set declares it, and
 * only the declared fields are compared, so a set that does not declare it, or stops declaring it,
 * never clears a role: the role is shared by every API of the account, and the set cannot know
 * whether it set it. A change is one UpdateAccount (AWS allows one every 20 s).
 */
export const ACCOUNT_KEY = 'account';

export function desiredAccountSettings(specSet: SpecSet): Entity[] {
  const a = specSet.account;
  if (!a) return [];
  return [{ kind: 'account', key: ACCOUNT_KEY, attrs: { cloudwatchRoleArn: a.cloudwatchRoleArn } }];
}

export async function readAccountSettings(client: APIGatewayClient): Promise<Entity> {
  const out = await client.send(new GetAccountCommand({}));
  return { kind: 'account', key: ACCOUNT_KEY, attrs: out.cloudwatchRoleArn ? { cloudwatchRoleArn: out.cloudwatchRoleArn } : {} };
}

/** UpdateAccount with the declared fields: the same call sets a role the first time and changes it later. */
export function accountSettingsCalls(desired: Entity): AwsCall[] {
  const role = desired.attrs.cloudwatchRoleArn;
  if (typeof role !== 'string') return [];
  return [{ service: 'apigateway', operation: 'UpdateAccount', input: { patchOperations: [{ op: 'replace', path: '/cloudwatchRoleArn', value: role }] } }];
}
