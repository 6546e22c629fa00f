import type { ContactList } from '../../openapi/types.ts';
import type { ContactPage, ContactPageJson } from '../store/types.ts';
import { answerBytes } from '../answer-bytes.ts';
import { JsonText } from './operation.ts';

/** The list envelope of contacts and search: `total` counts this page, `count` every match. */
export function contactList(page: ContactPage, skip: number): ContactList {
  return envelope(page.data, page.data.length, page.count, skip);
}

/** `contactList` as UTF-8 JSON, of a page read as UTF-8 JSON (Store.listContactsJson). */
export function contactListJson(page: ContactPageJson, skip: number): JsonText<ContactList> {
  const text = JSON.stringify(envelope([], page.records.length, page.count, skip));
  // The records in place of the empty list: the envelope itself is written in one place, above.
  const data = text.indexOf(EMPTY_DATA) + EMPTY_DATA.length - 1;
  const { records } = page;
  let bytes = text.length + Math.max(0, records.length - 1);
  for (const record of records) bytes += record.byteLength;
  const json = answerBytes(bytes);
  // The envelope is ASCII (its keys, numbers and booleans): one byte a character.
  let at = 0;
  for (; at < data; at++) json[at] = text.charCodeAt(at);
  for (let k = 0; k < records.length; k++) {
    if (k > 0) json[at++] = COMMA;
    json.set(records[k]!, at);
    at += records[k]!.byteLength;
  }
  for (let c = data; c < text.length; c++) json[at++] = text.charCodeAt(c);
  return new JsonText(json);
}

const EMPTY_DATA = '"data":[]';
const COMMA = 0x2c;

function envelope(
  data: ContactList['data'],
  total: number,
  count: number,
  skip: number,
): ContactList {
  return { object_name: 'list', data, nested: {}, has_more: skip + total < count, count, total };
}
