import { GetAccountCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { SpecSet } from '../schema/index.js';
import type { Entity } from './model.js';
import type { PatchOp } from './patch.js';
import type { AwsCall } from './plan-types.js';

/**
 * API Gateway's account settings (`account: { cloudwatchRoleArn, features }`): one object per
 * account and region, keyed `account`. It is read (GetAccount) and planned only when the set
 * declares it, and only the declared fields are compared, so a set that does not declare it, or
 * stops declaring it, never clears a role or removes a feature: they are shared by every API of
 * the account, and the set cannot know whether it set them. Features are a floor: the live account
 * must have each declared one, and the ones it has besides are not the set's business (AWS refuses
 * to remove `UsagePlans` anyway). A change is one UpdateAccount (AWS allows one every 20 s) holding
 * every field that differs.
 */
export const ACCOUNT_KEY = 'account';

type Declared = NonNullable<SpecSet['account']>;

/** The declared features, unique and sorted: their order means nothing to AWS. */
const featureSet = (features: readonly string[] | undefined): string[] | undefined =>
  features === undefined ? undefined : [...new Set(features)].sort();

export function desiredAccountSettings(specSet: SpecSet): Entity[] {
  const a = specSet.account;
  if (!a) return [];
  const attrs: Record<string, unknown> = {};
  if (a.cloudwatchRoleArn !== undefined) attrs.cloudwatchRoleArn = a.cloudwatchRoleArn;
  const features = featureSet(a.features);
  if (features) attrs.features = features;
  return [{ kind: 'account', key: ACCOUNT_KEY, attrs }];
}

/**
 * GetAccount, seen through what the set declares: the role only when it declares one, and of the
 * account's features only the declared ones it has (a missing one then shows as a change; the
 * others are left out, so they are never planned away).
 */
export async function readAccountSettings(client: APIGatewayClient, declared: Declared): Promise<Entity> {
  const out = await client.send(new GetAccountCommand({}));
  const attrs: Record<string, unknown> = {};
  if (declared.cloudwatchRoleArn !== undefined && out.cloudwatchRoleArn) attrs.cloudwatchRoleArn = out.cloudwatchRoleArn;
  const wanted = featureSet(declared.features);
  if (wanted) attrs.features = wanted.filter((f) => (out.features ?? []).includes(f));
  return { kind: 'account', key: ACCOUNT_KEY, attrs };
}

/**
 * One UpdateAccount with what differs from the live settings (all of the declared ones when there
 * is no live reading): `replace` of the role, an `add` to `/features` per missing feature. Nothing
 * is ever removed.
 */
export function accountSettingsCalls(desired: Entity, live?: Entity): AwsCall[] {
  const ops: PatchOp[] = [];
  const role = desired.attrs.cloudwatchRoleArn;
  if (typeof role === 'string' && role !== live?.attrs.cloudwatchRoleArn) ops.push({ op: 'replace', path: '/cloudwatchRoleArn', value: role });
  const has = new Set((live?.attrs.features as string[] | undefined) ?? []);
  for (const f of (desired.attrs.features as string[] | undefined) ?? []) if (!has.has(f)) ops.push({ op: 'add', path: '/features', value: f });
  return ops.length ? [{ service: 'apigateway', operation: 'UpdateAccount', input: { patchOperations: ops } }] : [];
}
