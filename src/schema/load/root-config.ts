import { RootConfig } from '../lang/spec-set.js';
import type { LoadOptions, RootConfigSpec } from '../types.js';
import type { Diagnostics } from './diagnostics.js';
import { didYouMean } from './did-you-mean.js';
import { shownPath } from './discover.js';
import { parseYamlFile } from './parse-yaml.js';
import { readSourceText } from './read-source.js';
import { checkSchema } from './schema-check.js';
import type { SpecSourceMap } from './source-map.js';
import { walkDocument, type EnvUse } from './walk.js';

/** The set's identity and the chosen environment's values, from apigw-sync.yaml (if any). */
export interface SetIdentity {
  name: string;
  region?: string;
  environment?: string;
  values: Record<string, unknown>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function readRootConfig(
  rootFile: string | undefined,
  fallback: { name: string; from: 'directory' | 'file' },
  setRoot: string,
  opts: LoadOptions,
  sources: SpecSourceMap,
  diags: Diagnostics,
  envUses?: EnvUse[],
): SetIdentity | undefined {
  const region = opts.env.AWS_REGION || opts.env.AWS_DEFAULT_REGION || undefined;
  if (!rootFile) {
    if (opts.environment !== undefined) {
      diags.error('spec/unknown-environment', `--env ${opts.environment} was given, but the spec set has no apigw-sync.yaml defining environments.`,
        'add apigw-sync.yaml with an environments section, or drop --env.');
      return undefined;
    }
    const fallbackName = fallback.name;
    if (!NAME.test(fallbackName)) {
      diags.error('spec/no-name', 'The spec set has no apigw-sync.yaml, and no stable name can be derived from the paths given.',
        'add apigw-sync.yaml with `name:` (the value of the ownership tag) next to the spec files.');
      return undefined;
    }
    diags.warning('spec/no-root-file', `No apigw-sync.yaml: the spec set is named "${fallbackName}" after the ${fallback.from} given.`,
      `add apigw-sync.yaml with name: ${fallbackName} so the name (the ownership tag value) never depends on how the set is invoked.`);
    return { name: fallbackName, ...(region && { region }), values: {} };
  }
  const shown = shownPath(rootFile, opts.cwd);
  const read = readSourceText(rootFile, shown);
  if (!read.ok) {
    diags.error(read.code, read.message, read.fix, { file: rootFile, line: 1, column: 1 });
    return undefined;
  }
  const parsed = parseYamlFile(read.text, rootFile, shown, diags);
  if (!parsed) return undefined;
  const before = diags.list.length;
  const data = walkDocument({ parsed, sources, diags, subst: { env: opts.env }, setRoot, basePath: ['$root'], numberSources: new Map(), ...(envUses && { envUses }) });
  dropOtherEnvironmentsUnsetVariables(data, opts.environment, diags, before);
  if (diags.hasErrors()) return undefined;
  if (!checkSchema(RootConfig, data ?? {}, ['$root'], sources, diags)) return undefined;
  const config = data as RootConfigSpec;
  const envs = config.environments ?? {};
  const names = Object.keys(envs);
  if (config.defaultEnvironment !== undefined && !Object.hasOwn(envs, config.defaultEnvironment)) {
    diags.error('spec/unknown-environment', `defaultEnvironment "${config.defaultEnvironment}" is not one of the environments (${names.join(', ') || 'none defined'}).${didYouMean(config.defaultEnvironment, names)}`,
      'name an environment defined under environments.', sources.locate(['$root', 'defaultEnvironment']));
    return undefined;
  }
  let environment = opts.environment ?? config.defaultEnvironment ?? (names.length === 1 ? names[0] : undefined);
  if (opts.environment !== undefined && !Object.hasOwn(envs, opts.environment)) {
    diags.error('spec/unknown-environment', `--env ${opts.environment}: no such environment in ${shown} (defined: ${names.join(', ') || 'none'}).${didYouMean(opts.environment, names)}`,
      'pass one of the defined environments, or add it under environments.', sources.locateKey(['$root', 'environments']) ?? { file: rootFile, line: 1, column: 1 });
    return undefined;
  }
  if (environment === undefined && names.length > 1) {
    diags.error('spec/no-environment', `${shown} defines several environments (${names.join(', ')}) and no defaultEnvironment.`,
      'pass --env NAME, or set defaultEnvironment in apigw-sync.yaml.', sources.locateKey(['$root', 'environments']));
    return undefined;
  }
  if (names.length === 0) environment = undefined;
  const values = environment !== undefined ? ((envs[environment] ?? {}) as Record<string, unknown>) : {};
  return {
    name: config.name,
    ...((config.region ?? region) && { region: config.region ?? region }),
    ...(environment !== undefined && { environment }),
    values,
  };
}

/**
 * A variable used only by another environment's values need not be set: prod's certificate
 * variable must not stop `validate --env dev`. Those errors are dropped once the environment
 * that will be used is known.
 */
function dropOtherEnvironmentsUnsetVariables(data: unknown, requested: string | undefined, diags: Diagnostics, from: number): void {
  const config = (data && typeof data === 'object' ? data : {}) as Partial<RootConfigSpec>;
  const envs = config.environments && typeof config.environments === 'object' ? Object.keys(config.environments) : [];
  const chosen = requested ?? config.defaultEnvironment ?? (envs.length === 1 ? envs[0] : undefined);
  const keep = diags.list.filter((d, i) => i < from || !(d.code === 'spec/unset-env' && d.path?.[1] === 'environments' && d.path[2] !== undefined && String(d.path[2]) !== chosen));
  diags.list.splice(0, diags.list.length, ...keep);
}
