/**
 * Crash safety of `--state FILE`: the CLI is killed with SIGKILL at a random moment while writes are
 * in flight, then started again on the same file. It must start, and hold every write acknowledged
 * (a 2xx received) before the kill, and none that was refused (a 507: the mock runs with a small
 * `--max-records`, so creations are refused once it is reached); a write in flight at the kill may or
 * may not be there, but never in part.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prefixes } from '../../contract-tests/generate/requests.ts';
import { killHard, runMockProcess, startMockProcess, type MockProcess } from './mock-process.ts';
import { tagged, tagsOf, TEXT_FIELDS } from './tagged-writes.ts';
import type { ContactList } from '../../openapi/types.ts';
import { seededRandom } from '../../mock/data/hash.ts';

const TOKEN = 'mock-token';
const FIELDS = TEXT_FIELDS.slice(0, 4);

export interface KillRounds {
  rounds: number;
  /** Rounds after which the restarted mock held every acknowledged write. */
  survived: number;
  /** Writes acknowledged before a kill, all checked after the restart. */
  acknowledged: number;
  /** Writes refused (507) before a kill, all checked absent after the restart. */
  refused: number;
  /** Writes in flight at a kill (their fate is free). */
  inFlight: number;
  problems: string[];
}

async function call(
  origin: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${origin}/${prefixes[0]}${path}`, {
    method,
    headers: {
      'x-access-token': TOKEN,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

interface Ledger {
  /** Per contact: the last acknowledged write's sequence number, and the one in flight at the kill. */
  updates: Map<string, { acked?: number; pending?: number }>;
  /** Contacts whose creation was acknowledged, with the name they were created with. */
  created: Map<string, string>;
  /** Names of contacts whose creation was refused (507). */
  refused: Set<string>;
}

/** Created contacts the mock may keep (`--max-records`): the creator meets refusals in the first round. */
const MAX_RECORDS = 1;

/** Writes until the process dies: one sequential writer per contact, and one that creates contacts. */
function writeUntilDeath(
  origin: string,
  contactIds: string[],
  ledger: Ledger,
  firstSeq: number,
): {
  acknowledged: () => number;
  refused: () => number;
  inFlight: () => number;
  done: Promise<void>;
} {
  let acknowledged = 0;
  let refused = 0;
  let inFlight = 0;
  const updater = async (id: string) => {
    const entry = ledger.updates.get(id) ?? {};
    ledger.updates.set(id, entry);
    for (let seq = Math.max(firstSeq, (entry.acked ?? 0) + 1); ; seq++) {
      entry.pending = seq;
      const answer = await call(origin, 'PUT', `/contacts/${id}`, tagged(`s${seq}`, FIELDS)).catch(
        () => undefined,
      );
      if (!answer) {
        inFlight++;
        return;
      }
      if (answer.status !== 200) throw new Error(`PUT /contacts/${id} answered ${answer.status}`);
      entry.acked = seq;
      entry.pending = undefined;
      acknowledged++;
    }
  };
  const creator = async () => {
    for (let n = 0; ; n++) {
      const name = `created${firstSeq}x${n}`;
      const channel_type = 'web';
      const answer = await call(origin, 'POST', '/contacts', {
        channel_type,
        first_name: name,
      }).catch(() => undefined);
      if (!answer) {
        inFlight++;
        return;
      }
      if (answer.status === 507) {
        ledger.refused.add(name);
        refused++;
        // Refused until a restart: no need to hurry.
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      if (answer.status !== 200) throw new Error(`POST /contacts answered ${answer.status}`);
      ledger.created.set((answer.body as { id: string }).id, name);
      acknowledged++;
    }
  };
  const done = Promise.all([...contactIds.map(updater), creator()]).then(() => undefined);
  return {
    acknowledged: () => acknowledged,
    refused: () => refused,
    inFlight: () => inFlight,
    done,
  };
}

/** The problems of a restarted mock against the ledger: acknowledged writes missing, or records torn. */
async function audit(origin: string, ledger: Ledger): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, { acked, pending }] of ledger.updates) {
    const record = (await call(origin, 'GET', `/contacts/${id}`)).body as Record<string, unknown>;
    const tags = new Set(tagsOf(record, FIELDS));
    if (tags.size !== 1) {
      problems.push(`${id}: a torn record, fields from several writes: ${[...tags].join(', ')}`);
      continue;
    }
    const [tag] = [...tags];
    const seq = tag === undefined ? undefined : Number(tag.slice(1));
    const allowed = [acked, pending];
    if (!allowed.includes(seq))
      problems.push(
        `${id}: holds write ${seq ?? 'none'}, but ${acked} was acknowledged${pending ? ` (and ${pending} in flight)` : ''}`,
      );
  }
  for (const [id, name] of ledger.created) {
    const got = await call(origin, 'GET', `/contacts/${id}`);
    if (got.status !== 200 || (got.body as { first_name?: string }).first_name !== name)
      problems.push(`${id}: created and acknowledged, then lost (${got.status})`);
  }
  // Created contacts are the newest: the first page of -created_at holds every one there is.
  const newest = (await call(origin, 'GET', `/contacts?limit=${MAX_RECORDS + 10}&sort=-created_at`))
    .body as ContactList;
  for (const contact of newest.data)
    if (ledger.refused.has(contact.first_name ?? ''))
      problems.push(`${contact.id}: its creation was refused (507), yet it is there`);
  return problems;
}

export interface KillOptions {
  statePath: string;
  rounds: number;
  seed: number;
  /** Longest time writes run before the kill, in ms (at least 100). Default: 1200. */
  maxDelayMs?: number;
  /** Writers, each with its own contact. Default: 6. */
  writers?: number;
  progress?: (line: string) => void;
}

/** Kills and restarts the CLI `rounds` times on one state file, auditing after each restart. */
export async function killRounds({
  statePath,
  rounds,
  seed,
  maxDelayMs = 1200,
  writers = 6,
  progress,
}: KillOptions): Promise<KillRounds> {
  const args = [
    '--state',
    statePath,
    '--contacts',
    '200',
    '--max-records',
    String(MAX_RECORDS),
    '--quiet',
  ];
  const next = seededRandom(seed);
  const ledger: Ledger = { updates: new Map(), created: new Map(), refused: new Set() };
  const result: KillRounds = {
    rounds,
    survived: 0,
    acknowledged: 0,
    refused: 0,
    inFlight: 0,
    problems: [],
  };
  let mock: MockProcess | undefined = await startMockProcess(args);
  try {
    const list = (await call(mock.url, 'GET', `/contacts?limit=${writers}`)).body as ContactList;
    const contactIds = list.data.map((c) => c.id);
    for (let round = 1; round <= rounds; round++) {
      const writing = writeUntilDeath(mock.url, contactIds, ledger, round * 1_000_000);
      const delay = 100 + Math.floor(next() * (maxDelayMs - 100));
      await new Promise((resolve) => setTimeout(resolve, delay));
      await killHard(mock.child);
      await writing.done;
      result.acknowledged += writing.acknowledged();
      result.refused += writing.refused();
      result.inFlight += writing.inFlight();
      try {
        mock = await startMockProcess(args);
      } catch (error) {
        result.problems.push(
          `round ${round}: the mock did not start again on its state file: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`,
        );
        mock = undefined;
        break;
      }
      const problems = await audit(mock.url, ledger);
      result.problems.push(
        ...problems.map((p) => `round ${round} (killed after ${delay} ms): ${p}`),
      );
      if (problems.length === 0) result.survived++;
      progress?.(
        `round ${round}: killed after ${delay} ms, ${writing.acknowledged()} writes acknowledged, ${writing.refused()} refused, ${writing.inFlight()} in flight, ${problems.length} problems`,
      );
      // A settled ledger for the next round: pending writes are resolved by what the restart holds.
      for (const [id, entry] of ledger.updates) {
        const record = (await call(mock.url, 'GET', `/contacts/${id}`)).body as Record<
          string,
          unknown
        >;
        const tag = tagsOf(record, FIELDS)[0];
        entry.acked = tag === undefined ? entry.acked : Number(tag.slice(1));
        entry.pending = undefined;
      }
    }
  } finally {
    if (mock) await mock.stop();
  }
  return result;
}

/** A state file written by another seed: valid JSON of the right format, but not the store's. */
async function otherSeedsWrites(dir: string): Promise<Buffer> {
  const path = join(dir, 'seed-2.json');
  const mock = await startMockProcess([
    '--state',
    path,
    '--seed',
    '2',
    '--contacts',
    '50',
    '--quiet',
  ]);
  try {
    const list = (await call(mock.url, 'GET', '/contacts?limit=1')).body as ContactList;
    await call(mock.url, 'PUT', `/contacts/${list.data[0]!.id}`, { first_name: 'seed two' });
  } finally {
    await mock.stop();
  }
  return readFileSync(path);
}

/** State files that must be refused at start: their names and how to make their bytes. */
export const BAD_STATE_FILES: readonly [string, (dir: string) => Buffer | Promise<Buffer>][] = [
  [
    'a truncated file',
    () => Buffer.from('{"format":"imbrace-contacts-mock/writes@1","seed":1,"contacts":50,"upd'),
  ],
  ['binary garbage', () => Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x0a, 0x80])],
  [
    'a foreign JSON file',
    () =>
      Buffer.from(
        JSON.stringify({ name: 'some-other-app', version: '1.0.0', dependencies: {} }, null, 2),
      ),
  ],
  ['a JSON array', () => Buffer.from('[1,2,3]')],
  ['the writes of another seed', otherSeedsWrites],
];

/**
 * Starts the CLI (seed 1, 50 contacts) on one bad state file; returns what is wrong with how it was
 * refused: it must exit non-zero without listening, say which file in at most three lines and no
 * stack trace, and leave the file byte-for-byte as it was.
 */
export async function refuseBadStateFile(
  dir: string,
  name: string,
  make: (dir: string) => Buffer | Promise<Buffer>,
): Promise<string[]> {
  const path = join(dir, `${name.replaceAll(' ', '-')}.json`);
  const bytes = await make(dir);
  writeFileSync(path, bytes);
  const exit = await runMockProcess([
    '--state',
    path,
    '--seed',
    '1',
    '--contacts',
    '50',
    '--quiet',
  ]);
  const problems: string[] = [];
  if (exit.code === 0 || exit.code === null)
    problems.push(`exit ${exit.code ?? exit.signal}, expected a non-zero code`);
  if (/listening on/.test(exit.stdout)) problems.push('it started listening');
  if (!exit.stderr.includes(path))
    problems.push(`the error does not name the file: ${JSON.stringify(exit.stderr.slice(0, 200))}`);
  if (exit.stderr.trim().split('\n').length > 3 || /^\s+at /m.test(exit.stderr))
    problems.push(`the error is not short: ${JSON.stringify(exit.stderr.slice(0, 300))}`);
  if (!readFileSync(path).equals(bytes)) problems.push('the file was changed');
  return problems.map((p) => `${name}: ${p}`);
}
