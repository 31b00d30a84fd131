import { addressOf, nameOf } from '../keys.js';
import type { Model } from '../model.js';
import type { DraftOp } from '../order.js';
import { V2_API_KINDS } from './keys.js';

/**
 * AWS cannot change an API's protocol: an HTTP API that becomes a WebSocket API (or the reverse) is
 * another API, deleted and created. The delete says so.
 */
export function explainProtocolChanges(drafts: DraftOp[], desired: Model): void {
  for (const d of drafts) {
    if (d.action !== 'delete' || !V2_API_KINDS.has(d.kind)) continue;
    const other = d.kind === 'http-api' ? `websocket-api:${nameOf(d.key)}` : `http-api:${nameOf(d.key)}`;
    if (!desired.entities[other]) continue;
    const why = `replaced by ${addressOf(other)}, because an API's protocol cannot be changed in place`;
    d.explanation = d.explanation ? `${why}; ${d.explanation}` : why;
  }
}
