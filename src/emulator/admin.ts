import type { IncomingMessage } from 'node:http';
import type { CallLog } from './call-log.js';
import type { FaultConfig, FaultInjector } from './faults.js';
import type { Throttler, ThrottleOptions } from './throttle.js';
import type { ConflictModel, ConflictOptions } from './conflicts.js';
import type { ConsistencyModel, ConsistencyOptions } from './consistency.js';

/** Admin endpoints live under a prefix AWS never uses, so they cannot shadow an API operation. */
export const ADMIN_PREFIX = '/_emulator/';

export interface AdminContext {
  calls: CallLog;
  faults: FaultInjector;
  throttle: Throttler;
  conflicts: ConflictModel;
  consistency: ConsistencyModel;
  region: string;
  accountId: string;
  stateSnapshot(): unknown;
  resetAll(): void;
  /** Creates a domain name access association owned by another account (body: see docs/emulator.md). */
  seedForeignAccessAssociation(body: Record<string, unknown>): AdminResult;
}

export interface AdminResult {
  status: number;
  body?: unknown;
}

/**
 * GET    /_emulator/health                 {ok, region, accountId}
 * GET    /_emulator/calls                  call counter per operation and the request log
 * DELETE /_emulator/calls                  reset the counter and the log
 * POST   /_emulator/reset                  empty state, counters and throttle buckets
 * GET|PUT|DELETE /_emulator/faults         read / set (FaultConfig JSON) / turn off fault injection
 * GET|PUT /_emulator/throttle              read / set {enabled, timeScale}
 * GET|PUT /_emulator/conflicts             read / set {enabled, holdMs} (concurrent-modification conflicts)
 * GET|PUT /_emulator/consistency           read / set {vpcLinkPendingMs, readAfterCreateMs, dnsChangeSyncMs}
 * GET    /_emulator/state                  the whole state as JSON
 * POST   /_emulator/foreign-access-associations  another account's domain name access association
 *                                          with one of this account's private domain names
 */
export function handleAdmin(req: IncomingMessage, path: string, body: unknown, ctx: AdminContext): AdminResult {
  const route = `${req.method} ${path.slice(ADMIN_PREFIX.length).replace(/\/$/, '')}`;
  try {
    switch (route) {
      case 'GET health':
        return { status: 200, body: { ok: true, region: ctx.region, accountId: ctx.accountId } };
      case 'GET calls':
        return { status: 200, body: ctx.calls.summary() };
      case 'DELETE calls':
        ctx.calls.reset();
        return { status: 204 };
      case 'POST reset':
        ctx.resetAll();
        return { status: 204 };
      case 'GET faults':
        return { status: 200, body: ctx.faults.settings ?? null };
      case 'PUT faults':
        ctx.faults.configure(asObject(body) as FaultConfig);
        return { status: 200, body: ctx.faults.settings };
      case 'DELETE faults':
        ctx.faults.configure(undefined);
        return { status: 204 };
      case 'GET throttle':
        return { status: 200, body: ctx.throttle.settings };
      case 'PUT throttle':
        ctx.throttle.configure(asObject(body) as Partial<ThrottleOptions>);
        return { status: 200, body: ctx.throttle.settings };
      case 'GET conflicts':
        return { status: 200, body: ctx.conflicts.settings };
      case 'PUT conflicts':
        ctx.conflicts.configure(asObject(body) as Partial<ConflictOptions>);
        return { status: 200, body: ctx.conflicts.settings };
      case 'GET consistency':
        return { status: 200, body: ctx.consistency.settings };
      case 'PUT consistency':
        ctx.consistency.configure(asObject(body) as Partial<ConsistencyOptions>);
        return { status: 200, body: ctx.consistency.settings };
      case 'GET state':
        return { status: 200, body: ctx.stateSnapshot() };
      case 'POST foreign-access-associations':
        return ctx.seedForeignAccessAssociation(asObject(body));
      default:
        return { status: 404, body: { message: `No admin endpoint ${route}. See docs/emulator.md.` } };
    }
  } catch (err) {
    return { status: 400, body: { message: (err as Error).message } };
  }
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TypeError('expected a JSON object body');
  return body as Record<string, unknown>;
}
