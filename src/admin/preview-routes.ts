import type { i18n } from 'i18next';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config';
import { detailsCard } from '../cards/details-card';
import { eligibilityResultsCard } from '../cards/eligibility-results-card';
import { resultsCard } from '../cards/results-card';
import { assess } from '../eligibility/assess';
import { parseClientFacts } from '../eligibility/client-facts';
import { translator, translatorsOf } from '../i18n/translator';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { LoadedOffering } from '../knowledge/offering-schema';
import { LANGUAGES, type Audience, type Language } from '../knowledge/vocabulary';
import { previewKnowledge } from '../knowledge-store/preview';
import { TestProfilesInvalidError, type TestProfiles } from '../knowledge-store/test-profiles';
import type { TestProfile } from '../knowledge/test-profile-schema';
import type { ServedKnowledge } from '../serving/served-knowledge';
import { sendError } from '../server/async-handler';
import { jsonBody, messageLanguage, type Route } from './admin-http';

export interface PreviewDeps {
  config: Config;
  served: ServedKnowledge;
  i18n: i18n;
  profiles: TestProfiles;
  now: () => Date;
}

const AUDIENCES: readonly Audience[] = ['self', 'caseworker'];

/** The offering's search result and details cards, per language and audience, as the bot sends them. */
function offeringViews(o: LoadedOffering, kb: KnowledgeBase, deps: PreviewDeps) {
  return LANGUAGES.flatMap((lang) =>
    AUDIENCES.map((audience) => {
      const t = translator(deps.i18n, lang);
      return {
        lang,
        audience,
        result: resultsCard([o], lang, t, audience),
        details: detailsCard(o, lang, t, { now: deps.now(), staleAfterDays: deps.config.STALE_AFTER_DAYS, audience, facts: kb.facts }),
      };
    }),
  );
}

/** Each profile's outcome for the offering, with the results card of an eligibility check in each language. */
function profileOutcomes(o: LoadedOffering, kb: KnowledgeBase, profiles: readonly TestProfile[], deps: PreviewDeps) {
  const reasonsT = translatorsOf(deps.i18n, 'eligibility');
  return profiles.map((p) => {
    let facts: ReturnType<typeof parseClientFacts>;
    try {
      facts = parseClientFacts(p.facts, kb.facts, deps.now());
    } catch (e) {
      // A fact the version served no longer defines: said, not a failure of the whole preview.
      return { id: p.id, name: p.name, facts: p.facts, error: (e as Error).message };
    }
    const a = assess(kb, o.id, facts, reasonsT, deps.now());
    if (!a) return { id: p.id, name: p.name, facts: p.facts };
    // As an eligibility check ends, per language and audience (a newcomer has no Refer button).
    const cards = Object.fromEntries(
      LANGUAGES.map((lang: Language) => [
        lang,
        Object.fromEntries(
          AUDIENCES.map((audience) => [
            audience,
            eligibilityResultsCard(kb, [a], lang, translator(deps.i18n, lang), { canRefer: audience === 'caseworker', region: facts.region }),
          ]),
        ),
      ]),
    );
    return { id: p.id, name: p.name, facts: p.facts, status: a.status, reasons: a.reasons, missing: a.missing, cards };
  });
}

/**
 * The console's preview (POST /api/admin/preview {id, offering}): the offering as the editor has
 * it, saved or not, rendered by the bot's own card builders, and the eligibility outcome of each
 * test profile. Test profiles under /api/admin/test-profiles.
 */
export function registerPreviewRoutes(server: Server, route: Route, deps: PreviewDeps): void {
  const body = (handle: (req: Request, res: Response, who: string, value: unknown) => Promise<void>) =>
    route(
      async (req, res, who) => {
        const parsed = jsonBody(req, res);
        if (parsed.ok) await handle(req, res, who, parsed.value);
      },
      { body: true },
    );

  server.post(
    '/api/admin/preview',
    body(async (req, res, _who, value) => {
      const { id, offering } = (value ?? {}) as { id?: unknown; offering?: unknown };
      if (typeof id !== 'string' || typeof offering !== 'object' || offering === null) {
        return sendError(res, 400, 'BadRequest', 'the body is {"id": "<offering id>", "offering": {…}}');
      }
      const kb = await previewKnowledge(deps.served.store, id, offering, {
        today: deps.now(),
        staleAfterDays: deps.config.STALE_AFTER_DAYS,
        lang: messageLanguage(req),
      });
      const o = kb.get(id) ?? kb.retired.find((r) => r.id === id);
      if (!o) return sendError(res, 500, 'PreviewFailed', 'the offering is missing from its own preview');
      const { profiles } = await deps.profiles.get();
      res.send(200, { id, retired: !kb.get(id), views: offeringViews(o, kb, deps), profiles: kb.get(id) ? profileOutcomes(o, kb, profiles, deps) : [] });
    }),
  );

  server.get(
    '/api/admin/facts',
    route(async (_req, res) => {
      // The facts rules may test, with their choices: the rule editor's drop-downs.
      res.send(200, { facts: (await deps.served.store.current()).kb.facts });
    }),
  );

  server.get(
    '/api/admin/test-profiles',
    route(async (_req, res) => {
      res.send(200, await deps.profiles.get());
    }),
  );

  server.put(
    '/api/admin/test-profiles',
    body(async (req, res, who, value) => {
      const list = (value as { profiles?: unknown } | undefined)?.profiles;
      try {
        res.send(200, await deps.profiles.save(list, (await deps.served.store.current()).kb.facts, who, messageLanguage(req)));
      } catch (err) {
        if (!(err instanceof TestProfilesInvalidError)) throw err;
        res.send(422, { code: 'InvalidTestProfiles', message: 'the test profiles do not follow the format', errors: err.errors });
      }
    }),
  );
}
