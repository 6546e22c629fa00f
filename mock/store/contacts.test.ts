/**
 * ContactTable's sort indexes under writes: with every index built, random updates, creates and
 * deletes leave each index exactly the plain sort of the contacts as they now are.
 */
import { describe, expect, it } from 'vitest';
import { contactId } from '../data/contact.ts';
import { createDataset } from '../data/dataset.ts';
import { seededRandom } from '../data/hash.ts';
import { SORT_FIELDS } from '../data/spec-lists.ts';
import { ContactTable } from './contacts.ts';

const SIZE = 65_681;
const START = Date.parse('2026-03-01T12:00:00.000Z');

describe('ContactTable writes with every sort index built', () => {
  it(`keep every index the plain sort of the contacts, at ${SIZE} contacts`, () => {
    const table = new ContactTable(createDataset(5, SIZE));
    while (table.warmUp(1000));
    for (const field of SORT_FIELDS) table.sortIndex(field);
    const random = seededRandom(5);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    // Writes come back to a few contacts often: many of their moves are short.
    const targets = [
      ...Array.from({ length: 40 }, (_, k) => k),
      ...Array.from({ length: 400 }, () => Math.floor(random() * SIZE)),
    ];
    const names = ['', 'A', 'Aa', 'Mia', 'Mía', 'Zz', 'zed', 'Émile', '漢字', 'Mia2'];
    for (let k = 0; k < 1500; k++) {
      // Three writes a millisecond: equal updated_at keys are ordered by id.
      const at = START + Math.floor(k / 3);
      const i = pick(targets);
      const roll = random();
      if (roll < 0.03) table.remove(i);
      else if (roll < 0.06) {
        const { contact } = table.create(
          { channel_type: 'email', first_name: pick(names), email: `${pick(names)}@example.com` },
          at,
        );
        targets.push(table.indexOf(contact.id)!);
      } else {
        table.update(
          i,
          {
            first_name: `${pick(names)}${k % 7 ? '' : k}`,
            ...(k % 3 ? {} : { last_name: pick(names) }),
            ...(k % 4 ? {} : { email: `${pick(names)}${k % 5}@example.com` }),
            ...(k % 5 ? {} : { company_name: pick(names), language: pick(['en', 'de', '']) }),
          },
          at,
        );
      }
    }
    const live = Array.from({ length: SIZE + 100 }, (_, i) => i).filter((i) => table.exists(i));
    expect(live.length).toBe(table.count);
    const ids = new Map(live.map((i) => [i, contactId(table.ds, i)]));
    const id = (i: number) => ids.get(i)!;
    for (const field of SORT_FIELDS) {
      const keys = new Map(live.map((i) => [i, table.key(i, field)]));
      const want = [...live].sort((a, b) => {
        const ka = keys.get(a)!;
        const kb = keys.get(b)!;
        return ka < kb ? -1 : ka > kb ? 1 : id(a) < id(b) ? -1 : 1;
      });
      const got = table.sortIndex(field).snapshot();
      // One assertion per field (a mismatch names its first position), not 65,681.
      const wrong = want.findIndex((i, p) => got[p] !== i);
      expect({ field, length: got.length, wrong }).toEqual({
        field,
        length: want.length,
        wrong: -1,
      });
    }
    // A page reads the index: the last few of the descending order are the first few ascending.
    const page = table.page('-display_name', table.count - 3, 3);
    expect(page.data.map((c) => c.id).reverse()).toEqual(
      Array.from(table.sortIndex('display_name').snapshot().slice(0, 3), id),
    );
  }, 60_000);
});
