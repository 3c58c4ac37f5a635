import { z } from 'zod';
import { Offering } from './offering-schema';

/** The JSON Schema of the offering format, generated from the zod schema (the single source). */
export function offeringJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Offering, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://passerelle.example/schema/offering.schema.json',
    title: 'Passerelle offering',
    description: 'One offering of Québec integrated services for newcomers: knowledge/offerings/<id>.yaml',
  };
}
