import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { stringify } from 'yaml';
import { FACTS_FILE, GLOSSARY_FILE, OFFERINGS_DIR, SAFETY_FILE } from '../knowledge/read-dir';
import type { KnowledgeContent } from './documents';

/** The first line of every hand-written offering: editors validate the YAML while you type. */
const SCHEMA_COMMENT = '# yaml-language-server: $schema=../schema/offering.schema.json\n';

/**
 * Writes a version's content as a knowledge folder (`facts.yaml`, `glossary.yaml`, `safety.yaml`,
 * `offerings/<id>.yaml`), fields in their stored order. Offering files of DIR that are not in the
 * content are removed, so the folder is exactly this version (and `kb validate DIR` agrees).
 * Returns the files written and removed, relative to `dir`.
 */
export function writeKnowledgeDir(dir: string, content: KnowledgeContent): { written: string[]; removed: string[] } {
  const offeringsDir = join(dir, OFFERINGS_DIR);
  mkdirSync(offeringsDir, { recursive: true });
  const written: string[] = [];
  const write = (file: string, text: string) => {
    writeFileSync(join(dir, file), text);
    written.push(file);
  };
  write(FACTS_FILE, yaml(content.facts));
  write(GLOSSARY_FILE, yaml(content.glossary));
  if (content.safety !== undefined) write(SAFETY_FILE, yaml(content.safety));
  const ids = Object.keys(content.offerings).sort();
  for (const id of ids) write(`${OFFERINGS_DIR}/${id}.yaml`, SCHEMA_COMMENT + yaml(content.offerings[id]));

  const removed: string[] = [];
  const keep = new Set(ids.map((id) => `${id}.yaml`));
  for (const name of readdirSync(offeringsDir)) {
    const ext = extname(name);
    // `x.yml` is removed too: next to the new `x.yaml` it would be a duplicate id.
    if ((ext === '.yaml' || ext === '.yml') && !keep.has(name)) {
      rmSync(join(offeringsDir, name));
      removed.push(`${OFFERINGS_DIR}/${name}`);
    }
  }
  return { written, removed };
}

/** Wide lines: long sentences stay on one line, as in the hand-written files. */
const yaml = (value: unknown): string => stringify(value, { lineWidth: 0 });
