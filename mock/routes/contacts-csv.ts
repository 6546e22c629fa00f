/**
 * Contacts as CSV, produced on demand: the stream pulls the next batch of rows only when the reader
 * wants more, so a million contacts export in bounded memory. A cell that a spreadsheet would run as
 * a formula (it begins with `=`, `+`, `-`, `@`, tab or CR) is written with a leading `'`, which makes
 * it text (OWASP, "CSV injection").
 */
import type { Contact } from '../../openapi/types.ts';
import { CSV_COLUMNS } from '../../openapi/spec.ts';

/** The contact record's fields, in the spec's order: the CSV's header row. */
export { CSV_COLUMNS };
const COLUMNS = [...CSV_COLUMNS];

const ROWS_PER_CHUNK = 500;

// The CSV writer loads on the first export: the mock's start-up does without it.
let csvWriter: Promise<typeof import('csv-stringify/sync')> | undefined;

export function contactsCsv(contacts: Iterable<Contact>): ReadableStream<Uint8Array> {
  const rows = contacts[Symbol.iterator]();
  const encoder = new TextEncoder();
  let header = true;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        csvWriter ??= import('csv-stringify/sync');
        const { stringify } = await csvWriter;
        const batch: Contact[] = [];
        let next = rows.next();
        while (!next.done) {
          batch.push(next.value);
          if (batch.length === ROWS_PER_CHUNK) break;
          next = rows.next();
        }
        if (batch.length > 0 || header) {
          controller.enqueue(
            encoder.encode(stringify(batch, { header, columns: COLUMNS, escape_formulas: true })),
          );
          header = false;
        }
        if (next.done) controller.close();
      },
      cancel() {
        rows.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
