/**
 * Page latency against a large dataset: the same `limit` at skips from the start to the end, for
 * the default sort and another one, measured one request at a time so each figure is one page's cost.
 * Each sample is a different page near its skip, so none is answered from the mock's answer cache
 * (which keeps answers per URL): every figure is a page built from the store.
 */
import { exchange } from './http.ts';
import { median } from './stats.ts';
import { AUTH } from './servers.ts';
import type { PageTiming } from './types.ts';

/** Skips spread from the first page to the last full page of `size` records. */
export function skipsFor(size: number, limit: number): number[] {
  const last = Math.max(size - limit, 0);
  const spread = [0, size / 4, size / 2, (size * 3) / 4, last].map((skip) =>
    Math.min(Math.floor(skip), last),
  );
  return [...new Set(spread)];
}

/** `count` different skips, `skip` first, then the pages after it (or before it, at the end). */
export function samplesNear(skip: number, size: number, limit: number, count: number): number[] {
  const last = Math.max(size - limit, 0);
  return Array.from({ length: count }, (_, k) =>
    skip + k * limit <= last ? skip + k * limit : Math.max(skip - k * limit, 0),
  );
}

export async function measurePaging(
  base: string,
  size: number,
  options: { sorts: string[]; samples: number; limit: number },
): Promise<PageTiming[]> {
  const timings: PageTiming[] = [];
  // One unmeasured request first: the first answer after a pause pays for a new connection and the
  // process waking up, which is no page's cost. It reads no contact, so every sort's first page is measured.
  await exchange(`${base}/notifications?limit=1`, { headers: AUTH });
  for (const sort of options.sorts) {
    for (const skip of skipsFor(size, options.limit)) {
      const ms: number[] = [];
      for (const at of samplesNear(skip, size, options.limit, options.samples)) {
        const url = `${base}/contacts?limit=${options.limit}&skip=${at}&sort=${sort}`;
        const answer = await exchange(url, { headers: AUTH });
        if (answer.status !== 200)
          throw new Error(`${url}: status ${answer.status} ${answer.body.slice(0, 200)}`);
        const page = JSON.parse(answer.body) as { data: unknown[] };
        if (page.data.length !== Math.min(options.limit, size - at))
          throw new Error(`${url}: ${page.data.length} records`);
        ms.push(answer.ms);
      }
      timings.push({
        sort,
        skip,
        firstMs: ms[0]!,
        medianMs: median(ms.slice(1)),
        maxMs: Math.max(...ms.slice(1)),
      });
    }
  }
  return timings;
}
