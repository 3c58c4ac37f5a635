/**
 * `npm run --silent kb -- <command>`: the knowledge base from the command line.
 * Other tools depend on these exact forms and outputs; see README.md.
 */
import { runKbCli } from './kb-commands';

// Piped into `head`: stop quietly when the reader goes away.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

runKbCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  },
);
