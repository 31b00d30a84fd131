import { badRequest } from '../aws-error.js';
import type { HandlerResult, RequestContext } from '../router.js';
import { copy } from './store.js';

/**
 * One page of a v2 list: `{items, nextToken}`.
 *
 * `maxResults` arrives as a query string (the model types it as a string). Without it the whole
 * collection comes back in one response with no `nextToken`: AWS documents no default page size
 * for apigatewayv2 lists, and clients that loop on `nextToken` work either way.
 *
 * The token is opaque to clients; here it is the offset of the next item, base64-encoded. It stays
 * valid while items are only added (new items are appended to the end of the listing order).
 */
export function paginate(ctx: RequestContext, items: readonly unknown[]): HandlerResult {
  const rawMax = ctx.query.get('maxResults');
  let max = items.length;
  if (rawMax !== null) {
    if (!/^\d+$/.test(rawMax) || Number(rawMax) < 1) {
      throw badRequest(`Invalid maxResults specified: ${rawMax}. It must be a positive integer.`);
    }
    max = Number(rawMax);
  }
  const start = decodeToken(ctx.query.get('nextToken'));
  const page = items.slice(start, start + max);
  const next = start + page.length;
  const result: Record<string, unknown> = { items: copy(page) };
  if (next < items.length) result.nextToken = encodeToken(next);
  return { status: 200, body: result };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

function decodeToken(token: string | null): number {
  if (token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw badRequest('Invalid pagination token specified');
}
