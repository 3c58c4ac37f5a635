import type { Server } from 'restify';
import { OrganizationsInvalidError, type Organizations } from '../referrals/organizations';
import type { ServedKnowledge } from '../serving/served-knowledge';
import { jsonBody, messageLanguage, type Route } from './admin-http';

/**
 * The receiving organizations under /api/admin/organizations: the whole list, read and saved at
 * once (checked against the offerings served; placeholder addresses come back as warnings).
 */
export function registerOrganizationRoutes(server: Server, route: Route, deps: { organizations: Organizations; served: ServedKnowledge }): void {
  server.get(
    '/api/admin/organizations',
    route(async (_req, res) => {
      res.send(200, await deps.organizations.document());
    }),
  );

  server.put(
    '/api/admin/organizations',
    route(
      async (req, res, who) => {
        const parsed = jsonBody(req, res);
        if (!parsed.ok) return;
        const list = (parsed.value as { organizations?: unknown } | undefined)?.organizations;
        const { kb } = await deps.served.store.current();
        try {
          res.send(200, await deps.organizations.save(list, new Set(kb.offerings.map((o) => o.id)), who, messageLanguage(req)));
        } catch (err) {
          if (!(err instanceof OrganizationsInvalidError)) throw err;
          res.send(422, { code: 'InvalidOrganizations', message: 'the organizations do not follow the format', errors: err.errors });
        }
      },
      { body: true },
    ),
  );
}
