/**
 * The layer rule, checked by dependency-cruiser (`npm run lint`, and test/architecture).
 *
 * Layers from the bottom up. A module may import from its own layer and from layers below it,
 * never from a layer above; folders may not import each other in a loop (the test checks that
 * over folders, dependency-cruiser over files). The domain and the cards never reach botbuilder,
 * restify or ws, even through another module: the move to the Bot Framework's successor must
 * touch only the edge. Tools (the CLI, scripts) reach the conversation and the channels only
 * through the composition root.
 */
const LAYERS = require('./scripts/architecture/layers.json');

const FRAMEWORK_FREE = '^src/(knowledge|i18n|text|search|eligibility|referrals|knowledge-store|safety|serving|cards)/';
const FRAMEWORKS = 'node_modules/(botbuilder[^/]*|botframework-[^/]*|restify[^/]*|ws|@azure/[^/]+)/';

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} may not import from a layer above it (${LAYERS.slice(i + 1)
    .map((l) => l.name)
    .join(', ')})`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).map((l) => l.path) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'http-is-a-leaf',
      comment: 'src/server is an HTTP toolkit: it imports nothing but the base layer',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^(src|dialogs)/', pathNot: [LAYERS[0].path, '^src/server/'] },
    },
    {
      name: 'tools-through-the-app',
      comment: 'the CLI and scripts reach the conversation and the channels only through the composition root (src/app)',
      severity: 'error',
      from: { path: LAYERS.at(-1).path },
      to: { path: ['^src/bot/', '^dialogs/', '^src/(botframework|directline|webchat|admin|partner)/'] },
    },
    {
      name: 'channels-apart',
      comment: 'channels do not lean on one another (shared HTTP pieces live in src/server); only the web chat page uses its Direct Line channel',
      severity: 'error',
      from: { path: '^src/(botframework|directline|admin|partner)/' },
      to: { path: '^src/(botframework|directline|webchat|admin|partner)/', pathNot: '^src/$1/' },
    },
    {
      name: 'domain-free-of-frameworks',
      comment:
        'knowledge, search, eligibility, referrals, the knowledge store, safety, serving and cards never reach botbuilder, restify, ws or Azure, even indirectly',
      severity: 'error',
      from: { path: FRAMEWORK_FREE },
      to: { path: FRAMEWORKS, reachable: true },
    },
    {
      name: 'no-circular',
      comment: 'no import loop between files',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'in-a-layer',
      comment: 'every module of src/, dialogs/ and scripts/ belongs to a layer: place a new folder in LAYERS',
      severity: 'error',
      from: { path: '^(src|dialogs|scripts)/', pathNot: LAYERS.map((l) => l.path) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|dialogs|scripts|node_modules)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
