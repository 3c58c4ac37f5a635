import type { Offering } from './offering-schema';
import type { Problem } from './problems';
import { validationText } from './validation-messages';
import type { Language } from './vocabulary';

/**
 * Words that belong in an offering's `editorNotes`, not in what the public reads: verification
 * notes and hedges about sources. Public texts say plainly "confirm with the organization"
 * (« à confirmer auprès de l'organisme ») where a fact is unsure.
 */
const EDITOR_MARKERS: readonly RegExp[] = [
  /\bà vérifier\b/i,
  /\bnon confirmée?s?\b/i,
  /\bpas confirmée?s?\b/i,
  /\bsources? secondaires?\b/i,
  /\bà confirmer\b(?! auprès)/i,
  /\bselon nos informations\b/i,
  /\bvérifier les montants\b/i,
  /\bto verify\b/i,
  /\b(?:not|un)confirmed\b/i,
  /\bnot confirmed\b/i,
  /\bsecondary sources?\b/i,
  /\bto confirm\b(?! with)/i,
  /\bas far as we know\b/i,
  /\breportedly\b/i,
];

/** The public texts of an offering, with their paths. */
function publicTexts(o: Offering): [path: string, text: string][] {
  const both = (path: string, l: { fr: string; en: string } | undefined): [string, string][] =>
    l ? [[`${path}.fr`, l.fr], [`${path}.en`, l.en]] : [];
  return [
    ...both('name', o.name),
    ...both('summary', o.summary),
    ...both('description', o.description),
    ...both('provider.name', o.provider.name),
    ...both('eligibility.notes', o.eligibility.notes),
    ...o.eligibility.verify.flatMap((v, i) => both(`eligibility.verify.${i}.reason`, v.reason)),
    ...o.documents.flatMap((d, i) => both(`documents.${i}`, d)),
    ...both('access.howTo', o.access.howTo),
    ...o.access.phones.flatMap((p, i) => both(`access.phones.${i}.label`, p.label)),
    ...both('cost.notes', o.cost.notes),
    ...both('adsPlus', o.adsPlus),
  ];
}

/** An error for each public text that carries an editor's note; messages in `lang`. */
export function checkPublicTexts(o: Offering, file: string, lang: Language = 'en'): Problem[] {
  const problems: Problem[] = [];
  for (const [path, text] of publicTexts(o)) {
    const found = EDITOR_MARKERS.map((m) => m.exec(text)?.[0]).find(Boolean);
    if (found) {
      problems.push({
        file,
        path,
        message: validationText(lang, 'offering.editorNote', { words: found }),
        severity: 'error',
      });
    }
  }
  return problems;
}
