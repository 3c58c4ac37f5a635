import { zodProblems } from '../knowledge/problems';
import { errorMapFor, validationText } from '../knowledge/validation-messages';
import { isPlaceholderEmail, OrganizationList, type Organization } from '../knowledge/organization-schema';
import type { Language } from '../knowledge/vocabulary';
import { SeededDocument } from '../knowledge-store/seeded-document';
import type { KeyValueStore } from '../storage/key-value-store';

export const ORGANIZATIONS_KEY = 'referrals/organizations';

export interface OrganizationProblem {
  path: string;
  message: string;
}

/** The list refused, every error at once (`1.offerings.0: no offering "x"`). */
export class OrganizationsInvalidError extends Error {
  constructor(readonly errors: OrganizationProblem[]) {
    super(`the organizations are invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'OrganizationsInvalidError';
  }
}

/** Checks a list against the schema and the offerings served; placeholder addresses come back as warnings. */
export function checkOrganizations(
  input: unknown,
  offeringIds: ReadonlySet<string>,
  lang: Language = 'en',
): { organizations: Organization[]; warnings: OrganizationProblem[] } {
  const parsed = OrganizationList.safeParse(input, { error: errorMapFor(lang) });
  if (!parsed.success) throw new OrganizationsInvalidError(zodProblems('', parsed.error.issues, [], lang).map(({ path, message }) => ({ path, message })));
  const errors: OrganizationProblem[] = [];
  const warnings: OrganizationProblem[] = [];
  parsed.data.forEach((o, i) => {
    o.offerings.forEach((id, j) => {
      if (!offeringIds.has(id)) errors.push({ path: `${i}.offerings.${j}`, message: validationText(lang, 'organizations.unknownOffering', { id }) });
    });
    if (o.referralEmail && isPlaceholderEmail(o.referralEmail)) {
      warnings.push({
        path: `${i}.referralEmail`,
        message: validationText(lang, 'organizations.placeholderEmail', { email: o.referralEmail, organization: o.id }),
      });
    }
  });
  if (errors.length) throw new OrganizationsInvalidError(errors);
  return { organizations: parsed.data, warnings };
}

/** The receiving organizations, shared by every instance; knowledge/organizations.yaml until an admin saves them. */
export class Organizations {
  private readonly doc: SeededDocument<Organization>;

  constructor(store: KeyValueStore, seed: readonly Organization[], now: () => Date) {
    this.doc = new SeededDocument(store, ORGANIZATIONS_KEY, seed, now);
  }

  async list(): Promise<Organization[]> {
    return (await this.doc.get()).items;
  }

  async get(id: string): Promise<Organization | undefined> {
    return (await this.list()).find((o) => o.id === id);
  }

  async document(): Promise<{ organizations: Organization[]; updatedAt?: string; updatedBy?: string }> {
    const { items, ...meta } = await this.doc.get();
    return { organizations: items, ...meta };
  }

  async save(input: unknown, offeringIds: ReadonlySet<string>, who: string, lang: Language = 'en') {
    const { organizations, warnings } = checkOrganizations(input, offeringIds, lang);
    const { items, ...meta } = await this.doc.save(organizations, who);
    return { organizations: items, ...meta, warnings };
  }
}
