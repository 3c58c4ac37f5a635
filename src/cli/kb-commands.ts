import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { loadKnowledgeDir } from '../knowledge/read-dir';
import { formatProblem, hasErrors } from '../knowledge/problems';

const USAGE = `usage: npm run --silent kb -- <command>
  validate [DIR]                              check the knowledge files; exit 1 on any error
  build                                       write the serialized search index
  search "TEXT" [--lang fr|en] [--json]       search the offerings
  search --batch FILE --json                  one query per line: {"q": "...", "lang": "fr"}
  eligibility --facts JSON [--offering ID] [--json]`;

/** Runs one command and returns the exit code: 0 ok, 1 validation errors, 2 bad usage or input. */
export async function runKbCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
  switch (command) {
    case 'validate': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const dir = positionals[0] ?? config.KNOWLEDGE_DIR;
      const { kb, problems } = loadKnowledgeDir(dir, { staleAfterDays: config.STALE_AFTER_DAYS });
      for (const p of problems) (p.severity === 'error' ? console.error : console.log)(formatProblem(p));
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      const summary = `${kb ? kb.offerings.length : 0} offerings, ${errors} error(s), ${warnings} warning(s)`;
      (hasErrors(problems) ? console.error : console.log)(summary);
      return hasErrors(problems) ? 1 : 0;
    }
    default:
      console.error(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
      return 2;
  }
}
