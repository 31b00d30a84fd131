import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../../errors.js';
import { diagnosticsToJson, findSpecSets, loadSpecSet, renderDiagnosticsText, shownFile, type Diagnostic, type LoadResult, type SpecSet } from '../../schema/index.js';
import type { CliIO } from '../io.js';
import type { SetExit } from './index.js';

/**
 * `apigw-sync validate [paths...]`: loads and checks spec sets without touching AWS.
 * Exit 0 valid, 1 invalid, 2 usage error. A directory holding several spec sets (each with
 * its own apigw-sync.yaml, like examples/) validates each of them.
 */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('validate')
    .description('Check spec files against the schema and the semantic rules (no AWS calls).')
    .argument('[paths...]', 'spec files or directories (default: the current directory)')
    .option('--env <name>', 'environment to validate (default: the defaultEnvironment of apigw-sync.yaml)')
    .option('--output <format>', 'text or json', 'text')
    .action((paths: string[], options: { env?: string; output: string }) => {
      if (options.output !== 'text' && options.output !== 'json') {
        throw new UsageError(`--output must be text or json, not "${options.output}".`, 'pass --output text or --output json.');
      }
      setExit(runValidate(paths, options.env, options.output, io));
    });
}

function runValidate(paths: string[], env: string | undefined, output: 'text' | 'json', io: CliIO): number {
  const groups = splitIntoSets(paths.length ? paths : ['.'], io.cwd);
  const loaded = groups.map((g) => ({ paths: g, result: loadSpecSet(g, { env: io.env, cwd: io.cwd, ...(env !== undefined && { environment: env }) }) }));
  const conflicts = accountConflicts(loaded.map((r) => r.result), io.cwd);
  const results = loaded.map(({ paths: p, result }): { paths: string[]; result: LoadResult } => {
    const conflict = conflicts.get(result);
    return conflict && result.ok ? { paths: p, result: { ok: false, diagnostics: [conflict, ...result.warnings] as Diagnostic[] } } : { paths: p, result };
  });
  const ok = results.every((r) => r.result.ok);
  if (output === 'json') {
    const sets = results.map(({ paths: p, result }) => jsonResult(p, result, io.cwd));
    io.stdout.write(`${JSON.stringify(sets.length === 1 ? sets[0] : { valid: ok, specSets: sets }, null, 2)}\n`);
    return ok ? EXIT_OK : EXIT_FAILURE;
  }
  for (const { result } of results) {
    if (result.ok) {
      if (result.warnings.length) io.stderr.write(renderDiagnosticsText(result.warnings, { cwd: io.cwd }));
      io.stdout.write(`${summary(result.specSet, io.cwd)}\n`);
    } else {
      io.stderr.write(renderDiagnosticsText(result.diagnostics, { cwd: io.cwd }));
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      io.stderr.write(`${errors} error${errors === 1 ? '' : 's'}: the spec set is not valid.\n`);
    }
  }
  return ok ? EXIT_OK : EXIT_FAILURE;
}

/**
 * API Gateway's account settings are one object per account and region: two spec sets of one
 * repository that both declare `account` for the same region would undo each other's role on
 * every apply. Each of them gets an error at its `account:`.
 */
function accountConflicts(results: LoadResult[], cwd: string): Map<LoadResult, Diagnostic> {
  const out = new Map<LoadResult, Diagnostic>();
  const declaring = results.flatMap((r) => (r.ok && r.specSet.account ? [r] : []));
  for (const r of declaring) {
    const others = declaring.filter((o) => o !== r && o.specSet.region === r.specSet.region);
    if (others.length === 0) continue;
    const where = (o: typeof r) => {
      const at = o.sources.locateKey(['account']);
      return at ? `${shownFile(at.file, cwd)}:${at.line}:${at.column}` : o.specSet.name;
    };
    const diag: Diagnostic = {
      code: 'spec/account-conflict',
      severity: 'error',
      message: `Spec set ${r.specSet.name} declares the account settings of ${r.specSet.region ?? 'its region'}, and so does spec set ${others.map((o) => `${o.specSet.name} (${where(o)})`).join(', ')}: an account has one CloudWatch role per region.`,
      fix: 'declare `account` in one spec set of the region only.',
      path: ['account'],
    };
    const location = r.sources.locateKey(['account']);
    if (location) diag.location = location;
    out.set(r, diag);
  }
  return out;
}

/** One directory holding several spec sets becomes one group per set; anything else is one set. */
function splitIntoSets(paths: string[], cwd: string): string[][] {
  if (paths.length !== 1) return [paths];
  const abs = resolve(cwd, paths[0]!);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    return [paths];
  }
  const sets = isDir ? findSpecSets(abs) : [];
  return sets.length ? sets.map((s) => [s]) : [paths];
}

function jsonResult(paths: string[], result: LoadResult, cwd: string) {
  if (!result.ok) return { valid: false, paths, diagnostics: diagnosticsToJson(result.diagnostics, cwd) };
  const s = result.specSet;
  return {
    valid: true,
    specSet: s.name,
    ...(s.environment !== undefined && { environment: s.environment }),
    ...(s.region !== undefined && { region: s.region }),
    counts: counts(s),
    files: s.files.map((f) => shownFile(f, cwd)),
    diagnostics: diagnosticsToJson(result.warnings, cwd),
  };
}

function counts(s: SpecSet) {
  const rest = Object.values(s.restApis);
  return {
    restApis: rest.length,
    methods: rest.reduce((n, a) => n + Object.values(a.resources ?? {}).reduce((m, r) => m + Object.keys(r).length, 0), 0),
    httpApis: Object.keys(s.httpApis).length,
    webSocketApis: Object.keys(s.webSocketApis).length,
    routes: [...Object.values(s.httpApis), ...Object.values(s.webSocketApis)].reduce((n, a) => n + Object.keys(a.routes ?? {}).length, 0),
    stages: [...rest, ...Object.values(s.httpApis), ...Object.values(s.webSocketApis)].reduce((n, a) => n + Object.keys(a.stages ?? {}).length, 0),
    apiKeys: Object.keys(s.apiKeys).length,
    usagePlans: Object.keys(s.usagePlans).length,
    domains: Object.keys(s.domains).length,
    vpcLinks: Object.keys(s.vpcLinks ?? {}).length,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(s: SpecSet, cwd: string): string {
  const c = counts(s);
  const parts = [
    c.restApis && `${plural(c.restApis, 'REST API')} (${plural(c.methods, 'method')})`,
    c.httpApis && plural(c.httpApis, 'HTTP API'),
    c.webSocketApis && plural(c.webSocketApis, 'WebSocket API'),
    c.routes && plural(c.routes, 'route'),
    c.stages && plural(c.stages, 'stage'),
    c.apiKeys && plural(c.apiKeys, 'API key'),
    c.usagePlans && plural(c.usagePlans, 'usage plan'),
    c.domains && plural(c.domains, 'domain'),
    c.vpcLinks && plural(c.vpcLinks, 'VPC link'),
  ].filter(Boolean);
  const where = [s.environment !== undefined && `environment ${s.environment}`, s.region && `region ${s.region}`].filter(Boolean).join(', ');
  return `Valid: spec set ${s.name}${where ? ` (${where})` : ''}, ${plural(s.files.length, 'file')} in ${shownFile(commonParent(s.files), cwd) || '.'}: ${parts.join(', ') || 'nothing defined'}.`;
}

function commonParent(files: string[]): string {
  const dirs = files.map((f) => f.slice(0, f.lastIndexOf('/')));
  let common = dirs[0] ?? '';
  for (const d of dirs) while (!(d === common || d.startsWith(`${common}/`))) common = common.slice(0, common.lastIndexOf('/'));
  return common;
}
