import type { ObjectPath } from '../types.js';

/**
 * Names the object at a path in words a reviewer uses: `method GET /users (REST API petstore)`.
 * Returns the phrase for the deepest describable object and the remaining field path, so an
 * error reads "Stage prod (REST API petstore): "throttle.rateLimit" must be a number".
 */
export interface Described {
  what: string;
  /** Number of path segments the phrase covers. */
  depth: number;
}

const API_KIND: Record<string, string> = { restApis: 'REST API', httpApis: 'HTTP API', webSocketApis: 'WebSocket API' };
const ACCOUNT_KIND: Record<string, string> = { apiKeys: 'API key', usagePlans: 'usage plan', domains: 'domain', vpcLinks: 'VPC link', clientCertificates: 'client certificate' };

export function describe(path: ObjectPath): Described {
  const p = path.map(String);
  const [top, name] = p;
  if (top === undefined) return { what: 'the spec', depth: 0 };
  if (top === '$root') return { what: 'the root file apigw-sync.yaml', depth: 1 };
  if (name === undefined) return { what: `"${top}"`, depth: 1 };
  if (ACCOUNT_KIND[top]) return describeAccount(p, ACCOUNT_KIND[top]!);
  const kind = API_KIND[top];
  if (!kind) return { what: `"${top}"`, depth: 1 };
  const api = `${kind} ${name}`;
  const section = p[2];
  const item = p[3];
  if (section === undefined || item === undefined) {
    return section === 'cors' ? { what: `the CORS settings of ${api}`, depth: 3 } : { what: api, depth: 2 };
  }
  const within = `(${api})`;
  switch (section) {
    case 'resources': {
      const verb = p[4];
      if (verb === undefined) return { what: `resource ${item} ${within}`, depth: 4 };
      const method = `${verb} ${item}`;
      if (p[5] === 'integration') {
        if (p[6] === 'responses' && p[7] !== undefined) return { what: `integration response ${p[7]} of ${method} ${within}`, depth: 8 };
        return { what: `the integration of ${method} ${within}`, depth: 6 };
      }
      if (p[5] === 'responses' && p[6] !== undefined) return { what: `method response ${p[6]} of ${method} ${within}`, depth: 7 };
      return { what: `method ${method} ${within}`, depth: 5 };
    }
    case 'stages':
      if ((p[4] === 'methodSettings' || p[4] === 'routeSettings') && p[5] !== undefined) {
        return { what: `${p[4] === 'methodSettings' ? 'method' : 'route'} settings "${p[5]}" of stage ${item} ${within}`, depth: 6 };
      }
      return { what: `stage ${item} ${within}`, depth: 4 };
    case 'routes':
      if (p[4] === 'responses' && p[5] !== undefined) return { what: `route response ${p[5]} of route ${item} ${within}`, depth: 6 };
      return { what: `route ${item} ${within}`, depth: 4 };
    case 'integrations':
      if (p[4] === 'responses' && p[5] !== undefined) return { what: `integration response ${p[5]} of integration ${item} ${within}`, depth: 6 };
      return { what: `integration ${item} ${within}`, depth: 4 };
    case 'models':
      return { what: `model ${item} ${within}`, depth: 4 };
    case 'requestValidators':
      return { what: `request validator ${item} ${within}`, depth: 4 };
    case 'authorizers':
      return { what: `authorizer ${item} ${within}`, depth: 4 };
    case 'gatewayResponses':
      return { what: `gateway response ${item} ${within}`, depth: 4 };
    default:
      return { what: api, depth: 2 };
  }
}

function describeAccount(p: string[], kind: string): Described {
  const what = `${kind} ${p[1]}`;
  if (p[0] === 'usagePlans' && p[2] === 'apiStages' && p[3] !== undefined) {
    return { what: `API stage ${Number(p[3]) + 1} of ${what}`, depth: 4 };
  }
  if (p[0] === 'domains' && p[2] === 'mappings' && p[3] !== undefined) {
    return { what: `mapping "${p[3]}" of ${what}`, depth: 4 };
  }
  return { what, depth: 2 };
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `Method GET /users (REST API p)` and the field path after it, e.g. `throttle.rateLimit`. */
export function subjectAndField(path: ObjectPath): { subject: string; field: string } {
  const d = describe(path);
  return { subject: capitalize(d.what), field: path.slice(d.depth).map(String).join('.') };
}
