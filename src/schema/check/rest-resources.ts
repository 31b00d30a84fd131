import type { MethodSpec, RestApiSpec } from '../types.js';
import { type CheckContext, entries, report } from './context.js';
import { normalisePath, pathParameters, pathProblem } from './paths.js';

/**
 * Resources of a REST API: path syntax, duplicates after normalisation, sibling parameters
 * (AWS allows one variable child per resource), request parameters against the path, and the
 * CORS shorthand not colliding with a hand-written OPTIONS method.
 */
const REQUEST_PARAM = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.([^.\s]+)$/;

export function checkRestResources(api: string, spec: RestApiSpec, ctx: CheckContext): void {
  const base = ['restApis', api, 'resources'];
  const seen = new Map<string, string>();
  const paramChild = new Map<string, string>();
  for (const [path, resource] of entries(spec.resources)) {
    const at = [...base, path];
    const problem = pathProblem(path, true);
    if (problem) {
      report(ctx, 'spec/invalid-path', at, `Resource path "${path}" (REST API ${api}) ${problem}.`,
        'write paths like /users, /users/{id} or /files/{proxy+}.', 'key');
      continue;
    }
    const norm = normalisePath(path);
    const first = seen.get(norm);
    if (first !== undefined) {
      const loc = ctx.sources.locateKey([...base, first]);
      report(ctx, 'spec/duplicate-path', at, `Resource "${path}" (REST API ${api}) is the same path as "${first}"${loc ? ` at line ${loc.line}` : ''}.`,
        'merge the two entries into one (a trailing slash does not make a different resource).', 'key');
      continue;
    }
    seen.set(norm, path);
    checkSiblingParameters(api, norm, path, paramChild, ctx, at);
    const params = new Set(pathParameters(norm));
    for (const verb in resource) {
      const method = (resource as Record<string, MethodSpec | undefined>)[verb];
      if (method === undefined || method === null || !Object.hasOwn(resource, verb)) continue;
      const mpath = [...at, verb];
      const requestParameters = method.requestParameters;
      if (requestParameters) for (const key in requestParameters) {
        if (!Object.hasOwn(requestParameters, key)) continue;
        const m = key.match(REQUEST_PARAM);
        if (!m) {
          report(ctx, 'spec/invalid-parameter', [...mpath, 'requestParameters', key],
            `Method ${verb} ${path} (REST API ${api}) has the request parameter "${key}", which is not method.request.(path|querystring|header|multivaluequerystring|multivalueheader).NAME.`,
            'write e.g. method.request.querystring.limit.', 'key');
        } else if (m[1] === 'path' && !params.has(m[2]!)) {
          report(ctx, 'spec/unknown-path-parameter', [...mpath, 'requestParameters', key],
            `Method ${verb} ${path} (REST API ${api}) declares the path parameter "${m[2]}", but the path has ${params.size ? `only {${[...params].join('}, {')}}` : 'no parameters'}.`,
            `rename it to a parameter of the path, or add {${m[2]}} to the path.`, 'key');
        }
      }
      const mapped = method.integration?.requestParameters;
      if (mapped) for (const key in mapped) {
        if (!Object.hasOwn(mapped, key)) continue;
        const source = mapped[key];
        const m = typeof source === 'string' ? source.match(/^method\.request\.path\.([^.\s]+)$/) : null;
        if (m && !params.has(m[1]!)) {
          report(ctx, 'spec/unknown-path-parameter', [...mpath, 'integration', 'requestParameters', key],
            `The integration of ${verb} ${path} (REST API ${api}) maps "${source}", but the path has no parameter {${m[1]}}.`,
            'map a parameter the path has.', 'value');
        }
      }
      if (verb === 'OPTIONS' && spec.cors) {
        report(ctx, 'spec/cors-conflict', mpath,
          `Method OPTIONS ${path} (REST API ${api}) is written by hand, but the API's cors shorthand also generates OPTIONS on every resource.`,
          'remove this OPTIONS method, or remove cors and write every OPTIONS method yourself.', 'key');
      }
    }
  }
}

/** `/users/{id}` and `/users/{userId}` cannot both exist: AWS allows one variable child. */
function checkSiblingParameters(api: string, norm: string, written: string, paramChild: Map<string, string>, ctx: CheckContext, at: (string | number)[]): void {
  const parts = norm.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (!parts[i]!.startsWith('{')) continue;
    const parent = parts.slice(0, i).join('/') || '/';
    const other = paramChild.get(parent);
    if (other === undefined) paramChild.set(parent, parts[i]!);
    else if (other !== parts[i]) {
      report(ctx, 'spec/conflicting-path-parameter', at,
        `Resource "${written}" (REST API ${api}) uses ${parts[i]} under ${parent}, where another resource uses ${other}; AWS allows one parameter name per level.`,
        `use ${other} in both paths.`, 'key');
      return;
    }
  }
}
