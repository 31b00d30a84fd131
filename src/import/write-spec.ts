import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ApigwError } from '../errors.js';
import { SCHEMA_BASE_URL } from '../schema/published.js';

/**
 * An imported spec set laid out as files a person maintains: the root `apigw-sync.yaml`, one file
 * per API, `access.yaml` (API keys, usage plans), `domains.yaml` and `vpc-links.yaml`. Templates stay in the YAML as
 * block scalars (they read like the VTL they are); JSON documents (model schemas, policies) go to
 * their own `.json` files, included with `$file`. Text that the loader would substitute
 * (`${env:`, `${values.`) is escaped, so AWS gets back exactly what it holds.
 */
type Attrs = Record<string, any>;

export interface ImportedSet {
  name: string;
  region?: string;
  restApis: Attrs;
  httpApis: Attrs;
  webSocketApis: Attrs;
  apiKeys: Attrs;
  usagePlans: Attrs;
  domains: Attrs;
  /** VPC links by name (absent: none). */
  vpcLinks?: Attrs;
  /** Client certificates by name (absent: none). */
  clientCertificates?: Attrs;
  /** API key name -> the environment variable its value is read from. */
  keyVariables: Map<string, string>;
  /** The account's CloudWatch role, written when an imported stage logs (it needs it), with the UsagePlans feature when the set has usage plans. */
  account?: { cloudwatchRoleArn: string; features?: string[] };
}

/** A file-name-safe form of a name (API names may hold spaces and slashes). */
export function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'api';
}

/** `${env:` and `${values.` in AWS's text would be substituted by the loader: write them literally. */
export function escapePlaceholders<T>(v: T): T {
  if (typeof v === 'string') return v.replace(/\$\{(?=env:|values\.)/g, '$${') as T;
  if (Array.isArray(v)) return v.map(escapePlaceholders) as T;
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [escapePlaceholders(k), escapePlaceholders(x)])) as T;
  }
  return v;
}

const yaml = (doc: unknown) => stringify(doc, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });

/**
 * The first line of every written YAML file: yaml-language-server (VS Code's YAML extension and
 * others) then validates, completes and explains the file with the published schema, fetched
 * from its `$id` URL (no path into node_modules to guess).
 */
export const MODELINE = `# yaml-language-server: $schema=${SCHEMA_BASE_URL}apigw-sync.schema.json\n`;
export const ROOT_MODELINE = `# yaml-language-server: $schema=${SCHEMA_BASE_URL}apigw-sync-root.schema.json\n`;

export function layoutFiles(set: ImportedSet, header: string): Map<string, string> {
  const files = new Map<string, string>();
  const json = (path: string, doc: unknown) => {
    files.set(path, `${JSON.stringify(doc, null, 2)}\n`);
    return { $file: path };
  };
  files.set('apigw-sync.yaml', `${ROOT_MODELINE}${header}\n${yaml({ name: set.name, ...(set.region ? { region: set.region } : {}) })}`);
  const used = new Set<string>();
  const fileFor = (name: string) => {
    let f = `${slug(name)}.yaml`;
    for (let i = 2; used.has(f) || ['access.yaml', 'domains.yaml', 'vpc-links.yaml', 'settings.yaml', 'apigw-sync.yaml'].includes(f); i++) f = `${slug(name)}-${i}.yaml`;
    used.add(f);
    return f;
  };
  for (const [kind, apis] of [['restApis', set.restApis], ['httpApis', set.httpApis], ['webSocketApis', set.webSocketApis]] as const) {
    for (const [name, spec] of Object.entries(apis)) {
      const s = escapePlaceholders(spec) as Attrs;
      const dir = slug(name);
      if (s.policy !== undefined && typeof s.policy === 'object') s.policy = json(`policies/${dir}.json`, spec.policy);
      for (const [m, model] of Object.entries((s.models ?? {}) as Attrs)) {
        if (model.schema !== undefined && typeof model.schema === 'object') model.schema = json(`models/${dir}/${slug(m)}.schema.json`, spec.models[m].schema);
      }
      files.set(fileFor(name), `${MODELINE}${yaml({ [kind]: { [name]: s } })}`);
    }
  }
  if (Object.keys(set.apiKeys).length || Object.keys(set.usagePlans).length) {
    const keys = Object.fromEntries(Object.entries(set.apiKeys).map(([n, k]) => {
      const { value, ...rest } = k as Attrs;
      return [n, { ...escapePlaceholders(rest), ...(value !== undefined ? { value } : {}) }];
    }));
    let text = yaml({
      ...(Object.keys(keys).length ? { apiKeys: keys } : {}),
      ...(Object.keys(set.usagePlans).length ? { usagePlans: escapePlaceholders(set.usagePlans) } : {}),
    });
    // Secrets are never written: say where each key's value must come from.
    text = text.replace(/^(\s+)value: \$\{env:([A-Z0-9_]+)\}$/gm, (line, indent: string, variable: string) =>
      `${indent}# A secret: set ${variable} to this key's value (aws apigateway get-api-key --include-value),\n` +
      `${indent}# or delete this line to leave the value to AWS.\n${line}`);
    files.set('access.yaml', `${MODELINE}${text}`);
  }
  if (Object.keys(set.domains).length) files.set('domains.yaml', `${MODELINE}${yaml({ domains: escapePlaceholders(set.domains) })}`);
  if (Object.keys(set.vpcLinks ?? {}).length) files.set('vpc-links.yaml', `${MODELINE}${yaml({ vpcLinks: escapePlaceholders(set.vpcLinks) })}`);
  if (Object.keys(set.clientCertificates ?? {}).length) files.set('client-certificates.yaml', `${MODELINE}${yaml({ clientCertificates: escapePlaceholders(set.clientCertificates) })}`);
  if (Object.keys(set.restApis).length + Object.keys(set.httpApis).length + Object.keys(set.webSocketApis).length > 0) {
    // The imported APIs' functions were granted their invoke permissions outside apigw-sync; adopting
    // them changes nothing but the ownership tags until this says otherwise.
    files.set('settings.yaml', MODELINE + '# Lambda invoke permissions of the imported APIs stay with whoever granted them.\n' +
      '# Set to true (or delete the line) to have apigw-sync add and keep them (docs/spec.md, "Lambda invoke permissions").\n' +
      `${yaml({ lambdaPermissions: false })}` +
      (set.account ? `# The account's CloudWatch role, which the stages' logging needs, and the features its usage plans need (one spec set per region may declare them).\n${yaml({ account: set.account })}` : ''));
  }
  return files;
}

/** Writes the files under `dir`; refuses to write over a spec set that is already there. */
export function writeFiles(dir: string, files: Map<string, string>, shown = dir): void {
  const clash = [...files.keys()].filter((f) => existsSync(join(dir, f)));
  if (clash.length) {
    throw new ApigwError(
      `Not importing into ${shown}: ${clash.slice(0, 5).join(', ')}${clash.length > 5 ? ', ...' : ''} already exist${clash.length === 1 ? 's' : ''}.`,
      1,
      'Import into a new or empty directory with --out DIR.',
      'import/exists',
    );
  }
  for (const [f, text] of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
}
