import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

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
