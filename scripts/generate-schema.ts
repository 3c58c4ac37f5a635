// Writes knowledge/schema/offering.schema.json from the zod schema. A test checks it is up to date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { offeringJsonSchema } from '../src/knowledge/json-schema';
import { fromPackageRoot } from '../src/package-root';

const out = fromPackageRoot('knowledge', 'schema', 'offering.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(offeringJsonSchema(), null, 2) + '\n');
console.log(`wrote ${out}`);
