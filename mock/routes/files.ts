/**
 * Files: the contact's file messages (both paths), uploads, and the mock's own URLs that serve them.
 */
import { HTTPException } from 'hono/http-exception';
import type { Hono, MiddlewareHandler } from 'hono';
import type { Store } from '../store/types.ts';
import type { RouteDeps } from './deps.ts';
import { NOT_FOUND } from './operation.ts';

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

/** `POST /contacts/_fileupload`: keeps the file and answers the mock's URL for it. */
export function uploadRoute({ api, store, operation }: RouteDeps): void {
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
      return { url: `${new URL(c.req.url).origin}${UPLOADS_PATH}/${id}/${name}` };
    }),
  );
}

/**
 * Serves uploads as attachments that a browser will neither sniff nor render, whatever was uploaded.
 * Behind the API's credentials, like every `/__mock/*` route: upload ids follow from the seed, so
 * anyone on the machine could otherwise guess them.
 */
export function uploadedFileRoutes(app: Hono, store: Store, authorize: MiddlewareHandler): void {
  app.get(`${UPLOADS_PATH}/:id/:name`, authorize, (c) => {
    const file = store.upload(c.req.param('id'));
    if (!file) return c.json({ message: 'Not Found' }, 404);
    return c.body(file.bytes.slice().buffer, 200, {
      'content-type': file.type,
      'content-disposition': `attachment; filename="${file.name}"`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });
}
