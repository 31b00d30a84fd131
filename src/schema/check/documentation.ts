import type { DocumentationLocationSpec, RestApiSpec } from '../types.js';
import { type CheckContext, entries, names, report } from './context.js';
import { didYouMean } from '../load/did-you-mean.js';
import { normalisePath } from './paths.js';

/**
 * Documentation parts are identified by their location, never by id. AWS's rules for a location
 * (service model `DocumentationPartLocation`; developer guide "Representation of API documentation
 * in API Gateway"): each type takes some of `path`, `method`, `statusCode` and `name`; a field the
 * type takes but the location omits is AWS's default (`/`, `*`, `*`), so `{ type: METHOD, path:
 * /pets }` and `{ type: METHOD, path: /pets, method: '*' }` are the same location.
 *
 * Pure: planning uses the same canonical form and key as validate.
 */
type Field = 'path' | 'method' | 'statusCode' | 'name';

const PATH_TYPES = ['RESOURCE', 'METHOD', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER', 'REQUEST_BODY', 'RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY'];
const METHOD_TYPES = ['METHOD', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER', 'REQUEST_BODY', 'RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY'];
const STATUS_TYPES = ['RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY'];
const NAME_REQUIRED = ['AUTHORIZER', 'MODEL', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER', 'RESPONSE_HEADER'];
/** The service model lists `name` as valid for REQUEST_BODY too; AWS's own examples omit it. */
const NAME_OPTIONAL = ['REQUEST_BODY'];

/** Whether a location of `type` takes `field`. */
export function takesField(type: string, field: Field): boolean {
  switch (field) {
    case 'path': return PATH_TYPES.includes(type);
    case 'method': return METHOD_TYPES.includes(type);
    case 'statusCode': return STATUS_TYPES.includes(type);
    case 'name': return NAME_REQUIRED.includes(type) || NAME_OPTIONAL.includes(type);
  }
}

export interface CanonicalLocation {
  type: string;
  path?: string;
  method?: string;
  statusCode?: string;
  name?: string;
}

/** The location with AWS's defaults filled in and the fields its type does not take dropped. */
export function canonicalLocation(loc: DocumentationLocationSpec | Record<string, unknown>): CanonicalLocation {
  const l = loc as Record<string, unknown>;
  const type = String(l.type);
  const given = (k: Field) => (l[k] === undefined || l[k] === null || l[k] === '' ? undefined : String(l[k]));
  const out: CanonicalLocation = { type };
  if (takesField(type, 'path')) out.path = normalisePath(given('path') ?? '/');
  if (takesField(type, 'method')) {
    const m = given('method') ?? '*';
    out.method = m === '*' ? m : m.toUpperCase();
  }
  if (takesField(type, 'statusCode')) out.statusCode = given('statusCode')?.trim() || '*';
  if (takesField(type, 'name') && given('name') !== undefined) out.name = given('name');
  return out;
}

/**
 * The natural key of a part: its type and the fields it takes, each named, in the order path,
 * method, statusCode, name: `METHOD path=/pets method=GET`, `MODEL name=Pet`, `API`. Named fields
 * keep a key free of ` / ` (the separator of entity keys), even for the root path.
 */
export function locationKey(loc: DocumentationLocationSpec | Record<string, unknown>): string {
  const c = canonicalLocation(loc);
  const fields = (['path', 'method', 'statusCode', 'name'] as const).filter((k) => c[k] !== undefined).map((k) => `${k}=${c[k]}`);
  return [c.type, ...fields].join(' ');
}

/** validate's rules for `documentation` of a REST API and its stages' `documentationVersion`. */
export function checkDocumentation(api: string, spec: RestApiSpec, ctx: CheckContext): void {
  const base = ['restApis', api, 'documentation'];
  const doc = spec.documentation;
  const owner = `REST API ${api}`;
  const seen = new Map<string, number>();
  // Parent paths exist too: the planner creates them with their children.
  // Made for the first part that names a path (an API without documentation needs none).
  let pathSet: Set<string> | undefined;
  const resourcePaths = (): Set<string> => {
    if (pathSet) return pathSet;
    pathSet = new Set<string>(['/']);
    for (const p of Object.keys(spec.resources ?? {})) {
      const segs = normalisePath(p).split('/').filter(Boolean);
      for (let n = 1; n <= segs.length; n++) pathSet.add(`/${segs.slice(0, n).join('/')}`);
    }
    return pathSet;
  };
  for (const [i, part] of (doc?.parts ?? []).entries()) {
    if (!part || !part.location) continue;
    const at = [...base, 'parts', i, 'location'];
    const loc = part.location as Record<string, unknown>;
    const type = String(loc.type);
    const label = `Documentation part ${i + 1} (${type}) of ${owner}`;
    let bad = false;
    for (const field of ['path', 'method', 'statusCode', 'name'] as Field[]) {
      if (loc[field] !== undefined && !takesField(type, field)) {
        bad = true;
        report(ctx, 'spec/invalid-documentation-location', [...at, field], `${label} has ${field}, which ${article(type)} ${type} location does not take (AWS refuses it).`,
          `remove ${field}${validFieldsHint(type)}.`, 'key');
      }
    }
    if (NAME_REQUIRED.includes(type) && (loc.name === undefined || loc.name === '')) {
      bad = true;
      report(ctx, 'spec/invalid-documentation-location', at, `${label} has no name; ${article(type)} ${type} location needs the name of the ${NAME_NOUN[type] ?? 'entity'} it documents.`,
        `add name: under location, e.g. name: ${NAME_EXAMPLE[type] ?? 'X'}.`);
    }
    if (bad) continue;
    const c = canonicalLocation(loc);
    if (c.path !== undefined && !resourcePaths().has(c.path)) {
      report(ctx, 'spec/unresolved-reference', [...at, loc.path === undefined ? 'type' : 'path'],
        `${label} documents the path ${c.path}, which is not a resource of the spec.${didYouMean(c.path, [...resourcePaths()])}`,
        `use one of the resource paths (${[...resourcePaths()].sort().join(', ')}) or add the resource.`);
    } else if (c.path !== undefined && c.method !== undefined && c.method !== '*') {
      const verbs = Object.entries(spec.resources ?? {}).filter(([p]) => normalisePath(p) === c.path).flatMap(([, r]) => Object.keys(r ?? {})).map((v) => v.toUpperCase());
      if (!verbs.includes(c.method) && !verbs.includes('ANY')) {
        report(ctx, 'spec/unresolved-reference', [...at, 'method'], `${label} documents ${c.method} ${c.path}, a method the spec does not define.`,
          verbs.length ? `use one of: ${verbs.join(', ')}, or * for any method.` : `define the method under resources.${c.path}, or use method: '*'.`);
      }
    }
    if (type === 'MODEL' && c.name !== undefined) {
      const models = [...names(spec.models), 'Empty', 'Error'];
      if (!models.includes(c.name)) report(ctx, 'spec/unresolved-reference', [...at, 'name'], `${label} documents the model "${c.name}", which is not defined.${didYouMean(c.name, models)}`, `use one of: ${models.join(', ')}; or define the model under models.`);
    }
    if (type === 'AUTHORIZER' && c.name !== undefined) {
      const auths = names(spec.authorizers);
      if (!auths.includes(c.name)) report(ctx, 'spec/unresolved-reference', [...at, 'name'], `${label} documents the authorizer "${c.name}", which is not defined.${didYouMean(c.name, auths)}`, auths.length ? `use one of: ${auths.join(', ')}.` : 'define the authorizer under authorizers.');
    }
    const key = locationKey(loc);
    const first = seen.get(key);
    if (first !== undefined) {
      report(ctx, 'spec/duplicate-documentation-part', at, `${label} has the same location as part ${first + 1} (${key}); AWS keeps one part per location.`,
        'merge the two parts\' properties into one part, or remove one.');
    } else {
      seen.set(key, i);
    }
    if (typeof part.properties === 'string') {
      try {
        const v = JSON.parse(part.properties) as unknown;
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      } catch {
        report(ctx, 'spec/invalid-value', [...base, 'parts', i, 'properties'], `The properties of ${label.charAt(0).toLowerCase()}${label.slice(1)} are not a JSON object.`,
          'write properties as a YAML mapping, e.g. properties: { description: "..." }.');
      }
    }
  }
  const versions = names(doc?.versions);
  for (const [stage, s] of entries(spec.stages)) {
    const v = s.documentationVersion;
    if (v === undefined || versions.includes(v)) continue;
    report(ctx, 'spec/unresolved-reference', ['restApis', api, 'stages', stage, 'documentationVersion'],
      `Stage ${stage} of ${owner} publishes the documentation version "${v}", which is not defined.${didYouMean(v, versions)}`,
      versions.length ? `use one of: ${versions.join(', ')}; or add "${v}" under documentation.versions.` : `add it under documentation.versions: { "${v}": { description: ... } }.`);
  }
}

const NAME_NOUN: Record<string, string> = {
  AUTHORIZER: 'authorizer', MODEL: 'model', PATH_PARAMETER: 'path parameter', QUERY_PARAMETER: 'query parameter',
  REQUEST_HEADER: 'request header', RESPONSE_HEADER: 'response header',
};
const NAME_EXAMPLE: Record<string, string> = {
  AUTHORIZER: 'cognito', MODEL: 'Pet', PATH_PARAMETER: 'petId', QUERY_PARAMETER: 'page', REQUEST_HEADER: 'X-Request-Id', RESPONSE_HEADER: 'X-Rate-Limit',
};

function validFieldsHint(type: string): string {
  const ok = (['path', 'method', 'statusCode', 'name'] as Field[]).filter((f) => takesField(type, f));
  return ok.length ? ` (${article(type)} ${type} location takes ${ok.join(', ')})` : ` (${article(type)} ${type} location takes no other field)`;
}

const article = (type: string) => (/^[AEIOU]/.test(type) ? 'an' : 'a');
