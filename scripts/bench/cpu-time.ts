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
