import { describe, expect, it } from 'vitest';
import { AUTH, findSamples, testMock } from '../test-client.ts';

const P = '/v1/backend';

async function uploadFile(
  request: ReturnType<typeof testMock>['request'],
  file: File,
  origin = 'http://mock.test',
) {
  const form = new FormData();
  form.append('file', file);
  return request(`${origin}${P}/contacts/_fileupload`, {
    method: 'POST',
    headers: AUTH,
    body: form,
  });
}

describe('uploads', () => {
  it('answers an absolute URL on the mock that serves the same bytes and type, as an attachment', async () => {
    const { request, app } = testMock();
    const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 255]);
    const answer = await uploadFile(
      request,
      new File([bytes], 'my logo.png', { type: 'image/png' }),
      'http://localhost:4010',
    );
    expect(answer.status).toBe(200);
    const url = new URL(answer.body.url);
    expect(url.origin).toBe('http://localhost:4010');
    expect(url.pathname).toMatch(/^\/__mock\/files\/[^/]+\/my_logo\.png$/);

    expect((await app.request(answer.body.url)).status).toBe(401);
    const served = await app.request(answer.body.url, { headers: AUTH });
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe('attachment; filename="my_logo.png"');
    expect(served.headers.get('x-request-id')).toBeTruthy();
  });

  it('keeps names that try to leave their folder, or to inject headers, harmless', async () => {
    const { request, app } = testMock();
    const answer = await uploadFile(
      request,
      new File(['<script>alert(1)</script>'], '../../x"\r\nSet-Cookie: a=b.html', {
        type: 'text/html',
      }),
    );
    const url = new URL(answer.body.url);
    expect(url.pathname.split('/')).toHaveLength(5);
    const served = await app.request(url.pathname, { headers: AUTH });
    expect(served.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[A-Za-z0-9._-]+"$/,
    );
    expect(served.headers.get('set-cookie')).toBeNull();
    expect(served.headers.get('content-security-policy')).toMatch(/sandbox/);
  });

  it('answers 404 for an unknown upload', async () => {
    const { request } = testMock();
    expect((await request('/__mock/files/nothing/x.png', { headers: AUTH })).status).toBe(404);
  });

  it("serves the contact's files under both paths", async () => {
    const { request } = testMock();
    const { contactId } = await findSamples(request);
    const singular = await request(`${P}/contact/${contactId}/files`, { headers: AUTH });
    const plural = await request(`${P}/contacts/${contactId}/files`, { headers: AUTH });
    expect(Array.isArray(singular.body)).toBe(true);
    expect(plural.body).toEqual(singular.body);
    expect((await request(`${P}/contact/con_nobody/files`, { headers: AUTH })).status).toBe(400);
  });
});
