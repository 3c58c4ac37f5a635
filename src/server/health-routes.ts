import type { Request, Response, Server } from 'restify';
import type { Logger } from '../log/logger';
import { asyncHandler } from './async-handler';

export interface HealthDeps {
  logger: Logger;
  /** False while the server drains for shutdown. */
  accepting: () => boolean;
  /** Whether the storage answers (when it can tell). */
  ping?: () => boolean | Promise<boolean>;
  /** The storage is shared by every instance (STORAGE=blob): its outage is everyone's, not this instance's. */
  sharedStorage?: boolean;
  /** What is being served, shown by both probes. */
  summary: () => Record<string, unknown>;
}

/**
 * `GET /healthz`: the process answers (liveness; restart it when this fails).
 * `GET /readyz`: whether to send this instance traffic (readiness). 503 when this instance is the
 * problem: it drains for shutdown, or its own storage (the SQLite file) fails. A shared storage
 * that is down (STORAGE=blob) is everyone's outage: removing every instance from the load
 * balancer would turn each message into a bare 502, so /readyz stays 200 with
 * `"status": "degraded", "storage": "unreachable"`, and each turn answers with an apology and a
 * reference until storage is back. Alert on "degraded" (docs/operations.md).
 */
export function registerHealthRoutes(server: Server, deps: HealthDeps): void {
  server.get('/healthz', (_req: Request, res: Response, next) => {
    res.send(200, { status: 'alive', knowledge: deps.summary() });
    next();
  });
  server.get(
    '/readyz',
    asyncHandler(deps.logger, async (_req, res) => {
      const knowledge = deps.summary();
      if (!deps.accepting()) res.send(503, { status: 'unavailable', reason: 'draining', knowledge });
      else if (!deps.ping || (await deps.ping())) res.send(200, { status: 'ready', knowledge });
      else if (deps.sharedStorage) res.send(200, { status: 'degraded', storage: 'unreachable', knowledge });
      else res.send(503, { status: 'unavailable', reason: 'storage', knowledge });
    }),
  );
}
