/**
 * Contacts as CSV, produced on demand: the stream pulls the next batch of rows only when the reader
 * wants more, so a million contacts export in bounded memory. Rows are written straight from each
 * record into bytes by a small RFC 4180 writer: a cell holding `"`, `,`, CR or LF is quoted (`"`
 * doubled). A cell that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, tab,
 * CR or their full-width forms) is written with a leading `'`, which makes it text (OWASP, "CSV
 * injection"). The bytes are those csv-stringify wrote with `escape_formulas` (tests pin them).
 */
import type { Contact } from '../../openapi/types.ts';
import { CSV_COLUMNS } from '../../openapi/spec.ts';

/** The contact record's fields, in the spec's order: the CSV's header row. */
export { CSV_COLUMNS };

/** A chunk is sent once it holds this many bytes (about 500 rows). */
const CHUNK_BYTES = 128 * 1024;

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

/** ASCII characters a cell holds as they are: all but `"`, `,`, CR and LF. */
const PLAIN = Uint8Array.from({ length: 128 }, (_, c) =>
  c === 0x22 || c === COMMA || c === 0x0d || c === NEWLINE ? 0 : 1,
);

/** `=`, `+`, `-`, `@`, tab, CR, and the full-width `＝`, `＋`, `－`, `＠`. */
function startsFormula(c: number): boolean {
  return (
    c === 0x3d ||
    c === 0x2b ||
    c === 0x2d ||
    c === 0x40 ||
    c === 0x09 ||
    c === 0x0d ||
    c === 0xff1d ||
    c === 0xff0b ||
    c === 0xff0d ||
    c === 0xff20
  );
}

/**
 * CSV written as UTF-8 into one reused buffer. A cell of plain ASCII (nearly all) is copied a
 * character at a time; any other is escaped as text and encoded by TextEncoder.
 */
class CsvBytes {
  #bytes = new Uint8Array(2 * CHUNK_BYTES);
  #at = 0;
  readonly #encoder = new TextEncoder();

  get size(): number {
    return this.#at;
  }

  /** The bytes written so far, as a copy; the buffer starts again empty. */
  take(): Uint8Array {
    const out = this.#bytes.slice(0, this.#at);
    this.#at = 0;
    return out;
  }

  byte(c: number): void {
    if (this.#at === this.#bytes.length) this.#grow(1);
    this.#bytes[this.#at++] = c;
  }

  /** A record's value as a cell: text as it is, objects as JSON, nothing for null. */
  value(value: unknown): void {
    if (typeof value === 'string') this.#text(value, true);
    else if (value === null || value === undefined) return;
    else if (typeof value === 'object') this.#text(JSON.stringify(value), true);
    else if (typeof value === 'boolean') {
      if (value) this.byte(0x31);
    }
    // A number (even a negative one) is not a formula.
    else this.#text(String(value), false);
  }

  #text(text: string, formulas: boolean): void {
    const length = text.length;
    if (length === 0) return;
    if (formulas && startsFormula(text.charCodeAt(0))) {
      this.#escaped(text, formulas);
      return;
    }
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.#at + 3 * length > this.#bytes.length) this.#grow(3 * length);
    const bytes = this.#bytes;
    let at = this.#at;
    for (let k = 0; k < length; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80 || PLAIN[c] === 0) {
        this.#escaped(text, formulas);
        return;
      }
      bytes[at++] = c;
    }
    this.#at = at;
  }

  #escaped(value: string, formulas: boolean): void {
    let text = formulas && startsFormula(value.charCodeAt(0)) ? `'${value}` : value;
    if (NEEDS_QUOTES.test(text)) text = `"${text.replace(QUOTES, '""')}"`;
    if (this.#at + 3 * text.length > this.#bytes.length) this.#grow(3 * text.length);
    this.#at += this.#encoder.encodeInto(text, this.#bytes.subarray(this.#at)).written;
  }

  #grow(more: number): void {
    const bytes = new Uint8Array(Math.max(2 * this.#bytes.length, this.#at + more));
    bytes.set(this.#bytes.subarray(0, this.#at));
    this.#bytes = bytes;
  }
}

/** One CSV line (LF-terminated) of a record's fields, in the columns' order. */
function writeRow(out: CsvBytes, record: Record<string, unknown>): void {
  out.value(record[CSV_COLUMNS[0]!]);
  for (let k = 1; k < CSV_COLUMNS.length; k++) {
    out.byte(COMMA);
    out.value(record[CSV_COLUMNS[k]!]);
  }
  out.byte(NEWLINE);
}

export function contactsCsv(contacts: Iterable<Contact>): ReadableStream<Uint8Array> {
  const rows = contacts[Symbol.iterator]();
  const out = new CsvBytes();
  writeRow(out, Object.fromEntries(CSV_COLUMNS.map((column) => [column, column])));
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let next = rows.next();
        while (!next.done) {
          writeRow(out, next.value as unknown as Record<string, unknown>);
          if (out.size >= CHUNK_BYTES) break;
          next = rows.next();
        }
        if (out.size > 0) controller.enqueue(out.take());
        if (next.done) controller.close();
      },
      cancel() {
        rows.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}
