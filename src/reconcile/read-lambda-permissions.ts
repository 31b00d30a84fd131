import type { LambdaClient } from '@aws-sdk/client-lambda';
import { clientOf, type ClientSource } from './client-source.js';
import type { Entity, EntityKey } from './model.js';
import { livePermissions, type PolicyStatement } from './lambda-permissions.js';

/**
 * Reads the policy of each function (GetPolicy, a few at a time) and keeps our statements. A
 * function without a policy (ResourceNotFoundException) has none of ours. One we may not read
 * (AccessDeniedException: another account's function) is reported, and its permissions are left
 * to that account. No function, no call: the Lambda client and its package are then never loaded.
 */
export interface ReadPermissions {
  entities: Entity[];
  /** Functions whose policy could not be read, with AWS's reason. */
  unreadable: Map<string, string>;
}

const CONCURRENCY = 4;

export async function readLambdaPermissions(
  source: ClientSource<LambdaClient>,
  functions: string[],
  owner: string,
  apiIds: ReadonlyMap<string, EntityKey>,
): Promise<ReadPermissions> {
  const entities: Entity[] = [];
  const unreadable = new Map<string, string>();
  if (functions.length === 0) return { entities, unreadable };
  const [client, { GetPolicyCommand }] = await Promise.all([clientOf(source), import('@aws-sdk/client-lambda')]);
  let next = 0;
  const worker = async () => {
    while (next < functions.length) {
      const fn = functions[next++]!;
      try {
        const out = await client.send(new GetPolicyCommand({ FunctionName: fn }));
        const doc = JSON.parse(out.Policy ?? '{}') as { Statement?: PolicyStatement[] | PolicyStatement };
        const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
        entities.push(...livePermissions(fn, statements, owner, apiIds));
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === 'ResourceNotFoundException') continue;
        if (name === 'AccessDeniedException' || name === 'AccessDenied') {
          unreadable.set(fn, (err as Error).message);
          continue;
        }
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, functions.length) }, worker));
  entities.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { entities, unreadable };
}
