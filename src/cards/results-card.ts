import type { LoadedOffering } from '../knowledge/offering-schema';
import type { Language } from '../knowledge/vocabulary';
import type { Translate } from '../i18n/translator';
import type { Audience } from '../knowledge/vocabulary';
import { adaptiveCard, offeringActions, submit, text, type AdaptiveCard, type Container } from './adaptive-card';

/**
 * Search results as one card: per offering its name, one-line summary, provider and its buttons
 * (Details, eligibility, and Refer for caseworkers only).
 */
export function resultsCard(offerings: readonly LoadedOffering[], lang: Language, t: Translate, audience: Audience = 'caseworker'): AdaptiveCard {
  return adaptiveCard(
    lang,
    offerings.map((o, i) => resultItem(o, lang, t, i > 0, audience)),
  );
}

function resultItem(o: LoadedOffering, lang: Language, t: Translate, separator: boolean, audience: Audience): Container {
  return {
    type: 'Container',
    separator,
    spacing: separator ? 'Medium' : undefined,
    items: [
      text(o.name[lang], { weight: 'Bolder', size: 'Medium' }),
      text(o.summary[lang]),
      text(t('cards.providedBy', { provider: o.provider.name[lang] }), { isSubtle: true, size: 'Small' }),
      {
        type: 'ActionSet',
        actions: [submit(t('cards.actions.details'), 'details', o.id), ...offeringActions(o.id, t, audience)],
      },
    ],
  };
}
