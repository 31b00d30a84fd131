import type { Command } from 'commander';
import { EXIT_OK } from '../../errors.js';
import type { CliIO } from '../io.js';
import { packageVersion } from '../version.js';
import type { SetExit } from './index.js';

/** `apigw-sync version`: the same as `--version` (as `terraform version`, `kubectl version`). */
export function register(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('version')
    .description('Print the version of apigw-sync (the same as --version).')
    .action(() => {
      io.stdout.write(`${packageVersion()}\n`);
      setExit(EXIT_OK);
    });
}
