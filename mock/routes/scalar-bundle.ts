/**
 * Scalar's self-contained browser bundle (`@scalar/api-reference`, one file, no further downloads),
 * as `@scalar/fastify-api-reference` ships it. The page at `/docs` loads it from the mock instead of
 * from a CDN, so the reference works with no internet.
 *
 * Node's modules are imported inside the function, on the first request for the bundle: the mock's
 * own module graph stays free of Node-only imports, and a runtime without a file system (a worker)
 * passes its own loader to `docsRoutes({ scalarBundle })`.
 */
export async function readScalarBundle(): Promise<string> {
  const { createRequire } = await import('node:module');
  const { readFile } = await import('node:fs/promises');
  const { pathToFileURL } = await import('node:url');
  // The package exports only its entry (`dist/index.js`); the bundle sits beside it in `dist/js/`.
  const entry = createRequire(import.meta.url).resolve('@scalar/fastify-api-reference');
  return readFile(new URL('./js/standalone.js', pathToFileURL(entry)), 'utf8');
}
