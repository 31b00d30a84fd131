import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliIO } from '../src/cli/io.js';

/**
 * `apigw-sync plan DIR --endpoint-url URL` in a process of its own, as a user runs it (the built
 * CLI in dist/, which `npm run bench` builds first): prints one
 * JSON line with its exit code, its peak RSS and its CPU (module loading included), so the bench
 * can report what a plan costs apart from the phases that ran before it in the row's process.
 *
 * Usage: node plan-process.js <dir> <endpoint>
 */
const [dir, endpoint] = process.argv.slice(2) as [string, string];
type Main = (argv: string[], io: CliIO) => Promise<number>;
const cli = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')).href;
const { main } = (await import(cli)) as { main: Main };
// The plan's text is not needed (nothing to change: exit code 0); it is not printed.
const io: CliIO = { stdout: { write: () => true }, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
const exitCode = await main(['plan', dir, '--endpoint-url', endpoint], io);
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ exitCode, peakRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10, cpuMs: Math.round((cpu.user + cpu.system) / 1000) })}\n`);
