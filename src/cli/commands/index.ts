import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { register as registerApply } from './apply.js';
import { register as registerDestroy } from './destroy.js';
import { register as registerDrift } from './drift.js';
import { register as registerExport } from './export.js';
import { register as registerImport } from './import.js';
import { register as registerLocal } from './local.js';
import { register as registerPlan } from './plan.js';
import { register as registerPromote } from './promote.js';
import { register as registerValidate } from './validate.js';
import { register as registerVersion } from './version.js';

/** Sets the process's exit code from a command (e.g. plan's 2 for "changes"). */
export type SetExit = (code: number) => void;

/** One module per command; each adds itself to the program. Keep this list sorted. */
export function registerCommands(program: Command, io: CliIO, setExit: SetExit): void {
  registerApply(program, io, setExit);
  registerDestroy(program, io, setExit);
  registerDrift(program, io, setExit);
  registerExport(program, io, setExit);
  registerImport(program, io, setExit);
  registerLocal(program, io, setExit);
  registerPlan(program, io, setExit);
  registerPromote(program, io, setExit);
  registerValidate(program, io, setExit);
  registerVersion(program, io, setExit);
}
