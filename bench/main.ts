import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import type { BenchRow } from './row.js';
import { renderTable } from './table.js';
import { scenarioName, type Variant } from './variant.js';

/**
 * `npm run bench [-- --quick] [-- --only rest-1000]`: builds spec sets of several sizes, and for
 * each, in a child process of its own, applies it from empty, plans it, applies it again (no-op),
 * changes one field and applies, and reads it the per-object way, against the emulator over HTTP
 * with AWS's throttling on a scaled clock. Prints a table and writes bench-results.json (a run of
 * some rows replaces those rows of the file and keeps the rest).
 */
interface Size {
  api: 'rest' | 'http';
  size: number;
  /**
   * The emulator's clock factor for this size: small enough that the run takes seconds, large
   * enough that the machine keeps up with the quota (real calls per second = 10 / scale), so the
   * figures measure the quotas and not this machine.
   */
  scale: number;
}

const FULL: Size[] = [
  { api: 'rest', size: 10, scale: 1 },
  { api: 'rest', size: 100, scale: 0.25 },
  { api: 'rest', size: 1000, scale: 0.05 },
  { api: 'rest', size: 5000, scale: 0.05 },
  { api: 'http', size: 10, scale: 1 },
  { api: 'http', size: 100, scale: 0.25 },
  { api: 'http', size: 1000, scale: 0.05 },
];
const QUICK_SIZES = new Set(['rest-10', 'rest-100', 'http-10', 'http-100']);

function parseArgs(argv: string[]): { sizes: Size[]; variant: Variant } {
  let sizes = FULL;
  const variant: Variant = { conflicts: false };
  let scaleOverride: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--conflicts') variant.conflicts = true;
    else if (a === '--pending-links') variant.pendingLinks = true;
    else if (a === '--time-scale') scaleOverride = Number(argv[++i]);
    else if (a === '--per-api') variant.perApi = Number(argv[++i]);
    else if (a === '--quick') sizes = sizes.filter((s) => QUICK_SIZES.has(`${s.api}-${s.size}`));
    else if (a === '--only') {
      const wanted = new Set((argv[++i] ?? '').split(','));
      sizes = sizes.filter((s) => wanted.has(`${s.api}-${s.size}`));
    } else throw new Error(`unknown argument ${a} (use --quick, --only rest-100,http-10, --conflicts, --pending-links, --per-api N, --time-scale F)`);
  }
  if (variant.perApi !== undefined && !(Number.isInteger(variant.perApi) && variant.perApi >= 1)) throw new Error('--per-api takes a whole number from 1');
  if (scaleOverride !== undefined) {
    if (!(scaleOverride > 0 && scaleOverride <= 1)) throw new Error('--time-scale takes a number above 0 and at most 1');
    // A row run on another clock is another measurement: its name says so.
    sizes = sizes.map((s) => ({ ...s, scale: scaleOverride! }));
    variant.scale = scaleOverride;
  }
  return { sizes, variant };
}


function runChild(s: Size, endpoint: string, variant: Variant): Promise<BenchRow> {
  const script = join(import.meta.dirname, 'run-size.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [script, s.api, String(s.size), endpoint, String(s.scale), JSON.stringify(variant)], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const reason = `failed: ${(stderr.trim().split('\n')[0] ?? err.message).slice(0, 300)}`;
        process.stderr.write(`${s.api}-${s.size} ${reason}\n${stderr}\n`);
        resolve(emptyRow(s, reason, variant));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as BenchRow);
    });
  });
}

function emptyRow(s: Size, skipped: string, variant: Variant): BenchRow {
  return {
    scenario: scenarioName(s.api, s.size, variant), api: s.api, size: s.size, planCalls: null, planCpuMs: null, planWallMs: null, applyCalls: null,
    applyWallMs: null, lowerBoundCalls: null, lowerBoundMs: null, noopApplyWrites: null, oneChangeWrites: null,
    baselinePlanCalls: null, peakRssMb: null, skipped,
  };
}

function readRows(path: string): BenchRow[] {
  if (!existsSync(path)) return [];
  try {
    const rows: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(rows) ? (rows as BenchRow[]) : [];
  } catch {
    return [];
  }
}

/** The earlier rows with this run's in their place, in the order of FULL. */
function mergeRows(earlier: BenchRow[], run: BenchRow[]): BenchRow[] {
  const byScenario = new Map(earlier.map((r) => [r.scenario, r]));
  for (const r of run) byScenario.set(r.scenario, r);
  const order = FULL.map((s) => `${s.api}-${s.size}`);
  const base = (k: string) => k.replace(/\+.*$/, '');
  const rank = (k: string) => (order.includes(base(k)) ? order.indexOf(base(k)) : order.length) + (k === base(k) ? 0 : 0.5);
  return [...byScenario.values()].sort((a, b) => rank(a.scenario) - rank(b.scenario));
}

async function main(): Promise<void> {
  const { sizes, variant } = parseArgs(process.argv.slice(2));
  // The emulator runs here, the planner in the child: two processes, as with AWS, on two cores.
  const emu = await startEmulator({
    port: 0,
    throttle: { enabled: true, timeScale: 1 },
    limits: { resourcesPerApi: 10_000 },
    conflicts: { enabled: variant.conflicts },
    // With --pending-links, VPC links take two minutes (AWS time) to become AVAILABLE, and a read
    // in the first 5 s after their create misses them.
    ...(variant.pendingLinks ? { consistency: { vpcLinkPendingMs: 120_000, readAfterCreateMs: 5_000 } } : {}),
  });
  const rows: BenchRow[] = [];
  const started = performance.now();
  try {
    for (const s of sizes) {
      process.stderr.write(`bench: ${scenarioName(s.api, s.size, variant)} (time scale ${s.scale}) ...`);
      const t0 = performance.now();
      const row = await runChild(s, emu.url, variant);
      rows.push(row);
      process.stderr.write(` ${row.skipped ?? 'done'} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await emu.close();
  }
  // A run of some rows (--only, --quick) replaces those rows and keeps the others of an earlier run.
  const all = mergeRows(readRows('bench-results.json'), rows);
  writeFileSync('bench-results.json', `${JSON.stringify(all, null, 2)}\n`);
  process.stdout.write(renderTable(rows));
  process.stdout.write(`\nWrote bench-results.json (${rows.length} rows run, ${all.length} in all) in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
