/**
 * Page latency against a large dataset: the same `limit` at skips from the start to the end, for
 * the default sort and another one, measured one request at a time so each figure is one page's cost.
 * Each sample is a different page near its skip, so none is answered from the mock's answer cache
 * (which keeps answers per URL): every figure is a page built from the store.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContactList } from '../../openapi/types.ts';
import { CONTACT_SORTS } from '../../mock/data/spec-lists.ts';
import { stopChild } from '../lib/children.ts';
import { median } from '../lib/stats.ts';
import { exchange } from './http.ts';
import { BENCH_AUTH, startMock } from './servers.ts';
import type { EarlyPage, PageTiming, SearchTiming } from './types.ts';
import { seededRandom } from '../../mock/data/hash.ts';
import { searchQuery } from './workloads.ts';

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
  await exchange(`${base}/notifications?limit=1`, { headers: BENCH_AUTH });
  for (const sort of options.sorts) {
    for (const skip of skipsFor(size, options.limit)) {
      const ms: number[] = [];
      for (const at of samplesNear(skip, size, options.limit, options.samples)) {
        const url = `${base}/contacts?limit=${options.limit}&skip=${at}&sort=${sort}`;
        const answer = await exchange(url, { headers: BENCH_AUTH });
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

/**
 * A fresh mock at `size`: from one second after spawn, one page of every sort at a random skip, one
 * request at a time, while the background index build still runs (a request may wait for it).
 */
export async function measureEarlyPages(size: number, seed: number): Promise<EarlyPage[]> {
  const server = await startMock({ contacts: size, seed });
  try {
    const wait = 1000 - (performance.now() - server.startedAt);
    if (wait > 0) await sleep(wait);
    const next = seededRandom(seed + 2);
    const pages: EarlyPage[] = [];
    for (const sort of CONTACT_SORTS) {
      const skip = Math.floor(next() * (size - 10));
      const sentAtMs = performance.now() - server.startedAt;
      const answer = await exchange(`${server.base}/contacts?limit=10&skip=${skip}&sort=${sort}`, {
        headers: BENCH_AUTH,
      });
      if (answer.status !== 200) throw new Error(`early page ${sort}: status ${answer.status}`);
      pages.push({
        sort,
        skip,
        sentAtMs: Math.round(sentAtMs),
        ms: Math.round(answer.ms * 100) / 100,
      });
    }
    return pages;
  } finally {
    await stopChild(server.child);
  }
}

/** `samples` searches of random 1–3 letter queries (names and emails read from the server), one at a time. */
export async function measureSearches(
  base: string,
  seed: number,
  samples: number,
): Promise<SearchTiming> {
  const next = seededRandom(seed + 3);
  const count = (
    JSON.parse(
      (await exchange(`${base}/contacts?limit=1`, { headers: BENCH_AUTH })).body,
    ) as ContactList
  ).count;
  const page = await exchange(
    `${base}/contacts?limit=1000&skip=${Math.floor(next() * (count - 1000))}&sort=display_name`,
    { headers: BENCH_AUTH },
  );
  const contacts = (JSON.parse(page.body) as ContactList).data;
  const ms: number[] = [];
  for (let k = 0; k < samples; k++) {
    const q = searchQuery(contacts[Math.floor(next() * contacts.length)]!, next).trim() || 'a';
    const url = `${base}/contacts/_search?q=${encodeURIComponent(q)}&type=text&limit=10&sort=${CONTACT_SORTS[k % CONTACT_SORTS.length]}`;
    const answer = await exchange(url, { headers: BENCH_AUTH });
    if (answer.status !== 200) throw new Error(`${url}: status ${answer.status}`);
    ms.push(answer.ms);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    contacts: count,
    samples,
    p50: Math.round(median(ms) * 100) / 100,
    p99:
      Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]! * 100) /
      100,
  };
}
