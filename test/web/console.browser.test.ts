// End to end in a real browser: a negotiator reviews, edits and sends an offer; the provider counters; the negotiator
// accepts; another provider cannot open the case; hostile bill text stays text. Screenshots of each main screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { administratorSignIn } from '#local/server/local-console.ts';
import type { StoredCase } from '#shared/model/case.ts';
import { pricedCase } from './console-harness.ts';
import { startBrowserHarness, submitAndReload, type BrowserHarness } from './browser-harness.ts';

let h: BrowserHarness;

/** Runs in the page (a function, not a string: the console's CSP forbids evaluating strings). */
function imagesLoaded(selector: string): boolean {
  const images = [...(globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ complete: boolean; naturalWidth: number }> } }).document.querySelectorAll(selector)];
  return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
}
let negotiator: { context: BrowserContext; page: Page };
let chelsea: StoredCase;
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

beforeAll(async () => {
  h = await startBrowserHarness();
  const cases = (await h.runtime.cases.listCases({ limit: 100 })).cases;
  chelsea = cases.find((c) => c.bill.claimNumber === 'CHO-2025-00417')!;
  const hostile = pricedCase('HOSTILE-1', { providerName: HOSTILE_NAME, claimNumber: '<b>CLM</b>', payer: '<svg onload=alert(1)>' });
  await h.runtime.cases.createCase(hostile, { actor: 'system:test', type: 'case.created', reason: null, data: {} });
  negotiator = await h.signIn('negotiator', { name: 'Nora Negotiator' });
}, 240_000);

afterAll(async () => h?.stop());

describe('the console in a browser', () => {
  it('signs the administrator in with the link parley start prints, and lets them see the users', async () => {
    const { url } = await administratorSignIn(h.store, h.server.url);
    const context = await h.browser.newContext({ viewport: { width: 1440, height: 960 } });
    const page = await context.newPage();
    await page.goto(url);
    await Promise.all([page.waitForURL(/\/queue/), page.click('#continue-sign-in')]);
    await page.goto(`${h.server.url}/admin/users`);
    expect(await page.locator('h1').textContent()).toBe('Users');
    await h.shot(page, 'users');
    // The link was used once; it does not sign in again.
    const again = await (await h.browser.newContext()).newPage();
    await again.goto(url);
    await again.click('#continue-sign-in');
    expect(await again.locator('h1').textContent()).toBe('Sign-in link not valid');
    await context.close();
  });

  it('shows the queue, and hostile text from bills stays text', async () => {
    const { page } = negotiator;
    await page.goto(`${h.server.url}/queue`);
    expect(await page.locator('[data-testid=queue] tbody tr').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator(`tr[data-case="${chelsea.id}"]`).count()).toBe(1);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('tr[data-case="HOSTILE-1"]').textContent()).toContain('<img src=x');
    await h.shot(page, 'queue');
    await page.setViewportSize({ width: 390, height: 844 });
    await h.shot(page, 'queue-phone');
    await page.setViewportSize({ width: 1440, height: 960 });
    await page.goto(`${h.server.url}/cases/HOSTILE-1`);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('shows where a line was read on the PDF page when the negotiator selects it', async () => {
    const { page } = negotiator;
    const cases = (await h.runtime.cases.listCases({ limit: 100 })).cases;
    const pdfCase = cases.find((c) => c.bill.sourceFormat === 'cms1500')!;
    await page.goto(`${h.server.url}/cases/${pdfCase.id}`);
    await page.waitForFunction(imagesLoaded, '.doc-page img', { timeout: 30_000 });
    await page.click('tr.line-row[data-line="1"]');
    const boxes = page.locator('.bbox.on[data-line="1"]');
    expect(await boxes.count()).toBeGreaterThan(0);
    expect(await boxes.first().isVisible()).toBe(true);
    expect(await page.locator('tr.detail.open').textContent()).toMatch(/Offer: 140%/);
    await h.shot(page, 'case-pdf');
  });

  it('lets the negotiator review, edit with a live total, approve and send the offer', async () => {
    const { page } = negotiator;
    await page.goto(`${h.server.url}/cases/${chelsea.id}`);
    await page.click('tr.line-row[data-line="1"]');
    expect(await page.locator('.seg.on').count()).toBeGreaterThan(0);

    const line1 = page.locator('input[name="line-1"]');
    const before = (await page.locator('#offer-total').textContent())!;
    await line1.fill('300.00');
    const after = (await page.locator('#offer-total').textContent())!;
    expect(after).not.toBe(before);
    const cents = (text: string) => Math.round(Number(text.replace(/[$,]/g, '')) * 100);
    const values = await page.locator('input.offer-input[data-line-number]:not([name="line-1"])').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    const others = values.reduce((s, v) => s + Math.round(Number(v) * 100), 0);
    expect(cents(after)).toBe(30000 + others);
    await page.fill('#offer-form input[name="reason"]', 'Office visit priced at the plan maximum');
    await submitAndReload(page, '#save-offer');
    expect(await page.locator('[data-testid=stat-offer]').textContent()).toBe(after);

    await submitAndReload(page, 'form[data-action="approve"] button[type="submit"]');
    expect(await page.locator('h1 .chip').getAttribute('data-status')).toBe('APPROVED');
    await page.fill('form[data-action="send"] input[name="to"]', 'billing@chelsea-ortho.example');
    await submitAndReload(page, 'form[data-action="send"] button[type="submit"]');
    expect(await page.locator('h1 .chip').getAttribute('data-status')).toBe('SENT');
    expect(await page.locator('[data-testid=deadlines]').textContent()).toContain('Offer expires');
    await h.shot(page, 'case-sent');

    await page.goto(`${h.server.url}/outbox`);
    const mail = page.locator('[data-testid=outbox] a', { hasText: chelsea.id });
    expect(await mail.count()).toBeGreaterThan(0);
    await h.shot(page, 'outbox');
    await mail.first().click();
    expect(await page.locator('[data-testid=mail-to]').textContent()).toContain('billing@chelsea-ortho.example');
    await page.waitForFunction(imagesLoaded, '.letter-pages img', { timeout: 30_000 });
    await h.shot(page, 'outbox-message');
  });

  it('lets the provider read the offer and counter it, and keeps another provider out', async () => {
    const provider = await h.signIn('provider', { tin: chelsea.bill.providers[0]!.tin!, name: 'Casey Billing' });
    const { page } = provider;
    expect(await page.locator(`[data-testid=portal-offers] tr[data-case="${chelsea.id}"]`).count()).toBe(1);
    await h.shot(page, 'portal');
    await page.click(`tr[data-case="${chelsea.id}"] a`);
    // The letter's pages are shown as images (every browser can, with or without a PDF viewer).
    await page.waitForFunction(imagesLoaded, '.letter-pages img', { timeout: 30_000 });
    await h.shot(page, 'portal-offer');
    await page.setViewportSize({ width: 390, height: 844 });
    await h.shot(page, 'portal-offer-phone');
    await page.setViewportSize({ width: 1440, height: 960 });
    await page.fill('form[data-action="counter"] input[name="amount"]', '650');
    await page.fill('form[data-action="counter"] input[name="signatoryName"]', 'Casey Billing');
    await page.fill('form[data-action="counter"] textarea[name="note"]', 'Our contracted rate for 20610 is higher.');
    await submitAndReload(page, 'form[data-action="counter"] button[type="submit"]');
    expect(await page.locator('h1').textContent()).toContain('Counteroffer with us');

    // Upload two bills at once; each gets its own progress bar and both land in one submission.
    await page.goto(`${h.server.url}/portal`);
    await page.setInputFiles('#file-input', ['samples/cms1500-office-visits-miami.pdf', 'samples/837p-professional-claims.837']);
    await page.locator('#upload-done').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#upload-done').textContent()).toContain('2 of 2 file(s) uploaded');
    expect(await page.locator('#upload-list progress').evaluateAll((bars) => bars.map((b) => (b as unknown as { value: number }).value))).toEqual([100, 100]);
    const submissionId = (await page.locator('#upload-done').getAttribute('data-submission'))!;
    await page.waitForURL(/\/portal/, { waitUntil: 'load' });
    await page.waitForSelector(`.submission[data-submission="${submissionId}"]`, { timeout: 15_000 });
    await h.shot(page, 'portal-uploaded');

    const other = await h.signIn('provider', { tin: '651234987', name: 'Other Office' });
    const portalCase = await other.page.goto(`${h.server.url}/portal/cases/${chelsea.id}`);
    expect(portalCase?.status()).toBe(404);
    const consoleCase = await other.page.goto(`${h.server.url}/cases/${chelsea.id}`);
    expect(consoleCase?.status()).toBe(403);
    const letter = await other.page.goto(`${h.server.url}/portal/cases/${chelsea.id}/letter`);
    expect(letter?.status()).toBe(404);
    await other.context.close();
    await provider.context.close();
  });

  it('lets the negotiator accept the counteroffer, with the history saying who did what', async () => {
    const { page } = negotiator;
    await page.goto(`${h.server.url}/cases/${chelsea.id}`);
    expect(await page.locator('h1 .chip').getAttribute('data-status')).toBe('COUNTERED');
    await page.fill('form[data-action="accept"] input[name="signatureName"]', 'Nora Negotiator');
    await page.fill('form[data-action="accept"] input[name="signatureTitle"]', 'Negotiator');
    await submitAndReload(page, 'form[data-action="accept"] button[type="submit"]');
    expect(await page.locator('h1 .chip').getAttribute('data-status')).toBe('ACCEPTED');
    const history = (await page.locator('[data-testid=history]').textContent())!;
    expect(history).toContain('Nora Negotiator');
    expect(history).toContain('Casey Billing');
    expect(await page.locator('[data-testid=negotiation]').textContent()).toContain('$650.00');
    expect(await page.locator('[data-testid=agreed-in-total]').textContent()).toContain('$650.00');
    const agreement = await page.request.get(`${h.server.url}/cases/${chelsea.id}/settlement`);
    expect(agreement.headers()['content-type']).toBe('application/pdf');
    await h.shot(page, 'case-accepted');
  });

  it('shows the savings dashboard with its charts', async () => {
    const { page } = negotiator;
    await page.goto(`${h.server.url}/dashboard`);
    expect(await page.locator('svg.chart').count()).toBe(3);
    expect(await page.locator('[data-testid=savings-totals]').textContent()).toContain('1 agreement');
    await h.shot(page, 'dashboard');
  });
});
