import type { ReferralStore } from './referral-store';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Purges referrals past the retention period at start-up and then once a day. Returns a stop
 * function. The timer does not keep the process alive.
 */
export function schedulePurge(store: ReferralStore, retentionDays: number, report: (purged: number, error?: unknown) => void, everyMs = DAY_MS): () => void {
  const run = () => {
    store.purgeOlderThan(retentionDays).then(
      (n) => report(n),
      (e: unknown) => report(0, e),
    );
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
