import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ClientSource } from './client-source.js';
import type { SpecSet } from '../schema/index.js';
import { childKey, integrationKey, methodKey, resourceKey, restApiKey } from './keys.js';
import { desiredPermissions, functionsCalled } from './lambda-permissions.js';
import type { Entity, EntityKey, Model } from './model.js';
import { readLambdaPermissions } from './read-lambda-permissions.js';
import { v2ApiKey, v2AuthorizerKey, v2IntegrationKey } from './v2/keys.js';

/**
 * Both sides of the Lambda invoke permissions for one plan: the statements the set wants (unless
 * `lambdaPermissions: false`) and ours that the functions' policies hold. The functions read are
 * those the desired and the live integrations and authorizers call (and, for destroy, those of
 * the set as written), so a statement of a function no integration calls any more is found and
 * removed. A function in another region than the APIs, or whose policy we may not read (another
 * account's), is left out: the plan prints the command its owner must run instead.
 */
export interface PermissionInput {
  /** Made (and its package loaded) only when there are functions to read. */
  client: ClientSource<LambdaClient>;
  specSet: SpecSet;
  desired: Model;
  /** The live entities read so far (APIs with their ids, integrations, stages). */
  live: Entity[];
  region: string;
  owner: string;
  formerly?: Model | undefined;
}

export async function planLambdaPermissions(input: PermissionInput): Promise<{ desired: Entity[]; live: Entity[]; notices: string[] }> {
  const liveModel: Model = { entities: Object.fromEntries(input.live.map((e) => [e.key, e])) };
  const apiIds = new Map<string, EntityKey>();
  for (const e of input.live) {
    const id = e.kind === 'rest-api' ? e.ids?.restApiId : e.kind === 'http-api' || e.kind === 'websocket-api' ? e.ids?.apiId : undefined;
    if (id) apiIds.set(id, e.key);
  }
  const inRegion = (fn: string) => fn.split(':')[3] === input.region;
  const functions = [...new Set([
    ...functionsCalled(input.desired),
    ...functionsCalled(liveModel),
    ...(input.formerly ? functionsCalled(input.formerly) : []),
  ])].filter(inRegion).sort();
  const read = await readLambdaPermissions(input.client, functions, input.owner, apiIds);
  const notices = [...read.unreadable].map(([fn, why]) =>
    `Lambda ${fn}: its policy cannot be read (${why}); a function of another account must grant API Gateway the invoke permission there (the command is below).`);
  const wanted = input.specSet.lambdaPermissions === false
    ? []
    : desiredPermissions(input.desired, { region: input.region, owner: input.owner, optOut: optedOut(input.specSet) })
      .filter((e) => inRegion(String(e.attrs.functionName)) && !read.unreadable.has(String(e.attrs.functionName)));
  // Statements of ours that go because the spec turned management off: say what must replace them.
  const off = new Set(wanted.map((e) => String(e.attrs.functionName)));
  const released = [...new Set(read.entities.map((e) => String(e.attrs.functionName)))]
    .filter((fn) => !off.has(fn) && functionsCalled(input.desired).some((f) => fn === f));
  for (const fn of released) {
    notices.push(`Lambda ${fn}: apigw-sync no longer manages its invoke permission (lambdaPermission${input.specSet.lambdaPermissions === false ? 's' : ''}: false), ` +
      'so the plan removes the statements it added; grant API Gateway the invoke permission in the function\'s own stack before applying.');
  }
  return { desired: wanted, live: read.entities, notices };
}

/** Keys of the integrations and authorizers whose spec says `lambdaPermission: false`. */
function optedOut(s: SpecSet): Set<EntityKey> {
  const out = new Set<EntityKey>();
  for (const [name, api] of Object.entries(s.restApis)) {
    const apiKey = restApiKey(name);
    for (const [a, spec] of Object.entries(api.authorizers ?? {})) if (spec.lambdaPermission === false) out.add(childKey(apiKey, 'authorizer', a));
    for (const [path, resource] of Object.entries(api.resources ?? {})) {
      for (const [verb, method] of Object.entries(resource)) {
        const m = method as { integration?: { lambdaPermission?: boolean } } | undefined;
        if (m?.integration?.lambdaPermission === false) out.add(integrationKey(methodKey(resourceKey(apiKey, path), verb)));
      }
    }
  }
  for (const [protocol, apis] of [['HTTP', s.httpApis], ['WEBSOCKET', s.webSocketApis]] as const) {
    for (const [name, api] of Object.entries(apis)) {
      const apiKey = v2ApiKey(protocol, name);
      const v2 = api as { integrations?: Record<string, { lambdaPermission?: boolean }>; authorizers?: Record<string, { lambdaPermission?: boolean }> };
      for (const [i, spec] of Object.entries(v2.integrations ?? {})) if (spec.lambdaPermission === false) out.add(v2IntegrationKey(apiKey, i));
      for (const [a, spec] of Object.entries(v2.authorizers ?? {})) if (spec.lambdaPermission === false) out.add(v2AuthorizerKey(apiKey, a));
    }
  }
  return out;
}
