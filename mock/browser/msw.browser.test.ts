/**
 * The mock in a real browser: Debian's Chromium, headless, opens a page (`page.ts`, bundled for the
 * browser) whose `fetch` calls to the real gateway are answered by MSW's service worker from the
 * mock running in the page, with the same seeded data as the mock in Node. Nothing can reach the
 * network: Chromium resolves no host but 127.0.0.1, where a tiny static server serves the page.
 *
 * Needs `/usr/bin/chromium` (`apt-get install chromium`; override with CHROMIUM_PATH). Without it the
 * test is skipped on a developer's machine and fails under CI=true, where `.ci/run` installs it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, describeInChromium } from '../test-chromium.ts';
import { buildBrowserBundle } from '../../scripts/browser-bundle.ts';
import { createMockApp } from '../app.ts';

const FLAGS = [
  ...CHROMIUM_FLAGS,
  // Every host but the page's fails to resolve: an answer can only come from the service worker.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
const GATEWAY = 'https://app-gateway.imbrace.co/v1/backend';
const TOKEN = 'browser-token';
const SEED = { seed: 5, contacts: 60, tokens: [TOKEN] };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves the files of `dir` on 127.0.0.1 at a free port. */
async function serveStatic(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** `fetch` in the page, with the token; answers the status and the JSON body. */
function fetchInPage(page: Page, url: string, init: { method?: string; body?: unknown } = {}) {
  return page.evaluate(
    async ({ url, init, token }) => {
      const headers: Record<string, string> = { 'x-access-token': token };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: res.status, json: await res.json() };
    },
    { url, init, token: TOKEN },
  );
}

describeInChromium('the mock under MSW in Chromium', () => {
  let dir: string;
  let userDataDir: string;
  let site: { server: Server; url: string };
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'msw-page-'));
    await buildBrowserBundle(dir);
    site = await serveStatic(dir);
    userDataDir = await mkdtemp(join(tmpdir(), 'msw-chromium-'));
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    const query = new URLSearchParams({
      seed: String(SEED.seed),
      contacts: String(SEED.contacts),
      token: TOKEN,
    });
    await page.goto(`${site.url}/?${query}`);
    await page.locator('body[data-mock="ready"]').waitFor({ state: 'attached', timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.server.close(resolve));
    for (const path of [dir, userDataDir])
      if (path) await rm(path, { recursive: true, force: true });
  });

  it("answers the page's fetch to the gateway from the service worker, with the seeded data", async () => {
    const url = `${GATEWAY}/contacts?limit=5`;
    const seen = page.waitForResponse(url);
    const inPage = await fetchInPage(page, url);
    const response = await seen;
    expect(response.fromServiceWorker()).toBe(true);
    expect(inPage.status).toBe(200);

    const { app } = createMockApp(SEED);
    const direct = await app.request('/v1/backend/contacts?limit=5', {
      headers: { 'x-access-token': TOKEN },
    });
    expect(inPage.json).toEqual(await direct.json());
    expect(inPage.json.data).toHaveLength(5);
  }, 30_000);

  it('keeps the API behaviour: a wrong token is 401, a bad parameter a 400 naming it', async () => {
    const wrong = await page.evaluate(
      async (url) => (await fetch(url, { headers: { 'x-access-token': 'wrong' } })).status,
      `${GATEWAY}/contacts`,
    );
    expect(wrong).toBe(401);
    const bad = await fetchInPage(page, `${GATEWAY}/contacts?limit=5000`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('query.limit');
  }, 30_000);

  it('shows a write made in the page to the next read', async () => {
    const first = (await fetchInPage(page, `${GATEWAY}/contacts?limit=1`)).json.data[0];
    const url = `${GATEWAY}/contacts/${first.id}`;
    const put = await fetchInPage(page, url, {
      method: 'PUT',
      body: { first_name: 'InChromium' },
    });
    expect(put.status).toBe(200);
    expect((await fetchInPage(page, url)).json.first_name).toBe('InChromium');

    const created = await fetchInPage(page, `${GATEWAY}/contacts`, {
      method: 'POST',
      body: { channel_type: 'email', first_name: 'New', last_name: 'InPage' },
    });
    expect(created.status).toBe(200);
    const list = await fetchInPage(page, `${GATEWAY}/contacts?limit=1`);
    expect(list.json.count).toBe(SEED.contacts + 1);
  }, 30_000);

  it('takes a multipart upload in the page and serves the same bytes from its URL', async () => {
    const result = await page.evaluate(
      async ({ url, token }) => {
        const bytes = new Uint8Array([137, 80, 78, 71, 0, 1, 2, 255]);
        const form = new FormData();
        form.append('file', new Blob([bytes], { type: 'image/png' }), 'logo.png');
        const headers = { 'x-access-token': token };
        const res = await fetch(url, { method: 'POST', headers, body: form });
        const answer = (await res.json()) as { url: string };
        const served = await fetch(answer.url, { headers });
        return {
          status: res.status,
          servedStatus: served.status,
          type: served.headers.get('content-type'),
          same:
            JSON.stringify([...new Uint8Array(await served.arrayBuffer())]) ===
            JSON.stringify([...bytes]),
        };
      },
      { url: `${GATEWAY}/contacts/_fileupload`, token: TOKEN },
    );
    expect(result).toEqual({ status: 200, servedStatus: 200, type: 'image/png', same: true });
  }, 30_000);
});
