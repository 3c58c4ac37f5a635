import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { architectureSection, cruise, folderLoops, withSection } from '../../scripts/architecture/graph';
import { fromPackageRoot } from '../../src/package-root';

/**
 * The layer rule of .dependency-cruiser.cjs, run on the real code, and shown to catch the back
 * arrows and loops the code had before the composition root (issue 14), rebuilt as stub files.
 */

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
  const real = cruise();

  it('holds for the code as it is: no import breaks a layer, loops or leaves the domain free of frameworks', () => {
    expect(real.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(real.modules.filter((m) => m.source.startsWith('src/')).length).toBeGreaterThan(100);
  });

  it('finds no loop between folders', () => {
    expect(folderLoops(real)).toEqual([]);
  });

  it('is described as it is in docs/architecture.md (npm run docs:architecture regenerates it)', () => {
    const doc = readFileSync(fromPackageRoot('docs', 'architecture.md'), 'utf8');
    expect(withSection(doc, architectureSection(real))).toEqual(doc);
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
    const flagged = new Set(cruise(['src', 'dialogs', 'scripts'], dir).summary.violations.map((v) => `${v.from} → ${v.to}`));
    for (const [from, to] of before) expect([from, to, flagged.has(`${from} → ${to}`)]).toEqual([from, to, true]);
  });

  it('refuses a domain module that reaches botbuilder through another module', () => {
    const dir = stubTree([
      ['src/search/search-index.ts', 'src/storage/blob-storage.ts'],
      ['src/storage/blob-storage.ts', 'node_modules/botbuilder/index.ts'],
    ]);
    temporary.push(dir);
    const rules = cruise(['src'], dir).summary.violations.map((v) => `${v.rule.name}: ${v.from}`);
    expect(rules).toContain('domain-free-of-frameworks: src/search/search-index.ts');
  });

  it('finds a loop between two folders even when no file imports itself back', () => {
    const dir = stubTree([
      ['src/search/a.ts', 'src/eligibility/b.ts'],
      ['src/eligibility/c.ts', 'src/search/d.ts'],
    ]);
    temporary.push(dir);
    expect(folderLoops(cruise(['src'], dir))).toEqual(['src/eligibility → src/search → src/eligibility']);
  });
});
