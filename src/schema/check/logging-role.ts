import type { SpecSet } from '../types.js';
import { type CheckContext, entries, warn } from './context.js';

/**
 * A stage that turns on execution logging (REST `logging.level` ERROR or INFO, stage-wide or per
 * method; WebSocket `loggingLevel`) needs the account's CloudWatch role: without one, AWS refuses
 * the stage's settings ("CloudWatch Logs role ARN must be set in account settings"). The set should
 * declare it (`account: { cloudwatchRoleArn }`), unless the account already has one: a warning.
 */
const ON = (level: unknown) => level === 'ERROR' || level === 'INFO';

export function checkLoggingRole(set: SpecSet, ctx: CheckContext): void {
  if (set.account?.cloudwatchRoleArn) return;
  const found: Array<(string | number)[]> = [];
  for (const [name, api] of entries(set.restApis)) {
    for (const [stage, s] of entries(api.stages)) {
      if (ON(s.logging?.level)) found.push(['restApis', name, 'stages', stage, 'logging', 'level']);
      for (const [m, ms] of entries(s.methodSettings)) if (ON(ms.logging?.level)) found.push(['restApis', name, 'stages', stage, 'methodSettings', m, 'logging', 'level']);
    }
  }
  for (const [name, api] of entries(set.webSocketApis)) {
    for (const [stage, s] of entries(api.stages)) {
      if (ON(s.defaultRouteSettings?.loggingLevel)) found.push(['webSocketApis', name, 'stages', stage, 'defaultRouteSettings', 'loggingLevel']);
      for (const [r, rs] of entries(s.routeSettings)) if (ON(rs.loggingLevel)) found.push(['webSocketApis', name, 'stages', stage, 'routeSettings', r, 'loggingLevel']);
    }
  }
  // One warning per set is enough: the first place that needs the role.
  const first = found[0];
  if (!first) return;
  warn(ctx, 'spec/no-logging-role', first,
    `Stage ${String(first[3])} of ${String(first[1])} turns on execution logging, and the spec set declares no CloudWatch role for the account${found.length > 1 ? ` (${found.length - 1} more setting${found.length > 2 ? 's' : ''} too)` : ''}: AWS refuses logging settings until the account has one.`,
    'add `account: { cloudwatchRoleArn: arn:aws:iam::ACCOUNT:role/NAME }` to one spec file (a role API Gateway may assume, with AmazonAPIGatewayPushToCloudWatchLogs), unless the account already has a role.');
}
