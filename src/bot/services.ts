import type { StatePropertyAccessor } from 'botbuilder';
import type { i18n } from 'i18next';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { ReferralDispatch } from '../referrals/referral-dispatch';
import type { ReferralStore } from '../referrals/referral-store';
import type { OfferingSearch } from '../search/search-index';
import type { KnowledgeAdmin } from '../serving/served-knowledge';
import type { ClientTask, UserProfile } from './state';

/** What the dialogs are given: the domain (knowledge, search), the texts and the user's profile. */
export interface DialogServices {
  kb: KnowledgeBase;
  index: OfferingSearch;
  i18n: i18n;
  profile: StatePropertyAccessor<UserProfile>;
  /** The client facts of the caseworker's task in progress (eligibility, then referral). */
  clientTask: StatePropertyAccessor<ClientTask | undefined>;
  referrals: ReferralStore;
  /** Sends referrals to the receiving organizations; absent where the bot runs without it (dialog tests): letters only. */
  dispatch?: ReferralDispatch;
  /** How long referrals are kept (REFERRAL_RETENTION_DAYS), for the consent's wording. */
  referralRetentionDays?: number;
  staleAfterDays: number;
  now: () => Date;
  /** Admin commands on the knowledge base; absent where the bot runs without them (dialog tests). */
  knowledgeAdmin?: KnowledgeAdmin;
}
