import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onError } from './errors.ts';
import { parsePrefer, prefer, type PreferVariables } from './prefer.ts';

describe('parsePrefer', () => {
  const cases: [string, string | undefined, ReturnType<typeof parsePrefer>][] = [
    ['no header', undefined, {}],
    ['a code', 'code=404', { code: 404 }],
    ['a latency', 'latency=250', { latency: 250 }],
    ['both, comma separated', 'code=401, latency=5', { code: 401, latency: 5 }],
    ['both, semicolon separated and quoted', 'code="415";latency="0"', { code: 415, latency: 0 }],
    [
      'unknown preferences are listed, and otherwise ignored',
      'respond-async, wait=10, return=minimal',
      { unknown: ['respond-async', 'wait', 'return'] },
    ],
    ['names are case-insensitive', 'Code=400', { code: 400 }],
    [
      'an example, as Prism takes it',
      'code=200, example=published',
      { code: 200, example: 'published' },
    ],
    ['a quoted example', 'example="badLimit"', { example: 'badLimit' }],
    ['empty members are skipped', 'code=404,, ;', { code: 404 }],
  ];
  it.each(cases)('%s', (_name, header, want) => expect(parsePrefer(header)).toEqual(want));

  const bad: [string, string, RegExp][] = [
    ['a code that is not a status', 'code=abc', /header\.Prefer: code .*"abc"/],
    ['a code out of range', 'code=999', /header\.Prefer: code/],
    ['a negative latency', 'latency=-1', /header\.Prefer: latency .*"-1"/],
    ['a latency over the cap', 'latency=10001', /header\.Prefer: latency must be .* 10000/],
    ['an example with no name', 'example=', /header\.Prefer: example must name an example/],
  ];
  it.each(bad)('rejects %s, naming the header', (_name, header, message) => {
    expect(parsePrefer(header)).toMatch(message);
  });
});

describe('prefer middleware', () => {
  const app = new Hono<{ Variables: PreferVariables }>();
  app.onError(onError());
  // What the request log would show as the reason.
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('x-test-reason', c.get('logReason') ?? '');
  });
  app.use('*', prefer({ latency: 0 }));
  app.get('/', (c) => c.json(c.var.prefer));
  app.get('/refused', (c) => c.json({ message: 'query.limit: must be <= 1000' }, 400));

  it('exposes the parsed preferences', async () => {
    const res = await app.request('/', { headers: { prefer: 'code=404' } });
    expect(await res.json()).toEqual({ code: 404 });
  });

  it('answers 400 naming the header for a bad value', async () => {
    const res = await app.request('/', { headers: { prefer: 'latency=forever' } });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^header\.Prefer: latency/);
  });

  it('names unknown preferences for the log, and answers as if they were not sent', async () => {
    const res = await app.request('/', { headers: { prefer: 'code=404, foo=1, dynamic=true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 404, unknown: ['foo', 'dynamic'] });
    expect(res.headers.get('x-test-reason')).toBe('Prefer: unknown tokens foo, dynamic');
    const one = await app.request('/', { headers: { prefer: 'foo' } });
    expect(one.headers.get('x-test-reason')).toBe('Prefer: unknown token foo');
    expect((await app.request('/')).headers.get('x-test-reason')).toBe('');
  });

  it("leaves a refusal's own reason to the log", async () => {
    const res = await app.request('/refused', { headers: { prefer: 'foo' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-test-reason')).toBe('');
  });

  it('waits the preferred latency', async () => {
    const start = performance.now();
    await app.request('/', { headers: { prefer: 'latency=60' } });
    expect(performance.now() - start).toBeGreaterThanOrEqual(55);
  });
});
