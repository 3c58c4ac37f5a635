import {
  nextStatuses,
  REFERRAL_STATUSES,
  transition,
  TransitionError,
  type ActorKind,
  type ReferralStatus,
  type TransitionInput,
} from '../../src/referrals/referral-lifecycle';
import { ReferralStore } from '../../src/referrals/referral-store';
import { MemoryStorage } from 'botbuilder';

const ACTORS: ActorKind[] = ['caseworker', 'organization', 'system'];
const AT = new Date('2026-12-03T10:00:00.000Z');

/** The whole table: every (from, to, actor), allowed or refused with its code. */
const ALLOWED: Record<string, ActorKind[]> = {
  'created→sent': ['system', 'caseworker'],
  'sent→accepted': ['organization'],
  'sent→declined': ['organization'],
  'accepted→closed': ['organization'],
  'created→withdrawn': ['caseworker'],
  'sent→withdrawn': ['caseworker'],
  'accepted→withdrawn': ['caseworker'],
};

const input = (to: ReferralStatus, kind: ActorKind): TransitionInput => ({
  to,
  actor: { kind, id: kind === 'system' ? undefined : `${kind}-1` },
  reason: 'places full until January',
  outcome: 'service-started',
});

describe('the referral state machine', () => {
  const cases = REFERRAL_STATUSES.flatMap((from) => REFERRAL_STATUSES.flatMap((to) => ACTORS.map((actor) => [from, to, actor] as const)));

  it.each(cases)('%s → %s by the %s', (from, to, actor) => {
    const allowedBy = ALLOWED[`${from}→${to}`];
    if (allowedBy?.includes(actor)) {
      const event = transition(from, input(to, actor), AT);
      expect(event).toMatchObject({ from, to, at: AT.toISOString(), actor: { kind: actor } });
    } else {
      let refusal: unknown;
      try {
        transition(from, input(to, actor), AT);
      } catch (e) {
        refusal = e;
      }
      expect(refusal).toBeInstanceOf(TransitionError);
      expect((refusal as TransitionError).code).toBe(allowedBy ? 'NotYours' : 'NotAllowed');
    }
  });

  it('needs a reason to decline and an outcome to close', () => {
    const org = { kind: 'organization' as const, id: 'org-1' };
    expect(() => transition('sent', { to: 'declined', actor: org, reason: '   ' }, AT)).toThrow(expect.objectContaining({ code: 'ReasonRequired' }));
    expect(() => transition('accepted', { to: 'closed', actor: org }, AT)).toThrow(expect.objectContaining({ code: 'OutcomeRequired' }));
    const bogus = { to: 'closed', actor: org, outcome: 'teleported' } as unknown as TransitionInput;
    expect(() => transition('accepted', bogus, AT)).toThrow(expect.objectContaining({ code: 'OutcomeRequired' }));
    expect(transition('accepted', { to: 'closed', actor: org, outcome: 'completed' }, AT)).toMatchObject({ outcome: 'completed' });
  });

  it('leaves nothing after declined, closed or withdrawn', () => {
    for (const end of ['declined', 'closed', 'withdrawn'] as const) for (const actor of ACTORS) expect(nextStatuses(end, actor)).toEqual([]);
    expect(nextStatuses('sent', 'caseworker')).toEqual(['withdrawn']);
    expect(nextStatuses('sent', 'organization')).toEqual(['accepted', 'declined']);
  });

  it('keeps every change in the referral’s history, appended, and refuses the caseworker an organization’s step', async () => {
    let now = AT.getTime();
    const store = new ReferralStore(new MemoryStorage(), () => new Date((now += 60_000)));
    const r = await store.create({
      offeringId: 'francisation-quebec',
      facts: {},
      language: 'fr',
      channel: 'msteams',
      caseworkerId: 'cw-1',
      consent: true,
      clientLabel: '  D-2041 ',
    });
    expect(r.clientLabel).toBe('D-2041');
    await store.apply(r.id, { to: 'sent', actor: { kind: 'system' } });
    await expect(store.setStatus('cw-1', r.id, 'accepted')).rejects.toMatchObject({ code: 'NotYours' });
    await store.apply(r.id, { to: 'accepted', actor: { kind: 'organization', id: 'org-1' } });
    const closed = await store.apply(r.id, { to: 'closed', actor: { kind: 'organization', id: 'org-1' }, outcome: 'completed' });
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toBe('completed');
    expect(closed.events.map((e) => `${e.from ?? '∅'}→${e.to} ${e.actor.kind}`)).toEqual([
      '∅→created caseworker',
      'created→sent system',
      'sent→accepted organization',
      'accepted→closed organization',
    ]);
    expect((await store.get(r.id))!.events).toEqual(closed.events);
    await expect(store.setStatus('cw-1', r.id, 'withdrawn')).rejects.toMatchObject({ code: 'NotAllowed' });
  });
});
