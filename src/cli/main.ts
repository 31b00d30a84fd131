import { Command, CommanderError } from 'commander';
import { ApigwError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../errors.js';
import { type CliIO, processIO } from './io.js';
import tab from '@bomb.sh/tab/commander';
import { registerCommands } from './commands/index.js';
import { addHelpExamples } from './help-examples.js';
import { packageVersion } from './version.js';

/** From package.json: one place to bump for a release. */
export const VERSION = packageVersion();

/**
 * Runs the CLI and returns the exit code. Never throws and never prints a stack trace unless
 * `--debug` is given: every failure becomes a message and an exit code (0 ok, 1 error of any kind, usage errors
 * included; 2 only for plan --detailed-exitcode's changes and drift's drift).
 */
export async function main(argv: string[], rawIO: CliIO = processIO()): Promise<number> {
  const debug = argv.includes('--debug');
  // --no-color is NO_COLOR for this run: every renderer already asks wantsColour(stream, env).
  const io = argv.includes('--no-color') ? { ...rawIO, env: { ...rawIO.env, NO_COLOR: '1' } } : rawIO;
  const program = new Command('apigw-sync')
    .description('Keep AWS API Gateway configuration (REST, HTTP and WebSocket APIs) as YAML in git.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for unexpected errors')
    .option('--no-color', 'no colour in any output (as NO_COLOR=1 does; colour is only ever used on a terminal)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  let exitCode = EXIT_OK;
  registerCommands(program, io, (code) => {
    exitCode = code;
  });
  // `completion bash|zsh|fish|powershell` prints a script; the script calls the hidden
  // `complete -- ARGS` for suggestions, read from the commands and options registered above.
  tab(program, { completionCommandName: 'completion' });
  addHelpExamples(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, io, debug);
  }
}

function reportError(err: unknown, io: CliIO, debug: boolean): number {
  if (err instanceof CommanderError) {
    // --help, `help` and --version exit through here with code 0; commander already printed the
    // message. No command at all prints the help too, but as the usage error it is (exit code 1).
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || (err.code === 'commander.help' && err.exitCode === 0)) {
      return EXIT_OK;
    }
    return EXIT_USAGE;
  }
  if (err instanceof ApigwError) {
    io.stderr.write(`Error: ${err.message}\n`);
    if (err.hint) io.stderr.write(`  Fix: ${err.hint}\n`);
    if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`Error: ${e.message}\n`);
  io.stderr.write(
    debug && e.stack
      ? `${e.stack}\n`
      : 'This is unexpected: please re-run with --debug and report it, with the output, as an issue.\n',
  );
  return EXIT_FAILURE;
}
