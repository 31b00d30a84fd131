import * as sdk from '@aws-sdk/client-api-gateway';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import * as sdkV2 from '@aws-sdk/client-apigatewayv2';
import type { Plan } from '../../../src/reconcile/plan-types.js';

/**
 * The plan's ops in another order its dependencies allow: always the last op that is ready. A
 * parallel executor may run ready ops in any order, so a plan whose `dependsOn` misses an edge
 * that its own order happened to respect fails here.
 */
function adversarialOrder(plan: Plan): Plan['ops'] {
  const done = new Set<string>();
  const left = [...plan.ops];
  const out: Plan['ops'] = [];
  while (left.length) {
    const i = left.map((o) => o.dependsOn.every((d) => done.has(d))).lastIndexOf(true);
    if (i < 0) throw new Error('the plan has a dependency cycle');
    const [op] = left.splice(i, 1);
    if (!op) break;
    out.push(op);
    done.add(op.id);
  }
  return out;
}

/**
 * Runs a plan's calls one after the other with the real SDK, resolving `{ $ref }` and
 * `{ $secret }` placeholders: just enough to check, in planning's own tests, that the calls a
 * plan holds are ones AWS (the emulator) accepts and that they converge. The real executor, with
 * parallelism, pacing and retries, is apply's.
 */
type Obj = Record<string, unknown>;

export async function runPlan(client: APIGatewayClient, plan: Plan, env: Record<string, string> = {}, v2?: sdkV2.ApiGatewayV2Client): Promise<void> {
  const ids = new Map<string, Obj>();
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') {
      const o = v as Obj;
      if (typeof o.$ref === 'string') {
        const id = ids.get(o.$ref)?.[String(o.id)];
        if (id === undefined) throw new Error(`unresolved ${o.$ref} ${String(o.id)}`);
        return typeof o.format === 'string' ? o.format.replace('{}', String(id)) : id;
      }
      if (typeof o.$secret === 'string') return env[o.$secret.replace(/^env:/, '')];
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  for (const op of adversarialOrder(plan)) {
    if (op.blocked) throw new Error(`blocked op ${op.address}`);
    for (const c of op.calls) {
      const module = c.service === 'apigatewayv2' ? sdkV2 : sdk;
      const Command = (module as unknown as Record<string, new (input: unknown) => unknown>)[`${c.operation}Command`];
      if (!Command) throw new Error(`no SDK command ${c.operation}`);
      if (c.service === 'apigatewayv2' && !v2) throw new Error(`${op.address}: an apigatewayv2 call needs the v2 client`);
      let out: Obj;
      try {
        const target = (c.service === 'apigatewayv2' ? v2 : client) as { send(c: never): Promise<unknown> };
        out = (await target.send(new Command(resolve(c.input)) as never)) as unknown as Obj;
      } catch (err) {
        throw new Error(`${op.address}: ${c.operation} ${JSON.stringify(resolve(c.input))} failed: ${(err as Error).message}`);
      }
      for (const p of [c.produces ?? []].flat() as { key: string; ids: Record<string, string> }[]) {
        const got = ids.get(p.key) ?? {};
        for (const [name, field] of Object.entries(p.ids)) got[name] = out[field];
        ids.set(p.key, got);
      }
    }
  }
}
