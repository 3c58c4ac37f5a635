import type { KnowledgeBase } from '../knowledge/knowledge-base';

/** What one link gave: reachable (2xx after redirects) or why not. */
export interface LinkResult {
  url: string;
  ok: boolean;
  /** The last HTTP status seen. */
  status?: number;
  /** Where redirects led, when elsewhere. */
  finalUrl?: string;
  error?: 'timeout' | 'redirect-loop' | 'too-many-redirects' | 'network' | 'http';
  checkedAt: string;
}

export interface LinkReport {
  checkedAt: string;
  /** Per offering, its links (sources and every other URL it holds) and what they gave. */
  offerings: { id: string; links: LinkResult[] }[];
  broken: number;
}

export interface LinkCheckOptions {
  timeoutMs?: number;
  maxRedirects?: number;
  /** Links checked at once. */
  concurrency?: number;
  now?: () => Date;
}

const URL_PATTERN = /^https?:\/\/\S+$/;

/** Every http(s) URL an offering holds, once each, in order of appearance. */
export function linksOf(value: unknown, found = new Set<string>()): string[] {
  if (typeof value === 'string') {
    if (URL_PATTERN.test(value)) found.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => linksOf(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => linksOf(v, found));
  return [...found];
}

/**
 * One link: HEAD, or GET when the server refuses HEAD (405, 501); redirects followed by hand
 * (up to `maxRedirects`, a loop is named as such); each request cut at `timeoutMs`.
 */
export async function checkLink(url: string, options: LinkCheckOptions = {}): Promise<LinkResult> {
  const { timeoutMs = 8_000, maxRedirects = 5 } = options;
  const checkedAt = (options.now?.() ?? new Date()).toISOString();
  const seen = new Set<string>();
  let current = url;
  let status: number | undefined;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    if (seen.has(current)) return { url, ok: false, status, finalUrl: current, error: 'redirect-loop', checkedAt };
    seen.add(current);
    let res: Response;
    try {
      res = await request(current, 'HEAD', timeoutMs);
      if (res.status === 405 || res.status === 501) res = await request(current, 'GET', timeoutMs);
    } catch (err) {
      const timedOut = (err as { name?: string }).name === 'TimeoutError' || (err as { name?: string }).name === 'AbortError';
      return { url, ok: false, status, error: timedOut ? 'timeout' : 'network', checkedAt, ...(current !== url && { finalUrl: current }) };
    }
    status = res.status;
    const location = res.headers.get('location');
    if (status >= 300 && status < 400 && location) {
      current = new URL(location, current).toString();
      continue;
    }
    const ok = status >= 200 && status < 300;
    return { url, ok, status, checkedAt, ...(current !== url && { finalUrl: current }), ...(!ok && { error: 'http' as const }) };
  }
  return { url, ok: false, status, finalUrl: current, error: 'too-many-redirects', checkedAt };
}

async function request(url: string, method: 'HEAD' | 'GET', timeoutMs: number): Promise<Response> {
  const res = await fetch(url, { method, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { 'User-Agent': 'Passerelle link checker' } });
  // The body is not needed: cancel it so the connection is freed.
  await res.body?.cancel().catch(() => undefined);
  return res;
}

/** Every link of every offering served, checked `concurrency` at a time; each URL once. */
export async function checkKnowledgeLinks(kb: KnowledgeBase, options: LinkCheckOptions = {}): Promise<LinkReport> {
  const byOffering = kb.offerings.map((o) => ({ id: o.id, urls: linksOf(o) }));
  const unique = [...new Set(byOffering.flatMap((o) => o.urls))];
  const results = new Map<string, LinkResult>();
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const url = unique[next++]!;
      results.set(url, await checkLink(url, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, unique.length) }, worker));
  const offerings = byOffering.map((o) => ({ id: o.id, links: o.urls.map((u) => results.get(u)!) }));
  return {
    checkedAt: (options.now?.() ?? new Date()).toISOString(),
    offerings,
    broken: [...results.values()].filter((r) => !r.ok).length,
  };
}
