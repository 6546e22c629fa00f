import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { csvLineCounter, dataRows, peakDuring } from './csv-export.ts';
import { hotSpots, shortUrl, type CpuProfile } from './hot-spots.ts';
import { parseProcStatus } from '../lib/proc.ts';
import { parseProcStat } from '../lib/proc.ts';
import { samplesNear, skipsFor } from './paging.ts';
import { closeConnections, exchange } from './http.ts';
import { median } from '../lib/stats.ts';
import { summarizeRounds } from './summarize-rounds.ts';
import { rotation } from './throughput.ts';

describe('median', () => {
  it.each([
    { input: [], expected: Number.NaN },
    { input: [3], expected: 3 },
    { input: [5, 1, 3], expected: 3 },
    { input: [4, 1, 3, 2], expected: 2.5 },
  ])('$input → $expected', ({ input, expected }) => {
    expect(median(input)).toBe(expected);
  });
});

describe('rotation', () => {
  it('starts each round from the next target and keeps them all', () => {
    const names = ['ceiling', 'mock', 'prism'];
    const orders = [0, 1, 2, 3].map((round) => rotation(names, round));
    expect(orders.map((o) => o[0])).toEqual(['ceiling', 'mock', 'prism', 'ceiling']);
    for (const order of orders) expect([...order].sort()).toEqual([...names].sort());
  });
});

describe('summarizeRounds', () => {
  it("takes each figure's median separately and adds up the failures", () => {
    const rounds = [
      { requestsPerSecond: 100, p50: 9, p99: 1, errors: 1, non2xx: 0, cpuUsPerRequest: 30 },
      { requestsPerSecond: 300, p50: 1, p99: 9, errors: 0, non2xx: 2, cpuUsPerRequest: 10 },
      { requestsPerSecond: 200, p50: 5, p99: 5, errors: 0, non2xx: 0, cpuUsPerRequest: 20 },
    ];
    expect(summarizeRounds('search', 'm', rounds).median).toEqual({
      requestsPerSecond: 200,
      p50: 5,
      p99: 5,
      errors: 1,
      non2xx: 2,
      cpuUsPerRequest: 20,
      generatorCpu: null,
      megabytesPerSecond: 0,
    });
  });
  it('has no CPU figure when a round lacks one', () => {
    const rounds = [
      { requestsPerSecond: 1, p50: 1, p99: 1, errors: 0, non2xx: 0, cpuUsPerRequest: 5 },
      { requestsPerSecond: 1, p50: 1, p99: 1, errors: 0, non2xx: 0, cpuUsPerRequest: null },
    ];
    expect(summarizeRounds('search', 'm', rounds).median.cpuUsPerRequest).toBeNull();
  });
});

describe('parseProcStatus', () => {
  const status = [
    'Name:\tnode',
    'VmPeak:\t 2000000 kB',
    'VmHWM:\t  204800 kB',
    'VmRSS:\t  102400 kB',
    'RssAnon:\t 90000 kB',
  ].join('\n');
  it('reads VmRSS and VmHWM in MB, not the fields that share their prefix', () => {
    expect(parseProcStatus(status)).toEqual({ rssMB: 100, peakMB: 200 });
  });
  it('throws when a field is missing', () => {
    expect(() => parseProcStatus('Name:\tnode\nVmHWM:\t1 kB')).toThrow(/VmRSS/);
  });
});

describe('samplesNear', () => {
  it.each([0, 250_000, 999_990])(
    'gives different full pages at and near skip %i, so no sample is a cached answer',
    (skip) => {
      const samples = samplesNear(skip, 1_000_000, 10, 20);
      expect(samples[0]).toBe(skip);
      expect(new Set(samples).size).toBe(20);
      for (const at of samples)
        expect(at >= 0 && at <= 999_990 && Math.abs(at - skip) <= 190).toBe(true);
    },
  );
});

describe('skipsFor', () => {
  it('spans the first page to the last full page', () => {
    const skips = skipsFor(1_000_000, 10);
    expect(skips[0]).toBe(0);
    expect(skips.at(-1)).toBe(999_990);
    expect(skips).toEqual([...skips].sort((a, b) => a - b));
  });
  it('never repeats a skip or goes below zero on a tiny dataset', () => {
    expect(skipsFor(3, 10)).toEqual([0]);
  });
});

describe('hotSpots', () => {
  const frame = (functionName: string, url: string, lineNumber: number) => ({
    functionName,
    url,
    lineNumber,
  });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '', -1) },
      { id: 2, callFrame: frame('handle', 'file:///work/main/mock/routes/contacts.ts', 9) },
      {
        id: 3,
        callFrame: frame('stringify', 'file:///work/main/node_modules/hono/dist/context.js', 99),
      },
      { id: 4, callFrame: frame('handle', 'file:///work/main/mock/routes/contacts.ts', 9) },
    ],
    samples: [2, 3, 3, 4, 3],
    timeDeltas: [1000, 2000, 2000, 1000, 4000],
    startTime: 0,
    endTime: 10_000,
  };

  it('adds self time per function across nodes, heaviest first, with shares', () => {
    expect(hotSpots(profile, 'function')).toEqual([
      { name: 'stringify (hono/dist/context.js:100)', selfMs: 8, share: 0.8 },
      { name: 'handle (mock/routes/contacts.ts:10)', selfMs: 2, share: 0.2 },
    ]);
  });

  it('groups by file and keeps only the top entries', () => {
    expect(hotSpots(profile, 'file', 1)).toEqual([
      { name: 'hono/dist/context.js', selfMs: 8, share: 0.8 },
    ]);
  });

  it.each([
    { input: '', expected: '(native)' },
    { input: 'node:internal/http', expected: 'node:internal/http' },
    { input: 'file:///a/b/node_modules/x/node_modules/y/i.js', expected: 'y/i.js' },
    { input: 'file:///work/main/mock/app.ts', expected: 'mock/app.ts' },
  ])('shortUrl($input) = $expected', ({ input, expected }) => {
    expect(shortUrl(input)).toBe(expected);
  });
});

describe('parseProcStat', () => {
  const fields = (name: string) =>
    `4242 (${name}) S 1 4242 4242 0 -1 4194560 500 0 0 0 1200 34 0 0 20 0 11 0 900 1000 200`;
  it.each([
    { name: 'node', ticks: 1234 },
    { name: 'a (weird) name', ticks: 1234 },
  ])('adds utime and stime for a process named $name', ({ name, ticks }) => {
    expect(parseProcStat(fields(name))).toBe(ticks);
  });
  it('refuses text that is not a stat line', () => {
    expect(() => parseProcStat('VmRSS: 1 kB')).toThrow();
  });
});

describe('hotSpots skipping the start', () => {
  it('leaves out the samples of the first skipMs', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: 'boot', url: 'node:internal/main', lineNumber: 0 } },
        {
          id: 2,
          callFrame: { functionName: 'serve', url: 'file:///p/mock/app.ts', lineNumber: 0 },
        },
      ],
      samples: [1, 1, 2, 2],
      timeDeltas: [1000, 1000, 1000, 1000],
      startTime: 0,
      endTime: 4000,
    };
    expect(hotSpots(profile, 'function', 10, 2.5).map((s) => s.name)).toEqual([
      'serve (mock/app.ts:1)',
    ]);
  });
});

describe('csvLineCounter', () => {
  const count = (chunks: string[]) => {
    const counter = csvLineCounter();
    for (const chunk of chunks) counter.add(Buffer.from(chunk));
    return counter.lines();
  };
  it('counts record ends, not newlines inside quoted fields or escaped quotes', () => {
    const csv = 'id,notes\n1,"two\nlines"\n2,"say ""hi""\n"\n3,plain\n';
    expect(count([csv])).toBe(4);
  });
  it('gives the same count however the stream is split, even inside a quoted field', () => {
    const csv = 'a,b\n"x\ny","1"\n"q""\n",2\n';
    const whole = count([csv]);
    for (let cut = 0; cut <= csv.length; cut += 1)
      expect(count([csv.slice(0, cut), csv.slice(cut)])).toBe(whole);
    expect(whole).toBe(3);
  });
});

describe('dataRows', () => {
  it.each([
    {
      name: 'header and two rows, final newline',
      lines: 3,
      endsWithNewline: true,
      bytes: 30,
      rows: 2,
    },
    {
      name: 'header and two rows, no final newline',
      lines: 2,
      endsWithNewline: false,
      bytes: 30,
      rows: 2,
    },
    { name: 'header only', lines: 1, endsWithNewline: true, bytes: 10, rows: 0 },
    { name: 'empty answer', lines: 0, endsWithNewline: false, bytes: 0, rows: 0 },
  ])('$name → $rows', ({ lines, endsWithNewline, bytes, rows }) => {
    expect(dataRows(lines, endsWithNewline, bytes)).toBe(rows);
  });
});

describe('peakDuring', () => {
  it('is the highest sample while VmHWM stayed where it was', () => {
    expect(peakDuring([100, 180, 150], 300, 300)).toBe(180);
  });
  it('is VmHWM when it rose during the export above every sample', () => {
    expect(peakDuring([100, 180, 150], 300, 420)).toBe(420);
  });
});

describe('exchange', () => {
  it('sends a request again on a new connection when the kept-alive one was closed by the server as it was reused', async () => {
    // Answers the first request on each connection and drops the connection at its second, as a
    // server closing an idle keep-alive socket does when the client reuses it at that moment.
    const server = createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served > 1) return socket.destroy();
      res.end(`request ${socket.served} on this connection`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      expect((await exchange(url)).body).toBe('request 1 on this connection');
      const again = await exchange(url, { method: 'PUT', body: '{}' });
      expect(again).toMatchObject({ status: 200, body: 'request 1 on this connection' });
    } finally {
      closeConnections();
      server.close();
    }
  });
});
