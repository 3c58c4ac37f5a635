/**
 * Closed lists the knowledge base draws from. They are fixed by law or by design, not by data,
 * so they live in code; everything else about offerings and facts lives in `knowledge/`.
 */

/** The two languages Passerelle speaks; every piece of text exists in both. */
export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Who the bot talks to: a caseworker about a client, or the person themself (facts have a wording for each). */
export const AUDIENCES = ['caseworker', 'self'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const CATEGORIES = [
  'settlement',
  'information',
  'employment',
  'french-language',
  'credentials',
  'income-support',
  'health',
  'family',
  'childcare',
  'education',
  'housing',
  'legal',
  'safety',
  'youth',
  'women',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The fact a check for a client starts from: the client's need, an offering category or every one. */
export const NEED_FACT = 'need';
export const EVERY_NEED = 'everything';

/** Québec's 17 administrative regions. */
export const REGIONS = [
  'bas-saint-laurent',
  'saguenay-lac-saint-jean',
  'capitale-nationale',
  'mauricie',
  'estrie',
  'montreal',
  'outaouais',
  'abitibi-temiscamingue',
  'cote-nord',
  'nord-du-quebec',
  'gaspesie-iles-de-la-madeleine',
  'chaudiere-appalaches',
  'laval',
  'lanaudiere',
  'laurentides',
  'monteregie',
  'centre-du-quebec',
] as const;
export type Region = (typeof REGIONS)[number];

export const PROVIDER_KINDS = [
  'quebec-government',
  'federal-government',
  'municipal',
  'health-network',
  'school',
  'community',
  'professional-order',
  'other',
] as const;

export const ACCESS_MODES = ['online', 'in-person', 'phone'] as const;
