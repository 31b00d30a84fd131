import type { Entity } from '../model.js';

/**
 * Usage plans name their stages by API id, and the REST reader names them as REST stages. A stage
 * of a WebSocket API is referenced as `websocket-api:NAME / stage:STAGE`, so that deleting or
 * creating the stage is ordered with the usage plans that use it.
 */
export function webSocketStageRefs(entities: Entity[], webSocketApis: Set<string>, restApis: Set<string>): Entity[] {
  return entities.map((e) => {
    if (e.kind !== 'usage-plan' || !e.refs) return e;
    const refs = e.refs.map((r) => {
      const m = /^rest-api:(.+?) \/ (stage:.*)$/.exec(r);
      return m && m[1] && webSocketApis.has(m[1]) && !restApis.has(m[1]) ? `websocket-api:${m[1]} / ${m[2]}` : r;
    });
    return { ...e, refs: refs.sort() };
  });
}
