/**
 * Syntax of resource paths, HTTP route keys and WebSocket route keys, and their normal forms
 * (the identity used to find duplicates and to match method settings to methods).
 */

export const METHOD_VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];
const LITERAL_PART = /^[A-Za-z0-9._~:@!$&'()*+,;=-]+$/;
/**
 * What CreateResource accepts in a REST API's path part: "Resource's path part only allow
 * a-zA-Z0-9._-: or a valid greedy path variable and curly braces at the beginning and the end".
 */
const REST_PATH_CHAR = /[A-Za-z0-9._:-]/;
const PARAM_PART = /^\{([A-Za-z0-9._-]+)(\+?)\}$/;

/** `/users/` -> `/users`; `/` stays. */
export function normalisePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;
}

/**
 * What is wrong with a resource path (a REST API's, or the path of an HTTP route key), or
 * undefined when it is well formed. `rest` applies the characters CreateResource allows.
 */
export function pathProblem(path: string, rest = false): string | undefined {
  if (!path.startsWith('/')) return 'must start with "/"';
  const norm = normalisePath(path);
  if (norm === '/') return undefined;
  const parts = norm.slice(1).split('/');
  const seen = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '') return 'has an empty segment ("//")';
    // Clients and proxies resolve dot segments before sending (RFC 3986, 5.2.4): `/a/../admin`
    // is requested as `/admin`, so such a resource could never be reached as written.
    if (part === '.' || part === '..') return `has the segment "${part}": clients resolve "." and ".." before sending (/a/../b is requested as /b), so no request could reach it`;
    const param = part.match(PARAM_PART);
    if (param) {
      if (param[2] === '+' && i !== parts.length - 1) return `has the greedy parameter "${part}" before the last segment; {name+} may only be last`;
      if (seen.has(param[1]!)) return `uses the parameter {${param[1]}} twice`;
      seen.add(param[1]!);
      continue;
    }
    if (part.includes('{') || part.includes('}')) return `has a malformed parameter "${part}" (write {name} or {name+} as a whole segment)`;
    if (rest) {
      const bad = [...part].find((ch) => !REST_PATH_CHAR.test(ch));
      if (bad !== undefined) return `has the character "${bad}" in the segment "${part}"; AWS allows letters, digits, ".", "_", "-" and ":" in a path part`;
    } else if (!LITERAL_PART.test(part)) return `has invalid characters in the segment "${part}"`;
  }
  return undefined;
}

/** Names of the path parameters, e.g. `/users/{id}/{proxy+}` -> ['id', 'proxy']. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z0-9._-]+)\+?\}/g)].map((m) => m[1]!);
}

/** `GET  /users/` -> `GET /users`; `$default` stays. Undefined when not a route key. */
export function normaliseRouteKey(key: string): string | undefined {
  if (key === '$default') return key;
  const m = key.trim().match(/^(\S+)\s+(\S+)$/);
  if (!m) return undefined;
  return `${m[1]} ${normalisePath(m[2]!)}`;
}

export function httpRouteKeyProblem(key: string): string | undefined {
  if (key === '$default') return undefined;
  const m = key.trim().match(/^(\S+)\s+(\S+)$/);
  if (!m) return 'must be "VERB /path" (e.g. "GET /users/{id}") or "$default"';
  if (!METHOD_VERBS.includes(m[1]!)) return `has the unknown method "${m[1]}" (use ${METHOD_VERBS.join(', ')})`;
  const p = pathProblem(m[2]!);
  return p ? `has a path that ${p}` : undefined;
}

export function webSocketRouteKeyProblem(key: string): string | undefined {
  if (key.startsWith('$')) {
    return ['$connect', '$disconnect', '$default'].includes(key) ? undefined : 'starts with "$" but is not $connect, $disconnect or $default';
  }
  if (key.trim() === '' || key.length > 128) return 'must be 1 to 128 characters';
  return undefined;
}

/** `GET /users/{id}` in stage method settings or usage plan throttles: [verb, normalised path]. */
export function parseMethodKey(key: string): [string, string] | undefined {
  const m = key.trim().match(/^(\S+)\s+(\/\S*)$/);
  return m ? [m[1]!, normalisePath(m[2]!)] : undefined;
}
