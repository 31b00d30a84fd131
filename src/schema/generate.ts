import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishedSchemas, serialise } from './published.js';

/** `npm run schema`: writes the published JSON Schemas to schema/ at the package root. */
const out = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema');
mkdirSync(out, { recursive: true });
for (const { file, schema } of publishedSchemas()) {
  writeFileSync(join(out, file), serialise(schema));
  process.stdout.write(`wrote schema/${file}\n`);
}
