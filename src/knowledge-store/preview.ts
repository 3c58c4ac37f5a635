import type { Language } from '../knowledge/vocabulary';
import { validateKnowledge, type KnowledgeBase } from '../knowledge/knowledge-base';
import { DraftInvalidError, InvalidOfferingError } from './errors';
import type { KnowledgeStore } from './knowledge-store';
import { checkOffering } from './offering-check';
import { offeringFile, toRawKnowledge } from './snapshot';

export interface PreviewOptions {
  today: Date;
  staleAfterDays?: number;
  /** The language of the refusals' messages. */
  lang?: Language;
}

/**
 * The knowledge base served now with one offering as an editor has it (saved or not): what the
 * bot would answer once it is published. Refused as saving and publishing would refuse it
 * (InvalidOfferingError for its format, DraftInvalidError for the rest, e.g. a rule's unknown fact).
 */
export async function previewKnowledge(store: KnowledgeStore, id: string, data: unknown, options: PreviewOptions): Promise<KnowledgeBase> {
  const checked = checkOffering(id, data, options.lang);
  if (checked.errors.length > 0) throw new InvalidOfferingError(id, checked.errors);
  const { content } = await store.liveContent();
  const raw = toRawKnowledge({ ...content, offerings: { ...content.offerings, [id]: checked.data } });
  const { kb, problems } = validateKnowledge(raw, options);
  const file = offeringFile(id);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!kb || errors.length > 0) throw new DraftInvalidError(errors.some((p) => p.file === file) ? errors.filter((p) => p.file === file) : errors);
  return kb;
}
