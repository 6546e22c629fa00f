/**
 * The API reference as a reader sees it: Debian's Chromium, headless, opens `/docs` on a running
 * mock, finds every operation of the spec in the sidebar, sends a request with the page's own
 * "Test Request" client and sees the mock's answer. Screenshots go to `reports/`.
 *
 * Needs `/usr/bin/chromium` (`apt-get install chromium`; override with CHROMIUM_PATH). Without it the
 * test is skipped on a developer's machine and fails under CI=true, where `.ci/run` installs it.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, describeInChromium } from '../test-chromium.ts';
import { operations } from '../../openapi/spec.ts';
import { startMockServer, type MockServer } from '../server.ts';

const FLAGS = [...CHROMIUM_FLAGS];
const REPORTS = new URL('../../reports/', import.meta.url);
// The placeholder the page fills in when the mock runs with no configured token.
const TOKEN = 'mock-token';

describeInChromium('the API reference in Chromium', () => {
  let mock: MockServer;
  let userDataDir: string;
  let browser: BrowserContext;
  let page: Page;
  /** Requests the page tried to send anywhere but the mock: there must be none (no CDN, no fonts). */
  const outside: string[] = [];

  beforeAll(async () => {
    mock = await startMockServer({
      port: 0,
      host: '127.0.0.1',
      seed: 3,
      contacts: 40,
    });
    userDataDir = await mkdtemp(join(tmpdir(), 'docs-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    await browser.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${mock.url}/`) || /^(data|blob):/.test(url)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.setViewportSize({ width: 1400, height: 900 });
    await mkdir(REPORTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await mock?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  it('lists every operation of the spec, with its summary, loading nothing from outside', async () => {
    await page.goto(`${mock.url}/docs`);
    // Sidebar entries are `li#sidebar-tag/<tag>/<method><path>`, titled with the operation's summary.
    const last = operations.at(-1)!;
    await page
      .locator(`li[id$="/${last.method}${last.path}"]`)
      .first()
      .waitFor({ timeout: 30_000 });
    const listed = await page.$$eval('li.sidebar-group-item[id^="sidebar-tag/"]', (items) =>
      items.map((li) => ({
        id: li.id,
        title: li.querySelector('.sidebar-heading-link-title')?.textContent?.trim(),
      })),
    );
    const missing = operations.filter(
      (op) =>
        !listed.some(
          (item) =>
            item.id.endsWith(`/${op.method}${op.path}`) && item.title === op.definition.summary,
        ),
    );
    expect(
      missing.map((op) => `${op.operationId} (${op.method.toUpperCase()} ${op.path})`),
    ).toEqual([]);
    await page.screenshot({ path: new URL('docs.png', REPORTS).pathname });
    expect(outside).toEqual([]);
  }, 60_000);

  it("sends a request from the page's Test Request client and shows the mock's answer", async () => {
    const listContacts = operations.find((op) => op.operationId === 'listContacts')!;
    const section = page
      .locator(`[id$="/${listContacts.method}${listContacts.path}"]`)
      .filter({ has: page.getByRole('button', { name: /test request/i }) });
    await section
      .getByRole('button', { name: /test request/i })
      .first()
      .click();

    const answered = page.waitForResponse(
      (res) => new URL(res.url()).pathname === `/v1/backend${listContacts.path}`,
    );
    await page.getByRole('button', { name: /^send/i }).first().click();
    const response = await answered;
    expect(response.request().headers()['x-access-token']).toBe(TOKEN);
    expect(response.status()).toBe(200);
    const sent = (await response.json()) as { count: number; data: { id: string }[] };

    // The same call made here: the page showed what the mock answers, not a canned example.
    const direct = await fetch(`${mock.url}/v1/backend${listContacts.path}`, {
      headers: { 'x-access-token': TOKEN },
    });
    expect(sent).toEqual(await direct.json());
    await expect.poll(() => page.getByText('200 OK').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText(sent.data[0]!.id).first().isVisible()).toBe(true);
    await page.screenshot({ path: new URL('docs-request.png', REPORTS).pathname });
    expect(outside).toEqual([]);
  }, 60_000);
});
