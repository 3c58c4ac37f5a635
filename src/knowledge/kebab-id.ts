import { z } from 'zod';
import { keyed } from './validation-messages';

/** An id in kebab-case (a-z, 0-9, -): offerings' rules, safety situations, test profiles, organizations. */
export const KebabId = z.string().check(keyed(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), 'field.kebabCase'));
