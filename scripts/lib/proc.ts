/** What /proc tells about a running process: its CPU time and its resident memory. */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * User plus system CPU time, in clock ticks, out of the text of `/proc/<pid>/stat`. The command name
 * (field 2) may hold spaces and parentheses, so fields are counted from its closing parenthesis.
 */
export function parseProcStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, field 3 (state) is index 0; utime and stime are fields 14 and 15.
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error('not a /proc/<pid>/stat line');
  return utime + stime;
}

let ticksPerSecond: number | undefined;

/** The CPU seconds a process has used so far; undefined where there is no /proc (not Linux). */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  ticksPerSecond ??=
    Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return parseProcStat(stat) / ticksPerSecond;
}
export interface ResidentMemory {
  /** VmRSS: resident now. */
  rssMB: number;
  /** VmHWM: the peak resident so far. */
  peakMB: number;
}

/** Reads VmRSS and VmHWM out of the text of `/proc/<pid>/status`. */
export function parseProcStatus(status: string): ResidentMemory {
  const megabytes = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`${field} is missing from the process status`);
    return Number(match[1]) / 1024;
  };
  return { rssMB: megabytes('VmRSS'), peakMB: megabytes('VmHWM') };
}

/** The resident memory of a running process: from /proc on Linux, else from `ps` (no peak there). */
export async function residentMemory(pid: number): Promise<ResidentMemory> {
  try {
    return parseProcStatus(await readFile(`/proc/${pid}/status`, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const rssMB =
      Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) /
      1024;
    return { rssMB, peakMB: rssMB };
  }
}
