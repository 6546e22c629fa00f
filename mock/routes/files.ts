/**
 * Files: the contact's file messages (both paths), uploads, and the mock's own URLs that serve them.
 */
import { HTTPException } from 'hono/http-exception';
import type { Hono } from 'hono';
import type { Store } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';
import { NOT_FOUND } from './operation.ts';
import { WORKSPACE_HEADER, WORKSPACE_NAME } from '../workspaces.ts';

/** Where the mock serves an upload, relative to its origin. */
export const UPLOADS_PATH = '/__mock/files';

export function fileRoutes({ api, store, operation }: RouteDeps): void {
  api.get(
    '/contact/:contact_id/files',
    operation('listContactFiles', ({ path }) => store.files(path.contact_id) ?? NOT_FOUND),
  );
  api.get(
    '/contacts/:contact_id/files',
    operation('listContactFilesPlural', ({ path }) => store.files(path.contact_id) ?? NOT_FOUND),
  );
}

/**
 * `POST /contacts/_fileupload`: keeps the file and answers its URL under `publicUrl` (see
 * MockOptions.publicUrl), or else the origin of the request's URL.
 */
export function uploadRoute(
  { api, store, operation }: RouteDeps,
  publicUrl?: string | (() => string),
): void {
  api.post(
    '/contacts/_fileupload',
    operation('uploadContactFile', async ({ body, c }) => {
      const file = (body as Record<string, unknown>).file;
      if (!(file instanceof File))
        throw new HTTPException(400, {
          message: 'body.file: must be a file (a multipart part with a filename)',
        });
      const { id, name } = store.addUpload({
        name: file.name,
        type: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      const base =
        typeof publicUrl === 'function' ? publicUrl() : (publicUrl ?? new URL(c.req.url).origin);
      // An <img src> sends no workspace header: the URL names the workspace, for the Worker, where
      // each workspace is an object of its own (the Node server finds the file by its id anyway).
      const workspace = c.req.header(WORKSPACE_HEADER);
      const where =
        workspace && WORKSPACE_NAME.test(workspace)
          ? `?workspace=${encodeURIComponent(workspace)}`
          : '';
      return { url: `${base}${UPLOADS_PATH}/${id}/${name}${where}` };
    }),
  );
}

/**
 * Serves uploads without credentials, as the real API's public S3 objects are (an `<img src>` shows
 * them), at URLs that cannot be guessed (random upload ids); as attachments that a browser will
 * neither sniff nor render as a page, whatever was uploaded.
 */
export function uploadedFileRoutes(app: Hono, upload: Store['upload']): void {
  app.get(`${UPLOADS_PATH}/:id/:name`, (c) => {
    const file = upload(c.req.param('id'));
    if (!file) return c.json({ message: 'Not Found' }, 404);
    return c.body(file.bytes.slice().buffer, 200, {
      'content-type': file.type,
      'content-disposition': `attachment; filename="${file.name}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });
}
