import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium } from 'playwright-core';
import { registerCustomer } from './support/auth';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Swagger UI as a person uses it, in Debian's Chromium: authorize with a token from the API, try
 * GET /api/v1/orders, see the 200. The screenshot lands in test-output/ (git-ignored).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = spawnSync(CHROMIUM, ['--version']).status === 0;
if (!hasChromium && process.env.CI === 'true') throw new Error(`CI=true but ${CHROMIUM} is missing (.ci/run installs Debian's chromium)`);

(hasChromium ? describe : describe.skip)('Swagger UI in a real browser', () => {
  let t: TestApp;
  let browser: BrowserContext | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  });

  it('authorizes with a bearer token and executes GET /api/v1/orders with a 200', async () => {
    const customer = await registerCustomer(t);
    // A persistent context is Playwright's way of giving Chromium a (fresh) --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 1400 },
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${t.url}/docs`);

    await page.locator('.swagger-ui .btn.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input[type=text], input[type=password]').first().fill(customer.accessToken);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').click();

    const operation = page.locator('.opblock.opblock-get', { has: page.locator('.opblock-summary-path[data-path="/api/v1/orders"]') });
    await operation.locator('.opblock-summary').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();

    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 60_000 });
    expect((await status.innerText()).trim()).toBe('200');
    const body = await operation.locator('.live-responses-table .response-col_description .microlight').first().innerText();
    expect(JSON.parse(body)).toEqual({ items: [], nextCursor: null });
    // The request the UI sent carried the token.
    expect(await operation.locator('.curl-command').innerText()).toContain(`Authorization: Bearer ${customer.accessToken}`);

    mkdirSync(join(__dirname, '..', 'test-output'), { recursive: true });
    const screenshot = join(__dirname, '..', 'test-output', 'swagger-ui-orders.png');
    await page.screenshot({ path: screenshot, fullPage: false });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect(failures).toEqual([]);
    // A busy 2-core CI machine can take most of a minute to start Chromium and render the UI.
  }, 180_000);
});
