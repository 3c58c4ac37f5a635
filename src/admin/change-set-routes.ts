import type { Request, Response, Server } from 'restify';
import type { ServedKnowledge } from '../serving/served-knowledge';
import { sendError } from '../server/async-handler';
import { queryValue, routeParam } from '../server/request-values';
import type { ChangeSetStatus } from '../knowledge-store/documents';
import { ifMatchOf, jsonBody, messageLanguage, quoted, type Route } from './admin-http';

const STATUSES: ChangeSetStatus[] = ['open', 'submitted', 'approved', 'rejected', 'published', 'withdrawn'];

/** A text field of the JSON body, cut to `max` characters; undefined when absent or not text. */
function text(body: unknown, field: string, max = 1000): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;
}

/**
 * Change sets under /api/admin/changesets: each admin's edits in their own set, submitted,
 * approved or rejected by another admin (REVIEW_REQUIRED), then published as a whole.
 */
export function registerChangeSetRoutes(server: Server, served: ServedKnowledge, route: Route, now: () => Date): void {
  const sets = served.store.changeSets;
  const id = (req: Request) => routeParam(req, 'id') ?? '';
  const offering = (req: Request) => routeParam(req, 'offering') ?? '';
  /** Handlers that read an optional JSON body: `{comment}`, `{note}`, `{name}`, `{reason}`. */
  const withBody = (handle: (req: Request, res: Response, who: string, body: unknown) => Promise<void>) =>
    route(
      async (req, res, who) => {
        const parsed = jsonBody(req, res, true);
        if (parsed.ok) await handle(req, res, who, parsed.value);
      },
      { body: true },
    );

  server.get(
    '/api/admin/changesets',
    route(async (req, res) => {
      const status = queryValue(req, 'status')
        ?.split(',')
        .filter((s): s is ChangeSetStatus => (STATUSES as string[]).includes(s));
      res.send(200, {
        reviewRequired: sets.reviewRequired,
        changeSets: await sets.list({ status: status?.length ? status : undefined, owner: queryValue(req, 'owner') }),
      });
    }),
  );

  server.post(
    '/api/admin/changesets',
    withBody(async (_req, res, who, body) => {
      const { edits: _e, events: _v, ...created } = await sets.create({ who, name: text(body, 'name', 120) ?? '' });
      res.send(201, created);
    }),
  );

  server.get(
    '/api/admin/changesets/:id',
    route(async (req, res) => {
      const doc = await sets.get(id(req));
      res.send(200, { ...doc, diff: await sets.diff(doc.id) });
    }),
  );

  server.get(
    '/api/admin/changesets/:id/validate',
    route(async (req, res) => {
      const problems = await served.store.validateDraft(undefined, id(req), { lang: messageLanguage(req) });
      res.send(200, { errors: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warning') });
    }),
  );

  server.get(
    '/api/admin/changesets/:id/offerings/:offering',
    route(async (req, res) => {
      const found = await sets.offering(id(req), offering(req));
      if (found.data === undefined) return sendError(res, 404, 'NotFound', `no offering ${offering(req)} in change set ${id(req)} (${found.state})`);
      res.header('ETag', quoted(found.etag!));
      res.send(200, found.data);
    }),
  );

  server.put(
    '/api/admin/changesets/:id/offerings/:offering',
    route(
      async (req, res, who) => {
        const parsed = jsonBody(req, res);
        if (!parsed.ok) return;
        const result = await sets.put(id(req), offering(req), parsed.value, { who, ifMatch: ifMatchOf(req), lang: messageLanguage(req) });
        res.header('ETag', quoted(result.etag));
        res.send(result.created ? 201 : 200, { id: offering(req), etag: result.etag, created: result.created });
      },
      { body: true },
    ),
  );

  server.del(
    '/api/admin/changesets/:id/offerings/:offering',
    route(async (req, res, who) => {
      await sets.remove(id(req), offering(req), { who, ifMatch: ifMatchOf(req) });
      res.send(204);
    }),
  );

  server.post(
    '/api/admin/changesets/:id/offerings/:offering/revert',
    route(async (req, res, who) => {
      await sets.revert(id(req), offering(req), who);
      res.send(204);
    }),
  );

  // Retired: hidden from search and eligibility, kept in the history; undone by editing `retired` away.
  server.post(
    '/api/admin/changesets/:id/offerings/:offering/retire',
    withBody(async (req, res, who, body) => {
      const found = await sets.offering(id(req), offering(req));
      if (found.data === undefined) return sendError(res, 404, 'NotFound', `no offering ${offering(req)} in change set ${id(req)}`);
      const reason = text(body, 'reason', 500);
      const data = { ...(found.data as Record<string, unknown>), retired: { on: now().toISOString().slice(0, 10), ...(reason && { reason }) } };
      const result = await sets.put(id(req), offering(req), data, { who, ifMatch: found.etag, lang: messageLanguage(req) });
      res.header('ETag', quoted(result.etag));
      res.send(200, { id: offering(req), etag: result.etag });
    }),
  );

  const transition = (path: string, act: (setId: string, who: string, body: unknown, req: Request) => Promise<unknown>) =>
    server.post(
      `/api/admin/changesets/:id/${path}`,
      withBody(async (req, res, who, body) => {
        const result = await act(id(req), who, body, req);
        res.send(200, result);
      }),
    );
  const meta = <T extends { edits?: unknown; events?: unknown }>({ edits: _e, ...rest }: T) => rest;
  transition('submit', async (setId, who, body) => meta(await sets.submit(setId, who, text(body, 'comment'))));
  transition('approve', async (setId, who, body) => meta(await sets.review(setId, who, 'approve', text(body, 'comment'))));
  transition('reject', async (setId, who, body) => meta(await sets.review(setId, who, 'reject', text(body, 'comment'))));
  transition('withdraw', async (setId, who) => meta(await sets.withdraw(setId, who)));
  transition('publish', async (setId, who, body, req) => {
    const result = await served.publishChangeSet(setId, who, text(body, 'note', 500), messageLanguage(req));
    return { version: result.version, changes: result.changes, warnings: result.warnings.length };
  });
}
