/**
 * `npm run bench:start`: time from spawn to the first 200 of `GET /readyz`, and the resident memory
 * once ready, for the real knowledge base, of the compiled build (`node dist/src/index.js`, what
 * `npm start` runs) and of the sources through tsx (what `npm start` ran before the build), in the
 * same run, interleaved: cold (empty DATA_DIR) then warm (the same DATA_DIR again), BENCH_RUNS
 * times each (default 7). Prints medians and the compiled / tsx ratios, writes
 * bench/results/start.json. A benchmark, not a test: compare the ratios, not the milliseconds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { rssMb, startChild } from './child-server';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ENTRIES = { compiled: 'dist/src/index.js', tsx: 'src/index.ts' } as const;
type Entry = keyof typeof ENTRIES;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startOnce(entry: Entry, dataDir: string): Promise<{ readyMs: number; rssMB: number }> {
  const server = await startChild(ENTRIES[entry], {
    cwd: ROOT,
    env: { NODE_ENV: 'development', LOG_LEVEL: 'silent', KNOWLEDGE_DIR: join(ROOT, 'knowledge'), DATA_DIR: dataDir, NODE_OPTIONS: '--disable-warning=DEP0111' },
  });
  // Resident memory once start-up work has settled (timers, lazy loads).
  await sleep(1000);
  const rssMB = rssMb(server.pid);
  await server.stop();
  return { readyMs: server.readyMs, rssMB };
}

async function main(): Promise<void> {
  const samples: Record<Entry, Record<'cold' | 'warm', { readyMs: number; rssMB: number }[]>> = {
    compiled: { cold: [], warm: [] },
    tsx: { cold: [], warm: [] },
  };
  const load0 = loadavg()[0]!;
  for (let i = 0; i < RUNS; i++) {
    const order: Entry[] = i % 2 ? ['tsx', 'compiled'] : ['compiled', 'tsx'];
    for (const entry of order) {
      const dataDir = mkdtempSync(join(tmpdir(), `passerelle-start-${entry}-`));
      samples[entry].cold.push(await startOnce(entry, dataDir));
      samples[entry].warm.push(await startOnce(entry, dataDir));
      rmSync(dataDir, { recursive: true, force: true });
    }
    process.stdout.write(`round ${i + 1}/${RUNS}\n`);
  }
  const summary = Object.fromEntries(
    (Object.keys(samples) as Entry[]).map((entry) => [
      entry,
      Object.fromEntries(
        (['cold', 'warm'] as const).map((kind) => [
          kind,
          {
            readyMs: Math.round(median(samples[entry][kind].map((s) => s.readyMs))),
            rssMB: Math.round(median(samples[entry][kind].map((s) => s.rssMB))),
          },
        ]),
      ),
    ]),
  ) as Record<Entry, Record<'cold' | 'warm', { readyMs: number; rssMB: number }>>;
  const ratio = (kind: 'cold' | 'warm', field: 'readyMs' | 'rssMB') => Math.round((summary.compiled[kind][field] / summary.tsx[kind][field]) * 100) / 100;
  const ratios = {
    cold: { readyMs: ratio('cold', 'readyMs'), rssMB: ratio('cold', 'rssMB') },
    warm: { readyMs: ratio('warm', 'readyMs'), rssMB: ratio('warm', 'rssMB') },
  };
  console.table({ ...summary, 'compiled / tsx': ratios });
  const out = join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'start.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageBefore: load0, loadAverageAfter: loadavg()[0] },
        runs: RUNS,
        median: summary,
        compiledOverTsx: ratios,
        samples,
      },
      null,
      2,
    ) + '\n',
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
