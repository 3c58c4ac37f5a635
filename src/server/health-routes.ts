import type { Request, Response, Server } from 'restify';
import type { Logger } from '../log/logger';
import { asyncHandler } from './async-handler';

export interface HealthDeps {
  logger: Logger;
  /** False while the server drains for shutdown. */
  accepting: () => boolean;
  /** Whether the storage answers (when it can tell). */
  ping?: () => boolean | Promise<boolean>;
  /** What is being served, shown by both probes. */
  summary: () => Record<string, unknown>;
}

/** `GET /healthz`: the process answers (liveness). `GET /readyz`: it can serve turns now (readiness): 503 while draining or when the storage is down. */
export function registerHealthRoutes(server: Server, deps: HealthDeps): void {
  server.get('/healthz', (_req: Request, res: Response, next) => {
    res.send(200, { status: 'alive', knowledge: deps.summary() });
    next();
  });
  server.get(
    '/readyz',
    asyncHandler(deps.logger, async (_req, res) => {
      const ready = deps.accepting() && (deps.ping ? await deps.ping() : true);
      res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', knowledge: deps.summary() });
    }),
  );
}
