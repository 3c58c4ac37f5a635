import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchChromium } from '../helpers/chromium';
import { message, post, startServer, type Running } from '../server/harness';
import { ReferralStore } from '../../src/referrals/referral-store';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdef';

jest.setTimeout(120_000);

/**
 * Two admins in Chromium, each in their own browser context (their own session cookie), with
 * review required: Alice's edit is approved by Bob and published; Bob's unfinished edit never
 * ships with it; Alice cannot approve her own; search serves the change at once.
 */
describe('the admin console in Chromium', () => {
  let running: Running;
  let browser: Browser;
  const outside: string[] = [];

  beforeAll(async () => {
    running = await startServer({ store: true, env: { ADMIN_TOKEN_HASHES: `alice:${sha(ALICE)},bob:${sha(BOB)}` } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  async function signedIn(token: string, lang: 'fr' | 'en'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    // Nothing leaves this machine: every request outside the test server is refused and recorded.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(running.url)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    await page.goto(`${running.url}/admin?lang=${lang}`);
    await page.fill('#token', token);
    await page.click('button[type=submit]');
    await page.waitForSelector('#main table');
    return page;
  }
  const status = (page: Page) => page.locator('#status');
  const searchText = async (text: string) =>
    JSON.stringify((await post(running.url, message(text, { locale: 'en-US', conversation: { id: `s-${Math.random()}` } }))).replies);

  it('edits, reviews and publishes through the page; the other admin’s unfinished edit never ships', async () => {
    const alice = await signedIn(ALICE, 'en');
    await alice.locator('text=Signed in as alice').waitFor();
    expect(await accessibilityViolations(alice)).toEqual([]);

    // Alice edits the English name of 211, in the form generated from the schema.
    await alice.goto(`${running.url}/admin?lang=en#edit/service-211`);
    await alice.waitForSelector('#f-name-en');
    await alice.fill('#f-name-en', '211 — community services (reviewed)');
    expect(await accessibilityViolations(alice)).toEqual([]);
    await alice.click('#main form button[type=submit]');
    await status(alice).filter({ hasText: 'Saved in your change set' }).waitFor();

    // An invalid edit is refused with the same message as kb validate, next to its field.
    await alice.fill('#f-name-fr', '');
    await alice.click('#main form button[type=submit]');
    await alice.locator('.field[data-invalid] .field-error').first().waitFor();
    expect(await alice.locator('[data-field=name] .field-error').textContent()).toMatch(/name\.fr: /);
    await alice.reload();
    await alice.waitForSelector('#f-name-en');
    expect(await alice.inputValue('#f-name-en')).toBe('211 — community services (reviewed)');

    // Bob, in French, starts an edit of another offering and does not submit it.
    const bob = await signedIn(BOB, 'fr');
    expect(await accessibilityViolations(bob)).toEqual([]);
    await bob.goto(`${running.url}/admin?lang=fr#edit/francisation-quebec`);
    await bob.waitForSelector('#f-name-en');
    await bob.fill('#f-name-en', 'Francisation — DRAFT, WRONG NUMBER');
    await bob.click('#main form button[type=submit]');
    await status(bob).filter({ hasText: 'Enregistrée dans votre lot' }).waitFor();

    // Alice submits; the page offers her no approval of her own set.
    await alice.goto(`${running.url}/admin?lang=en#changesets`);
    await alice.click('text=Changes by alice');
    await alice.locator('h1', { hasText: 'Change set: Changes by alice' }).waitFor();
    expect(await alice.locator('table code', { hasText: 'name.en' }).count()).toBe(1);
    await alice.click('button:has-text("Submit for review")');
    await alice.locator('text=By alice — submitted for review').waitFor();
    expect(await alice.locator('button:has-text("Approve")').count()).toBe(0);

    // Bob approves it with a comment, from the French page.
    await bob.goto(`${running.url}/admin?lang=fr#changesets`);
    await bob.click('text=Changes by alice');
    await bob.locator('button:has-text("Approuver")').waitFor();
    expect(await accessibilityViolations(bob)).toEqual([]);
    await bob.fill('#review-comment', 'Vérifié avec le site de 211');
    await bob.click('button:has-text("Approuver")');
    await bob.locator('text=Approuvé par bob').waitFor();

    // Alice publishes; the bot serves it at once, without Bob's edit.
    await alice.reload();
    await alice.click('button:has-text("Publish")');
    await status(alice).filter({ hasText: 'Published as version 2.' }).waitFor();
    expect(await searchText('211')).toContain('211 — community services (reviewed)');
    expect(await searchText('French classes')).not.toContain('DRAFT, WRONG NUMBER');

    // The versions page serves version 1 again; Bob's set is left pending and named.
    await alice.goto(`${running.url}/admin?lang=en#versions`);
    await alice.click('button[aria-label="Serve this version again — 1"]');
    await status(alice).filter({ hasText: 'Version 3 is served.' }).waitFor();
    expect(await searchText('211')).not.toContain('(reviewed)');

    // The audit log, filtered by person, shows Bob's approval.
    await bob.goto(`${running.url}/admin?lang=fr#audit`);
    await bob.fill('#audit-who', 'bob');
    await bob.click('button:has-text("Filtrer")');
    await bob.locator('td', { hasText: 'approve' }).first().waitFor();
    expect(await accessibilityViolations(bob)).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('previews an unsaved edit as the bot renders it, with the test profiles; the rule editor writes the rule', async () => {
    const alice = await signedIn(ALICE, 'fr');
    await alice.goto(`${running.url}/admin?lang=fr#edit/service-211`);
    await alice.waitForSelector('#f-name-en');
    await alice.fill('#f-name-fr', '211 — aperçu non enregistré');
    await alice.click('button:has-text("Aperçu")');
    await alice.locator('.preview h2', { hasText: 'Aperçu' }).waitFor();
    // The Adaptive Cards renderer draws the bot's own cards: the search result and the details.
    const cards = alice.locator('.preview .card-preview .ac-adaptiveCard');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    expect(await alice.locator('.preview .card-preview').first().textContent()).toContain('211 — aperçu non enregistré');
    // Newcomer wording first (no Refer button), then the caseworker's.
    expect(await alice.locator('.preview .card-preview button', { hasText: 'Référer' }).count()).toBe(0);
    await alice.selectOption('#preview-audience', 'caseworker');
    expect(await alice.locator('.preview .card-preview button', { hasText: 'Référer' }).count()).toBeGreaterThan(0);
    await alice.selectOption('#preview-lang', 'en');
    expect(await alice.locator('.preview .card-preview').first().getAttribute('lang')).toBe('en');
    // One outcome per test profile, in the admin's language.
    expect(await alice.locator('.preview .profile').count()).toBe(5);
    expect(await alice.locator('.preview .profile .outcome').first().textContent()).toMatch(/^(Admissible|À vérifier|Non admissible)$/);
    expect(await accessibilityViolations(alice)).toEqual([]);
    // Nothing was saved by the preview.
    expect(await searchText('211')).not.toContain('aperçu non enregistré');

    // The rule editor: an offering's condition on a fact of facts.yaml, values as check boxes.
    await alice.goto(`${running.url}/admin?lang=en#edit/francisation-quebec`);
    await alice.waitForSelector('#f-eligibility-rules');
    expect(await accessibilityViolations(alice)).toEqual([]);
    const rules = alice.locator('#f-eligibility-rules');
    await rules.locator('button[aria-label^="Remove — eligibility-rules"]').first().click();
    await rules.locator('button:has-text("Add a condition")').click();
    await rules.locator('select[id$="-fact"]').selectOption('region');
    await rules.locator('label', { hasText: 'Montréal' }).click();
    await alice.click('button:has-text("Preview")');
    await alice.locator('.preview .profile').first().waitFor();
    const outcome = async (id: string) => alice.locator(`.preview .profile[data-profile="${id}"] .outcome`).textContent();
    expect(await outcome('asylum-laval')).toBe('Not eligible');
    await alice.click('#main form button[type=submit]');
    await status(alice).filter({ hasText: 'Saved in your change set' }).waitFor();
    const set = (await (
      await fetch(`${running.url}/api/admin/changesets?owner=alice&status=open`, { headers: { Authorization: `Bearer ${ALICE}` } })
    ).json()) as { changeSets: { id: string }[] };
    const saved = (await (
      await fetch(`${running.url}/api/admin/changesets/${set.changeSets.at(-1)!.id}/offerings/francisation-quebec`, {
        headers: { Authorization: `Bearer ${ALICE}` },
      })
    ).json()) as { eligibility: { rules: unknown } };
    expect(saved.eligibility.rules).toEqual({ fact: 'region', in: ['montreal'] });
    expect(outside).toEqual([]);
  });

  it('draws the reports as charts over tables, and edits the test profiles', async () => {
    const referrals = new ReferralStore(running.storage);
    const made = { language: 'fr' as const, channel: 'msteams', caseworkerId: 'cw-1', consent: true };
    await referrals.create({ ...made, offeringId: 'francisation-quebec', facts: { gender: 'woman', region: 'laval' } });
    await referrals.create({ ...made, offeringId: 'francisation-quebec', facts: {} });
    const bob = await signedIn(BOB, 'fr');
    await bob.goto(`${running.url}/admin?lang=fr#reports`);
    const byGender = bob.locator('section.report', { has: bob.locator('h2', { hasText: 'Orientations par genre' }) });
    await byGender.locator('canvas').waitFor();
    // The chart's counts are in a table too, with names in the page's language.
    expect((await byGender.locator('tbody tr').allTextContents()).sort()).toEqual(['femme1', 'non précisé1']);
    const byOffering = bob.locator('section.report', { has: bob.locator('h2', { hasText: 'Orientations par offre' }) });
    expect(await byOffering.locator('tbody td').first().textContent()).toBe('Francisation Québec — cours de français gratuits');
    expect(await bob.locator('canvas').count()).toBe(5);
    expect(await accessibilityViolations(bob)).toEqual([]);
    await bob.goto(`${running.url}/admin?lang=fr#profiles`);
    await bob.waitForSelector('#profiles-json');
    await bob.fill('#profiles-json', '[{"id": "x", "name": {"fr": "X", "en": "X"}, "facts": {"age": "old"}}]');
    await bob.click('button:has-text("Enregistrer les profils")');
    await bob.locator('#profiles-errors li', { hasText: '0.facts.age' }).waitFor();
    expect(await accessibilityViolations(bob)).toEqual([]);
    // The receiving organizations, edited the same way; a placeholder address is saved with a warning.
    await bob.goto(`${running.url}/admin?lang=fr#organizations`);
    await bob.waitForSelector('#organizations-json');
    expect(await bob.inputValue('#organizations-json')).toContain('mifi-accompagnement-quebec');
    await bob.click('button:has-text("Enregistrer les organismes")');
    await bob.locator('#organizations-errors li', { hasText: 'referralEmail' }).first().waitFor();
    expect(await accessibilityViolations(bob)).toEqual([]);
  });

  it('is usable at phone width, keyboard first: the offerings list filters as one types', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${running.url}/admin?lang=fr`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.focus('#token');
    await page.keyboard.type(ALICE);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#offering-search');
    await page.focus('#offering-search');
    await page.keyboard.type('francisation');
    expect(await page.locator('#main tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#main tbody tr').count()).toBeLessThan(5);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
