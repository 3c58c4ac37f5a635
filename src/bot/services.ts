import type { StatePropertyAccessor } from 'botbuilder';
import type { i18n } from 'i18next';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { ReferralStore } from '../referrals/referral-store';
import type { SearchHit, SearchOptions } from '../search/search-index';
import type { ClientTask, UserProfile } from './state';

/** The search the dialogs need: `SearchIndex` satisfies it; tests may pass a stand-in. */
export interface OfferingSearch {
  search(text: string, options?: SearchOptions): SearchHit[];
}

/** What the dialogs are given: the domain (knowledge, search), the texts and the user's profile. */
export interface DialogServices {
  kb: KnowledgeBase;
  index: OfferingSearch;
  i18n: i18n;
  profile: StatePropertyAccessor<UserProfile>;
  /** The client facts of the caseworker's task in progress (eligibility, then referral). */
  clientTask: StatePropertyAccessor<ClientTask | undefined>;
  referrals: ReferralStore;
  staleAfterDays: number;
  now: () => Date;
  /** Admin commands on the knowledge base; absent where the bot runs without them (dialog tests). */
  knowledgeAdmin?: KnowledgeAdmin;
}

export type ReloadOutcome =
  | { ok: true; changed: boolean; version: string; offerings: number; published?: number }
  | { ok: false; problems: string[] };

/** `kb reload`: load the newest published knowledge (or the files) and swap it in without downtime. */
export interface KnowledgeAdmin {
  reload(): Promise<ReloadOutcome>;
  /** The published version being served, when versions are kept. */
  published(): { number: number; publishedAt: string; publishedBy: string } | undefined;
}
