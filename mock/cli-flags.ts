/**
 * The command line of `imbrace-contacts-mock`: its flags, their help, and the server options they
 * give. A bad command line is one line naming the flag and what it accepts.
 */
import { httpUrl } from './app.ts';
import { NAME } from './version.ts';
import { DEFAULT_CONTACTS, MAX_CONTACTS } from './data/dataset.ts';
import { MAX_RECORDS, MAX_UPLOAD_BYTES } from './store/create-store.ts';
import { MAX_WORKSPACES } from './workspaces.ts';
import { LOG_FORMATS, type LogFormat } from './log-output.ts';
import type { MockServerOptions } from './server.ts';

export interface Flag {
  name: string;
  short?: string;
  /** What the flag takes (`N`, `HOST`…); none for a switch. */
  value?: string;
  /** For an integer flag: its smallest and largest value. */
  range?: readonly [number, number];
  /** What a valued flag accepts, in an error's words (integer flags say their range). */
  accepts?: string;
  help: string;
  /** The default as `--help` shows it. */
  default?: string;
}

/** Every flag, in the order `--help` lists them. */
export const FLAGS: readonly Flag[] = [
  {
    name: 'port',
    short: 'p',
    value: 'N',
    range: [0, 65535],
    help: 'port, 0 for a free one; or PORT=N',
    default: '4010',
  },
  {
    name: 'host',
    value: 'HOST',
    accepts: 'a local address or name',
    help: 'interface to listen on',
    default: '127.0.0.1',
  },
  {
    name: 'seed',
    value: 'N',
    range: [0, Number.MAX_SAFE_INTEGER],
    help: 'seed of the generated data',
    default: '1',
  },
  {
    name: 'contacts',
    value: 'N',
    range: [0, MAX_CONTACTS],
    help: 'number of seeded contacts',
    default: String(DEFAULT_CONTACTS),
  },
  {
    name: 'token',
    value: 'TOKEN',
    accepts: 'printable characters without spaces',
    help: 'the only credential accepted; repeat for several',
    default: 'any credential',
  },
  {
    name: 'latency',
    value: 'MS',
    range: [0, 600_000],
    help: 'delay every answer by MS milliseconds',
    default: '0',
  },
  {
    name: 'state',
    value: 'FILE',
    accepts: 'a file name',
    help: 'keep writes in FILE across restarts',
    default: 'in memory',
  },
  {
    name: 'max-uploads',
    value: 'BYTES',
    range: [0, Number.MAX_SAFE_INTEGER],
    help: 'most bytes of uploaded files kept, then 507',
    default: String(MAX_UPLOAD_BYTES),
  },
  {
    name: 'max-records',
    value: 'N',
    range: [0, Number.MAX_SAFE_INTEGER],
    help: 'most created contacts + comments kept, then 507',
    default: String(MAX_RECORDS),
  },
  {
    name: 'max-workspaces',
    value: 'N',
    range: [0, 100_000],
    help: 'most x-mock-workspace workspaces kept, then 507',
    default: String(MAX_WORKSPACES),
  },
  {
    name: 'not-found-status',
    value: 'N',
    accepts: '400 or 404',
    help: 'status of an unknown record, 400 or 404',
    default: '400',
  },
  {
    name: 'public-url',
    value: 'URL',
    accepts: 'an http or https URL such as http://localhost:4010',
    help: 'base of the upload URLs answered',
    default: 'own address',
  },
  { name: 'quiet', help: 'no request log' },
  {
    name: 'log',
    value: 'FORMAT',
    accepts: 'text or json',
    help: 'request log as text lines or JSON lines',
    default: 'text',
  },
  { name: 'version', help: 'print the version and exit' },
  { name: 'help', short: 'h', help: 'show this help' },
];

const BY_NAME = new Map(FLAGS.map((f) => [f.name, f]));
const BY_SHORT = new Map(FLAGS.filter((f) => f.short).map((f) => [f.short!, f]));

const accepts = (flag: Flag) =>
  flag.range ? `an integer from ${flag.range[0]} to ${flag.range[1]}` : flag.accepts;

/** `--help`: every flag with its default. */
export function helpText(): string {
  const usage = (f: Flag) =>
    `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.value ? ` ${f.value}` : ''}`;
  const usageWidth = Math.max(...FLAGS.map((f) => usage(f).length)) + 2;
  const helpWidth = Math.max(...FLAGS.map((f) => f.help.length)) + 2;
  const lines = FLAGS.map((f) =>
    `  ${usage(f).padEnd(usageWidth)}${f.help.padEnd(helpWidth)}${f.default ? `default ${f.default}` : ''}`.trimEnd(),
  );
  return `Usage: ${NAME} [options]

A local mock of the iMBRACE Contacts API, with seeded data and the gateway's behaviour.
Stops cleanly on SIGTERM or Ctrl-C (server closed, writes saved).

Options:
${lines.join('\n')}
`;
}

/** A bad command line: the CLI prints its one-line message and exits with code 2. */
export class UsageError extends Error {}

/** The values given for each flag (every occurrence, in order), or a UsageError naming the first bad one. */
function readFlags(argv: readonly string[]): Map<string, string[]> {
  const given = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const short = /^-([^-])$/.exec(arg);
    const flag = long ? BY_NAME.get(long[1]!) : short ? BY_SHORT.get(short[1]!) : undefined;
    if (!flag) {
      if (long || short) throw new UsageError(`unknown option ${arg.split('=')[0]}`);
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (options start with --)`);
    }
    let value = long?.[2];
    if (!flag.value) {
      if (value !== undefined) throw new UsageError(`--${flag.name} takes no value`);
      value = '';
    } else if (value === undefined) {
      // The next argument is the value, even one that looks like a negative number (`--latency -1`).
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`--${flag.name} needs a value: ${accepts(flag)}`);
      i++;
    }
    given.set(flag.name, [...(given.get(flag.name) ?? []), value]);
  }
  return given;
}

/** An integer in `range`, or a UsageError naming `label` and the range. */
function integer(label: string, value: string, [min, max]: readonly [number, number]): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${label} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}

export type CliOptions = MockServerOptions & {
  quiet: boolean;
  logFormat: LogFormat;
  help: boolean;
  version: boolean;
};

/** The server's options from the command line and the environment (a flag wins over `PORT`). */
export function parseFlags(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const given = readFlags(argv);
  const last = (name: string) => given.get(name)?.at(-1);
  const refuse = (name: string, value: string): never => {
    throw new UsageError(
      `--${name} must be ${accepts(BY_NAME.get(name)!)} (got ${JSON.stringify(value)})`,
    );
  };
  const int = (name: string) => {
    const value = last(name);
    return value === undefined ? undefined : integer(`--${name}`, value, BY_NAME.get(name)!.range!);
  };

  const notFoundStatus = last('not-found-status');
  if (notFoundStatus !== undefined && notFoundStatus !== '400' && notFoundStatus !== '404')
    refuse('not-found-status', notFoundStatus);
  const host = last('host');
  if (host === '') refuse('host', host);
  const state = last('state');
  if (state === '') refuse('state', state);
  const tokens = given.get('token');
  const badToken = tokens?.find((t) => !/^[\x21-\x7e]+$/.test(t));
  if (badToken !== undefined) refuse('token', badToken);
  const publicUrl = last('public-url');
  if (publicUrl !== undefined) {
    try {
      httpUrl('--public-url', publicUrl);
    } catch {
      refuse('public-url', publicUrl);
    }
  }
  const logFormat = (last('log') ?? 'text') as LogFormat;
  if (!LOG_FORMATS.includes(logFormat)) refuse('log', logFormat);
  const envPort = env.PORT ? integer('PORT', env.PORT, [0, 65535]) : undefined;
  return {
    port: int('port') ?? envPort ?? 4010,
    host: host ?? '127.0.0.1',
    seed: int('seed'),
    contacts: int('contacts'),
    tokens,
    latency: int('latency'),
    statePath: state,
    maxUploadBytes: int('max-uploads'),
    maxRecords: int('max-records'),
    maxWorkspaces: int('max-workspaces'),
    notFoundStatus:
      notFoundStatus === undefined ? undefined : (Number(notFoundStatus) as 400 | 404),
    publicUrl,
    quiet: given.has('quiet'),
    logFormat,
    help: given.has('help'),
    version: given.has('version'),
  };
}
