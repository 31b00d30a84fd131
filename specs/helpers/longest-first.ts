import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Roughly the seconds each of the slowest files takes in a full `npm test` on the 2-core CI
 * machine (docs/bench.md, Test run times): the order matters, not the figures. Files not listed
 * take under 20 s each.
 */
const MEASURED_SECONDS: Record<string, number> = {
  'specs/cli/package.test.ts': 127,
  'specs/gitops/action.test.ts': 95,
  'specs/reliability/crash.test.ts': 90,
  'specs/reliability/bad-input.test.ts': 90,
  'specs/reliability/faults.test.ts': 83,
  'specs/reliability/hostile-files.test.ts': 80,
  'specs/cli/habits.test.ts': 79,
  'specs/emulator/aws-cli-guide.test.ts': 76,
  'specs/gitops/import-roundtrip.test.ts': 71,
  'specs/cli/guide-stages.test.ts': 50,
  'specs/emulator/v2-cli.test.ts': 50,
  'specs/cli/faults.test.ts': 45,
  'specs/emulator/private-domains-cli.test.ts': 45,
  'specs/gitops/import-guide.test.ts': 45,
  'specs/emulator/vpc-links-cli.test.ts': 25,
  'specs/reconcile/e2e/v2-aws-cli.test.ts': 22,
  'specs/gitops/drift-aws-cli.test.ts': 21,
  'specs/reliability/concurrency.test.ts': 20,
  'specs/reliability/conflicts.test.ts': 20,
};

/**
 * Starts the slowest files first, so that the two workers end together instead of one finishing
 * a long file alone at the end. Vitest's own order puts files it has no timings for (a fresh
 * checkout, as on CI) by size, which starts a short file of slow installs last. A file's time
 * is vitest's cached duration where this checkout has run it, else the measured figure above.
 */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const cache = this.ctx.cache;
    const seconds = (spec: TestSpecification): number => {
      const path = relative(root, spec.moduleId);
      const cached = cache.getFileTestResults(`${spec.project.name}:${path}`);
      return cached ? cached.duration / 1000 : (MEASURED_SECONDS[path] ?? 0);
    };
    const size = (spec: TestSpecification): number => cache.getFileStats(`${spec.project.name}:${relative(root, spec.moduleId)}`)?.size ?? 0;
    return [...files].sort((a, b) => seconds(b) - seconds(a) || size(b) - size(a));
  }
}
