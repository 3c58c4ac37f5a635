import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadKnowledgeDir } from '../../src/knowledge/read-dir';
import { SearchIndex } from '../../src/search/search-index';
import { accessibilityViolations, launchChromium } from '../helpers/chromium';
import { knowledgeDir, REAL_KNOWLEDGE, sampleOffering } from '../helpers/knowledge-fixture';
import { startServer, type Running } from '../server/harness';

const ARTIFACTS = join(__dirname, '..', 'artifacts');

/** The real knowledge base plus one offering whose texts try to run script in the page. */
function knowledgeWithHostileOffering() {
  const hostile = '<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2">';
  const dir = knowledgeDir({
    'atelier-zanzibar': sampleOffering({
      name: { fr: `Atelier Zanzibar ${hostile}`, en: `Zanzibar workshop ${hostile}` },
      summary: { fr: `Résumé ${hostile} [lien](javascript:window.__xss=3)`, en: `Summary ${hostile} [link](javascript:window.__xss=3)` },
      keywords: { fr: ['zanzibar'], en: ['zanzibar'] },
    }),
  });
  for (const file of readdirSync(join(REAL_KNOWLEDGE, 'offerings'))) copyFileSync(join(REAL_KNOWLEDGE, 'offerings', file), join(dir, 'offerings', file));
  copyFileSync(join(REAL_KNOWLEDGE, 'glossary.yaml'), join(dir, 'glossary.yaml'));
  const { kb, problems } = loadKnowledgeDir(dir);
  if (!kb) throw new Error(JSON.stringify(problems));
  return { kb, index: SearchIndex.build(kb) };
}

/** Screenshots once Web Chat says it is connected (its "Connecting…" notice gone). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.locator('.webchat__connectivityStatus').waitFor({ state: 'detached' });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

async function ask(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
}

jest.setTimeout(90_000);

describe('the newcomer page in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  const outside: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    running = await startServer({ knowledge: knowledgeWithHostileOffering() });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(running.url) && !url.startsWith(running.url.replace('http', 'ws')) && !/^(data|blob):/.test(url)) outside.push(url);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  }, 15 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  it('chats in French: welcome, a question, the offering card, no accessibility violation', async () => {
    await page.goto(`${running.url}/?lang=fr`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.getByText('Bonjour! Je suis Passerelle', { exact: false }).first().waitFor();
    await ask(page, 'cours de français');
    await page.getByText('Francisation Québec — cours de français gratuits').first().waitFor();
    await screenshot(page, 'webchat-fr.png');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('switches to English, which restarts the chat in English', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByText("Hello! I'm Passerelle", { exact: false }).first().waitFor();
    expect(await page.getByText('cours de français').count()).toBe(0);
    await ask(page, 'health insurance');
    await page.getByText('Québec Health Insurance (RAMQ)', { exact: false }).first().waitFor();
    await screenshot(page, 'webchat-en.png');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('works from the keyboard alone: skip link, then the send box', async () => {
    await page.goto(`${running.url}/?lang=en`);
    await page.getByText("Hello! I'm Passerelle", { exact: false }).first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Go to the conversation');
    await page.keyboard.press('Enter');
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate("document.activeElement?.getAttribute('data-id')")) === 'webchat-sendbox-input';
    }
    expect(reached).toBe(true);
    await page.keyboard.type('help');
    await page.keyboard.press('Enter');
    await page.getByText('Here is what I can do:', { exact: false }).first().waitFor();
  });

  it('shows knowledge-base content as text: a <script> in an offering never runs', async () => {
    await ask(page, 'zanzibar');
    await page.getByText('Zanzibar workshop', { exact: false }).first().waitFor();
    await page.getByText('window.__xss = 1', { exact: false }).first().waitFor();
    await screenshot(page, 'webchat-hostile-content.png');
    for (const link of await page.locator('a[href^="javascript:"]').all()) await link.click({ timeout: 1000 }).catch(() => undefined);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('shows the emergency line on a phone without scrolling, and answers a crisis message first with numbers to tap', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      await phone.goto(`${running.url}/?lang=fr`);
      const banner = phone.locator('.emergency');
      const box = (await banner.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(await banner.textContent()).toContain('9-1-1');
      expect(await banner.locator('a[href="tel:911"]').count()).toBe(1);
      expect(await phone.locator('#crisis-lines-title + ul a[href="tel:+18662773553"]').count()).toBe(1);
      await phone.getByText('Bonjour! Je suis Passerelle', { exact: false }).first().waitFor();
      await ask(phone, "j'ai envie d'en finir");
      await phone.getByText("Vous n'êtes pas seul·e", { exact: false }).first().waitFor();
      // The chat's links dial: tel: and sms: survive Web Chat's markdown and sanitizing.
      expect(await phone.locator('.webchat a[href="tel:+18662773553"]').count()).toBeGreaterThanOrEqual(1);
      expect(await phone.locator('.webchat a[href="sms:535353"]').count()).toBeGreaterThanOrEqual(1);
      // Still in view once the page has scrolled to the conversation.
      const after = (await banner.boundingBox())!;
      expect(after.y).toBeGreaterThanOrEqual(0);
      expect(after.y + after.height).toBeLessThanOrEqual(844);
      await phone.screenshot({ path: join(ARTIFACTS, 'webchat-crisis-phone.png') });
      expect(await accessibilityViolations(phone)).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('loaded everything from this server, with no error in the page', () => {
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  });
});
