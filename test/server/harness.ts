import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import type { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { createLogger, type Logger } from '../../src/log/logger';
import { loadServedKnowledge } from '../../src/serving/load-served-knowledge';
import { SearchIndex } from '../../src/search/search-index';
import { createApp, type PasserelleApp } from '../../src/app/create-app';
import type { AppStorage } from '../../src/storage/create-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { REAL_KNOWLEDGE } from '../helpers/knowledge-fixture';

let knowledge: { kb: KnowledgeBase; index: SearchIndex } | undefined;

/** The real knowledge base (KNOWLEDGE_DIR=knowledge), loaded once per test file. */
export function realKnowledge(): { kb: KnowledgeBase; index: SearchIndex } {
  if (!knowledge) {
    const { kb, problems } = loadKnowledgeDir(REAL_KNOWLEDGE);
    if (!kb) throw new Error(`knowledge has errors: ${JSON.stringify(problems)}`);
    knowledge = { kb, index: SearchIndex.build(kb) };
  }
  return knowledge;
}

export const tempDataDir = () => mkdtempSync(join(tmpdir(), 'passerelle-data-'));

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', KNOWLEDGE_DIR: REAL_KNOWLEDGE, DATA_DIR: dataDir, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', ...env });
}

export interface Running {
  url: string;
  app: PasserelleApp;
  storage: AppStorage;
  dataDir: string;
  /** Closes the server, then the storage; removes the data folder when the harness made it. */
  stop(): Promise<void>;
}

/** A server on 127.0.0.1 and a free port, with SQLite state under `dataDir` (a new temp folder by default). */
export async function startServer(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    storage?: AppStorage;
    logger?: Logger;
    now?: () => Date;
    knowledge?: { kb: KnowledgeBase; index: SearchIndex };
    /** Serve from the knowledge store in the data folder (seeded from knowledge/), as `npm start` does. */
    store?: boolean;
  } = {},
): Promise<Running> {
  const dataDir = options.dataDir ?? tempDataDir();
  const storage = options.storage ?? SqliteStorage.inDataDir(dataDir);
  const config = testConfig(dataDir, options.env);
  const now = options.now ?? (() => new Date('2026-11-29T12:00:00Z'));
  let app: PasserelleApp;
  if (options.store) {
    const served = await loadServedKnowledge(config, storage, options.logger ?? createLogger(config));
    app = createApp({
      config,
      kb: served.kb,
      index: served.index,
      storage,
      logger: options.logger,
      now,
      knowledgeStore: served.store,
      published: served.published,
      proposedFiles: served.proposedFiles,
    });
  } else {
    const { kb, index } = options.knowledge ?? realKnowledge();
    app = createApp({ config, kb, index, storage, logger: options.logger, now });
  }
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    app,
    storage,
    dataDir,
    stop: async () => {
      await app.close();
      storage.close?.();
      if (!options.dataDir && !options.storage) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  type: string;
  text?: string;
  locale?: string;
  attachments?: { contentType: string; content: CardJson }[];
  suggestedActions?: { actions: { title: string; value: unknown }[] };
}

export interface CardJson {
  type: string;
  version: string;
  lang: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
}

/** A message activity as Web Chat would post it, replies requested in the response body. */
export function message(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: randomUUID(),
    text,
    channelId: 'webchat',
    conversation: { id: 'conversation-1' },
    from: { id: 'user-1' },
    recipient: { id: 'passerelle' },
    deliveryMode: 'expectReplies',
    ...overrides,
  };
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown; replies: Reply[] }> {
  const send = () =>
    fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  // A pooled keep-alive socket the server closed an instant before (after a raw request it cut
  // short) resets before any answer: the request never reached the server, so it is sent again once.
  const res = await send().catch((err: unknown) => {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err;
    return send();
  });
  const raw = await res.text();
  let json: unknown;
  try {
    json = raw ? JSON.parse(raw) : undefined;
  } catch {
    json = raw;
  }
  const replies = ((json as { activities?: Reply[] } | undefined)?.activities ?? []).filter((a) => a.type === 'message');
  return { status: res.status, json, replies };
}

/** Every Action.Submit data object in a card, in order. */
export function submitData(card: CardJson): { verb: string; offeringId: string }[] {
  const found: { verb: string; offeringId: string }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Submit') found.push(n.data as { verb: string; offeringId: string });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}
