/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) and tells where the server's CPU time went, by area:
 * an npm package, a folder of ours (src/bot, dialogs...), Node's internals, the garbage collector.
 * "self": time in the area's own code; "inclusive": time with the area anywhere on the stack
 * (each sample counted once per area), so botbuilder's inclusive time holds the dialogs it runs.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Sampled ms, idle excluded. */
  busyMs: number;
  idleMs: number;
  /** By area, most first: ms and share of busy time. */
  self: { area: string; ms: number; share: number }[];
  inclusive: { area: string; ms: number; share: number }[];
  /** Self time by coarse group: the Bot Framework SDK, our code, Node and native code... */
  groups: { group: string; ms: number; share: number }[];
  /** The functions with the most self time. */
  topFunctions: { fn: string; area: string; ms: number; share: number }[];
}

/** `root` is the project folder: files under it are named by their folder, packages by name. */
export function areaOf(url: string, functionName: string, root: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (path.startsWith('node:')) return 'node (internals)';
  if (path.startsWith(root + '/')) {
    const parts = path.slice(root.length + 1).split('/');
    return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0]!;
  }
  return path;
}

/** Only the samples taken within `windowUs` (the monotonic clock, in µs) count, when given. */
/** The coarse group of an area. */
export function groupOf(area: string): string {
  if (/^(botbuilder|botframework|@azure\/|@typespec\/|@microsoft\/recognizers|adaptive-expressions)/.test(area))
    return 'Bot Framework SDK (botbuilder*, botframework-*, @azure/*)';
  if (area === 'src' || area.startsWith('src/') || area === 'dialogs') return 'Passerelle (src/, dialogs/)';
  if (area === '(garbage collector)') return 'garbage collector';
  if (['node (internals)', '(native)', '(program)', 'better-sqlite3'].includes(area) || area.startsWith('wasm://'))
    return 'Node.js, V8 and native code (sockets, SQLite, JSON, Intl…)';
  return area === 'restify' || area === 'i18next' ? area : 'other packages';
}

export function summarizeProfile(file: string, root: string, windowUs?: [number, number], top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const area = new Map(profile.nodes.map((n) => [n.id, areaOf(n.callFrame.url, n.callFrame.functionName, root)]));

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const fns = new Map<string, { area: string; ms: number }>();
  let idle = 0;
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; the sample stands for the time until the next one.
    at += profile.timeDeltas[i] ?? 0;
    if (windowUs && (at < windowUs[0] || at > windowUs[1])) return;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += ms;
      return;
    }
    busy += ms;
    const a = area.get(id)!;
    self.set(a, (self.get(a) ?? 0) + ms);
    const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
    fns.set(key, { area: a, ms: (fns.get(key)?.ms ?? 0) + ms });
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) seen.add(area.get(n)!);
    for (const s of seen) inclusive.set(s, (inclusive.get(s) ?? 0) + ms);
  });
  const round = (n: number) => Math.round(n * 10) / 10;
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .filter(([, ms]) => ms / busy >= 0.005)
      .map(([a, ms]) => ({ area: a, ms: round(ms), share: round((100 * ms) / busy) }));
  const groups = new Map<string, number>();
  for (const [a, ms] of self) groups.set(groupOf(a), (groups.get(groupOf(a)) ?? 0) + ms);
  return {
    busyMs: round(busy),
    groups: [...groups].sort((a, b) => b[1] - a[1]).map(([group, ms]) => ({ group, ms: round(ms), share: round((100 * ms) / busy) })),
    idleMs: round(idle),
    self: rows(self),
    inclusive: rows(inclusive).filter((r) => r.area !== '(root)'),
    topFunctions: [...fns]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([fn, { area: a, ms }]) => ({ fn, area: a, ms: round(ms), share: round((100 * ms) / busy) })),
  };
}
