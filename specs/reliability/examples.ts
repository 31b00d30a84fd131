import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './helpers.js';

/**
 * The example spec sets: the folders of examples/ with a root file (examples/github-actions holds
 * CI workflows, not a spec set). Every one of them runs in the reliability suites; one whose plan
 * fails makes its cases fail, it is not skipped.
 */
export function exampleSpecSets(): string[] {
  return readdirSync(join(REPO, 'examples')).filter((n) => existsSync(join(REPO, 'examples', n, 'apigw-sync.yaml'))).sort();
}
