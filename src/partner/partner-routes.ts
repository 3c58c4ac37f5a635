import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { i18n } from 'i18next';
import type { Request, Response, Server } from 'restify';
import restify from 'restify';
import type { Config } from '../config';
import { pageLanguage } from '../i18n/page-language';
import { translator } from '../i18n/translator';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Language } from '../knowledge/vocabulary';
import type { Logger } from '../log/logger';
import { fromPackageRoot } from '../package-root';
import type { TellCaseworker } from '../referrals/referral-dispatch';
import { TransitionError, type ReferralOutcome, type ReferralStatus } from '../referrals/referral-lifecycle';
import type { LinkSigner } from '../referrals/referral-link';
import type { Organizations } from '../referrals/organizations';
import type { Referral } from '../referrals/referral-schema';
import type { ReferralStore } from '../referrals/referral-store';
import { addressOptions, clientIp } from '../server/client-address';
import { RateLimiter } from '../server/rate-limiter';
import { queryValue, routeParam } from '../server/request-values';
import { asyncHandler } from '../server/async-handler';
import { invalidLinkPage, partnerPage } from './partner-page';

export interface PartnerRoutesDeps {
  config: Config;
  referrals: ReferralStore;
  organizations: Organizations;
  signer: () => Promise<LinkSigner>;
  kb: () => KnowledgeBase;
  i18n: i18n;
  tell: TellCaseworker;
  logger: Logger;
  now: () => Date;
}

/** No script: forms only. The token is in the address, so no referrer ever carries it away. */
const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
};
/** Refused links per address and minute, then 429: tokens cannot be guessed, nor tried by the thousand. */
const REFUSALS_PER_MINUTE = 20;
const ACTIONS: Record<string, ReferralStatus> = { accept: 'accepted', decline: 'declined', close: 'closed' };

/**
 * The receiving organization's page under /partner/referrals/<token>: the referral with only the
 * consented facts, and accept, decline (with a reason) or close (with an outcome). No account: the
 * signed link is the capability, for one referral and one organization, until it expires or is
 * revoked. Every refusal is the same 403 page; every view and answer is logged without content.
 */
export function registerPartnerRoutes(server: Server, deps: PartnerRoutesDeps): void {
  const { referrals, logger } = deps;
  const address = addressOptions(deps.config);
  const refusals = new RateLimiter(REFUSALS_PER_MINUTE);
  const form = restify.plugins.bodyReader({ maxBodySize: 4096 });
  const t = (lang: Language) => deps.i18n.getFixedT(lang, 'partner');
  const send = (res: Response, status: number, html: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...HEADERS, ...extra });
    res.end(html);
  };
  const langOf = (req: Request, given?: string | null) => pageLanguage(given ?? queryValue(req, 'lang'), req.header('accept-language'));

  /** The referral a token opens, or a 403/429 already sent. */
  async function open(req: Request, res: Response, lang: Language): Promise<{ r: Referral; path: string } | undefined> {
    const token = routeParam(req, 'token') ?? '';
    const path = `/partner/referrals/${token}`;
    const ip = clientIp(req, address);
    const blocked = refusals.peek(ip);
    if (!blocked.ok) {
      send(res, 429, invalidLinkPage({ lang, t: t(lang) }, path), { 'Retry-After': String(blocked.retryAfterSeconds) });
      return undefined;
    }
    const claims = (await deps.signer()).verify(token, deps.now());
    const r = 'refused' in claims ? undefined : await referrals.get(claims.referralId);
    const why =
      'refused' in claims
        ? claims.refused
        : !r
          ? 'Unknown'
          : r.organizationId !== claims.organizationId
            ? 'OtherOrganization'
            : !r.link || r.link.nonce !== claims.nonce || Math.floor(Date.parse(r.link.expiresAt) / 1000) !== claims.expires
              ? 'Revoked'
              : undefined;
    if (why || !r) {
      refusals.take(ip);
      logger.warn({ refused: why }, 'partner link refused');
      send(res, 403, invalidLinkPage({ lang, t: t(lang) }, '/partner/referrals/'));
      return undefined;
    }
    return { r, path };
  }

  const page = async (res: Response, r: Referral, path: string, lang: Language, notice?: string, status = 200) => {
    const org = (await deps.organizations.get(r.organizationId!)) ?? { id: r.organizationId!, name: { fr: r.organizationId!, en: r.organizationId! } };
    send(res, status, partnerPage(r, org, { lang, t: t(lang), bot: translator(deps.i18n, lang), kb: deps.kb() }, path, notice));
  };

  server.get(
    '/partner/referrals/:token',
    asyncHandler(logger, async (req, res) => {
      const lang = langOf(req);
      const opened = await open(req, res, lang);
      if (opened) {
        logger.info({ referral: opened.r.reference, organization: opened.r.organizationId }, 'partner page opened');
        await page(res, opened.r, opened.path, lang, queryValue(req, 'done') === '1' ? t(lang)('page.done') : undefined);
      }
    }),
  );

  server.post(
    '/partner/referrals/:token/:action',
    form,
    asyncHandler(logger, async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : typeof req.body === 'string' ? req.body : '';
      const fields = new URLSearchParams(raw);
      const lang = langOf(req, fields.get('lang'));
      const opened = await open(req, res, lang);
      const to = ACTIONS[routeParam(req, 'action') ?? ''];
      if (opened && !to) send(res, 404, invalidLinkPage({ lang, t: t(lang) }, opened.path));
      else if (opened && to) {
        const { r, path } = opened;
        const reason = fields.get('reason')?.trim() || undefined;
        const outcome = (fields.get('outcome') || undefined) as ReferralOutcome | undefined;
        try {
          const updated = await referrals.apply(r.id, { to, actor: { kind: 'organization', id: r.organizationId }, reason, outcome });
          logger.info({ referral: r.reference, organization: r.organizationId, status: to }, 'referral answered by the organization');
          await deps
            .tell(updated, { event: updated.events.at(-1) })
            .catch((err: unknown) => logger.warn({ err, referral: r.reference }, 'caseworker not told'));
          res.writeHead(303, { Location: `${path}?lang=${lang}&done=1`, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
          res.end();
        } catch (err) {
          if (!(err instanceof TransitionError)) throw err;
          const message =
            err.code === 'ReasonRequired'
              ? t(lang)('page.missing')
              : err.code === 'OutcomeRequired'
                ? t(lang)('page.missingOutcome')
                : t(lang)('page.refused', { status: translator(deps.i18n, lang)(`referral.status.${r.status}`) });
          await page(res, r, path, lang, message, err.code === 'NotAllowed' ? 409 : 422);
        }
      }
    }),
  );

  let css: Buffer | undefined;
  server.get('/partner/static/partner.css', (_req: Request, res: Response, next: restify.Next) => {
    css ??= readFileSync(join(fromPackageRoot('public'), 'partner.css'));
    res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(css);
    next(false);
  });
}
