/**
 * The API reference of the spec, served by the mock: Scalar's interactive page at `/docs` and the
 * bundled spec at `/openapi.json` and `/openapi.yaml`. The spec served lists the running mock as its
 * first server, so the page's "Test Request" and any tool reading the spec call this mock.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { spec } from '../../openapi/spec.ts';
import { readScalarBundle } from './scalar-bundle.ts';

export interface DocsOptions {
  /**
   * A placeholder the page fills in for the documented `x-access-token` scheme, so that "Test
   * Request" works at once: only one the mock accepts from anyone (`mock-token` when no tokens were
   * configured), never a configured token, since the page is served without credentials and any
   * origin may read it. Default: none (the reader types one).
   */
  placeholderToken?: string;
  /**
   * The mock's public base URL (`http://127.0.0.1:4010`), listed first in the served spec.
   * Default: the origin each request for the spec was sent to.
   */
  publicUrl?: string;
  /** Loads Scalar's browser bundle. Default: {@link readScalarBundle}, from `node_modules`. */
  scalarBundle?: () => Promise<string>;
}

interface Server {
  url: string;
  description?: string;
  variables?: Record<string, unknown>;
}

export const DOCS_PATHS = Object.freeze({
  page: '/docs',
  bundle: '/docs/scalar.js',
  json: '/openapi.json',
  yaml: '/openapi.yaml',
});

/**
 * The spec with the mock at `origin` as its first server. The mock takes the same path prefixes as
 * the gateway, so its entry reuses the variables of the spec's first server.
 */
function specServedFrom(origin: string): typeof spec {
  const servers = (spec.servers ?? []) as Server[];
  const here: Server = { url: `${origin}/{prefix}`, description: 'This mock' };
  if (servers[0]?.variables) here.variables = servers[0].variables;
  const others = servers.filter((server) => !server.url.startsWith(`${origin}/`));
  return { ...spec, servers: [here, ...others] } as typeof spec;
}

/**
 * The docs sub-app; mount it at the root of the mock, outside the API's auth, and answer its paths
 * ({@link DOCS_PATHS}) with CORS that needs no credentials.
 *
 * @example
 * app.route('/', docsRoutes({ placeholderToken: 'mock-token' }))
 */
export function docsRoutes(options: DocsOptions = {}): Hono {
  const { placeholderToken, publicUrl, scalarBundle = readScalarBundle } = options;
  let bundle: Promise<string> | undefined;
  const originOf = (url: string) => publicUrl?.replace(/\/+$/, '') ?? new URL(url).origin;

  const app = new Hono();
  // Scalar's page helper and the YAML writer load on the first request for them: the mock's start-up
  // does without them.
  let page: Promise<MiddlewareHandler> | undefined;
  const makePage = async () => {
    const { Scalar } = await import('@scalar/hono-api-reference');
    return Scalar({
      url: DOCS_PATHS.json,
      cdn: DOCS_PATHS.bundle,
      pageTitle: `${spec.info.title} — mock reference`,
      // The default fonts come from Scalar's font CDN; the page must work offline.
      withDefaultFonts: false,
      // Every operation in the sidebar at once: the API is small enough to read as one list.
      defaultOpenAllTags: true,
      ...(placeholderToken && {
        authentication: {
          preferredSecurityScheme: 'accessToken',
          securitySchemes: { accessToken: { value: placeholderToken } },
        },
      }),
    }) as MiddlewareHandler;
  };
  app.get(DOCS_PATHS.page, async (c, next) => {
    page ??= makePage();
    return (await page)(c, next);
  });
  app.get(`${DOCS_PATHS.page}/`, (c) => c.redirect(DOCS_PATHS.page));
  app.get(DOCS_PATHS.bundle, async (c) => {
    bundle ??= scalarBundle();
    try {
      const js = await bundle;
      return c.body(js, 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=3600',
      });
    } catch (error) {
      bundle = undefined;
      const reason = error instanceof Error ? error.message : String(error);
      return c.text(`Scalar's browser bundle could not be loaded: ${reason}`, 503);
    }
  });

  // Serializing the spec takes a while (YAML most): each text is made once per format and origin.
  const texts = new Map<string, string>();
  const serialize = {
    json: JSON.stringify,
    yaml: async (doc: unknown) =>
      (await import('yaml')).stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 }),
  };
  const served = async (format: keyof typeof serialize, url: string) => {
    const origin = originOf(url);
    const key = `${format} ${origin}`;
    let text = texts.get(key);
    if (text === undefined) {
      text = await serialize[format](specServedFrom(origin));
      if (texts.size >= 16) texts.clear(); // a client may send any Host header: keep the cache small
      texts.set(key, text);
    }
    return text;
  };
  app.get(DOCS_PATHS.json, async (c) =>
    c.body(await served('json', c.req.url), 200, { 'content-type': 'application/json' }),
  );
  app.get(DOCS_PATHS.yaml, async (c) =>
    c.body(await served('yaml', c.req.url), 200, {
      'content-type': 'application/yaml; charset=utf-8',
    }),
  );
  return app;
}
