/**
 * The mock's streamed CSV export of the whole dataset, read as a stream (never held in this process),
 * with the mock's resident memory sampled while it streams: the export must not need memory in
 * proportion to the dataset.
 */
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { exchange } from './http.ts';
import { residentMemory, type ResidentMemory } from '../lib/proc.ts';
import { BENCH_AUTH } from './servers.ts';
import { round } from '../lib/stats.ts';
import type { CsvExport } from './types.ts';

export const CSV_EXPORT_SORT = '-created_at';
export const CSV_EXPORT_PATH = `/contacts/_export_csv?sort=${CSV_EXPORT_SORT}`;
const MB = 1024 * 1024;
const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Counts the record ends of a CSV stream chunk by chunk: newlines outside quoted fields (a quoted
 * field may hold a newline; an escaped quote `""` toggles the state twice, so it leaves it as it was).
 */
export function csvLineCounter(): { add: (chunk: Uint8Array) => void; lines: () => number } {
  let inQuotes = false;
  let lines = 0;
  return {
    // indexOf (memchr) rather than a loop per byte: the reader must not take CPU from the mock it measures.
    add(chunk) {
      let pos = 0;
      while (pos < chunk.length) {
        const quote = chunk.indexOf(QUOTE, pos);
        if (!inQuotes) {
          const plain = chunk.subarray(pos, quote < 0 ? chunk.length : quote);
          for (let n = plain.indexOf(NEWLINE); n >= 0; n = plain.indexOf(NEWLINE, n + 1))
            lines += 1;
        }
        if (quote < 0) return;
        inQuotes = !inQuotes;
        pos = quote + 1;
      }
    },
    lines: () => lines,
  };
}

/** Data rows of a CSV with a header row: the lines, plus a last line without a final newline. */
export function dataRows(lines: number, endsWithNewline: boolean, bytes: number): number {
  if (bytes === 0) return 0;
  return lines + (endsWithNewline ? 0 : 1) - 1;
}

/**
 * The highest resident memory during the export: the highest sample (those just before and after
 * included), or VmHWM when it rose during the export (the process reached it, maybe between samples).
 */
export function peakDuring(samplesMB: number[], hwmBeforeMB: number, hwmAfterMB: number): number {
  const sampled = Math.max(0, ...samplesMB);
  return hwmAfterMB > hwmBeforeMB ? Math.max(sampled, hwmAfterMB) : sampled;
}

/** Samples `pid`'s VmRSS every `everyMs` until stopped. */
function sampleMemory(pid: number, everyMs: number): { stop: () => Promise<number[]> } {
  const samples: number[] = [];
  let reading: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    reading = reading
      .then(async () => {
        samples.push((await residentMemory(pid)).rssMB);
      })
      .catch(() => undefined);
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await reading;
      return samples;
    },
  };
}

interface Streamed {
  status: number;
  contentType: string;
  bytes: number;
  lines: number;
  endsWithNewline: boolean;
  firstByteMs: number;
  ms: number;
}

/** GETs `url` and reads the answer as a stream, keeping only counts. */
function streamAnswer(url: string): Promise<Streamed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: BENCH_AUTH, agent: false, timeout: 600_000 }, (res) => {
      const counter = csvLineCounter();
      let bytes = 0;
      let last = 0;
      let firstByteMs = Number.NaN;
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        last = chunk[chunk.length - 1] ?? last;
        counter.add(chunk);
      });
      res.on('error', reject);
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          bytes,
          lines: counter.lines(),
          endsWithNewline: last === NEWLINE,
          firstByteMs,
          ms: performance.now() - started,
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`timed out: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/** The dataset's `count` as the list endpoint reports it. */
async function contactCount(base: string): Promise<number> {
  const answer = await exchange(`${base}/contacts?limit=1`, { headers: BENCH_AUTH });
  if (answer.status !== 200)
    throw new Error(`list: status ${answer.status} ${answer.body.slice(0, 200)}`);
  return (JSON.parse(answer.body) as { count: number }).count;
}

/** Exports every contact of the mock at `base` (process `pid`) once and measures it. */
export async function measureCsvExport(
  base: string,
  pid: number,
  options: { sampleEveryMs?: number } = {},
): Promise<CsvExport> {
  const expectedRows = await contactCount(base);
  const before: ResidentMemory = await residentMemory(pid);
  const sampler = sampleMemory(pid, options.sampleEveryMs ?? 100);
  let streamed: Awaited<ReturnType<typeof streamAnswer>>;
  let samples: Awaited<ReturnType<typeof sampler.stop>>;
  try {
    streamed = await streamAnswer(`${base}${CSV_EXPORT_PATH}`);
  } finally {
    samples = await sampler.stop();
  }
  const after = await residentMemory(pid);
  return {
    contacts: expectedRows,
    sort: CSV_EXPORT_SORT,
    status: streamed.status,
    contentType: streamed.contentType,
    ms: round(streamed.ms),
    firstByteMs: round(streamed.firstByteMs),
    bytes: streamed.bytes,
    rows: dataRows(streamed.lines, streamed.endsWithNewline, streamed.bytes),
    expectedRows,
    mbPerSecond: round(streamed.bytes / MB / (streamed.ms / 1000)),
    rssBeforeMB: round(before.rssMB, 1),
    peakRssMB: round(
      peakDuring([before.rssMB, ...samples, after.rssMB], before.peakMB, after.peakMB),
      1,
    ),
    hwmBeforeMB: round(before.peakMB, 1),
    hwmAfterMB: round(after.peakMB, 1),
    rssAfterMB: round(after.rssMB, 1),
    samples: samples.length,
  };
}
