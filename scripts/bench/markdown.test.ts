import { describe, expect, it } from 'vitest';
import { fixtureResult } from './fixture.ts';
import { bar, benchMarkdown, busyWarning, table, targetLines } from './markdown.ts';
import { checkTargets } from './targets.ts';

/** The cells of a Markdown table row, honouring escaped pipes. */
const cells = (row: string) => row.slice(2, -2).split(/(?<!\\) \| /);

describe('table', () => {
  it('has a header, a rule and one line per row, each with as many cells as the header', () => {
    const lines = table(
      ['a', 'b', 'c'],
      [
        [1, 'x', 'y'],
        [2, 'p|q', 'line\nbreak'],
      ],
    ).split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(cells(line)).toHaveLength(3);
    expect(lines[3]).not.toContain('\n');
    expect(cells(lines[3]!)[1]).toBe('p\\|q');
  });
});

describe('benchMarkdown', () => {
  const result = fixtureResult();
  const targets = checkTargets(result);
  const markdown = benchMarkdown(result, targets);

  it('names the machine it ran on', () => {
    for (const fact of [
      result.machine.cpu,
      `${result.machine.cores} cores`,
      result.machine.node,
      result.machine.date,
    ]) {
      expect(markdown).toContain(fact);
    }
  });

  it('says when the background index build was done and what a full search cost after it', () => {
    expect(markdown).toContain('"indexes ready" line came 11.8 s after spawn');
    expect(markdown).toContain('A full search after the pages took 190 ms');
    expect(benchMarkdown({ ...result, indexWarmUp: null }, targets)).not.toContain('indexes ready');
  });

  it('lists every target once with its verdict and figure', () => {
    for (const target of targets) {
      const rows = markdown.split('\n').filter((line) => line.startsWith(`| ${target.target} |`));
      expect(rows, target.target).toHaveLength(1);
      expect(rows[0]).toContain(target.actual);
    }
  });

  it('shows each target server and every startup size', () => {
    for (const load of result.throughput)
      expect(markdown.split('\n').some((line) => line.startsWith(`| ${load.target} |`))).toBe(true);
    for (const size of result.startup)
      expect(markdown).toContain(`| ${size.contacts.toLocaleString('en-US')} |`);
  });

  it("gives each target's ratio to the ceiling from the medians, in its own row", () => {
    const rps = (name: string) =>
      result.throughput.find((t) => t.target === name)!.median.requestsPerSecond;
    for (const load of result.throughput) {
      const row = markdown.split('\n').find((line) => line.startsWith(`| ${load.target} |`))!;
      expect(cells(row)[3]).toBe(`${(rps(load.target) / rps('ceiling')).toFixed(2)}×`);
    }
  });

  it('marks missed targets in bold and says what was not measured', () => {
    const slow = { ...result, startup: [], notes: ['the mock did not start'] };
    const text = benchMarkdown(slow, checkTargets(slow));
    expect(text).toContain('**NOT MEASURED**');
    expect(text).toContain('- the mock did not start');
  });
});

describe('CSV export section', () => {
  /** The one data row of the table under the CSV export heading, as header → cell. */
  function exportRow(markdown: string): Record<string, string> {
    const section = markdown.split('## CSV export of every contact')[1]!.split('\n## ')[0]!;
    const rows = section.split('\n').filter((line) => line.startsWith('| '));
    expect(rows).toHaveLength(4);
    const header = cells(rows[0]!);
    return Object.fromEntries(cells(rows[3]!).map((value, i) => [header[i], value]));
  }

  it("shows the export's figures in its own table", () => {
    const result = fixtureResult();
    const e = result.csvExports[1]!;
    const row = exportRow(benchMarkdown(result, checkTargets(result)));
    expect(row.rows).toBe(e.rows.toLocaleString('en-US'));
    expect(row['expected rows']).toBe(e.expectedRows.toLocaleString('en-US'));
    expect(row.bytes).toBe(e.bytes.toLocaleString('en-US'));
    expect(Number(row['time (s)'])).toBeCloseTo(e.ms / 1000, 1);
    expect(Number(row['MB/s'])).toBeCloseTo(e.mbPerSecond, 1);
    expect(Number(row['RSS before (MB)'])).toBe(Math.round(e.rssBeforeMB));
    expect(Number(row['peak RSS during (MB)'])).toBe(Math.round(e.peakRssMB));
    expect(Number(row['RSS after (MB)'])).toBe(Math.round(e.rssAfterMB));
  });

  it('says when the export was not measured', () => {
    const result = { ...fixtureResult(), csvExports: [] };
    const text = benchMarkdown(result, checkTargets(result));
    expect(text.split('## CSV export of every contact')[1]!.split('\n## ')[0]).toContain(
      '_Not measured._',
    );
  });
});

describe('targetLines', () => {
  it('puts the verdict first on one line per target', () => {
    const targets = checkTargets(fixtureResult());
    const lines = targetLines(targets);
    expect(lines).toHaveLength(targets.length);
    for (const [i, line] of lines.entries())
      expect(line.startsWith(targets[i]!.verdict)).toBe(true);
  });
});

describe('bar', () => {
  it.each([
    { share: 1, blocks: 20 },
    { share: 0.5, blocks: 10 },
    { share: 2, blocks: 20 },
    { share: 0, blocks: 0 },
  ])('$share → $blocks blocks', ({ share, blocks }) => {
    expect(bar(share)).toBe('█'.repeat(blocks));
  });
  it('shows a sliver for a share too small for one block, so a slow target is still visible', () => {
    expect(bar(0.01)).toBe('▏');
  });
});

describe('CPU ratios', () => {
  const cpuCell = (text: string, target: string) =>
    cells(text.split('\n').find((line) => line.startsWith(`| ${target} |`))!)[8];
  it('states the ratio to the ceiling by server CPU per request', () => {
    const result = fixtureResult();
    const cpu = (name: string) =>
      result.throughput.find((t) => t.target === name)!.median.cpuUsPerRequest!;
    const text = benchMarkdown(result, checkTargets(result));
    expect(cpuCell(text, 'search')).toBe(`${(cpu('ceiling') / cpu('search')).toFixed(2)}×`);
  });
  it('leaves it out when the target has no CPU figure', () => {
    const result = fixtureResult();
    result.throughput = result.throughput.map((t) =>
      t.target === 'search' ? { ...t, median: { ...t.median, cpuUsPerRequest: null } } : t,
    );
    expect(cpuCell(benchMarkdown(result, checkTargets(result)), 'search')).toBe('–');
  });
});

describe('busyWarning', () => {
  const machine = fixtureResult().machine;
  it.each([
    { name: 'an idle machine', loadAverage: 0.2, loadAverageAtEnd: 0.3, warns: false },
    { name: 'busy at the start', loadAverage: 3, loadAverageAtEnd: 0.3, warns: true },
    { name: 'busy by the end', loadAverage: 0.1, loadAverageAtEnd: 2.5, warns: true },
  ])('$name: warns=$warns', ({ loadAverage, loadAverageAtEnd, warns }) => {
    const lines = busyWarning({ ...machine, loadAverage, loadAverageAtEnd });
    expect(lines.some((line) => line.includes('Other work shared this machine'))).toBe(warns);
  });
});
