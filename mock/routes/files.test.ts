import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../server.ts';
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
  it('answers a URL on the origin the app was called at, that serves the same bytes and type without credentials', async () => {
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

    // Public, as the real API's S3 objects are: an <img src> shows it.
    const served = await app.request(answer.body.url);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe('attachment; filename="my_logo.png"');
    expect(served.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers a URL under publicUrl when given, whatever the request was sent to', async () => {
    const { request } = testMock({ publicUrl: 'https://mock.example.com:8443/' });
    const answer = await uploadFile(request, new File(['x'], 'a.txt'), 'http://forged.example');
    expect(new URL(answer.body.url).origin).toBe('https://mock.example.com:8443');
  });

  it('on a server, answers its own address even when the Host header is forged, and serves the file there without credentials', async () => {
    const server = await startMockServer({ port: 0, contacts: 5 });
    try {
      const body =
        '--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n';
      const answer = await new Promise<string>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}${P}/contacts/_fileupload`,
          {
            method: 'POST',
            headers: {
              host: 'evil.example:666',
              ...AUTH,
              'content-type': 'multipart/form-data; boundary=b',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      const { url } = JSON.parse(answer) as { url: string };
      expect(new URL(url).origin).toBe(server.url);
      const served = await fetch(url);
      expect(served.status).toBe(200);
      expect(await served.text()).toBe('hello');
    } finally {
      await server.close();
    }
  });

  it('refuses a publicUrl that is not an http URL, naming the option', () => {
    expect(() => testMock({ publicUrl: 'mock.example.com' })).toThrow(/publicUrl: must be an http/);
    expect(() => testMock({ publicUrl: 'ftp://mock.example.com' })).toThrow(/publicUrl/);
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
    const served = await app.request(url.pathname);
    expect(served.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[A-Za-z0-9._-]+"$/,
    );
    expect(served.headers.get('set-cookie')).toBeNull();
    expect(served.headers.get('content-security-policy')).toMatch(/sandbox/);
  });

  it('answers 404 for an unknown upload', async () => {
    const { request } = testMock();
    expect((await request('/__mock/files/nothing/x.png')).status).toBe(404);
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
