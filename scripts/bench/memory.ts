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

/** The resident memory of a running process (Linux). */
export async function residentMemory(pid: number): Promise<ResidentMemory> {
  return parseProcStatus(await readFile(`/proc/${pid}/status`, 'utf8'));
}
