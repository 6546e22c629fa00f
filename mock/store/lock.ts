/**
 * One process per state file: a lock file beside it (`FILE.lock`, 0600) created exclusively, holding
 * the owner's pid and start time. A lock whose process is gone (killed with SIGKILL, say) is stale:
 * it is taken over, and the caller is told so.
 */
import { CREATE_EXCLUSIVE, codeOf, type FileLayer, writeAll } from './file-layer.ts';

export interface StateLock {
  path: string;
  /** Set when a stale lock of a dead process was taken over: says which. */
  tookOver?: string;
  release(): void;
}

interface Owner {
  pid: number;
  startedAt: string;
}

/** Whether a process with this pid runs (EPERM: it runs, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

function ownerOf(files: FileLayer, path: string): Owner | undefined {
  try {
    const owner = JSON.parse(files.readFileSync(path, 'utf8')) as Owner;
    return Number.isSafeInteger(owner?.pid) && owner.pid > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock of `statePath`, or throws an Error naming the file and the process that holds it. */
export function takeLock(files: FileLayer, statePath: string): StateLock {
  const path = `${statePath}.lock`;
  const me: Owner = { pid: process.pid, startedAt: new Date().toISOString() };
  let tookOver: string | undefined;
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = files.openSync(path, CREATE_EXCLUSIVE, 0o600);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST' || attempt > 0) throw error;
      const owner = ownerOf(files, path);
      if (owner && running(owner.pid))
        throw new Error(
          `state file ${statePath} is in use by process ${owner.pid} (running since ${owner.startedAt}; lock ${path}). Stop that mock, or give this one another --state file. If no mock runs, delete the lock file.`,
        );
      tookOver = owner
        ? `took over the lock ${path} of process ${owner.pid}, which is no longer running`
        : `took over the unreadable lock ${path}`;
      files.unlinkSync(path);
      continue;
    }
    try {
      writeAll(files, fd, Buffer.from(`${JSON.stringify(me)}\n`), 0);
      files.fsyncSync(fd);
    } finally {
      files.closeSync(fd);
    }
    return {
      path,
      tookOver,
      release() {
        if (ownerOf(files, path)?.pid === me.pid) files.unlinkSync(path);
      },
    };
  }
}
