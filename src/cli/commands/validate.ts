import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { CliIO } from '../io.js';
import type { SetExit } from './index.js';

/**
 * `apigw-sync validate [paths...]`: loads and checks spec sets without touching AWS.
 * Exit 0 valid, 1 invalid or a usage error. A directory holding several spec sets (each with
 * its own apigw-sync.yaml, like examples/) validates each of them.
 */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('validate')
    .description('Check spec files against the schema and the semantic rules (no AWS calls).')
    .argument('[paths...]', 'spec files or directories (default: the current directory)')
    .option('--env <name>', 'environment to validate (default: the defaultEnvironment of apigw-sync.yaml)')
    .option('--output <format>', 'text or json', 'text')
    .action(async (paths: string[], options: { env?: string; output: string }) => {
      if (options.output !== 'text' && options.output !== 'json') {
        throw new UsageError(`--output must be text or json, not "${options.output}".`, 'pass --output text or --output json.');
      }
      const { runValidate } = await import('../run-validate.js');
      setExit(runValidate(paths, options.env, options.output, io));
    });
}

