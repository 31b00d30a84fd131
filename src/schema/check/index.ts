import type { SpecSet } from '../types.js';
import { checkAccount } from './account.js';
import { type CheckContext, entries } from './context.js';
import { checkRestApi } from './rest-api.js';
import { checkHttpApi, checkWebSocketApi } from './v2-api.js';
import { checkVpcLinks } from './vpc-links.js';
import { checkLoggingRole } from './logging-role.js';

export type { CheckContext } from './context.js';

/** The rules no schema can express. Each reports every problem it finds; none stops early. */
export function runChecks(set: SpecSet, ctx: CheckContext): void {
  for (const [name, api] of entries(set.restApis)) checkRestApi(name, api, ctx);
  for (const [name, api] of entries(set.httpApis)) checkHttpApi(name, api, ctx);
  for (const [name, api] of entries(set.webSocketApis)) checkWebSocketApi(name, api, ctx);
  checkAccount(set, ctx);
  checkVpcLinks(set, ctx);
  checkLoggingRole(set, ctx);
}
