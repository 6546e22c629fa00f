import { preview } from '../../openapi/failures.ts';
import type { CheckContext } from '../check.ts';
import { answerOf, failureAt, nonConformance } from '../judge.ts';
import { bodyOf, setCredentials } from '../http.ts';

/**
 * Uploading a file (`multipart/form-data`, field `file`) answers 200 with `{"url": …}`; when the URL
 * is served by the target itself, it gives back the same bytes. An uploaded file cannot be deleted.
 */
export async function uploadAnswersUrl(ctx: CheckContext): Promise<void> {
  ctx.need('writes');
  const bytes = `contract suite upload ${new Date().toISOString()}\n`;
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'text/plain' }), 'contract-suite.txt');
  const upload = await ctx.send({ operationId: 'uploadContactFile', body: form });
  const broken = nonConformance(upload);
  if (broken || upload.status !== 200) {
    ctx.fail(
      broken ?? failureAt(upload, 'Upload not accepted', answerOf(upload), '200 {"url": …}'),
    );
    return;
  }
  const url = bodyOf(upload)?.url ?? '';
  ctx.note(`uploaded a ${bytes.length}-byte text file, which the API cannot delete`);
  if (!url.startsWith(`${ctx.target.baseUrl}/`)) {
    ctx.note(`${url} not fetched: it is not served by the target`);
    return;
  }
  const headers = new Headers();
  setCredentials(headers, ctx.target, ctx.target.token);
  const fetched = await ctx.target.fetch(url, { headers });
  const text = await fetched.text();
  if (fetched.status !== 200 || text !== bytes) {
    ctx.fail(
      failureAt(
        upload,
        'Uploaded file not served at its URL',
        `GET ${url}: ${fetched.status} ${preview(text)}`,
        `200 and the ${bytes.length} bytes sent`,
      ),
    );
  }
}
