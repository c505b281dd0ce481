// Browser tests' setup: the local runtime with the bundled samples processed, the review router with the console on
// a loopback port, local users, and Debian's chromium driven by playwright-core (one browser per test file).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { signInUrl } from '#shared/api/auth/auth-routes.ts';
import { createLocalUser, issueSignInLink } from '#shared/api/auth/local-accounts.ts';
import type { Role } from '#shared/api/principal.ts';
import { createReviewRouter } from '#shared/api/review-router.ts';
import { silentLogger } from '#shared/observability/logger.ts';
import { localCaseService } from '#local/runtime/case-service.ts';
import { startLocalRuntime, type LocalRuntime } from '#local/runtime/runtime.ts';
import { SAMPLES_DIR } from '#local/runtime/project-paths.ts';
import { expandPaths, submitFiles, waitForDocuments } from '#local/runtime/submit.ts';
import { localConsoleOptions } from '#local/server/local-console.ts';
import { serveLocally, type RunningServer } from '#local/server/serve.ts';
import type { AuthStore } from '#shared/api/auth/auth-store.ts';

export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface BrowserHarness {
  runtime: LocalRuntime;
  server: RunningServer;
  store: AuthStore;
  browser: Browser;
  /** A new browser context (its own cookies) signed in as a new user with this role. */
  signIn(role: Role, options?: { tin?: string; name?: string }): Promise<{ context: BrowserContext; page: Page; userId: string }>;
  shot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startBrowserHarness(): Promise<BrowserHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-browser-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const runtime = await startLocalRuntime({ dataDir, inMemoryDatabase: true, logger: silentLogger });
  const submitted = await submitFiles(runtime, expandPaths([SAMPLES_DIR]));
  await waitForDocuments(runtime, submitted.map((s) => s.documentId), { idleTimeoutMs: 120_000 });
  const consoleOptions = localConsoleOptions({ db: runtime.db, dataDir, uploadsEndpoint: runtime.endpoints.uploads });
  const app = createReviewRouter({
    cases: runtime.cases,
    objects: runtime.objects,
    uploads: runtime.uploads,
    console: consoleOptions,
    negotiation: { service: localCaseService(runtime) },
  });
  const server = await serveLocally(app, 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const store = consoleOptions.store;
  let counter = 0;

  return {
    runtime,
    server,
    store,
    browser,
    async signIn(role, options = {}) {
      counter += 1;
      const user = await createLocalUser(
        store,
        { email: `${role}${counter}@example.test`, name: options.name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${counter}`, role, providerTin: options.tin ?? null },
        'test',
        new Date(),
      );
      const { token } = await issueSignInLink(store, user.id, 'test', new Date());
      const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        throw new Error(`script error on ${page.url()}: ${error.message}`);
      });
      await page.goto(signInUrl(server.url, token));
      await Promise.all([page.waitForURL(/\/(queue|portal|admin)/), page.click('#continue-sign-in')]);
      return { context, page, userId: user.id };
    },
    async shot(page, name) {
      await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await server.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Submits a console form whose script reloads the page on success; throws with the page's message when it refuses. */
export async function submitAndReload(page: Page, button: string): Promise<void> {
  const result = page.locator('#action-result');
  const loaded = page.waitForEvent('load', { timeout: 20_000 }).then(() => 'loaded' as const);
  const refused = result.filter({ hasText: /./ }).waitFor({ timeout: 20_000 }).then(() => 'refused' as const);
  await page.click(button);
  const outcome = await Promise.race([loaded, refused]);
  if (outcome === 'refused') throw new Error(`the page refused: ${await result.textContent()}`);
}
