import type { RequestContext } from '../router.js';
import { AwsError } from '../aws-error.js';

/**
 * v1 paging: `limit` (default 25, at most 500) and an opaque `position`, returned only while more
 * items follow. The position encodes the offset of the next item; lists are kept in a stable order,
 * so a position stays meaningful between calls.
 */
export function paginate<T>(ctx: RequestContext, items: T[]): { item: T[]; position?: string } {
  const limit = parseLimit(ctx.query.get('limit'));
  const start = decodePosition(ctx.query.get('position'));
  const page = items.slice(start, start + limit);
  const next = start + page.length;
  return next < items.length ? { item: page, position: encodePosition(next) } : { item: page };
}

function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return 25;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new AwsError('SerializationException', 400, `Unable to parse limit: ${raw}`);
  // The documented maximum; larger values get 500 items.
  if (n > 500) return 500;
  // AWS answers a zero or negative limit with an empty page rather than an error.
  return Math.max(0, n);
}

function encodePosition(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodePosition(raw: string | null): number {
  if (!raw) return 0;
  try {
    const o = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')).o;
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* fall through */
  }
  throw new AwsError('BadRequestException', 400, 'Invalid position parameter');
}
