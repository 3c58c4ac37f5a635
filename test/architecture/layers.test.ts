import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../src/package-root';

/**
 * The layer rule of .dependency-cruiser.cjs, run on the real code, and shown to catch the back
 * arrows and loops the code had before the composition root (issue 14), rebuilt as stub files.
 */

const CONFIG = join(PACKAGE_ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(PACKAGE_ROOT, 'node_modules', '.bin', 'depcruise');

interface Cruise {
  modules: { source: string; dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean }[] }[];
  summary: { violations: { from: string; to: string; rule: { name: string } }[] };
}

function cruise(cwd: string, roots: string[]): Cruise {
  const run = spawnSync(DEPCRUISE, [...roots, '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`depcruise failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Cruise;
}

/** The folder a module belongs to for the loop check: `src/bot`, `dialogs`, `scripts/teams`; undefined outside the project's code. */
function folderOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : path; // a file at src/ is its own room (config.ts, index.ts)
  if (parts[0] === 'dialogs' || parts[0] === 'scripts') return parts.slice(0, parts.length > 2 ? 2 : 1).join('/');
  return undefined;
}

/** Loops between folders (a folder imports another that imports it back, through any files): each as "a → b → a". */
function folderLoops(result: Cruise): string[] {
  const edges = new Map<string, Set<string>>();
  for (const m of result.modules) {
    const from = folderOf(m.source);
    if (!from) continue;
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved);
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const loops = new Set<string>();
  const walk = (start: string, at: string, path: string[]) => {
    for (const next of edges.get(at) ?? []) {
      if (next === start) loops.add([...path, start].join(' → '));
      else if (!path.includes(next) && next > start) walk(start, next, [...path, next]);
    }
  };
  for (const folder of edges.keys()) walk(folder, folder, [folder]);
  return [...loops];
}

/** A temporary tree of stub modules, each importing the ones it is given. */
function stubTree(edges: [from: string, to: string][]): string {
  const root = mkdtempSync(join(tmpdir(), 'passerelle-layers-'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node' } }));
  const imports = new Map<string, string[]>();
  for (const [from, to] of edges) {
    imports.set(from, [...(imports.get(from) ?? []), to]);
    if (!imports.has(to)) imports.set(to, []);
  }
  for (const [file, targets] of imports) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    const lines = targets.map(
      (t) =>
        `import '${relative(dirname(file), t)
          .replace(/\.ts$/, '')
          .replace(/^(?!\.)/, './')}';`,
    );
    writeFileSync(join(root, file), `${lines.join('\n')}\nexport {};\n`);
  }
  return root;
}

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the layer rule', () => {
  const real = cruise(PACKAGE_ROOT, ['src', 'dialogs', 'scripts']);

  it('holds for the code as it is: no import breaks a layer, loops or leaves the domain free of frameworks', () => {
    expect(real.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(real.modules.filter((m) => m.source.startsWith('src/')).length).toBeGreaterThan(100);
  });

  it('finds no loop between folders', () => {
    expect(folderLoops(real)).toEqual([]);
  });

  it('refuses each back arrow the code had before the composition root', () => {
    // Measured from the import graph before issue 14 (one file per arrow is enough).
    const before: [string, string][] = [
      ['src/bot/bot-runtime.ts', 'dialogs/main-dialog.ts'],
      ['src/bot/passerelle-bot.ts', 'dialogs/welcome.ts'],
      ['src/server/create-server.ts', 'src/directline/web-chat-channel.ts'],
      ['src/server/create-server.ts', 'src/admin/admin-routes.ts'],
      ['src/server/create-server.ts', 'src/bot/bot-runtime.ts'],
      ['src/cards/details-card.ts', 'src/bot/audience.ts'],
      ['src/admin/admin-routes.ts', 'src/directline/rate-limiter.ts'],
      ['src/cli/chat.ts', 'dialogs/intent.ts'],
      ['scripts/teams/manifest.ts', 'dialogs/intent.ts'],
      ['src/startup.ts', 'src/bot/services.ts'],
    ];
    const dir = stubTree(before);
    temporary.push(dir);
    const flagged = new Set(cruise(dir, ['src', 'dialogs', 'scripts']).summary.violations.map((v) => `${v.from} → ${v.to}`));
    for (const [from, to] of before) expect([from, to, flagged.has(`${from} → ${to}`)]).toEqual([from, to, true]);
  });

  it('refuses a domain module that reaches botbuilder through another module', () => {
    const dir = stubTree([
      ['src/search/search-index.ts', 'src/storage/blob-storage.ts'],
      ['src/storage/blob-storage.ts', 'node_modules/botbuilder/index.ts'],
    ]);
    temporary.push(dir);
    const rules = cruise(dir, ['src']).summary.violations.map((v) => `${v.rule.name}: ${v.from}`);
    expect(rules).toContain('domain-free-of-frameworks: src/search/search-index.ts');
  });

  it('finds a loop between two folders even when no file imports itself back', () => {
    const dir = stubTree([
      ['src/search/a.ts', 'src/eligibility/b.ts'],
      ['src/eligibility/c.ts', 'src/search/d.ts'],
    ]);
    temporary.push(dir);
    expect(folderLoops(cruise(dir, ['src']))).toEqual(['src/eligibility → src/search → src/eligibility']);
  });
});
