import type { RawKnowledge } from '../knowledge/knowledge-base';
import { FACTS_FILE, GLOSSARY_FILE, OFFERINGS_DIR, SAFETY_FILE } from '../knowledge/read-dir';
import type { KnowledgeContent } from './documents';

/**
 * A version's content and `RawKnowledge` (what `readKnowledgeDir` reads and `validateKnowledge`
 * checks) are the same data: the raw values of each file, not zod's output, so writing them back
 * as files loses nothing and yields the same content hash.
 */

/** As the files of a knowledge folder; problems name `facts.yaml`, `offerings/<id>.yaml`… */
export function toRawKnowledge(content: KnowledgeContent): RawKnowledge {
  return {
    facts: { file: FACTS_FILE, data: content.facts },
    glossary: { file: GLOSSARY_FILE, data: content.glossary },
    safety: content.safety === undefined ? undefined : { file: SAFETY_FILE, data: content.safety },
    offerings: Object.keys(content.offerings)
      .sort()
      .map((id) => ({ file: offeringFile(id), id, data: content.offerings[id] })),
  };
}

export function fromRawKnowledge(raw: RawKnowledge): KnowledgeContent {
  return plainJson({
    facts: raw.facts.data,
    glossary: raw.glossary?.data ?? [],
    safety: raw.safety?.data,
    offerings: Object.fromEntries(raw.offerings.map((o) => [o.id, o.data])),
  });
}

/**
 * What is stored and validated must be the same: missing facts become `{}` (so rules are still
 * checked against them, where `validateKnowledge` would skip them) and a missing glossary `[]`.
 * File names are kept for messages.
 */
export function completeRaw(raw: RawKnowledge): RawKnowledge {
  return {
    facts: { file: raw.facts.file, data: raw.facts.data ?? {} },
    glossary: { file: raw.glossary?.file ?? GLOSSARY_FILE, data: raw.glossary?.data ?? [] },
    safety: raw.safety,
    offerings: raw.offerings,
  };
}

export const offeringFile = (id: string): string => `${OFFERINGS_DIR}/${id}.yaml`;

/** A deep copy as JSON would store it (no undefined, no class instances). */
export const plainJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
