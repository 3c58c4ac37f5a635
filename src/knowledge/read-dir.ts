import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { Problem } from './problems';
import { validateKnowledge, type RawEntry, type RawKnowledge, type RawOffering, type ValidationOptions, type ValidationResult } from './knowledge-base';
import { validationText } from './validation-messages';
import type { Language } from './vocabulary';

/** Layout of a knowledge directory: `facts.yaml`, `glossary.yaml`, `safety.yaml` and `offerings/<id>.yaml`. */
export const FACTS_FILE = 'facts.yaml';
export const GLOSSARY_FILE = 'glossary.yaml';
export const SAFETY_FILE = 'safety.yaml';
export const OFFERINGS_DIR = 'offerings';

/** Reads and validates a knowledge directory. File names in messages are relative to `cwd`. */
export function loadKnowledgeDir(dir: string, options: ValidationOptions = {}): ValidationResult {
  const { raw, problems } = readKnowledgeDir(dir, options.lang);
  const result = validateKnowledge(raw, options);
  return { kb: problems.length ? undefined : result.kb, problems: [...problems, ...result.problems] };
}

export function readKnowledgeDir(dir: string, lang: Language = 'en'): { raw: RawKnowledge; problems: Problem[] } {
  const problems: Problem[] = [];
  const say = (key: string, params?: Record<string, string | number>) => validationText(lang, key, params);
  // Paths inside the working folder read best relative to it; others stay as given.
  const display = (p: string) => {
    const rel = relative(process.cwd(), p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
  };

  const readYaml = (path: string): RawEntry => {
    const file = display(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      problems.push({ file, path: '', message: say('files.cannotRead', { reason: (e as NodeJS.ErrnoException).code ?? String(e) }), severity: 'error' });
      return { file, data: undefined };
    }
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      const message = say('files.yamlError', { error: (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '') });
      problems.push({ file, path: pos ? say('files.position', { line: pos.line, column: pos.col }) : '', message, severity: 'error' });
    }
    return { file, data: doc.errors.length ? undefined : doc.toJS() };
  };

  const offeringsDir = join(dir, OFFERINGS_DIR);
  const offerings: RawOffering[] = [];
  if (!existsSync(offeringsDir)) {
    problems.push({ file: display(offeringsDir), path: '', message: say('files.noOfferingsFolder'), severity: 'error' });
  } else {
    for (const name of readdirSync(offeringsDir).sort()) {
      const ext = extname(name);
      if (ext !== '.yaml' && ext !== '.yml') continue;
      offerings.push({ ...readYaml(join(offeringsDir, name)), id: basename(name, ext) });
    }
  }
  const glossaryPath = join(dir, GLOSSARY_FILE);
  const safetyPath = join(dir, SAFETY_FILE);
  const raw: RawKnowledge = {
    facts: readYaml(join(dir, FACTS_FILE)),
    glossary: existsSync(glossaryPath) ? readYaml(glossaryPath) : undefined,
    safety: existsSync(safetyPath) ? readYaml(safetyPath) : undefined,
    offerings,
  };
  // A YAML syntax error already has its problem; don't also report the empty data as missing fields.
  const broken = new Set(problems.map((p) => p.file));
  raw.offerings = raw.offerings.filter((o) => !broken.has(o.file));
  return { raw, problems };
}
