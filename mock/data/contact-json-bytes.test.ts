/**
 * The kept bytes of seeded contacts: a page is JSON.stringify of its records whether each record's
 * bytes were kept before, are kept now, or could not be kept (no room left), and written records
 * come from the text the store passes in.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seededContact } from './contact.ts';
import {
  DEFAULT_KEPT_JSON_BYTES,
  SeededJsonBytes,
  keptContactJsonBytes,
  limitKeptContactJson,
} from './contact-json-bytes.ts';
import { createDataset } from './dataset.ts';

const decode = (records: Uint8Array[]) =>
  records.map((bytes) => new TextDecoder().decode(bytes)).join(',');
const expected = (ds: ReturnType<typeof createDataset>, indices: number[]) =>
  JSON.stringify(indices.map((i) => seededContact(ds, i))).slice(1, -1);
const none = () => undefined;
const CHUNK = 1024 * 1024;
/** How many of a page's records are views of kept bytes (a 1 MiB chunk), not written anew. */
const kept = (records: Uint8Array[]) => records.filter((r) => r.buffer.byteLength === CHUNK).length;

afterEach(() => limitKeptContactJson(DEFAULT_KEPT_JSON_BYTES));

describe('SeededJsonBytes', () => {
  it('writes pages of seeded records the same when first kept and when copied from what was kept', () => {
    // Seed 1 holds the published records (non-ASCII text among them) in its newest contacts.
    const ds = createDataset(1, 65_681);
    const table = new SeededJsonBytes(ds);
    const pages = [
      [65_680, 65_679, 65_678, 65_677],
      [0, 1, 2],
      [30_000, 65_680, 7, 30_000],
      [],
      [12],
    ];
    for (const round of ['first', 'kept']) {
      for (const page of pages) {
        const records = table.page(page, none);
        expect(decode(records), `${round} ${page}`).toBe(expected(ds, page));
        expect(kept(records)).toBe(page.length);
      }
    }
  });

  it('writes the same pages when nothing may be kept, and when room runs out part way', () => {
    const ds = createDataset(7, 5_000);
    const page = Array.from({ length: 400 }, (_, k) => (k * 37) % 5_000);
    limitKeptContactJson(0);
    const before = keptContactJsonBytes();
    const unkept = new SeededJsonBytes(ds).page(page, none);
    expect(decode(unkept)).toBe(expected(ds, page));
    expect([kept(unkept), keptContactJsonBytes()]).toEqual([0, before]);
    // Room for one chunk more (1 MiB holds ~1,300 records): the rest of 5,000 are written each time.
    limitKeptContactJson(before + CHUNK);
    const table = new SeededJsonBytes(ds);
    const all = Array.from({ length: 5_000 }, (_, i) => i);
    for (let round = 0; round < 2; round++) {
      const records = table.page(all, none);
      expect(decode(records)).toBe(expected(ds, all));
      expect(kept(records)).toBeGreaterThan(1_000);
      expect(kept(records)).toBeLessThan(2_000);
    }
    expect(keptContactJsonBytes()).toBe(before + CHUNK);
  });

  it('writes a written record from the text it is given, in its place', () => {
    const ds = createDataset(3, 100);
    const table = new SeededJsonBytes(ds);
    table.page([5, 6, 7], none);
    const written = JSON.stringify({ ...seededContact(ds, 6), first_name: 'José "Q" \\ 李 😀' });
    const page = decode(table.page([5, 6, 7], (i) => (i === 6 ? written : undefined)));
    expect(page).toBe(`${expected(ds, [5])},${written},${expected(ds, [7])}`);
    // Back to the seeded record: its kept bytes, not the written text.
    expect(decode(table.page([6], none))).toBe(expected(ds, [6]));
  });
});
