import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReference } from './reference.js';

/** `npm run docs`: writes docs/spec-reference.md from the schema's descriptions. */
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'spec-reference.md');
writeFileSync(out, renderReference());
process.stdout.write('wrote docs/spec-reference.md\n');
