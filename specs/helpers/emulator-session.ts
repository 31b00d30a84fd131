import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.js';
import { findAwsCli, runAws, type AwsCli } from '../emulator/aws-cli.js';
import { scratchWithExamples } from './cli.js';
import { startEmulator } from './emulator.js';

/**
 * The setup the end-to-end files share: one emulator on a free port for the file (with the
 * examples' Route 53 hosted zones, made again whenever it is emptied), and a scratch
 * copy of examples/ to run the CLI in. Call at the top level of a test file; it registers the
 * hooks, and its members are read inside tests (they are set once the hooks have run).
 */
export interface EmulatorSession {
  readonly emu: RunningEmulator;
  /** The scratch directory holding `examples/`. */
  readonly cwd: string;
  /** `--endpoint-url <emulator>`, to append to CLI arguments. */
  readonly url: string[];
  /** Replaces `from` (which must be there) by `to` in a file of the scratch copy of an example. */
  edit(file: string, from: string, to: string): void;
  /** An empty emulator and a fresh scratch directory now (what `per-test` does before each test). */
  startOver(): void;
}

export interface SessionOptions {
  /**
   * `per-test` (default): every test starts from an empty emulator and a fresh copy of the
   * examples. `per-file`: the tests of the file build on each other.
   */
  fresh?: 'per-test' | 'per-file';
  /**
   * Emulator options besides the port (region, a starting state...). The account has the examples'
   * Route 53 zones unless `hostedZones` says otherwise (helpers/emulator.ts).
   */
  emulator?: Omit<EmulatorOptions, 'port'>;
  /** The example whose files `edit` changes, e.g. `examples/petstore`. */
  example?: string;
  /** `false`: the scratch directory starts empty instead of holding a copy of examples/. */
  examples?: boolean;
}

export function emulatorSession(opts: SessionOptions = {}): EmulatorSession {
  let emu: RunningEmulator | undefined;
  let cwd: string | undefined;
  const scratch = () => (opts.examples === false ? mkdtempSync(join(tmpdir(), 'apigw-e2e-')) : scratchWithExamples());
  beforeAll(async () => {
    emu = await startEmulator({ ...opts.emulator, port: 0 });
    if (opts.fresh === 'per-file') cwd = scratch();
  });
  afterAll(() => emu?.close());
  const startOver = () => {
    emu!.reset();
    cwd = scratch();
  };
  if (opts.fresh !== 'per-file') beforeEach(startOver);
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the emulator session's ${what} is read before its hooks ran`);
    return value;
  };
  return {
    get emu() {
      return ready(emu, 'emulator');
    },
    get cwd() {
      return ready(cwd, 'scratch directory');
    },
    get url() {
      return ['--endpoint-url', ready(emu, 'emulator').url];
    },
    edit(file, from, to) {
      const path = join(ready(cwd, 'scratch directory'), opts.example ?? 'examples/petstore', file);
      const text = readFileSync(path, 'utf8');
      expect(text).toContain(from);
      writeFileSync(path, text.replace(from, to));
    },
    startOver,
  };
}

/** An emulator session in which the real AWS CLI is also pointed at the emulator. */
export interface AwsCliSession extends EmulatorSession {
  /** Runs `aws <service> ...args` against the emulator in the scratch directory; its JSON output. */
  aws(...args: string[]): Promise<any>;
}

export function awsCliSession(opts: SessionOptions & { service?: 'apigateway' | 'apigatewayv2' } = {}): AwsCliSession {
  let awsCli: AwsCli | undefined;
  beforeAll(() => {
    awsCli = findAwsCli();
    if (!awsCli) throw new Error('The AWS CLI (`aws`) is not on PATH: install it (pip install awscli) to run these tests.');
  });
  const session = emulatorSession(opts);
  return Object.assign(Object.create(session) as EmulatorSession, {
    async aws(...args: string[]): Promise<any> {
      const r = await runAws(awsCli!, session.emu.url, args, session.cwd, opts.service);
      if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return r.json;
    },
  });
}
