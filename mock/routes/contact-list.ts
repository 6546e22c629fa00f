import type { ContactList } from '../../openapi/types.ts';
import type { ContactPage, ContactPageJson } from '../store/types.ts';
import { JsonText } from './operation.ts';

/** The list envelope of contacts and search: `total` counts this page, `count` every match. */
export function contactList(page: ContactPage, skip: number): ContactList {
  return envelope(page.data, page.data.length, page.count, skip);
}

/** `contactList` as JSON text, of a page read as JSON text (Store.listContactsJson). */
export function contactListJson(page: ContactPageJson, skip: number): JsonText<ContactList> {
  const text = JSON.stringify(envelope([], page.total, page.count, skip));
  // The records' text in place of the empty list: the envelope itself is written in one place, above.
  const data = text.indexOf(EMPTY_DATA) + EMPTY_DATA.length - 1;
  return new JsonText(`${text.slice(0, data)}${page.records}${text.slice(data)}`);
}

const EMPTY_DATA = '"data":[]';

function envelope(
  data: ContactList['data'],
  total: number,
  count: number,
  skip: number,
): ContactList {
  return { object_name: 'list', data, nested: {}, has_more: skip + total < count, count, total };
}
