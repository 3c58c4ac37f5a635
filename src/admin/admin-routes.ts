import type { i18n } from 'i18next';
import type { Request, Response, Server } from 'restify';
import restify from 'restify';
import type { Config } from '../config';
import { RateLimiter } from '../server/rate-limiter';
import {
  ChangeSetConflictError,
  ChangeSetNotFoundError,
  ChangeSetStateError,
  DraftInvalidError,
  InvalidOfferingError,
  NothingToPublishError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../knowledge-store/errors';
import type { ReferralStore } from '../referrals/referral-store';
import type { Logger } from '../log/logger';
import { asyncHandler, sendError } from '../server/async-handler';
import { addressOptions, clientIp } from '../server/client-address';
import { queryValue, routeParam } from '../server/request-values';
import type { AdminAuth } from './admin-auth';
import { registerChangeSetRoutes } from './change-set-routes';
import { ifMatchOf, jsonBody, messageLanguage, quoted, type Handler } from './admin-http';
import { fiscalYear, referralCrossCsv, referralCsv, referralMeasureCsv, referralReport, stalenessCsv, stalenessReport, type Period } from './reports';
import { withBom } from '../text/csv';
import type { ServedKnowledge } from '../serving/served-knowledge';
import type { TestProfiles } from '../knowledge-store/test-profiles';
import { registerPreviewRoutes } from './preview-routes';
import { registerOrganizationRoutes } from './organization-routes';
import type { Organizations } from '../referrals/organizations';

/** Admin bodies: one offering, or a note. */
const MAX_ADMIN_BODY_BYTES = 512 * 1024;
/** Failed authentications allowed per address and minute; then 429 until the bucket refills. */
const FAILED_AUTH_PER_MINUTE = 10;

export interface AdminRoutesDeps {
  config: Config;
  i18n: i18n;
  profiles: TestProfiles;
  organizations: Organizations;
  auth: AdminAuth;
  served: ServedKnowledge;
  referrals: ReferralStore;
  logger: Logger;
  now: () => Date;
}

const wantsCsv = (req: Request) => queryValue(req, 'format') === 'csv' || /\btext\/csv\b/.test(req.header('accept') ?? '');

/** `?separator=semicolon` for French Excel; a comma otherwise. */
const separatorOf = (req: Request): ',' | ';' => (queryValue(req, 'separator') === 'semicolon' ? ';' : ',');

function sendCsv(res: Response, name: string, csv: string): void {
  res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"`, 'Cache-Control': 'no-store' });
  // With a byte order mark: Excel then reads the accents of French names right.
  res.end(withBom(csv));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The period asked: `?fiscalYear=2026` (1 April 2026 – 31 March 2027) or `?from=&to=` (YYYY-MM-DD); undefined for a bad one. */
function periodOf(req: Request): Period | undefined {
  const fy = queryValue(req, 'fiscalYear');
  if (fy !== undefined) return /^\d{4}$/.test(fy) ? fiscalYear(Number(fy)) : undefined;
  const from = queryValue(req, 'from');
  const to = queryValue(req, 'to');
  if ((from && !DATE.test(from)) || (to && !DATE.test(to))) return undefined;
  return { ...(from && { from }), ...(to && { to }) };
}

/** Maps the knowledge store's refusals to HTTP; anything else is ours (500, logged). */
function sendStoreError(res: Response, err: unknown): boolean {
  if (err instanceof InvalidOfferingError) res.send(422, { code: 'InvalidOffering', message: 'the offering does not follow the format', errors: err.errors });
  else if (err instanceof DraftInvalidError) {
    const errors = err.problems.filter((p) => p.severity === 'error').map((p) => ({ file: p.file, path: p.path, message: p.message }));
    res.send(422, { code: 'InvalidDraft', message: 'the draft has errors: nothing was published, the live version is unchanged', errors });
  } else if (err instanceof PreconditionRequiredError) sendError(res, 428, 'PreconditionRequired', `${err.message}; GET it for its ETag`);
  else if (err instanceof PreconditionFailedError) {
    if (err.currentEtag) res.header('ETag', quoted(err.currentEtag));
    sendError(res, 412, 'PreconditionFailed', err.message);
  } else if (err instanceof NotFoundError) sendError(res, 404, 'NotFound', err.message);
  else if (err instanceof NothingToPublishError) sendError(res, 409, 'NothingToPublish', err.message);
  else if (err instanceof ChangeSetNotFoundError) sendError(res, 404, 'NotFound', err.message);
  else if (err instanceof ChangeSetStateError) sendError(res, err.code === 'NotOwner' || err.code === 'OwnReview' ? 403 : 409, err.code, err.message);
  else if (err instanceof ChangeSetConflictError) res.send(409, { code: 'Conflict', message: err.message, conflicts: err.conflicts });
  else return false;
  return true;
}

/**
 * The admin API under /api/admin: bearer tokens known by their SHA-256 (ADMIN_TOKEN_HASHES), the
 * token's name recorded as who made each change. Not registered at all without tokens (404).
 */
export function registerAdminRoutes(server: Server, deps: AdminRoutesDeps): void {
  const { config, served, logger } = deps;
  const { auth } = deps;
  if (!auth.enabled) return;
  const failures = new RateLimiter(FAILED_AUTH_PER_MINUTE);
  const address = addressOptions(config);

  const reader = restify.plugins.bodyReader({ maxBodySize: MAX_ADMIN_BODY_BYTES });
  /** The body, read only once the token is known good: an unauthenticated client cannot make the server buffer it. */
  const readBody = (req: Request, res: Response) =>
    new Promise<boolean>((resolve) => {
      reader(req, res, ((err?: unknown) => {
        if (!(err instanceof Error)) return resolve(true);
        const status = (err as { statusCode?: number }).statusCode ?? 400;
        sendError(
          res,
          status,
          status === 413 ? 'PayloadTooLarge' : 'BadRequest',
          status === 413 ? `the body is over ${MAX_ADMIN_BODY_BYTES} bytes` : 'the body could not be read',
        );
        resolve(false);
      }) as restify.Next);
    });
  const route = (handle: Handler, options: { body?: boolean } = {}) =>
    asyncHandler(logger, async (req, res) => {
      // Nothing of the admin API is ever cached, answers and refusals alike.
      res.header('Cache-Control', 'no-store');
      const ip = clientIp(req, address);
      const blocked = failures.peek(ip);
      if (!blocked.ok) {
        res.header('Retry-After', String(blocked.retryAfterSeconds));
        return sendError(res, 429, 'TooManyRequests', 'too many failed attempts from this address');
      }
      const caller = auth.identify(req);
      if (!caller) {
        failures.take(ip);
        logger.warn({ path: req.path() }, 'admin API: authentication failed');
        res.header('WWW-Authenticate', 'Bearer realm="passerelle-admin"');
        return sendError(res, 401, 'Unauthorized', 'a valid admin bearer token (or console session) is required');
      }
      // A browser's change must come from the console's own page (another site cannot read the token).
      if (req.method !== 'GET' && req.method !== 'HEAD' && !auth.csrfOk(req, caller)) {
        return sendError(res, 403, 'CsrfTokenMissing', 'changes from the console need the X-CSRF-Token header of its page');
      }
      const who = caller.who;
      if (options.body && !(await readBody(req, res))) return;
      try {
        await handle(req, res, who);
      } catch (err) {
        if (!sendStoreError(res, err)) throw err;
      }
    });

  server.get(
    '/api/admin/offerings',
    route(async (_req, res, _who) => {
      res.send(200, { offerings: await served.store.listDraft(_who) });
    }),
  );

  server.get(
    '/api/admin/offerings/:id',
    route(async (req, res, who) => {
      const found = await served.store.getDraft(routeParam(req, 'id') ?? '', who);
      if (!found) return sendError(res, 404, 'NotFound', `no offering ${routeParam(req, 'id') ?? ''} in the draft`);
      res.header('ETag', quoted(found.etag));
      res.send(200, found.data);
    }),
  );

  server.put(
    '/api/admin/offerings/:id',
    route(
      async (req, res, who) => {
        const parsed = jsonBody(req, res);
        if (!parsed.ok) return;
        const result = await served.store.putDraft(routeParam(req, 'id') ?? '', parsed.value, { ifMatch: ifMatchOf(req), who, lang: messageLanguage(req) });
        res.header('ETag', quoted(result.etag));
        res.send(result.created ? 201 : 200, { id: routeParam(req, 'id'), etag: result.etag, created: result.created });
      },
      { body: true },
    ),
  );

  server.del(
    '/api/admin/offerings/:id',
    route(async (req, res, who) => {
      await served.store.deleteDraft(routeParam(req, 'id') ?? '', { ifMatch: ifMatchOf(req), who });
      res.send(204);
    }),
  );

  server.post(
    '/api/admin/publish',
    route(
      async (req, res, who) => {
        const parsed = jsonBody(req, res, true);
        if (!parsed.ok) return;
        const note = (parsed.value as { note?: unknown } | undefined)?.note;
        const result = await served.publish(who, typeof note === 'string' ? note.slice(0, 500) : undefined, messageLanguage(req));
        res.send(200, { version: result.version, changes: result.changes, warnings: result.warnings.length });
      },
      { body: true },
    ),
  );

  registerChangeSetRoutes(server, served, route, deps.now);
  registerPreviewRoutes(server, route, deps);
  registerOrganizationRoutes(server, route, deps);

  server.post(
    '/api/admin/rollback/:version',
    route(async (req, res, who) => {
      const version = Number(routeParam(req, 'version'));
      if (!Number.isInteger(version) || version < 1) return sendError(res, 400, 'BadRequest', 'the version must be a whole number, 1 or more');
      const result = await served.rollback(version, who, undefined, messageLanguage(req));
      res.send(200, { version: result.version, changes: result.changes, pending: result.pending ?? [] });
    }),
  );

  server.get(
    '/api/admin/versions',
    route(async (_req, res) => {
      res.send(200, { current: (await served.store.head()).current, versions: await served.store.versions() });
    }),
  );

  server.get(
    '/api/admin/audit',
    route(async (req, res) => {
      const limit = Math.min(1000, Math.max(1, Number(queryValue(req, 'limit')) || 100));
      const before = Number(queryValue(req, 'before')) || undefined;
      const offering = queryValue(req, 'offering');
      const person = queryValue(req, 'who');
      // Filtered within the newest 1,000 entries (before `before`): the log has no index by offering or person.
      const entries = (await served.store.audit({ limit: offering || person ? 1000 : limit, before }))
        .filter((e) => (!offering || e.offeringId === offering) && (!person || e.who === person))
        .slice(0, limit);
      res.send(200, { entries });
    }),
  );

  server.get(
    '/api/admin/links',
    route(async (_req, res) => {
      const report = await served.store.linkReport();
      if (!report) return sendError(res, 404, 'NotFound', 'no link check yet: POST /api/admin/links/check');
      res.send(200, report);
    }),
  );

  server.post(
    '/api/admin/links/check',
    route(async (_req, res) => {
      res.send(200, await served.store.checkLinks());
    }),
  );

  server.get(
    '/api/admin/reports/staleness',
    route(async (req, res) => {
      const { kb } = await served.store.current();
      const report = stalenessReport(kb, deps.now(), config.STALE_AFTER_DAYS);
      if (wantsCsv(req)) return sendCsv(res, 'staleness', stalenessCsv(report, separatorOf(req)));
      res.send(200, report);
    }),
  );

  server.get(
    '/api/admin/reports/referrals',
    route(async (req, res) => {
      const period = periodOf(req);
      if (!period) return sendError(res, 400, 'BadRequest', 'the period is fiscalYear=YYYY, or from= and to= as YYYY-MM-DD');
      const report = referralReport(await deps.referrals.all(), period);
      const table = queryValue(req, 'table');
      if (wantsCsv(req)) {
        if (table === 'cross') return sendCsv(res, 'referrals-offering-gender-month', referralCrossCsv(report, separatorOf(req)));
        if (table === 'measure') return sendCsv(res, 'referrals-measure-by-offering', referralMeasureCsv(report, separatorOf(req)));
        return sendCsv(res, 'referrals', referralCsv(report, separatorOf(req)));
      }
      res.send(200, report);
    }),
  );
}
