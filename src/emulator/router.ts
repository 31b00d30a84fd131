import type { ConsistencyModel } from './consistency.js';
import type { EmulatorState } from './state.js';

/** What a handler sees of one request. Path labels are already percent-decoded. */
export interface RequestContext {
  operation: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; `undefined` when the body is empty. */
  body: any;
  rawBody: Buffer;
  state: EmulatorState;
  region: string;
  accountId: string;
  now(): Date;
  /** Service quotas that AWS lets an account raise; unset members take AWS's defaults. */
  limits?: EmulatorLimits;
  /** Opt-in eventual consistency (consistency.ts), with the time scale to apply to it. */
  consistency?: { model: ConsistencyModel; timeScale: number };
}

export interface EmulatorLimits {
  /** v1 resources per REST API (AWS default 300). */
  resourcesPerApi?: number;
  /** v1 stages per REST API (AWS default 10). */
  stagesPerApi?: number;
  /**
   * Maximum integration timeout in milliseconds of buffered integrations of regional and private
   * REST APIs (AWS default 29000; raised on request up to 300000). Edge-optimized APIs keep 29000;
   * streamed integrations (STREAM) take up to 900000 whatever the quota.
   */
  integrationTimeoutMillis?: number;
  /** Private custom domain names per account and region (AWS default 50). */
  privateDomainNames?: number;
  /** Domain name access associations per account (AWS default 100). */
  domainNameAccessAssociations?: number;
}

export interface HandlerResult {
  status: number;
  /** Serialised as JSON unless it is a string or Buffer (exports), sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => HandlerResult;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The model's requestUri, e.g. `/restapis/{restapi_id}/resources/{resource_id}` (query part omitted). */
  path: string;
  /** The model's operation name, e.g. `CreateResource`: used for throttling, counters and faults. */
  operation: string;
  /** Extra query-string discriminator, e.g. `mode=import` for ImportRestApi. */
  query?: Record<string, string>;
  /** The body is a document of its own (ImportRestApi's OpenAPI file): handed over unparsed. */
  rawBody?: boolean;
  handler: Handler;
}

interface CompiledRoute extends Route {
  segments: string[];
}

/**
 * Matches a request against the routes. Routing is on the raw path split at `/`, and each segment
 * is decoded afterwards, because the SDKs percent-encode `/` inside labels (tag ARNs).
 */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    // Literal segments win over labels, and routes with a query discriminator are tried first.
    this.routes = routes
      .map((r) => ({ ...r, segments: r.path.split('/').filter(Boolean) }))
      .sort((a, b) => Number(Boolean(b.query)) - Number(Boolean(a.query)));
  }

  match(method: string, rawPath: string, query: URLSearchParams):
    | { route: Route; params: Record<string, string> }
    | { route?: undefined; methodNotAllowed: boolean } {
    const parts = rawPath.split('/').filter(Boolean);
    let pathMatched = false;
    let best: { route: CompiledRoute; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith('{')) {
          params[seg.slice(1, -1).replace(/\+$/, '')] = safeDecode(part);
        } else if (seg === part) {
          literals++;
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      if (route.query && !Object.entries(route.query).every(([k, v]) => query.get(k) === v)) continue;
      if (!best || literals > best.literals) best = { route, params, literals };
    }
    return best ? { route: best.route, params: best.params } : { methodNotAllowed: pathMatched };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
