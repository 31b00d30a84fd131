import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coverageRows, renderCoverage } from './coverage.js';

/** `npm run coverage`: writes docs/coverage.md from the SDKs' service models and the schema. */
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'coverage.md');
const rows = coverageRows();
writeFileSync(out, renderCoverage(rows));
const covered = rows.filter((r) => r.covered).length;
process.stdout.write(`wrote docs/coverage.md: ${covered} of ${rows.length} writable members covered (${((covered / rows.length) * 100).toFixed(1)} %)\n`);
