import { ApigwError, EXIT_FAILURE, EXIT_OK } from '../errors.js';
import { diagnosticsToJson, loadSpecSet, renderDiagnosticsText, shownFile, type Diagnostic, type LoadResult, type SpecSet } from '../schema/index.js';
import type { CliIO } from './io.js';
import { resolveValidateGroups } from './spec-set-root.js';

/** validate's work: load and check each spec set, print the diagnostics or the summary. */
export function runValidate(paths: string[], env: string | undefined, output: 'text' | 'json', io: CliIO): number {
  let resolved: ReturnType<typeof resolveValidateGroups>;
  try {
    resolved = resolveValidateGroups(paths, io.cwd);
  } catch (err) {
    // A directory that is no spec set: JSON readers get it as a diagnostic like any other.
    if (output !== 'json' || !(err instanceof ApigwError)) throw err;
    const diag: Diagnostic = { code: err.code ?? 'spec/no-root-file', severity: 'error', message: err.message, ...(err.hint ? { fix: err.hint } : {}) };
    io.stdout.write(`${JSON.stringify({ valid: false, paths, diagnostics: diagnosticsToJson([diag], io.cwd) }, null, 2)}\n`);
    return EXIT_FAILURE;
  }
  const { groups, notes } = resolved;
  for (const note of notes) io.stderr.write(`${note}\n`);
  // One set at a time, each kept only as what is printed: a tree of large sets never sits in memory at once.
  const checked = groups.map((g) => checkedSet(g, loadSpecSet(g, { env: io.env, cwd: io.cwd, ...(env !== undefined && { environment: env }) }), io.cwd));
  const conflicts = accountConflicts(checked, io.cwd);
  const results = checked.map((c): Checked => {
    const conflict = conflicts.get(c);
    return conflict && c.ok ? { paths: c.paths, ok: false, diagnostics: [conflict, ...c.warnings] } : c;
  });
  const ok = results.every((r) => r.ok);
  if (output === 'json') {
    const sets = results.map((r) => (r.ok ? { ...r.json, diagnostics: diagnosticsToJson(r.warnings, io.cwd) } : { valid: false, paths: r.paths, diagnostics: diagnosticsToJson(r.diagnostics, io.cwd) }));
    io.stdout.write(`${JSON.stringify(sets.length === 1 ? sets[0] : { valid: ok, specSets: sets }, null, 2)}\n`);
    return ok ? EXIT_OK : EXIT_FAILURE;
  }
  for (const r of results) {
    if (r.ok) {
      if (r.warnings.length) io.stderr.write(renderDiagnosticsText(r.warnings, { cwd: io.cwd }));
      io.stdout.write(`${r.summary}\n`);
    } else {
      io.stderr.write(renderDiagnosticsText(r.diagnostics, { cwd: io.cwd }));
      const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
      io.stderr.write(`${errors} error${errors === 1 ? '' : 's'}: the spec set is not valid.\n`);
    }
  }
  return ok ? EXIT_OK : EXIT_FAILURE;
}

/** What validate keeps of a loaded set: its output, and where it declares the account settings. */
type Checked =
  | { paths: string[]; ok: true; warnings: Diagnostic[]; summary: string; json: Record<string, unknown>; name: string; region?: string; account?: { location?: Diagnostic['location'] } }
  | { paths: string[]; ok: false; diagnostics: Diagnostic[] };

function checkedSet(paths: string[], result: LoadResult, cwd: string): Checked {
  if (!result.ok) return { paths, ok: false, diagnostics: [...result.diagnostics] };
  const s = result.specSet;
  const location = s.account ? result.sources.locateKey(['account']) : undefined;
  return {
    paths,
    ok: true,
    warnings: [...result.warnings],
    summary: summary(s, cwd),
    json: jsonResult(s, cwd),
    name: s.name,
    ...(s.region !== undefined && { region: s.region }),
    ...(s.account ? { account: location ? { location } : {} } : {}),
  };
}

/**
 * API Gateway's account settings are one object per account and region: two spec sets of one
 * repository that both declare `account` for the same region would undo each other's role on
 * every apply. Each of them gets an error at its `account:`.
 */
function accountConflicts(results: Checked[], cwd: string): Map<Checked, Diagnostic> {
  const out = new Map<Checked, Diagnostic>();
  const declaring = results.flatMap((r) => (r.ok && r.account ? [r] : []));
  for (const r of declaring) {
    const others = declaring.filter((o) => o !== r && o.region === r.region);
    if (others.length === 0) continue;
    const where = (o: typeof r) => {
      const at = o.account?.location;
      return at ? `${shownFile(at.file, cwd)}:${at.line}:${at.column}` : o.name;
    };
    const diag: Diagnostic = {
      code: 'spec/account-conflict',
      severity: 'error',
      message: `Spec set ${r.name} declares the account settings of ${r.region ?? 'its region'}, and so does spec set ${others.map((o) => `${o.name} (${where(o)})`).join(', ')}: an account has one CloudWatch role per region.`,
      fix: 'declare `account` in one spec set of the region only.',
      path: ['account'],
    };
    const location = r.account?.location;
    if (location) diag.location = location;
    out.set(r, diag);
  }
  return out;
}

function jsonResult(s: SpecSet, cwd: string): Record<string, unknown> {
  return {
    valid: true,
    specSet: s.name,
    ...(s.environment !== undefined && { environment: s.environment }),
    ...(s.region !== undefined && { region: s.region }),
    counts: counts(s),
    files: s.files.map((f) => shownFile(f, cwd)),
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
