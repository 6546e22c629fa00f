import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { onError } from './errors.ts';
import { parsePrefer, prefer } from './prefer.ts';

describe('parsePrefer', () => {
  const cases: [string, string | undefined, ReturnType<typeof parsePrefer>][] = [
    ['no header', undefined, {}],
    ['a code', 'code=404', { code: 404 }],
    ['a latency', 'latency=250', { latency: 250 }],
    ['both, comma separated', 'code=401, latency=5', { code: 401, latency: 5 }],
    ['both, semicolon separated and quoted', 'code="415";latency="0"', { code: 415, latency: 0 }],
    ['unknown preferences are ignored', 'respond-async, wait=10, return=minimal', {}],
    ['names are case-insensitive', 'Code=400', { code: 400 }],
  ];
  it.each(cases)('%s', (_name, header, want) => expect(parsePrefer(header)).toEqual(want));

  const bad: [string, string, RegExp][] = [
    ['a code that is not a status', 'code=abc', /header\.Prefer: code .*"abc"/],
    ['a code out of range', 'code=999', /header\.Prefer: code/],
    ['a negative latency', 'latency=-1', /header\.Prefer: latency .*"-1"/],
    ['a latency over the cap', 'latency=10001', /header\.Prefer: latency must be .* 10000/],
  ];
  it.each(bad)('rejects %s, naming the header', (_name, header, message) => {
    expect(parsePrefer(header)).toMatch(message);
  });
});

describe('prefer middleware', () => {
  const app = new Hono<{ Variables: { prefer: object } }>();
  app.onError(onError());
  app.use('*', prefer({ latency: 0 }));
  app.get('/', (c) => c.json(c.var.prefer));

  it('exposes the parsed preferences', async () => {
    const res = await app.request('/', { headers: { prefer: 'code=404' } });
    expect(await res.json()).toEqual({ code: 404 });
  });

  it('answers 400 naming the header for a bad value', async () => {
    const res = await app.request('/', { headers: { prefer: 'latency=forever' } });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^header\.Prefer: latency/);
  });

  it('waits the preferred latency', async () => {
    const start = performance.now();
    await app.request('/', { headers: { prefer: 'latency=60' } });
    expect(performance.now() - start).toBeGreaterThanOrEqual(55);
  });
});
