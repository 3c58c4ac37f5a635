import { factDefinition, isOption, type FactDefinitions } from '../knowledge/fact-schema';
import type { LoadedOffering } from '../knowledge/offering-schema';
import type { RegionalContact } from '../knowledge/regional-contact';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import { formatList } from './format';

type Phone = LoadedOffering['access']['phones'][number];

/** "- 514 555-0000 (label, confirm with the organization)", one line per number. */
export function phoneLines(phones: readonly Phone[], lang: Language, t: Translate): string[] {
  return phones.map((p) => {
    const notes = [p.label?.[lang], p.toConfirm ? t('cards.toConfirm') : undefined].filter(Boolean);
    return notes.length ? `- ${p.number} (${notes.join(', ')})` : `- ${p.number}`;
  });
}

/** A regional point of service: its name, numbers, address and web page, one per line. */
export function regionalLines(r: RegionalContact, lang: Language, t: Translate): string[] {
  return [r.name[lang], ...phoneLines(r.phones, lang, t), ...(r.address ? [`- ${r.address}`] : []), ...(r.url ? [`- ${r.url}`] : [])];
}

/** The regions a point of service serves, by their names in the `region` fact ("Laval et Laurentides"). */
export function regionNames(r: RegionalContact, lang: Language, facts: FactDefinitions): string {
  const def = factDefinition(facts, 'region');
  const name = (id: string) => (def?.type === 'enum' && isOption(def, id) ? def.options[id]![lang] : id);
  return formatList(r.regions.map(name), lang);
}
