import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Spec sets of a given size for the benchmark. The REST set is `size` methods, four per resource,
 * resources two levels deep (`/g7/r12`) so parents without methods exist too, each method a MOCK
 * integration with one method response and one integration response: what a typical hand-written
 * API has per method, and what a per-object reader must fetch one call at a time.
 */
export const VERBS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
/** Resources per group (`/gN`): parents without methods, as real trees have. */
const PER_GROUP = 25;

export interface RestShape {
  methods: number;
  /** Resources to create: leaves and their group parents (the root comes with the API). */
  resources: number;
  methodResponses: number;
  integrationResponses: number;
  stages: number;
}

export interface GeneratedSet {
  dir: string;
  /** The file and method the one-field change edits. */
  changeFile: string;
  shape: RestShape;
}

export const REST_API_NAME = 'bench';
export const HTTP_API_NAME = 'bench-http';

export function restShape(methods: number): RestShape {
  const leaves = Math.ceil(methods / VERBS.length);
  const groups = Math.ceil(leaves / PER_GROUP);
  return { methods, resources: leaves + groups, methodResponses: methods, integrationResponses: methods, stages: 1 };
}

function method(leaf: number, verb: string, variant: string): string[] {
  return [
    `        ${verb}:`,
    `          operationName: op${leaf}${verb}`,
    '          integration:',
    '            type: MOCK',
    `            requestTemplates: { application/json: '{"statusCode": 200}' }`,
    '            responses:',
    `              "200": { responseTemplates: { application/json: '{"leaf": ${leaf}, "v": "${variant}"}' } }`,
    '          responses:',
    '            "200": { responseModels: { application/json: Empty } }',
  ];
}

/** Writes the REST spec set of `methods` methods; `variant` changes one integration response template. */
export function writeRestSet(methods: number, dir = mkdtempSync(join(tmpdir(), `apigw-bench-rest-${methods}-`))): GeneratedSet {
  const shape = restShape(methods);
  const leaves = Math.ceil(methods / VERBS.length);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'apigw-sync.yaml'), 'name: bench\nregion: us-east-1\n');
  const head = [
    'restApis:',
    `  ${REST_API_NAME}:`,
    '    description: apigw-sync benchmark',
    '    endpointType: REGIONAL',
    '    stages:',
    '      bench: { variables: { size: "' + String(methods) + '" } }',
    '    resources:',
  ];
  // One file: an API is defined in one file (5,000 methods are about 2.5 MB, under the loader's 5 MB).
  const lines = [...head];
  let placed = 0;
  for (let leaf = 0; leaf < leaves; leaf++) {
    lines.push(`      /g${Math.floor(leaf / PER_GROUP)}/r${leaf}:`);
    for (const verb of VERBS) {
      if (placed++ >= methods) break;
      lines.push(...method(leaf, verb, 'a'));
    }
  }
  writeFileSync(join(dir, 'api.yaml'), `${lines.join('\n')}\n`);
  return { dir, changeFile: join(dir, 'api.yaml'), shape };
}

/**
 * `n` more methods, on new leaves of new groups after the `existing` ones: the "large added
 * subtree" change (the tree grows; nothing in it changes).
 */
export function addMethods(text: string, existing: number, n: number): string {
  const firstLeaf = Math.ceil(existing / VERBS.length);
  const lines: string[] = [];
  let placed = 0;
  for (let leaf = firstLeaf; placed < n; leaf++) {
    lines.push(`      /g${Math.floor(leaf / PER_GROUP)}/r${leaf}:`);
    for (const verb of VERBS) {
      if (placed++ >= n) break;
      lines.push(...method(leaf, verb, 'a'));
    }
  }
  return `${text.trimEnd()}\n${lines.join('\n')}\n`;
}

/** The shape of `n` added methods: their leaves and new group parents. */
export function addedShape(existing: number, n: number): RestShape {
  const before = restShape(existing);
  const after = restShape(existing + n);
  return { methods: n, resources: after.resources - before.resources, methodResponses: n, integrationResponses: n, stages: 0 };
}

/** The one-field change: the first method's integration response template. */
export function oneFieldChange(text: string): string {
  const next = text.replace('"v": "a"', '"v": "b"');
  if (next === text) throw new Error('the generated spec has no template to change');
  return next;
}

export interface HttpShape {
  routes: number;
  integrations: number;
  stages: number;
}

/** HTTP API: `routes` routes over one Lambda proxy integration per 10 routes, and a $default stage. */
export function writeHttpSet(routes: number, dir = mkdtempSync(join(tmpdir(), `apigw-bench-http-${routes}-`))): GeneratedSet & { http: HttpShape } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'apigw-sync.yaml'), 'name: bench\nregion: us-east-1\n');
  const integrations = Math.ceil(routes / 10);
  const lines = ['httpApis:', `  ${HTTP_API_NAME}:`, '    description: apigw-sync benchmark', '    integrations:'];
  for (let i = 0; i < integrations; i++) {
    lines.push(`      fn${i}: { lambda: "arn:aws:lambda:us-east-1:123456789012:function:bench-${i}", timeoutInMillis: ${i === 0 ? 'TIMEOUT' : 29000} }`);
  }
  lines.push('    routes:');
  for (let r = 0; r < routes; r++) lines.push(`      "${VERBS[r % VERBS.length]} /g${Math.floor(r / 100)}/r${Math.floor(r / VERBS.length)}": { integration: fn${Math.floor(r / 10)} }`);
  lines.push('    stages:', '      $default: { autoDeploy: true }');
  const file = join(dir, 'http.yaml');
  writeFileSync(file, `${lines.join('\n').replace('TIMEOUT', '29000')}\n`);
  return { dir, changeFile: file, shape: restShape(0), http: { routes, integrations, stages: 1 } };
}

export function oneFieldChangeHttp(text: string): string {
  const next = text.replace('bench-0", timeoutInMillis: 29000', 'bench-0", timeoutInMillis: 28000');
  if (next === text) throw new Error('the generated spec has no timeout to change');
  return next;
}
