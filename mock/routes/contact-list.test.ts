import { describe, expect, it } from 'vitest';
import { createStore } from '../store/create-store.ts';
import { contactList, contactListJson } from './contact-list.ts';

describe('contactListJson', () => {
  it('is the JSON of contactList for the same page, whatever the records hold', () => {
    const store = createStore({ seed: 3, contacts: 500 });
    const [first, second] = store.listContacts({ sort: 'email', skip: 0, limit: 2 }).data;
    // Text that a careless splice would misread: a replacement pattern, the envelope's own field.
    store.updateContact(first!.id, { remark: `$' $& $\` "data":[] ]}` });
    store.updateContact(second!.id, { first_name: 'José "Q" \\ 李' });
    for (const [skip, limit, q] of [
      [0, 10, undefined],
      [0, 3, 'josé'],
      [495, 10, undefined],
      [600, 10, undefined],
      [0, 0, undefined],
      [2, 5, 'zzzz-no-match'],
    ] as const) {
      const query = { sort: 'email' as const, skip, limit, q };
      const { json } = contactListJson(store.listContactsJson(query), skip);
      expect(typeof json === 'string' ? json : new TextDecoder().decode(json)).toBe(
        JSON.stringify(contactList(store.listContacts(query), skip)),
      );
    }
  });
});
