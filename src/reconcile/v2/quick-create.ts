import { addressOf } from '../keys.js';
import type { Model } from '../model.js';
import type { DraftOp } from '../order.js';
import { entitiesOfKind } from '../entity-list.js';

/**
 * HTTP API quick create, said up front: what AWS makes along with an API that has a `target`, and
 * what it refuses to change on those managed objects; a target the spec no longer names stays.
 */
export function explainQuickCreate(drafts: DraftOp[], desired: Model, live: Model): string[] {
  for (const d of drafts) {
    if (d.kind !== 'http-api' || (d.action !== 'create' && d.action !== 'replace')) continue;
    const a = desired.entities[d.key]?.attrs;
    if (typeof a?.target !== 'string') continue;
    const lambda = /^arn:aws[a-z-]*:(lambda|apigateway):/.test(a.target);
    const note = `quick create: AWS also makes route ${String(a.routeKey)} to an integration (${lambda ? 'AWS_PROXY, payload format 2.0' : 'HTTP_PROXY'}) ` +
      'calling the target, and an auto-deploying $default stage. API Gateway manages them: AWS refuses to change or delete them ' +
      'except through the API\'s target, routeKey and credentialsArn, and never removes the target';
    d.explanation = d.explanation ? `${d.explanation}; ${note}` : note;
  }
  const notices: string[] = [];
  for (const l of entitiesOfKind(live, 'http-api')) {
    const k = l.key;
    const want = desired.entities[k];
    if (typeof l.attrs.target !== 'string' || !want || want.attrs.target !== undefined) continue;
    notices.push(`${addressOf(k)} was made with quick create (target ${l.attrs.target}): AWS never removes a target, so its managed route ` +
      `${String(l.attrs.routeKey)}, integration and $default stage stay. Name the target in the spec to keep managing it, or recreate the API to drop them.`);
  }
  return notices;
}
