import type { FactDefinitions } from '../knowledge/fact-schema';
import { zodProblems } from '../knowledge/problems';
import { errorMapFor } from '../knowledge/validation-messages';
import type { Language } from '../knowledge/vocabulary';
import { TestProfileList, type TestProfile } from '../knowledge/test-profile-schema';
import { FactValueError, parseClientFacts } from '../eligibility/client-facts';
import type { KeyValueStore } from '../storage/key-value-store';
import { SeededDocument } from './seeded-document';
import type { FieldError } from './errors';

export const TEST_PROFILES_KEY = 'kb/test-profiles';

export interface TestProfilesDoc {
  profiles: TestProfile[];
  updatedAt?: string;
  updatedBy?: string;
}

/** The profiles refused, every error at once, with the path of the field (`2.facts.age`). */
export class TestProfilesInvalidError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`the test profiles are invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'TestProfilesInvalidError';
  }
}

/** Profiles as given, checked against the schema and the facts of the version served. */
export function checkTestProfiles(input: unknown, facts: FactDefinitions, lang: Language = 'en'): TestProfile[] {
  const parsed = TestProfileList.safeParse(input, { error: errorMapFor(lang) });
  if (!parsed.success) throw new TestProfilesInvalidError(zodProblems('', parsed.error.issues, [], lang).map(({ path, message }) => ({ path, message })));
  const errors: FieldError[] = [];
  parsed.data.forEach((p, i) => {
    try {
      parseClientFacts(p.facts, facts);
    } catch (e) {
      if (!(e instanceof FactValueError)) throw e;
      errors.push({ path: [i, 'facts', e.fact].filter((s) => s !== '').join('.'), message: e.message });
    }
  });
  if (errors.length) throw new TestProfilesInvalidError(errors);
  return parsed.data;
}

/**
 * The admins' test profiles, shared by every instance in the store; the seed (the file
 * knowledge/test-profiles.yaml) until someone saves them.
 */
export class TestProfiles {
  private readonly doc: SeededDocument<TestProfile>;

  constructor(store: KeyValueStore, seed: readonly TestProfile[], now: () => Date) {
    this.doc = new SeededDocument(store, TEST_PROFILES_KEY, seed, now);
  }

  async get(): Promise<TestProfilesDoc> {
    const { items, ...meta } = await this.doc.get();
    return { profiles: items, ...meta };
  }

  async save(input: unknown, facts: FactDefinitions, who: string, lang: Language = 'en'): Promise<TestProfilesDoc> {
    const { items, ...meta } = await this.doc.save(checkTestProfiles(input, facts, lang), who);
    return { profiles: items, ...meta };
  }
}
