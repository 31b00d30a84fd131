import { addressOf } from '../keys.js';
import type { Entity, Model } from '../model.js';
import { entitiesOfKind } from '../entity-list.js';

/**
 * Settings AWS can set but never clear. An HTTP or WebSocket stage's default route throttling is
 * one: UpdateStage merges DefaultRouteSettings member by member, so leaving the limits out changes
 * nothing, and sending 0 throttles every request of the API (a rate of 0 is a limit, not "not
 * configured"). Only a new stage has none. So a spec that drops the limits keeps the live values:
 * nothing is planned (a plan that could never converge would redo its update on every apply), and
 * a notice says what to do instead.
 */
const LIMITS = ['throttlingBurstLimit', 'throttlingRateLimit'] as const;

export function keepUnclearableSettings(desired: Model, live: Model): { desired: Model; notices: string[] } {
  const notices: string[] = [];
  let entities: Record<string, Entity> | undefined;
  for (const d of entitiesOfKind(desired, 'rest-api', 'v2-stage')) {
    // A REST API's version is set by CreateRestApi; UpdateRestApi has no path for it.
    if (d.kind === 'rest-api' && live.entities[d.key] && live.entities[d.key]!.attrs.version !== d.attrs.version) {
      const liveVersion = live.entities[d.key]!.attrs.version;
      entities ??= { ...desired.entities };
      const attrs = { ...d.attrs };
      if (liveVersion === undefined) delete attrs.version;
      else attrs.version = liveVersion;
      entities[d.key] = { ...d, attrs };
      notices.push(`${addressOf(d.key)} keeps its version ${liveVersion === undefined ? '(none)' : JSON.stringify(liveVersion)} ` +
        `instead of ${d.attrs.version === undefined ? '(none)' : JSON.stringify(d.attrs.version)}: AWS sets a REST API's version only when the API is created. ` +
        'Import the API\'s OpenAPI definition (PutRestApi) to change it, or delete and recreate the API.');
      continue;
    }
    if (d.kind !== 'v2-stage') continue;
    const liveSettings = live.entities[d.key]?.attrs.defaultRouteSettings as Record<string, unknown> | undefined;
    const wanted = (d.attrs.defaultRouteSettings ?? {}) as Record<string, unknown>;
    const kept = LIMITS.filter((f) => liveSettings?.[f] !== undefined && wanted[f] === undefined);
    if (kept.length === 0) continue;
    entities ??= { ...desired.entities };
    const settings = { ...wanted, ...Object.fromEntries(kept.map((f) => [f, liveSettings![f]])) };
    entities[d.key] = { ...d, attrs: { ...d.attrs, defaultRouteSettings: settings } };
    notices.push(
      `${addressOf(d.key)} keeps its default route throttling (${kept.map((f) => `${f} ${String(liveSettings![f])}`).join(', ')}): ` +
        'AWS cannot clear it in place, and 0 would throttle every request. Set the limits you want in defaultRouteSettings.throttle, ' +
        'or delete the stage (apigw-sync recreates it without limits on the next apply).',
    );
  }
  return { desired: entities ? { entities } : desired, notices };
}
