import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { offeringJsonSchema } from '../../src/knowledge/json-schema';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

it('the committed JSON Schema is the one generated from the zod schema (run `npm run schema`)', () => {
  const committed: unknown = JSON.parse(readFileSync(join(REAL_KNOWLEDGE, 'schema', 'offering.schema.json'), 'utf8'));
  expect(committed).toEqual(offeringJsonSchema());
});
