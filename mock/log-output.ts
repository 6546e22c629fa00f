/**
 * The CLI's request log on stdout: a line a person reads (`--log text`) or a JSON object per line for
 * machines (`--log json`), never more than a bounded backlog in memory when stdout is slow.
 */
import type { RequestLogEntry } from './middleware/request-log.ts';

export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

/** Where the lines go: `process.stdout`, or any Node writable stream. */
export interface LogStream {
  write(text: string): boolean;
  /** Bytes written but not yet taken by the other end. */
  readonly writableLength: number;
  once(event: 'drain', listener: () => void): unknown;
}

export interface LogOutputOptions {
  /** Default: `text`. */
  format?: LogFormat;
  /** Default: `process.stdout`. */
  stream?: LogStream;
  /** Most bytes left waiting for the stream; lines past it are dropped and counted. Default: 1 MiB. */
  maxBacklog?: number;
  /** Default: the time now. */
  now?: () => Date;
}

/** One line of the log, with its newline. The entry's strings are already free of control characters. */
export function logLine(entry: RequestLogEntry, format: LogFormat, time: Date): string {
  if (format === 'json') {
    const { method, path, status, ms, reason, requestId } = entry;
    const line = { time: time.toISOString(), method, path, status, ms, reason, requestId };
    return `${JSON.stringify(line)}\n`;
  }
  const reason = entry.reason ? ` ${entry.reason}` : '';
  return `${entry.method} ${entry.path} ${entry.status} ${entry.ms}ms${reason}\n`;
}

/**
 * A `log` for the mock that writes each entry as a line. When the stream falls behind by more than
 * `maxBacklog` bytes (a pipe read slowly), lines are dropped and counted instead of piling up in
 * memory; it says so once, and says how many were dropped when the stream has caught up.
 *
 * @example
 * startMockServer({ log: logOutput({ format: 'json' }) })
 */
export function logOutput({
  format = 'text',
  stream = process.stdout,
  maxBacklog = 1024 * 1024,
  now = () => new Date(),
}: LogOutputOptions = {}): (entry: RequestLogEntry) => void {
  let dropped = 0;
  let waitingForDrain = false;
  const reportDropped = () => {
    if (dropped === 0) return;
    stream.write(`log: stdout caught up; ${dropped} lines dropped\n`);
    dropped = 0;
  };
  const drained = () => {
    waitingForDrain = false;
    reportDropped();
  };
  return function writeLogLine(entry) {
    const line = logLine(entry, format, now());
    // Lengths in UTF-16 units, not bytes: close enough for a bound, and free.
    if (stream.writableLength + line.length <= maxBacklog) {
      // A stream that has not asked for a drain (a bound below its buffer size) reports here.
      reportDropped();
      stream.write(line);
      return;
    }
    if (dropped === 0)
      stream.write('log: stdout is not keeping up; dropping lines until it does\n');
    dropped += 1;
    if (!waitingForDrain) {
      waitingForDrain = true;
      stream.once('drain', drained);
    }
  };
}
