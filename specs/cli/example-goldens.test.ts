import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../helpers/emulator.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/render/plan-markdown.js';
import { cli, scratchWithExamples } from '../helpers/cli.js';
import { expectGolden, stabilise } from '../helpers/golden.js';

// The plan of each example against an empty account, as the CLI prints it in each format, equals
// a reviewed golden file (specs/golden/example-NAME/). UPDATE_GOLDEN=1 rewrites them.

const ROOT = join(import.meta.dirname, '..', '..');
// Spec sets only (examples/github-actions holds CI workflows).
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((d) => existsSync(join(ROOT, 'examples', d, 'apigw-sync.yaml'))).sort();
let cwd: string;
beforeAll(() => {
  cwd = scratchWithExamples();
});

describe.each(EXAMPLES)('plan of example %s against an empty account', (example) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    const root = parse(readFileSync(join(ROOT, 'examples', example, 'apigw-sync.yaml'), 'utf8')) as { region: string };
    // The account has the examples' Route 53 zones (helpers/emulator.ts).
    emu = await startEmulator({ port: 0, region: root.region });
  });
  afterAll(() => emu.close());
  const dir = join(ROOT, 'specs', 'golden', `example-${example}`);
  mkdirSync(dir, { recursive: true });

  it.each([
    { output: 'text', file: 'plan.txt' },
    { output: 'markdown', file: 'plan.md' },
    { output: 'json', file: 'plan.json' },
  ])('$output equals $file', async ({ output, file }) => {
    const res = await cli(['plan', `examples/${example}`, '--endpoint-url', emu.url, '--output', output], { cwd });
    expect(res.code, res.err).toBe(0);
    if (output === 'markdown') expect(res.out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expectGolden(join(dir, file), stabilise(res.out.split(emu.url).join('[endpoint]')));
  });
});
