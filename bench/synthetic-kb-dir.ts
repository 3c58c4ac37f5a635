/**
 * A synthetic knowledge folder on disk, for start-up measurements: `offerings/<id>.yaml` from
 * `syntheticKnowledge` (bench/synthetic-kb.ts), and the real `facts.yaml` and `glossary.yaml`.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KnowledgeBase } from '../src/knowledge/knowledge-base';
import { FACTS_FILE, GLOSSARY_FILE, OFFERINGS_DIR, SAFETY_FILE } from '../src/knowledge/read-dir';
import { syntheticKnowledge } from './synthetic-kb';

/** The schema's limit on a summary (one short sentence). */
const SUMMARY_MAX = 240;
const fit = (s: string) => (s.length <= SUMMARY_MAX ? s : s.slice(0, s.lastIndexOf(' ', SUMMARY_MAX)));

/** Writes `size` synthetic offerings into `dir` (which should be empty) and returns `dir`. */
export function writeSyntheticKnowledgeDir(real: KnowledgeBase, realDir: string, size: number, dir: string): string {
  mkdirSync(join(dir, OFFERINGS_DIR), { recursive: true });
  copyFileSync(join(realDir, FACTS_FILE), join(dir, FACTS_FILE));
  copyFileSync(join(realDir, GLOSSARY_FILE), join(dir, GLOSSARY_FILE));
  copyFileSync(join(realDir, SAFETY_FILE), join(dir, SAFETY_FILE));
  for (const o of syntheticKnowledge(real, size).offerings) {
    const { id, ...offering } = o;
    const file = { ...offering, summary: { fr: fit(o.summary.fr), en: fit(o.summary.en) } };
    writeFileSync(join(dir, OFFERINGS_DIR, `${id}.yaml`), stringify(file, { lineWidth: 0 }));
  }
  return dir;
}
