import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMockApp } from '../app.ts';
import { DOCS_PATHS, docsRoutes } from './docs.ts';

// The bundled spec as the generator wrote it, read from disk rather than through the code under test.
const bundled = JSON.parse(
  await readFile(new URL('../../openapi/generated/contacts.json', import.meta.url), 'utf8'),
);

function mounted(options: Parameters<typeof docsRoutes>[0] = {}) {
  const app = new Hono();
  app.route('/', docsRoutes(options));
  return app;
}

describe('GET /openapi.json', () => {
  it('serves the bundled spec with the mock it was asked from as the first server', async () => {
    const res = await mounted().request('http://127.0.0.1:5999/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const served = await res.json();
    expect(served.paths).toEqual(bundled.paths);
    expect(served.components).toEqual(bundled.components);
    expect(served.servers[0].url).toBe('http://127.0.0.1:5999/{prefix}');
    expect(served.servers[0].variables).toEqual(bundled.servers[0].variables);
    // Every server the spec documents is still listed after it.
    expect(served.servers.slice(1)).toEqual(bundled.servers);
  });

  it('lists publicUrl first and drops the spec entry that names the same mock', async () => {
    const local = bundled.servers.find((s: { url: string }) =>
      s.url.startsWith('http://127.0.0.1:4010/'),
    );
    expect(local).toBeDefined();
    const res = await mounted({ publicUrl: 'http://127.0.0.1:4010/' }).request(
      'http://localhost/openapi.json',
    );
    const served = await res.json();
    expect(served.servers[0].url).toBe('http://127.0.0.1:4010/{prefix}');
    expect(served.servers.filter((s: { url: string }) => s.url === local.url)).toHaveLength(1);
    expect(served.servers).toHaveLength(bundled.servers.length);
  });
  it('answers each origin with its own first server, the same text on every request', async () => {
    const app = mounted();
    const a1 = await (await app.request('http://127.0.0.1:5001/openapi.json')).text();
    const b = await (await app.request('http://localhost:5002/openapi.json')).text();
    const a2 = await (await app.request('http://127.0.0.1:5001/openapi.json')).text();
    expect(JSON.parse(a1).servers[0].url).toBe('http://127.0.0.1:5001/{prefix}');
    expect(JSON.parse(b).servers[0].url).toBe('http://localhost:5002/{prefix}');
    expect(a2).toBe(a1);
  });
});

describe('GET /openapi.yaml', () => {
  it('serves the same document as YAML', async () => {
    const app = mounted();
    const res = await app.request('http://127.0.0.1:5999/openapi.yaml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    const text = await res.text();
    expect(text).not.toMatch(/^\s*\w+: [*&]/m); // no YAML anchors or aliases: every tool can read it
    const json = await (await app.request('http://127.0.0.1:5999/openapi.json')).json();
    expect(parse(text)).toEqual(json);
  });
});

describe('GET /docs', () => {
  it('renders the Scalar page that loads its script and the spec from the mock itself', async () => {
    const res = await mounted().request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<script src="/docs/scalar.js"></script>');
    expect(html).toContain('"url": "/openapi.json"');
    expect(html).toContain('Scalar.createApiReference(');
    expect(html).not.toMatch(/https?:\/\//); // no CDN, no font host: works offline
    expect(html).not.toContain('authentication');
  });

  it('fills in the placeholder token for the x-access-token scheme when given one', async () => {
    const html = await (await mounted({ placeholderToken: 'secret-1' }).request('/docs')).text();
    const config = JSON.parse(
      /createApiReference\('#app', ([\s\S]*)\)\s*<\/script>/.exec(html)![1]!,
    );
    expect(config.authentication).toEqual({
      preferredSecurityScheme: 'accessToken',
      securitySchemes: { accessToken: { value: 'secret-1' } },
    });
    expect(bundled.components.securitySchemes.accessToken).toMatchObject({
      in: 'header',
      name: 'x-access-token',
    });
  });

  it('redirects /docs/ to /docs', async () => {
    const res = await mounted().request('/docs/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/docs');
  });
});

describe('GET /docs/scalar.js', () => {
  it("serves Scalar's standalone bundle from node_modules", async () => {
    const res = await mounted().request('/docs/scalar.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js.length).toBeGreaterThan(1_000_000);
    expect(js).toContain('createApiReference');
  });

  it('answers 503 naming the cause when the bundle cannot be loaded, and tries again next time', async () => {
    let calls = 0;
    const app = mounted({
      scalarBundle: async () => {
        calls += 1;
        if (calls === 1) throw new Error('no such file');
        return 'window.loaded = true';
      },
    });
    const failed = await app.request('/docs/scalar.js');
    expect(failed.status).toBe(503);
    expect(await failed.text()).toContain('no such file');
    const retried = await app.request('/docs/scalar.js');
    expect(retried.status).toBe(200);
    expect(await retried.text()).toBe('window.loaded = true');
    await app.request('/docs/scalar.js');
    expect(calls).toBe(2); // kept in memory once loaded
  });
});

describe('a configured token', () => {
  const TOKEN = 'configured-secret-7f3a';
  const paths = [DOCS_PATHS.page, DOCS_PATHS.json, DOCS_PATHS.yaml];

  it.each(paths)('is never in %s, which any origin may read', async (path) => {
    const { app } = createMockApp({ contacts: 3, tokens: [TOKEN, 'second-secret-91c2'] });
    const res = await app.request(path, { headers: { origin: 'https://elsewhere.example' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('second-secret-91c2');
  });

  it('is replaced on the page by the placeholder only when no token is configured', async () => {
    const configured = createMockApp({ contacts: 3, tokens: [TOKEN] }).app;
    expect(await (await configured.request(DOCS_PATHS.page)).text()).not.toContain(
      'authentication',
    );
    const open = createMockApp({ contacts: 3 }).app;
    expect(await (await open.request(DOCS_PATHS.page)).text()).toContain('"value": "mock-token"');
  });

  it.each(Object.values(DOCS_PATHS))(
    '%s is answered to any origin without credentials',
    async (path) => {
      const { app } = createMockApp({ contacts: 3, tokens: [TOKEN] });
      const res = await app.request(path, { headers: { origin: 'https://elsewhere.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    },
  );

  it('the API still reflects the origin with credentials, for UIs on localhost', async () => {
    const { app } = createMockApp({ contacts: 3, tokens: [TOKEN] });
    const res = await app.request('/v1/backend/contacts?limit=1', {
      headers: { origin: 'http://localhost:5173', 'x-access-token': TOKEN },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });
});
