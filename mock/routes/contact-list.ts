import type { ContactList } from '../../openapi/types.ts';
import type { ContactPage } from '../store/types.ts';

/** The list envelope of contacts and search: `total` counts this page, `count` every match. */
export function contactList(page: ContactPage, skip: number): ContactList {
  const total = page.data.length;
  return {
    object_name: 'list',
    data: page.data,
    nested: {},
    has_more: skip + total < page.count,
    count: page.count,
    total,
  };
}
