/**
 * `GET /`: a browser is sent to the API reference; any other client gets the mock's entry points.
 */
import type { Hono } from 'hono';
import { NAME, VERSION } from '../version.ts';
import { DOCS_PATHS } from './docs.ts';
import { UPLOADS_PATH } from './files.ts';
import { RESET_PATH } from './reset.ts';

/** The answer of `GET /` for a client that does not ask for HTML. */
export interface EntryPoints {
  name: string;
  version: string;
  /** The gateway's mounts, each serving every operation of the spec. */
  prefixes: readonly string[];
  docs: string;
  spec: { json: string; yaml: string };
  reset: string;
  uploads: string;
}

/**
 * @example
 * rootRoute(app, PREFIXES) // GET / with Accept: text/html → 302 /docs
 */
export function rootRoute(app: Hono, prefixes: readonly string[]): void {
  const entryPoints: EntryPoints = {
    name: NAME,
    version: VERSION,
    prefixes,
    docs: DOCS_PATHS.page,
    spec: { json: DOCS_PATHS.json, yaml: DOCS_PATHS.yaml },
    reset: `POST ${RESET_PATH}`,
    uploads: `${UPLOADS_PATH}/{id}/{name}`,
  };
  app.get('/', (c) => {
    c.header('vary', 'Accept');
    if (/\btext\/html\b/i.test(c.req.header('accept') ?? '')) return c.redirect(DOCS_PATHS.page);
    return c.json(entryPoints);
  });
}
