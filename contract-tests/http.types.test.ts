/**
 * `send` is typed from the spec: a wrong operationId, a query or path parameter the operation lacks,
 * or a value outside an enum does not compile (`tsc --noEmit` runs over this file), and a validated
 * answer is typed as the documented body.
 */
import { expectTypeOf, it } from 'vitest';
import type { Contact, ContactList, NotificationList } from '../openapi/types.ts';
import { bodyOf, send } from './http.ts';
import type { Target } from './target.ts';

it('types requests and answers from the spec', () => {
  const compiledOnly = async (target: Target) => {
    // @ts-expect-error a typo in the operationId
    await send(target, { operationId: 'listContact' });
    // @ts-expect-error a query parameter the operation does not have
    await send(target, { operationId: 'listContacts', query: { limt: 5 } });
    // @ts-expect-error a value outside the enum
    await send(target, { operationId: 'listContacts', query: { sort: 'no_such_field' } });
    // @ts-expect-error a number where the spec has a string
    await send(target, { operationId: 'searchContacts', query: { q: 5 } });
    // @ts-expect-error a path parameter of another operation
    await send(target, { operationId: 'getContact', path: { comment_id: 'cmc_1' } });
    // Deliberately invalid values go in offSpecQuery, which says so.
    await send(target, { operationId: 'listContacts', offSpecQuery: { sort: 'no_such_field' } });

    const one = await send(target, { operationId: 'getContact', path: { contact_id: 'con_1' } });
    expectTypeOf(bodyOf(one)).toEqualTypeOf<Contact | undefined>();
    const page = await send(target, { operationId: 'listContacts', query: { limit: 5 } });
    expectTypeOf(bodyOf(page)).toEqualTypeOf<ContactList | undefined>();
    const notes = await send(target, { operationId: 'listNotifications' });
    expectTypeOf(bodyOf(notes)).toEqualTypeOf<NotificationList | undefined>();
  };
  expectTypeOf(compiledOnly).toBeFunction();
});
